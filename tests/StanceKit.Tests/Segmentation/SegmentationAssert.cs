namespace StanceKit.Tests.Segmentation;

/// <summary>Shared helpers: run the segmenter every way it can be run and check the output contract.</summary>
internal static class SegmentationAssert
{
    /// <summary>The sentence strings of <paramref name="text"/>, after checking the contract and that every entry point agrees.</summary>
    public static string[] Sentences(string text, SentenceSegmenter? segmenter = null)
    {
        segmenter ??= SentenceSegmenter.Default;
        var spans = segmenter.Segment(text);
        AssertContract(text, spans, segmenter.MaxSentenceLength);
        Assert.That(Streamed(segmenter, text, 7), Is.EqualTo(spans), "streaming must equal one-shot");
        return spans.Select(s => s.GetText(text)).ToArray();
    }

    /// <summary>Segments <paramref name="text"/> through a reader that hands out at most <paramref name="chunk"/> characters per read.</summary>
    public static List<TextSpan> Streamed(SentenceSegmenter segmenter, string text, int chunk) =>
        segmenter.Segment(new ChunkedReader(text, chunk)).ToList();

    /// <summary>
    /// The output contract: in order, non-overlapping, non-empty, trimmed, no longer than the maximum, not splitting a
    /// surrogate pair, and with only white space between sentences (every other character is in a sentence).
    /// </summary>
    public static void AssertContract(string text, IReadOnlyList<TextSpan> spans, int max)
    {
        int previousEnd = 0;
        foreach (var s in spans)
        {
            if (s.Start < previousEnd || s.Length <= 0 || s.End > text.Length)
                Assert.Fail($"span {s} out of order, empty or out of range (previous end {previousEnd}, length {text.Length})");
            if (s.Length > max) Assert.Fail($"span {s} longer than {max}");
            if (IsSpace(text[s.Start]) || IsSpace(text[s.End - 1])) Assert.Fail($"span {s} not trimmed");
            for (int i = previousEnd; i < s.Start; i++)
                if (!IsSpace(text[i])) Assert.Fail($"non-space U+{(int)text[i]:X4} at {i} outside every sentence");
            if (SplitsPair(text, s.Start) || SplitsPair(text, s.End)) Assert.Fail($"span {s} cuts a surrogate pair");
            previousEnd = s.End;
        }
        for (int i = previousEnd; i < text.Length; i++)
            if (!IsSpace(text[i])) Assert.Fail($"non-space U+{(int)text[i]:X4} at {i} after the last sentence");
    }

    private static bool SplitsPair(string text, int at) =>
        at > 0 && at < text.Length && char.IsHighSurrogate(text[at - 1]) && char.IsLowSurrogate(text[at]);

    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';

    /// <summary>A reader that returns at most a fixed number of characters per call, to exercise buffer boundaries.</summary>
    public sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }

        public override int Read(Span<char> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, chunk), text.Length - _position);
            text.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Peek() => _position < text.Length ? text[_position] : -1;

        public override int Read() => _position < text.Length ? text[_position++] : -1;
    }
}
