using BenchmarkDotNet.Attributes;

namespace StanceKit.Benchmarks;

/// <summary>
/// The optional neural parser (models/parser/neural-parser.bin: the embedded tagger, then a BiLSTM + biaffine network
/// and Eisner decoding) on the first 500 sentences of the same corpus as <see cref="ParsingBenchmarks"/>, through the
/// same span API; the greedy default on the same 500 sentences beside it. About 60 times slower than the greedy parser,
/// hence the smaller sample. Sentences per second = 500 ÷ mean time.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class NeuralParsingBenchmarks
{
    private const int Sentences = 500;
    private (string Text, TextSpan Sentence)[] _sentences = [];
    private readonly ParsedToken[] _buffer = new ParsedToken[4096];
    private DependencyParser _neural = null!;

    [GlobalSetup]
    public void Setup()
    {
        _neural = DependencyParser.Load(Path.Combine(BenchmarkData.RepoRoot, "models", "parser", "neural-parser.bin"));
        var list = new List<(string, TextSpan)>();
        foreach (var text in BenchmarkData.Corpus().Select(r => r.Text).Distinct(StringComparer.Ordinal))
            foreach (var s in SentenceSegmenter.Default.Segment(text))
                if (list.Count < Sentences) list.Add((text, s));
        _sentences = [.. list];
    }

    /// <summary>Tags and parses the sample with the neural model.</summary>
    [Benchmark]
    public int Neural()
    {
        int words = 0;
        foreach (var (text, sentence) in _sentences) words += _neural.Parse(text.AsSpan(), sentence, _buffer);
        return words;
    }

    /// <summary>Tags and parses the sample with the embedded greedy parser.</summary>
    [Benchmark(Baseline = true)]
    public int Greedy()
    {
        int words = 0;
        foreach (var (text, sentence) in _sentences) words += DependencyParser.Default.Parse(text.AsSpan(), sentence, _buffer);
        return words;
    }
}
