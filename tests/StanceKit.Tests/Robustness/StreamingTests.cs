namespace StanceKit.Tests.Robustness;

/// <summary>
/// <see cref="StanceAnalyzer.AnalyzeStream"/>: the same sentences as the one-shot segmenter over any length, the
/// one-shot analysis for text within one window, and bounded memory however long the text is (the 100 MB
/// demonstration, with time linear in size, is LargeInputBenchmarks).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class StreamingTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;
    private static readonly string s_article = File.ReadAllText(Support.Repo.Path("samples", "article.txt"));

    [Test]
    public void ArticleStreamsExactlyLikeTheOneShotAnalysis()
    {
        var doc = s_analyzer.Analyze(s_article);
        var streamed = s_analyzer.AnalyzeStream(new StringReader(s_article)).ToList();
        Assert.That(streamed.Select(s => (s.Index, s.Span, s.Text, s.Stance, s.Scores, s.Target, s.TargetInferred)),
            Is.EqualTo(doc.Sentences.Select(s => (s.Index, s.Span, s.Text, s.Stance, s.Scores, doc.Target, doc.TargetInferred))));
        Assert.That(streamed.SelectMany(s => s.Entities), Is.EqualTo(doc.Sentences.SelectMany(s => s.Entities)));
    }

    [Test]
    public void LongTextHasTheOneShotSentencesAndEveryGuaranteeAcrossWindows()
    {
        // ~600 K characters over windows of 4 K: many window boundaries.
        var text = string.Concat(Enumerable.Repeat(s_article + "\n\n", 240)) + "Trailing words without a stop";
        var spans = SentenceSegmenter.Default.Segment(text);
        var streamed = s_analyzer.AnalyzeStream(new StringReader(text), window: 4096).ToList();
        Assert.That(streamed.Select(s => s.Span), Is.EqualTo(spans));
        Assert.That(streamed.Select(s => s.Index), Is.EqualTo(Enumerable.Range(0, spans.Count)));
        foreach (var s in streamed)
        {
            if (s.Text != s.Span.GetText(text)) Assert.Fail($"sentence {s.Index}: text does not match its span");
            RobustAssert.Probabilities(s.Scores, s.Text);
            foreach (var e in s.Entities)
                if (!s.Span.Contains(e.Span)) Assert.Fail($"entity {e.Span} outside sentence {s.Span}");
        }
        // With a given target, the scores are those of the classifier sentence by sentence, once a person the window
        // named in full is written in full ("Mao told" → "Mao Ning told": the same features, so exactly the same scores).
        // (Without the document prior, which weighs the sentences of a window on each other, DocumentPriorTests, and
        // without speakers carried from the sentence before, SpeakerCarryTests.)
        var alone = new StanceAnalyzer(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = 0f, CarrySpeakers = false });
        var given = alone.AnalyzeStream(new StringReader(text), "Kremlin", window: 4096).Take(500).ToList();
        Assert.That(given.All(s => s.Target == "Russia" && !s.TargetInferred), Is.True);
        int expanded = 0;
        foreach (var s in given.Take(50))
        {
            var full = WithFullNames(s.Text, s.Span.Start, s.Entities);
            if (full != s.Text) expanded++;
            Assert.That(s.Scores, Is.EqualTo(s_analyzer.Classifier.Predict(full, "Russia").Scores));
        }
        Assert.That(expanded, Is.GreaterThan(0), "the sample article has a lone surname ('Mao told')");
    }

    /// <summary>The sentence with every person mention the gazetteer knows only by its linked full name written in full.</summary>
    internal static string WithFullNames(string sentence, int sentenceStart, IReadOnlyList<EntityMention> entities)
    {
        var g = Gazetteer.Default;
        var sb = new System.Text.StringBuilder(sentence);
        foreach (var e in entities.Where(e => e.Type == EntityType.Person).OrderByDescending(e => e.Span.Start))
        {
            string surface = sentence.Substring(e.Span.Start - sentenceStart, e.Span.Length);
            if (surface == e.Canonical || g.TryResolve(surface, out _) || !g.TryResolve(e.Canonical, out _)) continue;
            sb.Remove(e.Span.Start - sentenceStart, e.Span.Length).Insert(e.Span.Start - sentenceStart, e.Canonical);
        }
        return sb.ToString();
    }

    [Test]
    public void HostileStreamsKeepEveryGuarantee()
    {
        foreach (var text in new[] { new string('x', 300_000), string.Concat(Enumerable.Repeat("\U0001F600\uD800 Putin\u2028", 30_000)), new string('(', 50_000) + "Xi." })
        {
            var streamed = s_analyzer.AnalyzeStream(new StringReader(text), window: 1024).ToList();
            RobustAssert.Spans(text, streamed.Select(s => s.Span), "sentence");
            Assert.That(streamed.Select(s => s.Span), Is.EqualTo(SentenceSegmenter.Default.Segment(text)));
        }
    }

    [Test]
    [NonParallelizable] // GC.GetTotalMemory counts the whole process: tests running beside it would be measured too.
    public void MemoryStaysBoundedOnALongStream()
    {
        // 8 M characters (16 MB as a string) streamed; the live heap must not grow with it.
        var reader = new CancellationTests.RepeatingReader(s_article + "\n\n", (8 << 20) / (s_article.Length + 2));
        // One article first, so the one-time loads (models, gazetteer and word tables, per-thread scratch) are in the
        // baseline: what is measured is growth with the stream, which is what must stay bounded.
        _ = s_analyzer.AnalyzeStream(new StringReader(s_article)).Count();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        int n = 0;
        RobustAssert.Finishes(() =>
        {
            foreach (var s in s_analyzer.AnalyzeStream(reader))
            {
                if (++n % 4_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        });
        TestContext.Out.WriteLine($"{n} sentences; peak live heap growth {peak >> 10} KB");
        Assert.That(n, Is.GreaterThan(60_000));
        Assert.That(peak, Is.LessThan(8L << 20), "the live heap grew by more than half of the text's size");
    }
}
