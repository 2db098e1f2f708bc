using System.Text;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// Hostile text through every entry point (segmenter, extractor, classifier, analyzer): nothing throws except
/// <see cref="ArgumentNullException"/> for null, every span stays in bounds, in order, non-overlapping and on UTF-16
/// pair boundaries, every probability is finite, and nothing hangs.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class HostileInputTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;
    private static StanceClassifier Classifier => s_analyzer.Classifier;

    private static void AllEntryPoints(string text)
    {
        var spans = SentenceSegmenter.Default.Segment(text);
        RobustAssert.Spans(text, spans, "sentence");
        Assert.That(SentenceSegmenter.Default.Segment(new StringReader(text)).ToList(), Is.EqualTo(spans), "streaming segmentation differs");
        RobustAssert.Entities(text, EntityExtractor.Default.Extract(text));
        RobustAssert.Entities(text, s_analyzer.Extractor.Extract(text));
        var doc = s_analyzer.Analyze(text);
        RobustAssert.Document(text, doc);
        Assert.That(doc.Sentences.Select(s => s.Span), Is.EqualTo(spans));
        foreach (var s in spans.Take(50))
        {
            var p = Classifier.Predict(s.GetText(text), "Russia");
            RobustAssert.Probabilities(p.Scores, RobustAssert.Escape(s.GetText(text)));
        }
        RobustAssert.Probabilities(Classifier.Predict(text.Length > 5000 ? text[..5000] : text).Scores, "whole text");
    }

    // ------------------------------------------------------------------ null and empty

    [Test]
    public async Task NullArgumentsNameTheParameter()
    {
        Assert.That(Assert.Throws<ArgumentNullException>(() => s_analyzer.Analyze(null!))!.ParamName, Is.EqualTo("text"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => s_analyzer.Analyze(null!, "Russia"))!.ParamName, Is.EqualTo("text"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => s_analyzer.AnalyzeStream(null!))!.ParamName, Is.EqualTo("reader"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => StanceAnalyzer.InferTarget(null!))!.ParamName, Is.EqualTo("entities"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => new StanceAnalyzer((StanceScorer)null!))!.ParamName, Is.EqualTo("scorer"));
        Assert.That((await Assert.ThrowsAsync<ArgumentNullException>(async () => { await foreach (var _ in s_analyzer.AnalyzeManyAsync(null!)) { } }))!.ParamName, Is.EqualTo("texts"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => SentenceSegmenter.Default.Segment((string)null!))!.ParamName, Is.EqualTo("text"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => SentenceSegmenter.Default.Segment((TextReader)null!))!.ParamName, Is.EqualTo("reader"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => EntityExtractor.Default.Extract((string)null!))!.ParamName, Is.EqualTo("text"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => Classifier.Predict((string)null!))!.ParamName, Is.EqualTo("sentence"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => Classifier.Explain(null!))!.ParamName, Is.EqualTo("sentence"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => Classifier.ScoreBatch(null!, new float[3], new Stance[1]))!.ParamName, Is.EqualTo("sentences"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => StanceModel.Load((string)null!))!.ParamName, Is.EqualTo("path"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => StanceModel.Load((Stream)null!))!.ParamName, Is.EqualTo("stream"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => EntityExtractor.Load((Stream)null!, Gazetteer.Default))!.ParamName, Is.EqualTo("taggerModel"));
    }

    [TestCase("")]
    [TestCase(" ")]
    [TestCase("\t\n\r\n \u00A0\u2028\u2029\u0085\u3000\u000B\u000C  ")]
    public void EmptyOrWhiteSpaceGivesAnEmptyDocument(string text)
    {
        Assert.That(SentenceSegmenter.Default.Segment(text), Is.Empty);
        Assert.That(SentenceSegmenter.Default.Segment(new StringReader(text)), Is.Empty);
        Assert.That(EntityExtractor.Default.Extract(text), Is.Empty);
        var doc = s_analyzer.Analyze(text);
        Assert.That((doc.Sentences.Count, doc.Entities.Count, doc.Summary.Sentences, doc.Summary.ByActor.Count, doc.Target), Is.EqualTo((0, 0, 0, 0, (string?)null)));
        Assert.That(doc.Summary.Share(Stance.Critical), Is.Zero);
        Assert.That(s_analyzer.AnalyzeStream(new StringReader(text)), Is.Empty);
        RobustAssert.Probabilities(Classifier.Predict(text).Scores, "white space");
    }

    // ------------------------------------------------------------------ hostile characters

    private const string News = "President Vladimir Putin met Xi Jinping in Moscow. The Kremlin said talks were \"constructive.\" Critics disagreed.";

    public static IEnumerable<TestCaseData> HostileTexts()
    {
        static TestCaseData Case(string name, string text) => new TestCaseData(text).SetArgDisplayNames(name);
        yield return Case("lone high surrogate", "\uD800");
        yield return Case("lone low surrogate", "\uDC00");
        yield return Case("reversed pair", "\uDC00\uD800. \uDFFF\uDBFF.");
        yield return Case("lone surrogates in news", News.Replace(" ", " \uD83D").Replace(".", "\uDE00."));
        yield return Case("surrogates at every cut", string.Concat(Enumerable.Repeat("Putin\uD83D\uDE00.\uD800 Xi\uDC00!", 300)));
        yield return Case("combining marks alone", "\u0301\u0301\u0308 \u0301. \u0327\u0300Putin\u0301 said.");
        yield return Case("combining marks in news", string.Concat(News.Select(c => c + "\u0301")));
        yield return Case("zero-width", News.Replace(" ", "\u200B").Replace("e", "e\u200D\u200C\uFEFF"));
        yield return Case("bidi controls", "\u202EPutin said\u202C. \u2067Xi\u2069 \u200F\u200E\u202A\u202B\u202D met \u2066Moscow\u2069.");
        yield return Case("NUL and C0", News.Replace(" ", "\0").Replace(".", ".\u0001\u0007\u0008\u001B\u001F"));
        yield return Case("all C0", new string(Enumerable.Range(0, 32).Select(i => (char)i).ToArray()) + News);
        yield return Case("all C1", new string(Enumerable.Range(0x80, 32).Select(i => (char)i).ToArray()) + News + "\u0085\u009C");
        yield return Case("emoji", "😀 Putin 🇷🇺 met Xi 🇨🇳. 👨‍👩‍👧‍👦 said 👍🏽! 🏳️‍🌈 Moscow.");
        yield return Case("astral letters", "𝔓𝔲𝔱𝔦𝔫 met 𝒳𝒾. 𠀀𠀁 said 𐐷. Russia 𝟙𝟚𝟛.");
        yield return Case("noncharacters", "\uFFFE\uFFFF\uFDD0 Putin said. \uFFFD\uFFFD.");
        yield return Case("private use", "\uE000\uF8FF Putin \uDB80\uDC00 said.");
        yield return Case("only punctuation", "....!!!???…………“”‘’«»()[]{}—–-•");
        yield return Case("only digits", new string('7', 5000));
        yield return Case("huge single word", new string('A', 70_000));
        yield return Case("many spaces", new string(' ', 50_000) + "Putin." + new string('\n', 50_000) + "Xi.");
        yield return Case("surrogate run", string.Concat(Enumerable.Repeat("😀", 40_000)));
        yield return Case("high surrogate run", new string('\uD800', 40_000));
        yield return Case("mixed garbage", new string(Enumerable.Range(0, 30_000).Select(i => (char)(i * 7919 % 65536)).ToArray()));
    }

    [TestCaseSource(nameof(HostileTexts))]
    public void HostileTextKeepsEveryGuarantee(string text) => RobustAssert.Finishes(() => AllEntryPoints(text));

    [TestCase("\r")]
    [TestCase("\n")]
    [TestCase("\r\n")]
    [TestCase("\u0085")]
    [TestCase("\u2028")]
    [TestCase("\u2029")]
    public void EveryLineSeparatorSeparatesParagraphs(string sep)
    {
        string text = "The talks ended" + sep + sep + "A deal was signed." + sep + "Prices rose." + sep;
        AllEntryPoints(text);
        var sentences = SentenceSegmenter.Default.Segment(text).Select(s => s.GetText(text)).ToArray();
        Assert.That(sentences, Is.EqualTo(new[] { "The talks ended", "A deal was signed.", "Prices rose." }));
    }

    [TestCase('x')]
    [TestCase('Q')]
    [TestCase('\u4E2D')]
    [TestCase('7')]
    public void OneMegabyteRunWithoutPunctuationOrSpaces(char c)
    {
        string text = new(c, 1 << 20);
        RobustAssert.Finishes(() =>
        {
            var spans = SentenceSegmenter.Default.Segment(text);
            RobustAssert.Spans(text, spans, "sentence");
            Assert.That(spans.Sum(s => s.Length), Is.EqualTo(text.Length), "every character is in a sentence");
            Assert.That(spans.Max(s => s.Length), Is.LessThanOrEqualTo(SentenceSegmenter.DefaultMaxSentenceLength));
            var doc = s_analyzer.Analyze(text);
            RobustAssert.Document(text, doc);
            RobustAssert.Entities(text, EntityExtractor.Default.Extract(text));
        });
    }

    [Test]
    public void OneMegabyteOfEmojiPairsIsNeverCut()
    {
        string text = string.Concat(Enumerable.Repeat("\U0001F600", 1 << 19));
        RobustAssert.Finishes(() =>
        {
            var spans = SentenceSegmenter.Default.Segment(text);
            RobustAssert.Spans(text, spans, "sentence");
            Assert.That(spans.Sum(s => s.Length), Is.EqualTo(text.Length));
            Assert.That(spans.All(s => s.Start % 2 == 0 && s.End % 2 == 0), Is.True);
        });
    }

    public static IEnumerable<TestCaseData> NestedTexts()
    {
        const int n = 10_000;
        yield return new TestCaseData(new string('(', n) + "Putin said so." + new string(')', n)).SetArgDisplayNames("brackets");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("\u201C\u2018", n)) + "Xi said. " + string.Concat(Enumerable.Repeat("\u2019\u201D", n))).SetArgDisplayNames("curly quotes");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("\"'", n)) + "Moscow." + string.Concat(Enumerable.Repeat("'\"", n))).SetArgDisplayNames("straight quotes");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("([{\u00AB\"", n)) + " Russia! " + string.Concat(Enumerable.Repeat("\"\u00BB}])", n))).SetArgDisplayNames("mixed");
        yield return new TestCaseData(new string('(', n) + new string('"', n)).SetArgDisplayNames("unclosed");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("(Putin said. ", n))).SetArgDisplayNames("sentences inside unclosed brackets");
    }

    [TestCaseSource(nameof(NestedTexts))]
    public void TenThousandNestedQuotesAndBrackets(string text) => RobustAssert.Finishes(() => AllEntryPoints(text));

    // ------------------------------------------------------------------ superlinear inputs found while testing

    /// <summary>
    /// Texts that used to take minutes (quadratic entity linking, title scanning, tagger context and acronym typing;
    /// e.g. 160 K characters of unknown names took 26 s). At half a megabyte, a quadratic path would blow far past the
    /// guard; linear code takes about a second.
    /// </summary>
    public static IEnumerable<TestCaseData> FormerlyQuadraticTexts()
    {
        static string Gen(Func<int, string> f, int length)
        {
            var sb = new StringBuilder(length + 64);
            for (int i = 0; sb.Length < length; i++) sb.Append(f(i));
            return sb.ToString(0, length);
        }
        const int len = 1 << 19;
        yield return new TestCaseData(Gen(i => $"Zorg{i} said. ", len)).SetArgDisplayNames("unknown one-word names");
        yield return new TestCaseData(Gen(i => $"Zorg{i} Tesh met Tesh. ", len)).SetArgDisplayNames("surnames of full names");
        yield return new TestCaseData(Gen(_ => "President ", len)).SetArgDisplayNames("title words");
        yield return new TestCaseData(Gen(i => $"the Q{i}X Group (QX{i}) and QX{i} met. ", len)).SetArgDisplayNames("parenthesised acronyms");
        yield return new TestCaseData(Gen(i => $"NATO and UN and ABC{i % 50} met. ", len)).SetArgDisplayNames("acronyms for the tagger");
        yield return new TestCaseData(Gen(i => $"Smith and Vonn{i} of Qar{i} said ", len)).SetArgDisplayNames("capitalised words without stops");
    }

    [TestCaseSource(nameof(FormerlyQuadraticTexts))]
    public void FormerlyQuadraticTextFinishes(string text) => RobustAssert.Finishes(() =>
    {
        RobustAssert.Entities(text, EntityExtractor.Default.Extract(text));
        RobustAssert.Document(text, s_analyzer.Analyze(text));
    }, minutes: 1);
}
