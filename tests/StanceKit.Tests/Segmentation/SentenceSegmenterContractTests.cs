using System.Diagnostics;
using System.Text;
using StanceKit.Tests.Robustness;
using StanceKit.Tests.Support;
using static StanceKit.Tests.Segmentation.SegmentationAssert;

namespace StanceKit.Tests.Segmentation;

/// <summary>The API contract: bounds, allocation-free span API, streaming equal to one-shot, bounded run-on output.</summary>
public class SentenceSegmenterContractTests
{
    private static readonly int[] s_chunks = [1, 2, 3, 5, 64, 1000, 4096, 100_000];

    /// <summary>A deterministic news-like text of about <paramref name="length"/> characters, with headlines and lists.</summary>
    internal static string NewsText(int length, int seed)
    {
        string[] parts =
        [
            "The talks moved to the U.S. The delegations arrived on Monday.", "Gen. Sarah Jones and Lt. Col. Mark Reed visited the base.",
            "“Who gave the order?” asked the general.", "Polls close at 5 p.m. Monday in the capital.", "The deal is worth $4.5bn.",
            "Ukraine says talks stalled\nKYIV, Ukraine — Talks stalled on Monday.", "\n\n", "\r\n", "• Aid convoy delayed\n",
            "He paused... Then he left.", "Read more at example.com.", "1. Open talks 2. Free prisoners\n", "Really?! Nobody knows.",
            "Negotiators met in Istanbul on Friday for the first\ndirect talks in three years.", "At 6 a.m. Mr. Haddad left.",
            "The talks failed. (Both sides blamed each other.)", "He met J. R. R. Tolkien’s heirs.", "   ", "Great news 🎉.",
        ];
        var rng = new Random(seed);
        var sb = new StringBuilder(length + 200);
        while (sb.Length < length)
        {
            sb.Append(parts[rng.Next(parts.Length)]);
            sb.Append(rng.Next(4) == 0 ? "\n" : " ");
        }
        return sb.ToString();
    }

    public static IEnumerable<string> StreamingTexts()
    {
        foreach (var t in SentenceSegmenterCaseTests.AllInputs()) yield return t;
        yield return NewsText(20_000, 1);
        yield return NewsText(50_000, 2);
        yield return new string('x', 9_000);                                   // one run-on word
        yield return string.Concat(Enumerable.Repeat("word ", 3_000));         // run-on with spaces
        yield return "Start." + new string(' ', 20_000) + "End.";              // huge white-space run
        yield return "Start" + new string('\n', 10_000) + "End";               // many line breaks
        yield return string.Concat(Enumerable.Repeat("😀", 5_000));            // surrogate pairs, no space
        yield return new string('!', 7_000) + " Yes.";                           // long punctuation run
        yield return string.Concat(Enumerable.Repeat("U.S.", 2_000));          // dots without spaces
        yield return string.Concat(Enumerable.Repeat(". . . ", 2_000));        // spaced dots
    }

    [Test]
    public void StreamingGivesTheSameSpansAsOneShotForEveryChunkSize()
    {
        int checkedTexts = 0;
        foreach (var text in StreamingTexts())
        {
            var expected = SentenceSegmenter.Default.Segment(text);
            foreach (int chunk in s_chunks)
                Assert.That(Streamed(SentenceSegmenter.Default, text, chunk), Is.EqualTo(expected), $"chunk {chunk}, text length {text.Length}");
            checkedTexts++;
        }
        Assert.That(checkedTexts, Is.GreaterThan(200));
    }

    [Test]
    public void StreamingWithASmallMaximumMatchesOneShot()
    {
        var segmenter = new SentenceSegmenter(64);
        foreach (var text in new[] { NewsText(30_000, 3), string.Concat(Enumerable.Repeat("a b, c ", 3_000)), new string('y', 5_000) })
        {
            var expected = segmenter.Segment(text);
            AssertContract(text, expected, 64);
            foreach (int chunk in s_chunks)
                Assert.That(Streamed(segmenter, text, chunk), Is.EqualTo(expected), $"chunk {chunk}");
        }
    }

    [Test]
    public void StreamingOffsetsAreRelativeToTheStartOfTheReader()
    {
        const string text = "  First one. Second one.";
        var spans = SentenceSegmenter.Default.Segment(new StringReader(text)).ToList();
        Assert.That(spans, Is.EqualTo(new[] { new TextSpan(2, 10), new TextSpan(13, 11) }));
    }

    [Test]
    public void StreamingIsLazy()
    {
        var reader = new ChunkedReader(NewsText(200_000, 4), 4096);
        var first = SentenceSegmenter.Default.Segment(reader).First();
        Assert.That(first.Start, Is.Zero);
        Assert.That(reader.Peek(), Is.Not.EqualTo(-1), "the reader should not have been read to its end for the first sentence");
    }

    [Test]
    public void SpanApiAndEnumeratorDoNotAllocateAfterWarmUp()
    {
        string text = NewsText(100_000, 5);
        var destination = new TextSpan[4096];
        var segmenter = SentenceSegmenter.Default;
        // Warm up (static tables, JIT tiers).
        for (int i = 0; i < 3; i++)
        {
            segmenter.Segment(text.AsSpan(), destination);
            foreach (var _ in segmenter.EnumerateSentences(text)) { }
        }

        int written = 0, enumerated = 0;
        long spanBytes = Allocations.InSteadyState(() => written = segmenter.Segment(text.AsSpan(), destination));
        long enumeratorBytes = Allocations.InSteadyState(() =>
        {
            enumerated = 0;
            foreach (var _ in segmenter.EnumerateSentences(text)) enumerated++;
        });

        Assert.That(written, Is.GreaterThan(500));
        Assert.That(enumerated, Is.GreaterThanOrEqualTo(written));
        Assert.That(spanBytes, Is.Zero, "Segment(span, destination) allocated");
        Assert.That(enumeratorBytes, Is.Zero, "EnumerateSentences allocated");
    }

    [Test]
    public void SpanApiStopsWhenTheDestinationIsFullAndCanBeResumed()
    {
        const string text = "One. Two. Three. Four. Five.";
        Span<TextSpan> destination = stackalloc TextSpan[2];
        int n = SentenceSegmenter.Default.Segment(text, destination);
        Assert.That(n, Is.EqualTo(2));
        Assert.That(destination[1].Slice(text).ToString(), Is.EqualTo("Two."));

        int resumeAt = destination[1].End;
        n = SentenceSegmenter.Default.Segment(text.AsSpan(resumeAt), destination);
        Assert.That(n, Is.EqualTo(2));
        Assert.That(destination[0].Slice(text.AsSpan(resumeAt)).ToString(), Is.EqualTo("Three."));
        Assert.That(SentenceSegmenter.Default.Segment(text, Span<TextSpan>.Empty), Is.Zero);
    }

    [Test]
    public void SpanApiAndEnumeratorAndListAgree()
    {
        string text = NewsText(40_000, 6);
        var list = SentenceSegmenter.Default.Segment(text);
        var destination = new TextSpan[list.Count + 10];
        int n = SentenceSegmenter.Default.Segment(text.AsSpan(), destination);
        var enumerated = new List<TextSpan>();
        foreach (var s in SentenceSegmenter.Default.EnumerateSentences(text)) enumerated.Add(s);
        Assert.That(destination.Take(n), Is.EqualTo(list));
        Assert.That(enumerated, Is.EqualTo(list));
    }

    [Test]
    public void OneMegabyteWithoutPunctuationIsCutIntoBoundedPieces()
    {
        var sb = new StringBuilder();
        var rng = new Random(7);
        string[] words = ["talks", "ceasefire", "officials", "convoy", "border", "minister", "and", "the", "of", "Kyiv"];
        while (sb.Length < 1 << 20) sb.Append(words[rng.Next(words.Length)]).Append(' ');
        string text = sb.ToString();

        // A hang guard, not a speed check (the house asserts no wall-clock time): a quadratic step on a megabyte is
        // about 10^12 character visits, far beyond the guard's minutes.
        IReadOnlyList<TextSpan> spans = [];
        RobustAssert.Finishes(() => spans = SentenceSegmenter.Default.Segment(text));

        AssertContract(text, spans, SentenceSegmenter.DefaultMaxSentenceLength);
        Assert.That(spans.Max(s => s.Length), Is.LessThanOrEqualTo(SentenceSegmenter.DefaultMaxSentenceLength));
        Assert.That(spans.Count, Is.GreaterThanOrEqualTo(text.Length / SentenceSegmenter.DefaultMaxSentenceLength));
        // Cut at white space: no piece starts or ends inside a word.
        Assert.That(spans.All(s => (s.Start == 0 || text[s.Start - 1] == ' ') && (s.End == text.Length || text[s.End] == ' ')), Is.True);
    }

    [Test]
    public void OneMegabyteWithoutAnySpaceIsCutAtTheMaximum()
    {
        string text = new('a', 1 << 20);
        var spans = SentenceSegmenter.Default.Segment(text);
        AssertContract(text, spans, SentenceSegmenter.DefaultMaxSentenceLength);
        Assert.That(spans.Take(spans.Count - 1).All(s => s.Length == SentenceSegmenter.DefaultMaxSentenceLength), Is.True);
    }

    [Test]
    public void RunOnTextIsCutAfterClausePunctuationWhenThereIsSome()
    {
        var segmenter = new SentenceSegmenter(100);
        string text = string.Concat(Enumerable.Repeat("the convoy moved on, and ", 40));
        var sentences = Sentences(text, segmenter);
        Assert.That(sentences.Length, Is.GreaterThan(5));
        Assert.That(sentences.Take(sentences.Length - 1).All(s => s.EndsWith(',')), Is.True);
    }

    [Test]
    public void HardCutsNeverSplitSurrogatePairsOrCombiningMarks()
    {
        var segmenter = new SentenceSegmenter(64);
        string emoji = string.Concat(Enumerable.Repeat("😀", 1000));
        var spans = segmenter.Segment(emoji);
        AssertContract(emoji, spans, 64);
        Assert.That(spans.All(s => s.Length % 2 == 0), Is.True);

        string accents = string.Concat(Enumerable.Repeat("e\u0301", 1000));
        var accentSpans = segmenter.Segment(accents);
        AssertContract(accents, accentSpans, 64);
        Assert.That(accentSpans.All(s => accents[s.Start] == 'e'), Is.True);
    }

    [Test]
    public void AdversarialInputsRunInLinearTime()
    {
        string[] patterns = ["!", ". ", ". . ", "U.S.", "a.", "Mr. ", "\n", "\r\n", "“", "...", "1. ", "• ", " a", "?\u201D ", "\u2029"];
        foreach (var p in patterns)
        {
            string text = string.Concat(Enumerable.Repeat(p, (1 << 19) / p.Length));
            // A hang guard (no wall-clock assertion): quadratic work on half a megabyte of one pattern would be about
            // 10^11 steps, minutes at least, so the guard still catches it.
            IReadOnlyList<TextSpan> spans = [];
            RobustAssert.Finishes(() => spans = SentenceSegmenter.Default.Segment(text));
            AssertContract(text, spans, SentenceSegmenter.DefaultMaxSentenceLength);
        }
    }

    [Test]
    public void ArgumentsAreValidated()
    {
        Assert.That(() => new SentenceSegmenter(63), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => SentenceSegmenter.Default.Segment((string)null!), Throws.ArgumentNullException);
        Assert.That(() => SentenceSegmenter.Default.Segment((TextReader)null!), Throws.ArgumentNullException);
        Assert.That(new SentenceSegmenter(64).MaxSentenceLength, Is.EqualTo(64));
        Assert.That(SentenceSegmenter.Default.MaxSentenceLength, Is.EqualTo(SentenceSegmenter.DefaultMaxSentenceLength));
    }
}
