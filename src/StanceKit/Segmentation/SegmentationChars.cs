using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace StanceKit.Segmentation;

/// <summary>Character classes used by the sentence segmenter.</summary>
internal static class SegmentationChars
{
    /// <summary>
    /// Everything the scanner has to stop at: sentence-final punctuation, line and paragraph breaks,
    /// and the bullets that start a new list item in the middle of a line.
    /// </summary>
    public static readonly SearchValues<char> Candidates = SearchValues.Create(
        ".!?\u2026" +                                   // . ! ? …
        "\n\r\u000B\u000C\u0085\u2028\u2029" +           // line and paragraph breaks
        "\u3002\uFF01\uFF1F\uFF0E\u203C\u2047\u2048\u2049" + // 。 ！ ？ ． ‼ ⁇ ⁈ ⁉
        InlineBulletChars);

    /// <summary>Bullets that start a new item even in the middle of a line (after white space).</summary>
    public const string InlineBulletChars = "\u2022\u25E6\u25AA\u25CF\u25A0\u25BA\u2023\u2043\u27A2\u27A4";

    /// <summary>Bullets recognised at the start of a line (a superset of <see cref="InlineBulletChars"/>).</summary>
    private const string LineBulletChars = InlineBulletChars + "\u25CB\u25A1\u25B8\u25B9\u25C6\u25C7\u2219\u2713\u2714\u2717\u2756\u29BF\u29BE\u25AB\u00B7";

    private static readonly SearchValues<char> s_inlineBullets = SearchValues.Create(InlineBulletChars);
    private static readonly SearchValues<char> s_lineBullets = SearchValues.Create(LineBulletChars);

    /// <summary>All characters <see cref="IsSpace"/> accepts.</summary>
    public static readonly SearchValues<char> Space = CreateSpace();

    /// <summary>Characters that break a line.</summary>
    public static readonly SearchValues<char> LineBreaks = SearchValues.Create("\n\r\u000B\u000C\u0085\u2028\u2029");

    /// <summary>Punctuation after which an over-long sentence may be cut.</summary>
    public static readonly SearchValues<char> ClausePunctuation = SearchValues.Create(",;:\u2014\u2013)");

    private static SearchValues<char> CreateSpace()
    {
        var chars = new List<char>();
        for (int c = 0; c <= char.MaxValue; c++)
            if (IsSpaceSlow((char)c)) chars.Add((char)c);
        return SearchValues.Create(chars.ToArray());
    }

    private static bool IsSpaceSlow(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';

    /// <summary>White space: Unicode white space plus zero-width space and the byte-order mark.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(char c) => c <= ' ' ? c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && char.IsWhiteSpace(c)) : c >= '\u0085' && IsSpaceSlow(c);

    /// <summary>A character that ends a line (CR, LF, VT, FF, NEL, LS, PS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u000B' or '\u000C' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Horizontal white space: white space that is not a line break.</summary>
    public static bool IsHorizontalSpace(char c) => IsSpace(c) && !IsLineBreak(c);

    /// <summary>A bullet that starts an item anywhere after white space.</summary>
    public static bool IsInlineBullet(char c) => c >= '\u2000' && s_inlineBullets.Contains(c);

    /// <summary>A bullet recognised at the start of a line.</summary>
    public static bool IsLineBullet(char c) => c >= '\u00B7' && s_lineBullets.Contains(c);

    /// <summary>Question and exclamation marks (and their full-width and ideographic relatives).</summary>
    public static bool IsStrongTerminator(char c) => c is '?' or '!' or '\u3002' or '\uFF01' or '\uFF1F' or '\u203C' or '\u2047' or '\u2048' or '\u2049';

    /// <summary>Closing quotes and brackets that may follow sentence-final punctuation.</summary>
    public static bool IsCloser(char c) => c is '"' or '\'' or '\u201D' or '\u2019' or '\u00BB' or '\u00AB' or ')' or ']' or '}' or '\u203A'
        or '\u300D' or '\u300F' or '\uFF09' or '\u3011' or '\u3015';

    /// <summary>Quote characters among the closers.</summary>
    public static bool IsQuote(char c) => c is '"' or '\'' or '\u201D' or '\u2019' or '\u00BB' or '\u00AB' or '\u203A';

    /// <summary>Opening quotes and brackets that may precede the first word of a sentence.</summary>
    public static bool IsOpener(char c) => c is '"' or '\'' or '\u201C' or '\u2018' or '\u00AB' or '\u00BB' or '(' or '[' or '{' or '\u201E' or '\u2039';

    /// <summary>A character that should not start a piece after a hard cut (it belongs to the character before).</summary>
    public static bool IsExtender(char c)
    {
        if (c < '\u0300') return false;
        if (c == '\u200D' || (c >= '\uFE00' && c <= '\uFE0F') || char.IsLowSurrogate(c)) return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }
}
