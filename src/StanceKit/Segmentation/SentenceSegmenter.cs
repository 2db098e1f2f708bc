using StanceKit.Segmentation;

namespace StanceKit;

/// <summary>
/// A rule-based English sentence segmenter for news text. Immutable and thread safe.
/// Spans are UTF-16 <c>[start, end)</c> offsets, in order, non-overlapping, trimmed, never empty; every character that is
/// not white space belongs to exactly one sentence, so the text between two sentences is white space only.
/// The rules (abbreviations, initials, numbers, quotes, ellipses, lists, line structure) are described in
/// <c>docs/segmentation.md</c>.
/// </summary>
public sealed class SentenceSegmenter
{
    /// <summary>The longest sentence produced, in UTF-16 code units; longer runs are cut at the best boundary available.</summary>
    public const int DefaultMaxSentenceLength = 2000;

    /// <summary>The smallest allowed <see cref="MaxSentenceLength"/>.</summary>
    public const int MinMaxSentenceLength = 64;

    /// <summary>A shared segmenter with default settings.</summary>
    public static SentenceSegmenter Default { get; } = new();

    /// <summary>
    /// The longest sentence this segmenter produces. A sentence with no boundary within this many code units is cut after
    /// the last clause punctuation (<c>, ; : — – )</c>) followed by white space in its second half, else at the last white
    /// space there, else at the limit (never inside a surrogate pair).
    /// </summary>
    public int MaxSentenceLength { get; }

    /// <summary>Creates a segmenter.</summary>
    /// <param name="maxSentenceLength">Longest sentence, at least <see cref="MinMaxSentenceLength"/> code units.</param>
    public SentenceSegmenter(int maxSentenceLength = DefaultMaxSentenceLength) : this(LanguageData.English, maxSentenceLength)
    {
    }

    /// <summary>Creates a segmenter that reads the abbreviation and opener lists of <paramref name="language"/>.</summary>
    internal SentenceSegmenter(LanguageData language, int maxSentenceLength = DefaultMaxSentenceLength)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentenceLength, MinMaxSentenceLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSentenceLength, 1 << 24);
        MaxSentenceLength = maxSentenceLength;
        _rules = language.Segmentation;
    }

    private readonly SegmentationRules _rules;

    /// <summary>Segments <paramref name="text"/> into sentence spans.</summary>
    public IReadOnlyList<TextSpan> Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<TextSpan>(Math.Max(4, text.Length / 100));
        foreach (var span in EnumerateSentences(text)) result.Add(span);
        return result;
    }

    /// <summary>
    /// Writes sentence spans into <paramref name="destination"/>; returns how many were written.
    /// When the destination is full, segmentation stops there (call again on the remaining text
    /// or use <see cref="EnumerateSentences"/>). Allocation-free.
    /// </summary>
    public int Segment(ReadOnlySpan<char> text, Span<TextSpan> destination)
    {
        int count = 0;
        if (destination.IsEmpty) return 0;
        foreach (var span in EnumerateSentences(text))
        {
            destination[count++] = span;
            if (count == destination.Length) break;
        }
        return count;
    }

    /// <summary>An allocation-free enumerator of the sentences of <paramref name="text"/>.</summary>
    public SentenceEnumerator EnumerateSentences(ReadOnlySpan<char> text) => new(this, text);

    /// <summary>
    /// Segments the text read from <paramref name="reader"/> with bounded memory (a buffer of about
    /// 2 × (<see cref="MaxSentenceLength"/> + 512) characters), lazily, as the result is enumerated. The spans are offsets
    /// from the start of the reader's text and are exactly those <see cref="Segment(string)"/> gives for the whole text.
    /// The reader is read to its end but not disposed. Offsets beyond <see cref="int.MaxValue"/> throw
    /// <see cref="OverflowException"/>.
    /// </summary>
    public IEnumerable<TextSpan> Segment(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return SegmentReader(reader);
    }

    private IEnumerable<TextSpan> SegmentReader(TextReader reader)
    {
        int window = BoundaryScanner.WindowSize(MaxSentenceLength);
        char[] buffer = new char[Math.Max(2 * (window + 1), 4096)];
        int length = 0;      // valid characters in buffer
        int pos = 0;         // scan position in buffer
        long baseOffset = 0; // offset of buffer[0] in the reader's text
        bool eof = false;
        bool first = true;
        while (true)
        {
            bool sawLineBreak = false;
            while (true)
            {
                var rest = buffer.AsSpan(pos, length - pos);
                int k = rest.IndexOfAnyExcept(SegmentationChars.Space);
                int skipped = k < 0 ? rest.Length : k;
                if (!sawLineBreak && rest[..skipped].ContainsAny(SegmentationChars.LineBreaks)) sawLineBreak = true;
                pos += skipped;
                if (k >= 0 || eof) break;
                baseOffset += length;
                length = 0;
                pos = 0;
                int read = reader.Read(buffer, 0, buffer.Length);
                if (read <= 0) eof = true;
                else length = read;
            }
            if (pos >= length) yield break;

            // Make sure the window (plus one character, to know whether the text ends with it) is in the buffer.
            if (!eof && length - pos <= window)
            {
                Array.Copy(buffer, pos, buffer, 0, length - pos);
                baseOffset += pos;
                length -= pos;
                pos = 0;
                while (length <= window && !eof)
                {
                    int read = reader.Read(buffer, length, buffer.Length - length);
                    if (read <= 0) eof = true;
                    else length += read;
                }
            }

            int available = length - pos;
            int wlen = Math.Min(available, window);
            bool windowIsEnd = available <= window; // when more is buffered, the text goes on; otherwise eof is set
            bool atLineStart = first || sawLineBreak;
            int end = _rules.FindEnd(buffer.AsSpan(pos, wlen), windowIsEnd, atLineStart, MaxSentenceLength);
            first = false;
            yield return new TextSpan(checked((int)(baseOffset + pos)), end);
            pos += end;
        }
    }

    /// <summary>Finds the next sentence at or after <paramref name="position"/>; false at the end.</summary>
    internal bool Next(ReadOnlySpan<char> text, ref int position, out TextSpan sentence)
    {
        int from = position;
        var rest = text[from..];
        int k = rest.IndexOfAnyExcept(SegmentationChars.Space);
        if (k < 0)
        {
            position = text.Length;
            sentence = default;
            return false;
        }
        int start = from + k;
        bool atLineStart = from == 0 || rest[..k].ContainsAny(SegmentationChars.LineBreaks);
        int available = text.Length - start;
        int window = BoundaryScanner.WindowSize(MaxSentenceLength);
        int wlen = Math.Min(available, window);
        int end = _rules.FindEnd(text.Slice(start, wlen), available <= window, atLineStart, MaxSentenceLength);
        sentence = new TextSpan(start, end);
        position = start + end;
        return true;
    }
}

/// <summary>Enumerates sentence spans without allocating.</summary>
public ref struct SentenceEnumerator
{
    private readonly SentenceSegmenter _segmenter;
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    internal SentenceEnumerator(SentenceSegmenter segmenter, ReadOnlySpan<char> text)
    {
        _segmenter = segmenter;
        _text = text;
        _position = 0;
        Current = default;
    }

    /// <summary>The current sentence.</summary>
    public TextSpan Current { get; private set; }

    /// <summary>Advances to the next sentence.</summary>
    public bool MoveNext()
    {
        if (!_segmenter.Next(_text, ref _position, out var s)) return false;
        Current = s;
        return true;
    }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly SentenceEnumerator GetEnumerator() => this;
}
