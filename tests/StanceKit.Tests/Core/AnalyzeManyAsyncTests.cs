using System.Runtime.CompilerServices;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Core;

/// <summary><see cref="StanceAnalyzer.AnalyzeManyAsync"/>: input order, same results as one by one, bounded read-ahead, cancellation.</summary>
public class AnalyzeManyAsyncTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;

    private static List<string> Texts(int n)
    {
        var sample = ReportDom.Sample.Text;
        // Sizes vary a lot, so later documents often finish before earlier ones.
        return Enumerable.Range(0, n).Select(i => i % 5 == 0 ? string.Join("\n\n", Enumerable.Repeat(sample, 6)) : $"Document {i}. The Kremlin said the strikes hit only military targets.").ToList();
    }

    private static async IAsyncEnumerable<string> Stream(IEnumerable<string> texts, Action<int>? pulled = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        int i = 0;
        foreach (var t in texts)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            pulled?.Invoke(++i);
            yield return t;
        }
    }

    [Test]
    public async Task ResultsComeInInputOrderAndEqualOneByOneAnalysis()
    {
        var texts = Texts(60);
        var results = new List<StanceDocument>();
        await foreach (var d in s_analyzer.AnalyzeManyAsync(Stream(texts))) results.Add(d);
        Assert.That(results.Select(d => d.Text), Is.EqualTo(texts));
        for (int i = 0; i < texts.Count; i += 7)
        {
            var one = s_analyzer.Analyze(texts[i]);
            Assert.That(results[i].Sentences.Select(s => (s.Span, s.Stance, s.Scores)), Is.EqualTo(one.Sentences.Select(s => (s.Span, s.Stance, s.Scores))));
        }
    }

    [Test]
    public async Task ReadAheadIsBounded()
    {
        int pulled = 0, consumed = 0, maxAhead = 0;
        await foreach (var _ in s_analyzer.AnalyzeManyAsync(Stream(Texts(200), n => Volatile.Write(ref pulled, n))))
        {
            consumed++;
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref pulled) - consumed);
        }
        Assert.That(consumed, Is.EqualTo(200));
        Assert.That(maxAhead, Is.LessThanOrEqualTo(Math.Max(2, Environment.ProcessorCount * 2) + 1), "documents in flight stay within the window");
    }

    [Test]
    public void CancellationStopsTheStream()
    {
        using var cts = new CancellationTokenSource();
        int consumed = 0;
        Assert.That(async () =>
        {
            await foreach (var _ in s_analyzer.AnalyzeManyAsync(Stream(Texts(10_000)), cts.Token))
                if (++consumed == 5) await cts.CancelAsync();
        }, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(consumed, Is.EqualTo(5));
    }

    [Test]
    public async Task DefaultTargetAppliesToEveryDocument()
    {
        var analyzer = s_analyzer.WithDefaultTarget("Ukraine");
        await foreach (var d in analyzer.AnalyzeManyAsync(Stream(Texts(10))))
            Assert.That((d.Target, d.TargetInferred), Is.EqualTo(("Ukraine", false)));
    }
}
