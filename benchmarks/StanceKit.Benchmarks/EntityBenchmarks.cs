using BenchmarkDotNet.Attributes;
using StanceKit.ML;

namespace StanceKit.Benchmarks;

/// <summary>
/// Entity extraction throughput over our annotated news sentences (one operation = one sentence).
/// Target: ≥ 50,000 sentences/s on one core, 0 B per sentence with the span API.
/// </summary>
[MemoryDiagnoser]
public class EntityBenchmarks
{
    private string[] _sentences = [];
    private readonly EntitySpan[] _buffer = new EntitySpan[128];
    private EntityExtractor _extractor = null!;
    private EntityExtractor _rulesOnly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sentences = EntitySentences.Load();
        _extractor = EntityExtractor.Default;
        _rulesOnly = new EntityExtractor(Gazetteer.Default);
        foreach (var s in _sentences) _extractor.Extract(s.AsSpan(), _buffer);
    }

    public const int Sentences = EntitySentences.Count;

    /// <summary>Rules + tagger, allocation-free span API.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int SpanApi()
    {
        int total = 0;
        var sentences = _sentences;
        for (int i = 0; i < sentences.Length; i++) total += _extractor.Extract(sentences[i].AsSpan(), _buffer);
        return total;
    }

    /// <summary>Rules only (no tagger), span API.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int SpanApiRulesOnly()
    {
        int total = 0;
        var sentences = _sentences;
        for (int i = 0; i < sentences.Length; i++) total += _rulesOnly.Extract(sentences[i].AsSpan(), _buffer);
        return total;
    }

    /// <summary>Linked mentions (allocates the result list and canonical names).</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int Linked()
    {
        int total = 0;
        var sentences = _sentences;
        for (int i = 0; i < sentences.Length; i++) total += _extractor.Extract(sentences[i]).Count;
        return total;
    }
}

/// <summary>The benchmark sentences: our hand-written test cases, markup stripped.</summary>
internal static class EntitySentences
{
    public const int Count = 266;

    public static string[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "entity-cases.jsonl");
        var s = EntityCorpus.ReadJsonl(path).Select(e => e.Text).Take(Count).ToArray();
        if (s.Length != Count) throw new InvalidOperationException($"Expected {Count} sentences in {path}, found {s.Length}.");
        return s;
    }
}
