using BenchmarkDotNet.Attributes;

namespace StanceKit.Benchmarks;

/// <summary>
/// Tagging and parsing every sentence of the stance corpus (training part, each text once, segmented first; one
/// operation = all sentences) through the allocation-free span API. Sentences per second = sentences ÷ mean time.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class ParsingBenchmarks
{
    private (string Text, TextSpan Sentence)[] _sentences = [];
    private readonly ParsedToken[] _buffer = new ParsedToken[4096];
    private DependencyParser _parser = null!;

    /// <summary>
    /// True: the shipped parser (move and relation tables in 8 bits, the default since session 10). False: a parser of
    /// its own with the 16-bit tables of earlier sessions (<see cref="StanceKit.Parsing.ParserModel.EightBitParseTables"/>;
    /// not quite the same output), for comparison.
    /// </summary>
    [Params(true, false)]
    public bool EightBit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!EightBit)
        {
            using var st = typeof(DependencyParser).Assembly.GetManifestResourceStream("StanceKit.Models.parser.bin")!;
            _parser = DependencyParser.Load(st);
            _parser.Model.Moves.Quantize(eightBit: false);
            _parser.Model.Labels.Quantize(eightBit: false);
        }
        else _parser = DependencyParser.Default;
        var list = new List<(string, TextSpan)>();
        foreach (var text in BenchmarkData.Corpus().Select(r => r.Text).Distinct(StringComparer.Ordinal))
            foreach (var s in SentenceSegmenter.Default.Segment(text)) list.Add((text, s));
        _sentences = [.. list];
        int words = _sentences.Sum(s => _parser.CountWords(s.Text, s.Sentence));
        Console.WriteLine($"// {_sentences.Length} sentences, {words} words");
    }

    /// <summary>Tags and parses every sentence.</summary>
    [Benchmark]
    public int ParseAllSentences()
    {
        int words = 0;
        foreach (var (text, sentence) in _sentences) words += _parser.Parse(text.AsSpan(), sentence, _buffer);
        return words;
    }
}
