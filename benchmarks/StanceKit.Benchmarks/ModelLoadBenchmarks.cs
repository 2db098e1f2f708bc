using BenchmarkDotNet.Attributes;

namespace StanceKit.Benchmarks;

/// <summary>Loading the embedded default model (checksum, header checks, weights) and building a classifier over it.</summary>
/// <remarks>
/// Reads the embedded resource on every call: <see cref="StanceModel.Default"/> is loaded once and cached, so it would
/// measure nothing after the first call.
/// </remarks>
[MemoryDiagnoser]
public class ModelLoadBenchmarks
{
    private static StanceModel LoadEmbedded()
    {
        using var stream = typeof(StanceModel).Assembly.GetManifestResourceStream("StanceKit.Models.default.skm")!;
        return StanceModel.Load(stream);
    }

    [Benchmark(Description = "StanceModel.Load(embedded)")]
    public StanceModel LoadDefaultModel() => LoadEmbedded();

    [Benchmark(Description = "StanceModel.Load(embedded) + new StanceClassifier")]
    public StanceClassifier LoadAndCreateClassifier() => new(LoadEmbedded());
}
