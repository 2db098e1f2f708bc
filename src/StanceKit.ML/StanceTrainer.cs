using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace StanceKit.ML;

/// <summary>Which ML.NET trainer fits the model, and its hyperparameters.</summary>
public sealed record TrainerOptions
{
    /// <summary><c>lbfgs</c> (LbfgsMaximumEntropy, the default) or <c>sdca</c> (SdcaMaximumEntropy).</summary>
    public string Algorithm { get; init; } = "lbfgs";

    /// <summary>L2 regularisation.</summary>
    public float L2 { get; init; } = 0.1f;

    /// <summary>L1 regularisation.</summary>
    public float L1 { get; init; }

    /// <summary>Maximum iterations (passes for SDCA).</summary>
    public int Iterations { get; init; } = 100;

    /// <inheritdoc />
    public override string ToString() => $"{Algorithm}(l2={L2:G3}, l1={L1:G3}, iter={Iterations})";
}

/// <summary>
/// Trains linear maximum-entropy stance models with ML.NET on StanceKit features and exports them
/// to <see cref="StanceModel"/>. Deterministic: fixed seed, one thread.
/// </summary>
/// <remarks>
/// Every training method takes a <see cref="CancellationToken"/>. A cancelled call throws
/// <see cref="OperationCanceledException"/> carrying that token: featurization stops within one record, an ML.NET fit
/// within one row read (the trainers read their data on every pass). The trainer and its <see cref="Context"/> stay
/// usable after a cancelled call.
/// </remarks>
public sealed class StanceTrainer
{
    private readonly MLContext _ml;

    /// <summary>Creates a trainer with a fixed seed.</summary>
    public StanceTrainer(int seed = 1) => _ml = new MLContext(seed);

    /// <summary>The ML.NET context.</summary>
    public MLContext Context => _ml;

    private sealed class Row
    {
        public string Label { get; set; } = "";
        public VBuffer<float> Features { get; set; }
    }

    /// <summary>Featurizes records into an ML.NET data view with columns <c>Label</c> (text) and <c>Features</c>.</summary>
    /// <param name="records">The labelled sentences.</param>
    /// <param name="recipe">The feature recipe.</param>
    /// <param name="cancellationToken">Checked before every record.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IDataView Featurize(IEnumerable<StanceRecord> records, FeatureRecipe recipe, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var map = StanceFeaturizerFactory.CreateMapping(recipe);
        var rows = new List<Row>();
        foreach (var r in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var o = new StanceFeatureOutput();
            map(new StanceTextInput { Text = r.Text, Target = r.Target }, o);
            rows.Add(new Row { Label = r.Label.ToWireName(), Features = o.Features });
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, recipe.Buckets);
        return _ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>The trainer estimator for the trainer options (label key column <c>Label</c>, features <c>Features</c>).</summary>
    public IEstimator<MulticlassPredictionTransformer<MaximumEntropyModelParameters>> CreateTrainer(TrainerOptions trainerOptions) => trainerOptions.Algorithm switch
    {
        "sdca" => _ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = trainerOptions.L2,
            L1Regularization = trainerOptions.L1,
            MaximumNumberOfIterations = trainerOptions.Iterations,
            NumberOfThreads = 1,
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
        }),
        "lbfgs" => _ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = trainerOptions.L2,
            L1Regularization = trainerOptions.L1,
            MaximumNumberOfIterations = trainerOptions.Iterations,
            NumberOfThreads = 1,
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
        }),
        _ => throw new ArgumentException($"Unknown algorithm '{trainerOptions.Algorithm}' (expected sdca or lbfgs).", nameof(trainerOptions)),
    };

    private IEstimator<ITransformer> LabelToKey() =>
        _ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);

    /// <summary>Fits a model on already featurized data and exports it.</summary>
    /// <param name="featurized">Data with columns <c>Label</c> (text) and <c>Features</c>, as made by <see cref="Featurize"/>.</param>
    /// <param name="recipe">The feature recipe the data was made with (written into the model).</param>
    /// <param name="trainerOptions">The trainer and its hyperparameters.</param>
    /// <param name="metadata">Metadata written into the model.</param>
    /// <param name="cancellationToken">Stops the ML.NET fit within one row read.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public StanceModel Fit(IDataView featurized, FeatureRecipe recipe, TrainerOptions trainerOptions, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
        => TrainingCancellation.Run(() =>
        {
            var input = TrainingCancellation.Watch(featurized, cancellationToken);
            var keyed = LabelToKey().Fit(input);
            var data = keyed.Transform(input);
            var predictor = CreateTrainer(trainerOptions).Fit(data);
            return Export(predictor.Model, LabelNames(data.Schema["Label"]), recipe, metadata);
        }, cancellationToken);

    /// <summary>Fits and exports a model on records.</summary>
    /// <param name="records">The labelled sentences.</param>
    /// <param name="recipe">The feature recipe.</param>
    /// <param name="trainerOptions">The trainer and its hyperparameters.</param>
    /// <param name="metadata">Metadata written into the model.</param>
    /// <param name="cancellationToken">Checked before every record while featurizing, then on every row the trainer reads.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public StanceModel Fit(IReadOnlyList<StanceRecord> records, FeatureRecipe recipe, TrainerOptions trainerOptions, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
        => Fit(Featurize(records, recipe, cancellationToken), recipe, trainerOptions, metadata, cancellationToken);

    /// <summary>
    /// Fits the full ML.NET pipeline over raw text (featurizer transform → label key → trainer →
    /// predicted label), the way an ML.NET user would; input columns <c>Text</c>, <c>Target</c>, <c>Label</c>.
    /// </summary>
    /// <param name="records">The labelled sentences.</param>
    /// <param name="recipe">The feature recipe.</param>
    /// <param name="trainerOptions">The trainer and its hyperparameters.</param>
    /// <param name="cancellationToken">Stops the fit within one row read (each row is featurized as it is read).</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ITransformer FitPipeline(IReadOnlyList<StanceRecord> records, FeatureRecipe recipe, TrainerOptions trainerOptions, CancellationToken cancellationToken = default)
        => TrainingCancellation.Run(() =>
        {
            var data = _ml.Data.LoadFromEnumerable(records.Select(r => new PipelineRow { Text = r.Text, Target = r.Target, Label = r.Label.ToWireName() }).ToList());
            var pipeline = _ml.Transforms.StanceFeaturizer(recipe)
                .Append(LabelToKey())
                .Append(CreateTrainer(trainerOptions))
                .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
            return pipeline.Fit(TrainingCancellation.Watch(data, cancellationToken));
        }, cancellationToken);

    /// <summary>Input row of <see cref="FitPipeline"/> and of prediction engines over it.</summary>
    internal sealed class PipelineRow
    {
        /// <summary>The sentence.</summary>
        public string Text { get; set; } = "";
        /// <summary>The target.</summary>
        public string Target { get; set; } = "";
        /// <summary>The gold label (wire name).</summary>
        public string Label { get; set; } = "";
    }

    /// <summary>Output row of a prediction engine over <see cref="FitPipeline"/>.</summary>
    internal sealed class PipelinePrediction
    {
        /// <summary>Probabilities in label-key order (alphabetical wire names).</summary>
        public float[] Score { get; set; } = [];
        /// <summary>The predicted label (wire name).</summary>
        public string PredictedLabel { get; set; } = "";
    }

    /// <summary>Exports the maximum-entropy model inside a fitted pipeline.</summary>
    public StanceModel ExportPipeline(ITransformer pipeline, IDataView schemaSource, FeatureRecipe recipe, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var chain = (IEnumerable<ITransformer>)pipeline;
        var predictor = chain.OfType<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>().Single();
        var keyed = chain.Take(2).Aggregate(schemaSource, (d, t) => t.Transform(d));
        return Export(predictor.Model, LabelNames(keyed.Schema["Label"]), recipe, metadata);
    }

    /// <summary>Label names in key order.</summary>
    public static string[] LabelNames(DataViewSchema.Column labelColumn)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        labelColumn.GetKeyValues(ref keys);
        return keys.DenseValues().Select(k => k.ToString()).ToArray();
    }

    /// <summary>Converts ML.NET weights (class-major, key order) into StanceKit's feature-major layout in <see cref="Stance"/> order.</summary>
    public static StanceModel Export(MaximumEntropyModelParameters parameters, IReadOnlyList<string> labelsInKeyOrder, FeatureRecipe recipe, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        VBuffer<float>[] perClass = null!;
        parameters.GetWeights(ref perClass, out int classes);
        var biases = parameters.GetBiases().ToArray();
        if (classes != 3 || labelsInKeyOrder.Count != 3) throw new InvalidOperationException($"Expected 3 classes, got {classes}: the training data must contain all three labels.");
        int buckets = recipe.Buckets;
        var weights = new float[buckets * 3];
        var outBias = new float[3];
        for (int c = 0; c < 3; c++)
        {
            int s = (int)StanceNames.Parse(labelsInKeyOrder[c]);
            outBias[s] = biases[c];
            var v = perClass[c];
            if (v.Length != buckets) throw new InvalidOperationException($"Weight vector has length {v.Length}, expected {buckets}.");
            var values = v.GetValues();
            if (v.IsDense)
            {
                for (int b = 0; b < buckets; b++) weights[b * 3 + s] = values[b];
            }
            else
            {
                var idx = v.GetIndices();
                for (int k = 0; k < idx.Length; k++) weights[idx[k] * 3 + s] = values[k];
            }
        }
        if (recipe.ParseStructure)
        {
            // The features were computed on the embedded parser's output: record which parser (StanceClassifier checks it).
            var withParser = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [StanceClassifier.ParserFingerprintKey] = DependencyParser.Default.Fingerprint,
            };
            metadata = withParser;
        }
        return new StanceModel(recipe, weights, outBias, 1f, metadata);
    }
}
