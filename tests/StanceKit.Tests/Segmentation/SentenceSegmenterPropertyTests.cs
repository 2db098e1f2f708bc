using CsCheck;
using static StanceKit.Tests.Segmentation.SegmentationAssert;

namespace StanceKit.Tests.Segmentation;

/// <summary>
/// Property tests over random input: the output contract always holds, nothing throws or hangs, no span cuts a surrogate
/// pair, and streaming gives the same spans as the one-shot call.
/// </summary>
public class SentenceSegmenterPropertyTests
{
    /// <summary>Any UTF-16 code unit: lone surrogates, control characters, unassigned code points included.</summary>
    private static readonly Gen<string> s_anyUnicode = Gen.Char.Array[0, 400].Select(a => new string(a));

    /// <summary>Code units biased towards the characters the rules look at.</summary>
    private static readonly Gen<char> s_interestingChar = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (3, Gen.Char['A', 'Z']),
        (2, Gen.Char['0', '9']),
        (6, Gen.OneOf(Gen.Const(' '), Gen.Const('\n'), Gen.Const('\r'), Gen.Const('\t'), Gen.Const('\u00A0'), Gen.Const('\u2028'), Gen.Const('\u2029'), Gen.Const('\u0085'), Gen.Const('\u000C'))),
        (6, Gen.OneOf(Gen.Const('.'), Gen.Const('!'), Gen.Const('?'), Gen.Const('\u2026'), Gen.Const('\u3002'), Gen.Const(','), Gen.Const(';'), Gen.Const(':'))),
        (4, Gen.OneOf(Gen.Const('"'), Gen.Const('\''), Gen.Const('\u201C'), Gen.Const('\u201D'), Gen.Const('\u2019'), Gen.Const('\u00AB'), Gen.Const('\u00BB'), Gen.Const('('), Gen.Const(')'), Gen.Const('['), Gen.Const(']'))),
        (2, Gen.OneOf(Gen.Const('\u2022'), Gen.Const('\u2043'), Gen.Const('-'), Gen.Const('*'), Gen.Const('\u2014'), Gen.Const('@'), Gen.Const('/'))),
        (2, Gen.Char['\uD800', '\uDFFF']),
        (1, Gen.Char['\u0000', '\u001F']),
        (1, Gen.Char['\u0300', '\u036F']),
        (1, Gen.Char));

    private static readonly Gen<string> s_interesting = s_interestingChar.Array[0, 600].Select(a => new string(a));

    /// <summary>News-like fragments glued together at random.</summary>
    private static readonly Gen<string> s_fragments = Gen.OneOf(
            Gen.Const("The talks failed."), Gen.Const(" "), Gen.Const("\n"), Gen.Const("\r\n"), Gen.Const("\n\n"), Gen.Const("U.S."),
            Gen.Const("Mr."), Gen.Const("Dr. Haddad"), Gen.Const("5 p.m."), Gen.Const("a.m."), Gen.Const("“Who?”"), Gen.Const("asked"),
            Gen.Const("..."), Gen.Const(". . ."), Gen.Const("…"), Gen.Const("?!"), Gen.Const("1."), Gen.Const("2)"), Gen.Const("a."),
            Gen.Const("• "), Gen.Const("- "), Gen.Const("example.com"), Gen.Const("KYIV, Ukraine —"), Gen.Const("The"), Gen.Const("he"),
            Gen.Const("I."), Gen.Const("J."), Gen.Const("$4.5bn"), Gen.Const("😀"), Gen.Const("\uD800"), Gen.Const("\uDC00"),
            Gen.Const("(Both sides left.)"), Gen.Const("Headline Here"), Gen.Const("etc."), Gen.Const("No. 5"), Gen.Const(","),
            Gen.Const("Smith said."), Gen.Const("\u00A0"), Gen.Const("\t"), Gen.Const("e\u0301"), Gen.Const("。"))
        .Array[0, 120].Select(a => string.Concat(a));

    private static void Check(string text, int max)
    {
        var segmenter = max == SentenceSegmenter.DefaultMaxSentenceLength ? SentenceSegmenter.Default : new SentenceSegmenter(max);
        var spans = segmenter.Segment(text);
        AssertContract(text, spans, max);
        var streamed = Streamed(segmenter, text, 1 + text.Length % 13);
        if (!streamed.SequenceEqual(spans)) Assert.Fail("streaming differs from one-shot");
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString()));

    private static void RunWithDeadline(Action action)
    {
        var task = Task.Run(action);
        if (!task.Wait(TimeSpan.FromMinutes(2))) Assert.Fail("segmentation did not finish: hang?");
        task.GetAwaiter().GetResult();
    }

    [Test]
    public void ContractHoldsForAnyUnicode() =>
        RunWithDeadline(() => s_anyUnicode.Sample(t => Check(t, SentenceSegmenter.DefaultMaxSentenceLength), iter: 3_000));

    [Test]
    public void ContractHoldsForPunctuationHeavyText() =>
        RunWithDeadline(() => s_interesting.Sample(t => Check(t, SentenceSegmenter.DefaultMaxSentenceLength), iter: 3_000));

    [Test]
    public void ContractHoldsForNewsFragments() =>
        RunWithDeadline(() => s_fragments.Sample(t => Check(t, SentenceSegmenter.DefaultMaxSentenceLength), iter: 3_000));

    [Test]
    public void ContractHoldsWithTheSmallestMaximum() =>
        RunWithDeadline(() => Gen.OneOf(s_interesting, s_fragments).Sample(t => Check(t, SentenceSegmenter.MinMaxSentenceLength), iter: 3_000));

    [Test]
    public void ContractHoldsForLongInputAcrossStreamingBuffers() =>
        RunWithDeadline(() => Gen.OneOf(s_interesting, s_fragments).Array[20, 60].Select(a => string.Concat(a))
            .Sample(t => Check(t, 100), iter: 150));

    [Test]
    public void SentencesBeforeABlankLineDoNotDependOnWhatFollows()
    {
        // A blank line always separates, so appending text after one never changes the sentences before it.
        RunWithDeadline(() => Gen.Select(s_fragments, s_interesting).Sample((a, b) =>
        {
            string joined = a + "\n\n" + b;
            var alone = SentenceSegmenter.Default.Segment(a);
            var prefix = SentenceSegmenter.Default.Segment(joined).TakeWhile(s => s.End <= a.Length).ToList();
            if (!alone.SequenceEqual(prefix))
                Assert.Fail($"sentences before a blank line changed when text was appended after it: {Escape(a)} | {string.Join(",", alone)} | {string.Join(",", prefix)}");
        }, iter: 2_000));
    }
}
