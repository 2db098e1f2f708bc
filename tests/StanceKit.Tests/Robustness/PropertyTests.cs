using CsCheck;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// Property tests over generated text for the extractor and the analyzer (the segmenter's own are in
/// Segmentation/SentenceSegmenterPropertyTests): spans in bounds, ordered, non-overlapping; probabilities finite and
/// summing to 1 within 1e-5; the same input gives the same output every time and on every thread.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class PropertyTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;

    /// <summary>News-like fragments (names the gazetteer knows, unknown names, titles, acronyms, quotes) and hostile characters.</summary>
    private static readonly Gen<string> s_news = Gen.OneOf(
            Gen.Const("President Vladimir Putin"), Gen.Const("Putin"), Gen.Const("Xi Jinping"), Gen.Const("Xi"), Gen.Const("Moscow"),
            Gen.Const("the Kremlin"), Gen.Const("Beijing"), Gen.Const("Russian"), Gen.Const("Chinese"), Gen.Const("NATO"), Gen.Const("the UN"),
            Gen.Const("Shanghai Cooperation Organization (SCO)"), Gen.Const("SCO"), Gen.Const("Zorvan Tesh"), Gen.Const("Tesh"),
            Gen.Const("Foreign Minister"), Gen.Const("Gen."), Gen.Const("Dr."), Gen.Const("said"), Gen.Const("accused"), Gen.Const("praised"),
            Gen.Const("the ministry"), Gen.Const("state media"), Gen.Const("critics"), Gen.Const("rights groups"), Gen.Const("strikes"),
            Gen.Const("."), Gen.Const(","), Gen.Const("!"), Gen.Const("?"), Gen.Const("\u201C"), Gen.Const("\u201D"), Gen.Const("\""),
            Gen.Const("("), Gen.Const(")"), Gen.Const(" "), Gen.Const(" "), Gen.Const(" "), Gen.Const("\n"), Gen.Const("\n\n"), Gen.Const("\r\n"),
            Gen.Const("\u2028"), Gen.Const("\u0085"), Gen.Const("—"), Gen.Const("U.S."), Gen.Const("Mr."), Gen.Const("3.5%"),
            Gen.Const("😀"), Gen.Const("\uD800"), Gen.Const("\uDC00"), Gen.Const("\u200B"), Gen.Const("\u202E"), Gen.Const("\0"), Gen.Const("e\u0301"),
            Gen.Const("MOSCOW (Reuters) —"), Gen.Const("Kim Jong-un"), Gen.Const("al-Burhan"), Gen.Const("Abdel-Fattah al-Burhan"))
        .Array[0, 80].Select(a => string.Join(' ', a));

    /// <summary>Any UTF-16 code units.</summary>
    private static readonly Gen<string> s_any = Gen.Char.Array[0, 300].Select(a => new string(a));

    private static readonly Gen<string> s_text = Gen.Frequency((4, s_news), (1, s_any));

    [Test]
    public void ExtractorSpansAreInBoundsOrderedAndStable() => RobustAssert.Finishes(() => s_text.Sample(text =>
    {
        var a = EntityExtractor.Default.Extract(text);
        RobustAssert.Entities(text, a);
        var b = EntityExtractor.Default.Extract(text);
        if (!a.SequenceEqual(b)) Assert.Fail($"two runs differ on {RobustAssert.Escape(text)}");
        var spans = new EntitySpan[a.Count + 1];
        int n = EntityExtractor.Default.Extract(text.AsSpan(), spans);
        if (n != a.Count || !spans.Take(n).Select(s => s.Span).SequenceEqual(a.Select(m => m.Span))) Assert.Fail($"span API differs on {RobustAssert.Escape(text)}");
        RobustAssert.Entities(text, s_analyzer.Extractor.Extract(text));
    }, iter: 1_500));

    [Test]
    public void AnalyzerKeepsEveryGuaranteeAndIsStable() => RobustAssert.Finishes(() => s_text.Sample(text =>
    {
        var doc = s_analyzer.Analyze(text);
        RobustAssert.Document(text, doc);
        if (RobustAssert.Fingerprint(s_analyzer.Analyze(text)) != RobustAssert.Fingerprint(doc)) Assert.Fail($"two runs differ on {RobustAssert.Escape(text)}");
        var withTarget = s_analyzer.Analyze(text, "China");
        RobustAssert.Document(text, withTarget);
        Assert.That(withTarget.Target, Is.EqualTo("China"));
    }, iter: 1_000));

    [Test]
    public void ClassifierProbabilitiesAreFiniteAndSumToOne() => RobustAssert.Finishes(() =>
        Gen.Select(s_text, Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"Russia"), Gen.Const((string?)"US"), Gen.Const((string?)"\uD800"), Gen.Const((string?)""), Gen.Const((string?)"Atlantis")))
        .Sample((text, target) =>
        {
            var p = s_analyzer.Classifier.Predict(text, target);
            RobustAssert.Probabilities(p.Scores, RobustAssert.Escape(text));
            Span<float> raw = stackalloc float[3];
            s_analyzer.Classifier.ScoreUncalibrated(text, raw, target);
            RobustAssert.Probabilities(StanceScores.FromSpan(raw), RobustAssert.Escape(text));
        }, iter: 2_000));

    [Test]
    public void StreamingEqualsOneShotForTextInOneWindow() => RobustAssert.Finishes(() => s_text.Sample(text =>
    {
        var doc = s_analyzer.Analyze(text);
        var streamed = s_analyzer.AnalyzeStream(new StringReader(text)).ToList();
        if (streamed.Count != doc.Sentences.Count) Assert.Fail($"{streamed.Count} streamed sentences, {doc.Sentences.Count} in one shot: {RobustAssert.Escape(text)}");
        for (int i = 0; i < streamed.Count; i++)
        {
            var (s, d) = (streamed[i], doc.Sentences[i]);
            if (s.Span != d.Span || s.Text != d.Text || s.Stance != d.Stance || s.Scores != d.Scores || s.Target != doc.Target || s.TargetInferred != doc.TargetInferred
                || !s.Entities.SequenceEqual(d.Entities))
                Assert.Fail($"sentence {i} differs between streaming and one shot: {RobustAssert.Escape(text)}");
        }
    }, iter: 600));

    [Test]
    public void SameOutputOnEveryThread()
    {
        var texts = s_text.Array[200].Single(a => a.Sum(t => t.Length) > 5_000, seed: "0N0XIzNsQ0O2");
        var expectedDocs = texts.Select(t => RobustAssert.Fingerprint(s_analyzer.Analyze(t))).ToArray();
        var expectedSpans = texts.Select(t => string.Join(",", SentenceSegmenter.Default.Segment(t))).ToArray();
        var expectedEntities = texts.Select(t => string.Join(",", EntityExtractor.Default.Extract(t))).ToArray();
        int mismatches = 0;
        RobustAssert.Finishes(() => Parallel.For(0, texts.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            int i = (k * 37) % texts.Length;
            if (RobustAssert.Fingerprint(s_analyzer.Analyze(texts[i])) != expectedDocs[i]) Interlocked.Increment(ref mismatches);
            if (string.Join(",", SentenceSegmenter.Default.Segment(texts[i])) != expectedSpans[i]) Interlocked.Increment(ref mismatches);
            if (string.Join(",", EntityExtractor.Default.Extract(texts[i])) != expectedEntities[i]) Interlocked.Increment(ref mismatches);
        }));
        Assert.That(mismatches, Is.Zero);
    }
}
