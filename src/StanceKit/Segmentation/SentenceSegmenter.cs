namespace StanceKit;

/// <summary>
/// A rule-based English sentence segmenter for news text. Immutable and thread safe.
/// Spans are UTF-16 <c>[start, end)</c> offsets, in order, non-overlapping, trimmed, never empty.
/// </summary>
public sealed class SentenceSegmenter
{
    /// <summary>The longest sentence produced, in UTF-16 code units; longer runs are cut at the best boundary available.</summary>
    public const int DefaultMaxSentenceLength = 2000;

    /// <summary>A shared segmenter with default settings.</summary>
    public static SentenceSegmenter Default { get; } = new();

    /// <summary>The longest sentence this segmenter produces.</summary>
    public int MaxSentenceLength { get; }

    /// <summary>Creates a segmenter.</summary>
    /// <param name="maxSentenceLength">Longest sentence, at least 64 code units.</param>
    public SentenceSegmenter(int maxSentenceLength = DefaultMaxSentenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentenceLength, 64);
        MaxSentenceLength = maxSentenceLength;
    }

    /// <summary>Segments <paramref name="text"/> into sentence spans.</summary>
    public IReadOnlyList<TextSpan> Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<TextSpan>();
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
        foreach (var span in EnumerateSentences(text))
        {
            if (count == destination.Length) break;
            destination[count++] = span;
        }
        return count;
    }

    /// <summary>An allocation-free enumerator of the sentences of <paramref name="text"/>.</summary>
    public SentenceEnumerator EnumerateSentences(ReadOnlySpan<char> text) => new(this, text);

    /// <summary>Finds the next sentence at or after <paramref name="position"/>; false at the end.</summary>
    internal bool Next(ReadOnlySpan<char> text, ref int position, out TextSpan sentence)
    {
        int i = position;
        while (i < text.Length && IsSpace(text[i])) i++;
        if (i >= text.Length) { position = i; sentence = default; return false; }
        int start = i;
        int limit = Math.Min(text.Length, start + MaxSentenceLength);
        int end = -1;
        for (; i < limit; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085')
            {
                end = i;
                break;
            }
            if (c is '.' or '!' or '?' or '\u2026')
            {
                int j = i + 1;
                while (j < text.Length && text[j] is '.' or '!' or '?' or '"' or '\'' or '\u201D' or '\u2019' or ')' or '\u00BB') j++;
                if (j >= text.Length) { end = j; break; }
                if (!IsSpace(text[j])) { i = j - 1; continue; }
                int k = j;
                while (k < text.Length && IsSpace(text[k]) && text[k] != '\n') k++;
                if (k < text.Length && (char.IsUpper(text[k]) || char.IsDigit(text[k]) || text[k] is '"' or '\u201C' or '(' or '\u2018'))
                {
                    if (c == '.' && IsAbbreviation(text[start..i])) continue;
                    end = j;
                    break;
                }
            }
        }
        if (end < 0) end = i >= limit && limit < text.Length ? BestCut(text, start, limit) : i;
        int e = end;
        while (e > start && IsSpace(text[e - 1])) e--;
        position = end;
        if (e <= start) return Next(text, ref position, out sentence);
        // Never cut a surrogate pair.
        if (e < text.Length && char.IsLowSurrogate(text[e]) && e > start && char.IsHighSurrogate(text[e - 1])) { e++; position = Math.Max(position, e); }
        sentence = TextSpan.FromBounds(start, e);
        return true;
    }

    private static int BestCut(ReadOnlySpan<char> text, int start, int limit)
    {
        for (int k = limit - 1; k > start + (limit - start) / 2; k--)
            if (text[k] is ';' or ',' or ':') return k + 1;
        for (int k = limit - 1; k > start + (limit - start) / 2; k--)
            if (IsSpace(text[k])) return k;
        int cut = limit;
        if (char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1])) cut--;
        return cut;
    }

    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';

    private static readonly string[] s_abbreviations =
    [
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Gov", "Sen", "Rep", "St", "Jr", "Sr",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs", "etc", "Inc", "Corp", "Ltd", "Co", "Mt", "Ft",
    ];

    private static bool IsAbbreviation(ReadOnlySpan<char> before)
    {
        int k = before.Length;
        while (k > 0 && char.IsLetter(before[k - 1])) k--;
        var word = before[k..];
        if (word.Length == 1 && char.IsUpper(word[0])) return true; // an initial
        foreach (var a in s_abbreviations) if (word.SequenceEqual(a)) return true;
        return false;
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
