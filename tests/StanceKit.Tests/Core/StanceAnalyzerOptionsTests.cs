namespace StanceKit.Tests.Core;

/// <summary><see cref="StanceAnalyzerOptions"/>: each option reaches the analyzer, and bad values are refused at construction.</summary>
public class StanceAnalyzerOptionsTests
{
    private static readonly StanceClassifier s_classifier = StanceClassifier.Default;

    [Test]
    public void TheDefaultAnalyzerHasTheDefaultOptions()
    {
        var a = StanceAnalyzer.Default;
        Assert.That(a.Options, Is.EqualTo(StanceAnalyzerOptions.Default));
        Assert.That((a.DefaultTarget, a.Segmenter.MaxSentenceLength, a.Options.StreamWindow, a.Options.MaxDegreeOfParallelism),
            Is.EqualTo(((string?)null, SentenceSegmenter.DefaultMaxSentenceLength, StanceAnalyzer.DefaultStreamWindow, (int?)null)));
    }

    [Test]
    public void TargetAndSentenceLengthReachTheAnalysis()
    {
        var a = new StanceAnalyzer(s_classifier, options: new StanceAnalyzerOptions { DefaultTarget = "Kremlin", MaxSentenceLength = 100 });
        Assert.That(a.Segmenter.MaxSentenceLength, Is.EqualTo(100));
        var doc = a.Analyze("Officials said the talks went well. " + string.Join(" ", Enumerable.Repeat("word", 60)) + ".");
        Assert.That((doc.Target, doc.TargetInferred), Is.EqualTo(("Russia", false)));
        Assert.That(doc.Sentences.Max(s => s.Span.Length), Is.LessThanOrEqualTo(100));
        // WithDefaultTarget keeps the other options.
        var b = a.WithDefaultTarget("China");
        Assert.That((b.DefaultTarget, b.Options.MaxSentenceLength), Is.EqualTo(("China", 100)));
    }

    [Test]
    public void TheStreamWindowOptionIsTheDefaultWindow()
    {
        // A window below 1024 is refused when given per call, and the same value is refused as an option.
        Assert.Throws<ArgumentOutOfRangeException>(() => new StanceAnalyzer(s_classifier, options: new StanceAnalyzerOptions { StreamWindow = 512 }));
        var a = new StanceAnalyzer(s_classifier, options: new StanceAnalyzerOptions { StreamWindow = 1024 });
        var text = string.Concat(Enumerable.Repeat("The ministry said the talks went well. ", 200));
        var byOption = a.AnalyzeStream(new StringReader(text), "Russia").Select(s => (s.Span, s.Stance)).ToList();
        var byCall = StanceAnalyzer.Default.AnalyzeStream(new StringReader(text), "Russia", window: 1024).Select(s => (s.Span, s.Stance)).ToList();
        Assert.That(byOption, Is.EqualTo(byCall));
    }

    [Test]
    public void BadOptionsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StanceAnalyzer(s_classifier, options: new StanceAnalyzerOptions { MaxSentenceLength = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StanceAnalyzer(s_classifier, options: new StanceAnalyzerOptions { MaxDegreeOfParallelism = 0 }));
        // A segmenter that disagrees with the options is a configuration error, not a silent choice of one of them.
        var e = Assert.Throws<ArgumentException>(() => new StanceAnalyzer(s_classifier, new SentenceSegmenter(500), options: new StanceAnalyzerOptions { MaxSentenceLength = 600 }))!;
        Assert.That(e.ParamName, Is.EqualTo("segmenter"));
    }

    [Test]
    public async Task ParallelismBoundsTheDocumentsInFlight()
    {
        // With MaxDegreeOfParallelism = 1 at most two documents are in flight (the read-ahead window is twice the
        // parallelism), whatever the machine's processor count; results stay in input order.
        var a = new StanceAnalyzer(s_classifier, options: new StanceAnalyzerOptions { MaxDegreeOfParallelism = 1 });
        var texts = Enumerable.Range(0, 20).Select(i => $"Document {i}. The Kremlin said the strikes hit only military targets.").ToList();
        int pulled = 0, consumed = 0, maxAhead = 0;
        var results = new List<StanceDocument>();
        await foreach (var d in a.AnalyzeManyAsync(ToAsync(texts, n => Volatile.Write(ref pulled, n))))
        {
            results.Add(d);
            consumed++;
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref pulled) - consumed);
        }
        Assert.That(results.Select(d => d.Text), Is.EqualTo(texts));
        Assert.That(maxAhead, Is.LessThanOrEqualTo(3));
    }

    private static async IAsyncEnumerable<string> ToAsync(IEnumerable<string> texts, Action<int> pulled)
    {
        int i = 0;
        foreach (var t in texts)
        {
            await Task.Yield();
            pulled(++i);
            yield return t;
        }
    }
}
