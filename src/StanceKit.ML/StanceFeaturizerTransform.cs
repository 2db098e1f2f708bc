using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace StanceKit.ML;

/// <summary>Input row of the featurizer transform.</summary>
public sealed class StanceTextInput
{
    /// <summary>The sentence.</summary>
    public string Text { get; set; } = "";

    /// <summary>Canonical target state actor; empty for the sentence's main state actor.</summary>
    public string Target { get; set; } = "";
}

/// <summary>Output row of the featurizer transform.</summary>
public sealed class StanceFeatureOutput
{
    /// <summary>Sparse, L2-normalised hashed features (length = the featurizer's bucket count).</summary>
    /// <remarks>The fixed size is what a reloaded pipeline binds its trainer to; other settings override it through a schema definition.</remarks>
    [VectorType(1 << FeatureRecipe.DefaultBucketBits)]
    public VBuffer<float> Features { get; set; }
}

/// <summary>
/// StanceKit's featurizer as an ML.NET custom mapping (contract <see cref="ContractName"/>), so a
/// whole pipeline can be fit, evaluated, saved and loaded with <see cref="MLContext"/>. The
/// features are exactly those <see cref="StanceClassifier"/> computes, which is what makes our
/// own scorer equal to ML.NET's on the same weights.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class StanceFeaturizerFactory : CustomMappingFactory<StanceTextInput, StanceFeatureOutput>
{
    /// <summary>The contract name saved in ML.NET model files (featurizer id + default settings).</summary>
    public const string ContractName = "StanceKit.Featurizer." + FeatureRecipe.CurrentId;

    /// <summary>The mapping with the default featurizer settings (the ones a saved pipeline reloads with).</summary>
    public override Action<StanceTextInput, StanceFeatureOutput> GetMapping() => CreateMapping(new FeatureRecipe());

    /// <summary>A mapping for a given feature recipe.</summary>
    public static Action<StanceTextInput, StanceFeatureOutput> CreateMapping(FeatureRecipe recipe)
    {
        var featurizer = new StanceFeaturizer(recipe, Gazetteer.Default);
        int buckets = recipe.Buckets;
        return (input, output) =>
        {
            var scratch = StanceFeaturizer.GetScratch();
            var target = string.IsNullOrEmpty(input.Target) ? null : input.Target;
            int d = featurizer.Featurize(input.Text ?? "", target, scratch, out _);
            var values = new float[d];
            var indices = new int[d];
            Array.Copy(scratch.Values, values, d);
            Array.Copy(scratch.Indices, indices, d);
            output.Features = new VBuffer<float>(buckets, d, values, indices);
        };
    }
}

/// <summary>Extension methods that add StanceKit's featurizer to an ML.NET pipeline.</summary>
public static class StanceTransformsCatalog
{
    /// <summary>
    /// Appends StanceKit's featurizer: reads string columns <c>Text</c> and <c>Target</c>, writes a
    /// sparse float vector column <c>Features</c>. Only the default settings can be reloaded from a
    /// saved model (register the assembly with <c>mlContext.ComponentCatalog.RegisterAssembly</c>).
    /// </summary>
    public static CustomMappingEstimator<StanceTextInput, StanceFeatureOutput> StanceFeaturizer(this TransformsCatalog catalog, FeatureRecipe? recipe = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        recipe ??= new FeatureRecipe();
        var outputSchema = SchemaDefinition.Create(typeof(StanceFeatureOutput));
        outputSchema[nameof(StanceFeatureOutput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, recipe.Buckets);
        return catalog.CustomMapping(StanceFeaturizerFactory.CreateMapping(recipe), StanceFeaturizerFactory.ContractName, outputSchemaDefinition: outputSchema);
    }
}
