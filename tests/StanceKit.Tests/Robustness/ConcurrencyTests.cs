using System.Diagnostics;
using System.Text.Json;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Robustness;

/// <summary>One shared analyzer, 16 threads, different documents: exactly the single-threaded results.</summary>
[TestFixture]
public class ConcurrencyTests
{
    private static List<string> Documents()
    {
        var docs = new List<string>();
        foreach (var line in File.ReadLines(Repo.Path("data", "stance", "test", "articles.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var root = JsonDocument.Parse(line).RootElement;
            if (root.TryGetProperty("text", out var t) && t.GetString() is { } s) docs.Add(s);
        }
        docs.Add(File.ReadAllText(Repo.Path("samples", "article.txt")));
        docs.Add("");
        docs.Add("\uD800 Putin\u200B met \U0001F600 Xi.\u2028Moscow said \0 so.");
        docs.Add(string.Concat(Enumerable.Repeat("Zorvan Tesh met Tesh in Vonn. ", 200)));
        return docs;
    }

    [Test]
    public void SixteenThreadsSharingOneAnalyzerGetTheSingleThreadedResults()
    {
        var analyzer = StanceAnalyzer.Default;
        var docs = Documents();
        Assume.That(docs, Has.Count.GreaterThan(10));
        var expected = docs.Select(d => RobustAssert.Fingerprint(analyzer.Analyze(d))).ToArray();

        // Bounded in time (about 3 s) and in count (200 documents per thread), whichever comes first.
        const int threads = 16, maxPerThread = 200;
        var deadline = Stopwatch.StartNew();
        int mismatches = 0, done = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                for (int k = 0; k < maxPerThread && deadline.Elapsed < TimeSpan.FromSeconds(3); k++)
                {
                    int i = (t * 7 + k * 13) % docs.Count;
                    if (RobustAssert.Fingerprint(analyzer.Analyze(docs[i])) != expected[i]) Interlocked.Increment(ref mismatches);
                    Interlocked.Increment(ref done);
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToList();
        workers.ForEach(w => w.Start());
        foreach (var w in workers)
            if (!w.Join(TimeSpan.FromMinutes(3))) Assert.Fail("a worker thread hung");
        Assert.That(errors, Is.Empty);
        Assert.That(mismatches, Is.Zero);
        Assert.That(done, Is.GreaterThanOrEqualTo(threads), "every thread analysed at least one document");
        TestContext.Out.WriteLine($"{done} analyses on {threads} threads in {deadline.Elapsed.TotalSeconds:F1} s, all identical to the single-threaded run");
    }

    [Test]
    public async Task AnalyzeManyAsyncGivesTheSequentialResultsInOrder()
    {
        var analyzer = StanceAnalyzer.Default;
        var docs = Documents();
        var expected = docs.Select(d => RobustAssert.Fingerprint(analyzer.Analyze(d))).ToArray();
        var actual = new List<string>();
        await foreach (var d in analyzer.AnalyzeManyAsync(docs.ToAsyncEnumerable())) actual.Add(RobustAssert.Fingerprint(d));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void ScoreBatchParallelEqualsScoreBatch()
    {
        var clf = StanceClassifier.Default;
        var sentences = Documents().SelectMany(d => SentenceSegmenter.Default.Segment(d).Select(s => s.GetText(d))).ToList();
        while (sentences.Count < 5_000) sentences.AddRange(sentences.Take(5_000 - sentences.Count));
        var p1 = new float[sentences.Count * 3];
        var s1 = new Stance[sentences.Count];
        clf.ScoreBatch(sentences, p1, s1, "Russia");
        var p2 = new float[sentences.Count * 3];
        var s2 = new Stance[sentences.Count];
        clf.ScoreBatchParallel(sentences, p2, s2, "Russia");
        Assert.That(p2, Is.EqualTo(p1));
        Assert.That(s2, Is.EqualTo(s1));
    }
}
