using System.Text;
using BenchmarkDotNet.Attributes;

namespace StanceKit.Benchmarks;

/// <summary>
/// Sentence segmentation throughput on a ~10 MB English news text (UTF-16, already in memory), built at set-up from the
/// sentences in Data/segmentation-sentences.txt: articles of a headline, an optional byline, a dateline and paragraphs,
/// shuffled deterministically. MB/s = <see cref="TextMegabytes"/> / mean time (1 MB = 2^20 characters; the text is ASCII
/// apart from curly quotes and dashes, so characters ≈ UTF-8 bytes).
/// </summary>
[MemoryDiagnoser]
public class SegmentationBenchmarks
{
    private const int TargetLength = 10 << 20;

    private string _text = "";
    private TextSpan[] _destination = [];

    /// <summary>The size of the benchmark text in MB (2^20 characters).</summary>
    public double TextMegabytes => _text.Length / (double)(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        _text = BuildText(TargetLength, seed: 42);
        _destination = new TextSpan[_text.Length / 16];
        int n = SentenceSegmenter.Default.Segment(_text.AsSpan(), _destination);
        Console.WriteLine($"// segmentation text: {_text.Length:N0} chars ({TextMegabytes:F2} MB), {n:N0} sentences");
    }

    /// <summary>The allocation-free span API into a caller-provided buffer.</summary>
    [Benchmark(Baseline = true)]
    public int SpanApi() => SentenceSegmenter.Default.Segment(_text.AsSpan(), _destination);

    /// <summary>The allocation-free enumerator.</summary>
    [Benchmark]
    public int Enumerator()
    {
        int count = 0;
        foreach (var s in SentenceSegmenter.Default.EnumerateSentences(_text)) count += s.Length > 0 ? 1 : 0;
        return count;
    }

    /// <summary>The streaming entry point over a <see cref="StringReader"/> (bounded buffer, lazily enumerated).</summary>
    [Benchmark]
    public int Streaming()
    {
        int count = 0;
        foreach (var _ in SentenceSegmenter.Default.Segment(new StringReader(_text))) count++;
        return count;
    }

    /// <summary>Builds a deterministic news text of at least <paramref name="length"/> characters.</summary>
    public static string BuildText(int length, int seed)
    {
        var lines = File.ReadAllLines(Path.Combine(BenchmarkData.RepoRoot, "benchmarks", "StanceKit.Benchmarks", "Data", "segmentation-sentences.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith("# ", StringComparison.Ordinal)).ToArray();
        var headlines = lines.Where(l => l.StartsWith("H ", StringComparison.Ordinal)).Select(l => l[2..]).ToArray();
        var sentences = lines.Where(l => !l.StartsWith("H ", StringComparison.Ordinal)).ToArray();
        string[] datelines = ["KYIV, Ukraine — ", "WASHINGTON (AP) — ", "GENEVA — ", "ISTANBUL, Turkey (Reuters) — ", "ST. LOUIS — "];
        string[] bylines = ["By Jane Doe", "By John Roe and Maria Lopez", "By Staff Reporter"];

        var rng = new Random(seed);
        var sb = new StringBuilder(length + 4096);
        while (sb.Length < length)
        {
            sb.Append(headlines[rng.Next(headlines.Length)]).Append('\n');
            if (rng.Next(2) == 0) sb.Append(bylines[rng.Next(bylines.Length)]).Append('\n');
            sb.Append(datelines[rng.Next(datelines.Length)]);
            int paragraphs = 3 + rng.Next(6);
            for (int p = 0; p < paragraphs; p++)
            {
                int count = 1 + rng.Next(4);
                for (int s = 0; s < count; s++)
                {
                    if (s > 0) sb.Append(' ');
                    sb.Append(sentences[rng.Next(sentences.Length)]);
                }
                sb.Append(rng.Next(3) == 0 ? "\n\n" : "\n");
            }
            sb.Append("\n\n");
        }
        return sb.ToString();
    }
}
