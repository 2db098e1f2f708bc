using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace StanceKit.Benchmarks;

/// <summary>
/// Huge inputs through the streaming entry points: <see cref="StanceAnalyzer.AnalyzeStream"/> and
/// <see cref="SentenceSegmenter.Segment(TextReader)"/> over 1, 10 and 100 MB (2^20 characters each) of news text that
/// is generated on demand and never held in memory. Time should grow linearly with size (compare Mean / MB across
/// the rows), and allocated memory per MB stays flat while the live heap stays bounded (the "Gen2" and peak columns).
/// One measured iteration per size: a 100 MB run takes minutes.
///   dotnet run -c Release --project benchmarks/StanceKit.Benchmarks -- --filter '*LargeInput*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 1)]
public class LargeInputBenchmarks
{
    private string _chunk = "";

    [Params(1, 10, 100)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Real news sentences (the stance corpus), in paragraphs, repeated to the size asked for.
        var sentences = BenchmarkData.Sentences(400).Select(r => r.Text).ToList();
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < sentences.Count; i++) sb.Append(sentences[i]).Append(i % 5 == 4 ? "\n\n" : " ");
        _chunk = sb.ToString();
    }

    private TextReader Reader() => new GeneratedReader(_chunk, (long)Megabytes << 20);

    [Benchmark]
    public long AnalyzeStream()
    {
        long n = 0;
        foreach (var s in StanceAnalyzer.Default.AnalyzeStream(Reader())) n += (int)s.Stance + s.Entities.Count;
        Console.WriteLine($"// {Megabytes} MB: peak working set {Environment.WorkingSet >> 20} MB, GC heap {GC.GetTotalMemory(false) >> 20} MB");
        return n;
    }

    [Benchmark]
    public long SegmentReader()
    {
        long n = 0;
        foreach (var s in SentenceSegmenter.Default.Segment(Reader())) n += s.Length;
        return n;
    }

    /// <summary>Exactly <c>length</c> characters: the chunk over and over, produced as it is read.</summary>
    private sealed class GeneratedReader(string chunk, long length) : TextReader
    {
        private long _left = length;
        private int _pos;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            int written = 0;
            while (written < buffer.Length && _left > 0)
            {
                int n = (int)Math.Min(Math.Min(buffer.Length - written, chunk.Length - _pos), _left);
                chunk.AsSpan(_pos, n).CopyTo(buffer[written..]);
                written += n;
                _left -= n;
                _pos = (_pos + n) % chunk.Length;
            }
            return written;
        }
    }
}
