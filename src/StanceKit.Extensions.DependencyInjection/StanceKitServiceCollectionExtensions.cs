using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StanceKit;
using StanceKit.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers StanceKit in an <see cref="IServiceCollection"/>.</summary>
public static class StanceKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="StanceAnalyzer"/> (and its <see cref="StanceClassifier"/>) over the
    /// embedded default model, configured by any <see cref="StanceKitOptions"/> configured elsewhere.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddStanceKit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StanceKitOptions>()
            .Validate(o => o.MaxSentenceLength >= SentenceSegmenter.MinMaxSentenceLength,
                $"StanceKitOptions.MaxSentenceLength must be at least {SentenceSegmenter.MinMaxSentenceLength}.")
            .Validate(o => o.StreamWindow >= 1024, "StanceKitOptions.StreamWindow must be at least 1024.")
            .Validate(o => o.MaxDegreeOfParallelism is null or >= 1, "StanceKitOptions.MaxDegreeOfParallelism must be at least 1 (or null for one per processor).")
            .Validate(o => o.Model is null || o.ModelPath is null, "Set StanceKitOptions.Model or StanceKitOptions.ModelPath, not both.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StanceKitOptions>, ModelPathValidation>());
        services.TryAddSingleton(Create);
        services.TryAddSingleton(sp => sp.GetRequiredService<StanceAnalyzer>().Classifier);
        return services;
    }

    /// <summary>
    /// Registers a singleton <see cref="StanceAnalyzer"/> (and its <see cref="StanceClassifier"/>) configured by
    /// <paramref name="configure"/>. The model is loaded when the analyzer is first resolved, and logged then.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the model, target and segmentation options.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddStanceKit(this IServiceCollection services, Action<StanceKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return services.AddStanceKit();
    }

    private static StanceAnalyzer Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StanceKitOptions>>().Value;
        ILogger logger = services.GetService<ILogger<StanceAnalyzer>>() ?? (ILogger)NullLogger.Instance;
        var clock = Stopwatch.StartNew();
        StanceClassifier classifier;
        string source;
        if (options.Model is { } model)
        {
            source = "an options instance";
            classifier = new StanceClassifier(model);
        }
        else if (options.ModelPath is { } path)
        {
            source = path;
            Log.LoadingModel(logger, source);
            try { classifier = new StanceClassifier(StanceModel.Load(path)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidModelException)
            {
                Log.ModelLoadFailed(logger, source, e);
                throw;
            }
        }
        else
        {
            source = "the embedded default";
            Log.LoadingModel(logger, source);
            classifier = StanceClassifier.Default;
        }
        var analyzer = new StanceAnalyzer(classifier, options: options.ToAnalyzerOptions());
        if (options.DefaultTarget is { } target && !classifier.TryResolveTarget(target, out _)) Log.UnknownTarget(logger, target);
        Log.ModelLoaded(logger, classifier.Model.Name, classifier.Model.Version, source, clock.Elapsed.TotalMilliseconds, options.DefaultTarget ?? "inferred per text", analyzer.Segmenter.MaxSentenceLength);
        return analyzer;
    }
}

/// <summary>
/// A <see cref="StanceKitOptions.ModelPath"/> that names no file is a configuration error like the others, so it fails
/// validation (<see cref="OptionsValidationException"/>, naming the path) instead of surfacing as an I/O exception.
/// </summary>
internal sealed class ModelPathValidation : IValidateOptions<StanceKitOptions>
{
    public ValidateOptionsResult Validate(string? name, StanceKitOptions options) =>
        options.ModelPath is not { } path || File.Exists(path)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"StanceKitOptions.ModelPath: no model file at '{path}' (relative paths are resolved against {Environment.CurrentDirectory}).");
}
