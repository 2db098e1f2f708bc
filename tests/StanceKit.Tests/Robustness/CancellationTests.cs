using System.Diagnostics;
using System.Text;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// Every long-running API takes a <see cref="CancellationToken"/>: a cancelled token stops it before any work, and a
/// token cancelled mid-way stops it within one sentence's work (streaming) or at the next check (one-shot).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class CancellationTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;
    private static readonly string s_article = File.ReadAllText(Support.Repo.Path("samples", "article.txt"));

    private static CancellationToken Cancelled => new(canceled: true);

    [Test]
    public async Task PreCancelledTokenStopsEveryApiBeforeAnyWork()
    {
        Assert.Throws<OperationCanceledException>(() => s_analyzer.Analyze(s_article, Cancelled));
        Assert.Throws<OperationCanceledException>(() => s_analyzer.Analyze(s_article, "Russia", Cancelled));
        Assert.Throws<OperationCanceledException>(() => s_analyzer.AnalyzeStream(new StringReader(s_article), cancellationToken: Cancelled).First());
        var many = s_analyzer.AnalyzeManyAsync(new[] { s_article, s_article }.ToAsyncEnumerable(), Cancelled).GetAsyncEnumerator();
        Assert.That(await Catch(async () => await many.MoveNextAsync()), Is.InstanceOf<OperationCanceledException>());
        var sentences = Enumerable.Repeat("The ministry said the strikes hit only military sites.", 5_000).ToList();
        Assert.Throws<OperationCanceledException>(() => s_analyzer.Classifier.ScoreBatchParallel(sentences, new float[sentences.Count * 3], new Stance[sentences.Count], null, cancellationToken: Cancelled));
        Assert.Throws<OperationCanceledException>(() => s_analyzer.Classifier.ScoreBatchParallel(sentences.Take(10).ToList(), new float[30], new Stance[10], null, cancellationToken: Cancelled));
    }

    private static async Task<Exception?> Catch(Func<Task> f)
    {
        try { await f(); return null; }
        catch (Exception e) { return e; }
    }

    [Test]
    public void StreamingStopsWithinOneSentenceOfTheCancel()
    {
        using var cts = new CancellationTokenSource();
        int received = 0;
        // About 200 MB of text, generated lazily: only cancellation can end this in reasonable time.
        var reader = new RepeatingReader(s_article + "\n\n", 80_000);
        var e = Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var s in s_analyzer.AnalyzeStream(reader, cancellationToken: cts.Token))
            {
                received++;
                if (received == 50) cts.Cancel();
            }
        });
        Assert.That(e!.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(received, Is.EqualTo(50), "no sentence is yielded after the cancel");
    }

    [Test]
    public void OneShotAnalyzeStopsWhenCancelledMidway()
    {
        // About 40 MB: seconds of work even on a fast machine (5 MB once finished inside the 200 ms this test used to
        // wait), cancelled after 20 ms by a thread of its own, so a busy thread pool cannot delay the cancel.
        var text = new StringBuilder().Insert(0, s_article + "\n\n", 16_000).ToString();
        using var cancel = new CancelFromOwnThread(TimeSpan.FromMilliseconds(20));
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<OperationCanceledException>(() => s_analyzer.Analyze(text, cancel.Token))!;
        Assert.That(e.CancellationToken, Is.EqualTo(cancel.Token));
        TestContext.Out.WriteLine($"stopped {sw.ElapsedMilliseconds - 20} ms after the cancel");
    }

    [Test]
    public void EntityExtractionOfALargeDocumentStopsWhenCancelledMidway()
    {
        // About 40 MB: a second or more of extraction, which checks the token every thousand tokens or so; cancelled
        // after 20 ms by a thread of its own.
        var text = new StringBuilder().Insert(0, s_article + "\n\n", 16_000).ToString();
        Assert.Throws<OperationCanceledException>(() => EntityExtractor.Default.Extract(text, Cancelled));
        using var cancel = new CancelFromOwnThread(TimeSpan.FromMilliseconds(20));
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<OperationCanceledException>(() => EntityExtractor.Default.Extract(text, cancel.Token))!;
        Assert.That(e.CancellationToken, Is.EqualTo(cancel.Token));
        TestContext.Out.WriteLine($"stopped {sw.ElapsedMilliseconds - 20} ms after the cancel");
        // The thread's scratch does not keep the cancelled token: the next call on this thread runs to the end.
        Assert.That(EntityExtractor.Default.Extract(s_article), Is.Not.Empty);
    }

    [Test]
    public async Task AnalyzeManyAsyncStopsWhenCancelledMidway()
    {
        using var cts = new CancellationTokenSource();
        int received = 0;
        var docs = Enumerable.Repeat(s_article, 10_000).ToAsyncEnumerable();
        var error = await Catch(async () =>
        {
            await foreach (var d in s_analyzer.AnalyzeManyAsync(docs, cts.Token))
                if (++received == 3) cts.Cancel();
        });
        Assert.That(error, Is.InstanceOf<OperationCanceledException>());
        Assert.That(received, Is.EqualTo(3));
    }

    [Test]
    public void ScoreBatchParallelStopsWhenCancelledMidway()
    {
        var sentences = Enumerable.Range(0, 2_000_000).Select(i => i % 2 == 0 ? "The ministry said the strikes hit only military sites." : "Rights groups accused the army of abuses.").ToList();
        using var cancel = new CancelFromOwnThread(TimeSpan.FromMilliseconds(100));
        var stances = new Stance[sentences.Count];
        Assert.Throws<OperationCanceledException>(() => s_analyzer.Classifier.ScoreBatchParallel(sentences, new float[sentences.Count * 3], stances, "Russia", cancellationToken: cancel.Token));
    }

    /// <summary>A text of <paramref name="times"/> copies of a chunk, produced on demand.</summary>
    internal sealed class RepeatingReader(string chunk, long times) : TextReader
    {
        private long _left = times;
        private int _pos;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            int written = 0;
            while (written < buffer.Length && _left > 0)
            {
                int n = Math.Min(buffer.Length - written, chunk.Length - _pos);
                chunk.AsSpan(_pos, n).CopyTo(buffer[written..]);
                written += n;
                _pos += n;
                if (_pos == chunk.Length) { _pos = 0; _left--; }
            }
            return written;
        }

        public override int Peek() => _left > 0 ? chunk[_pos] : -1;

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 1 ? one[0] : -1;
        }
    }
}
