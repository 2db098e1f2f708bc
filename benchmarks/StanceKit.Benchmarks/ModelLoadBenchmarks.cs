using BenchmarkDotNet.Attributes;

namespace StanceKit.Benchmarks;

/// <summary>Loading the embedded default model (checksum, header checks, weights) and building a classifier over it.</summary>
[MemoryDiagnoser]
public class ModelLoadBenchmarks
{
    [Benchmark(Description = "StanceModel.LoadDefault()")]
    public StanceModel LoadDefaultModel() => StanceModel.LoadDefault();

    [Benchmark(Description = "LoadDefault + new StanceClassifier")]
    public StanceClassifier LoadAndCreateClassifier() => new(StanceModel.LoadDefault());
}
