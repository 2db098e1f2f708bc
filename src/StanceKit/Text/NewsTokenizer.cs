using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace StanceKit.Text;

/// <summary>
/// Splits text into word, number, punctuation and clitic tokens without allocating.
/// Hyphens split words ("US-led" gives "US", "-", "led") so that names inside
/// compounds are found; "'s" is its own token so possessives never enter a name.
/// </summary>
internal static class NewsTokenizer
{
    /// <summary>Tokenizes <paramref name="text"/> into <paramref name="tokens"/>; stops when the buffer is full.</summary>
    /// <returns>The number of tokens written.</returns>
    public static int Tokenize(ReadOnlySpan<char> text, Span<Token> tokens)
    {
        var none = default(NoWordHash);
        return Tokenize(text, tokens, ref none);
    }

    /// <summary>
    /// Receives the characters of every word and number token as the tokenizer scans them, so a caller can hash the words
    /// in the same pass (one scan of the characters instead of two). A struct type argument: the calls are inlined.
    /// </summary>
    internal interface IWordHash
    {
        /// <summary>A word or number token starts.</summary>
        void Begin();

        /// <summary>The next character of the token.</summary>
        void Add(char c);

        /// <summary>The token ends: it is token <paramref name="index"/>, <paramref name="length"/> characters long.</summary>
        void End(int index, int length);
    }

    private struct NoWordHash : IWordHash
    {
        public readonly void Begin() { }
        public readonly void Add(char c) { }
        public readonly void End(int index, int length) { }
    }

    /// <summary>As <see cref="Tokenize(ReadOnlySpan{char}, Span{Token})"/> (the same tokens), passing every word and number token's characters to <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Tokenize<THash>(ReadOnlySpan<char> text, Span<Token> tokens, ref THash hash) where THash : struct, IWordHash
    {
        int position = 0;
        return TokenizeFrom(text, ref position, tokens, 0, ref hash);
    }

    /// <summary>
    /// Goes on tokenizing <paramref name="text"/> from character <paramref name="position"/>, after the
    /// <paramref name="count"/> tokens already in <paramref name="tokens"/>, until the text ends or the buffer is full;
    /// <paramref name="position"/> moves to where it stopped. Called again with a larger buffer (the earlier tokens
    /// copied into it) it gives the tokens one call over the whole text gives: a long text is tokenized in pieces, with
    /// a cancellation check and buffer growth between them.
    /// </summary>
    /// <returns>The number of tokens now in <paramref name="tokens"/>.</returns>
    internal static int TokenizeFrom(ReadOnlySpan<char> text, ref int position, Span<Token> tokens, int count)
    {
        var none = default(NoWordHash);
        return TokenizeFrom(text, ref position, tokens, count, ref none);
    }

    private static int TokenizeFrom<THash>(ReadOnlySpan<char> text, ref int position, Span<Token> tokens, int count, ref THash hash) where THash : struct, IWordHash
    {
        int i = position;
        while (i < text.Length && count < tokens.Length)
        {
            char c = text[i];
            if (c < 128 ? s_asciiClass[c] == AsciiSpace : IsSpace(c)) { i++; continue; }

            if (IsWordChar(c) && !(c == '\u02BC' && IsPossessive(text, i) && count > 0 && tokens[count - 1].End == i))
            {
                int start = i;
                bool digitsOnly = true;
                hash.Begin();
                while (i < text.Length)
                {
                    char ch = text[i];
                    // ASCII letters and digits (most of news text) by table; everything else as below.
                    if (ch < 128 && s_asciiClass[ch] >= AsciiLetter)
                    {
                        if (s_asciiClass[ch] == AsciiLetter) digitsOnly = false;
                        hash.Add(ch);
                        i++;
                        continue;
                    }
                    // A modifier-letter apostrophe is a letter to Unicode, but before a final "s" it is the possessive clitic.
                    if (ch == '\u02BC' && i > start && IsPossessive(text, i)) break;
                    if (IsWordChar(ch))
                    {
                        if (!char.IsAsciiDigit(ch)) digitsOnly = false;
                        hash.Add(ch);
                        i++;
                        continue;
                    }
                    // Keep internal separators of numbers (3.5, 1,000) and of abbreviations (U.S).
                    if ((ch == '.' || ch == ',') && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > start)
                    {
                        if (ch == ',' && !(digitsOnly && char.IsAsciiDigit(text[i + 1]))) break;
                        hash.Add(ch);
                        i++;
                        continue;
                    }
                    break;
                }
                // A trailing period belongs to dotted abbreviations like "U.S." / "U.N.".
                if (i < text.Length && text[i] == '.' && IsDottedAbbreviation(text[start..i]))
                {
                    hash.Add('.');
                    i++;
                }
                hash.End(count, i - start);
                tokens[count++] = new Token(start, i - start, digitsOnly ? TokenKind.Number : TokenKind.Word);
                continue;
            }

            if (IsApostrophe(c) && IsPossessive(text, i) && count > 0 && tokens[count - 1].End == i)
            {
                tokens[count++] = new Token(i, 2, TokenKind.Clitic);
                i += 2;
                continue;
            }

            int len = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            tokens[count++] = new Token(i, len, TokenKind.Punct);
            i += len;
        }
        position = i;
        return count;
    }

    private const byte AsciiSpace = 1, AsciiLetter = 2, AsciiDigit = 3;

    // ASCII characters by class: white space (as char.IsWhiteSpace), letters, digits; 0 for the rest.
    private static readonly byte[] s_asciiClass = BuildAsciiClass();

    private static byte[] BuildAsciiClass()
    {
        var table = new byte[128];
        for (int c = 0; c < 128; c++)
            table[c] = char.IsWhiteSpace((char)c) ? AsciiSpace : char.IsAsciiLetter((char)c) ? AsciiLetter : char.IsAsciiDigit((char)c) ? AsciiDigit : (byte)0;
        return table;
    }

    /// <summary>Straight, curly, reversed-curly, modifier-letter and prime apostrophes: all are typed for the possessive in news text.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '\u2032';

    /// <summary>Whether the apostrophe at <paramref name="i"/> is followed by a final "s" (the possessive clitic).</summary>
    private static bool IsPossessive(ReadOnlySpan<char> text, int i)
        => i + 1 < text.Length && (text[i + 1] == 's' || text[i + 1] == 'S') && (i + 2 >= text.Length || !IsWordChar(text[i + 2]));

    /// <summary>An upper bound on the number of tokens of <paramref name="text"/> (one per code unit at most).</summary>
    public static int EstimateTokenCount(ReadOnlySpan<char> text) => text.Length + 1;

    /// <summary>Whether a character continues a word token.</summary>
    public static bool IsWordChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c)) return true;
        if (c < 128) return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber;
    }

    /// <summary>White space including no-break and zero-width spaces.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';

    // "U.S", "U.N", "E.U" — single letters joined by periods.
    private static bool IsDottedAbbreviation(ReadOnlySpan<char> word)
    {
        if (word.Length < 3) return false;
        for (int k = 0; k < word.Length; k++)
        {
            bool letterSlot = (k % 2) == 0;
            if (letterSlot ? !char.IsLetter(word[k]) : word[k] != '.') return false;
        }
        return true;
    }

    /// <summary>Rents a token buffer big enough for <paramref name="text"/> when the stack buffer is too small.</summary>
    public static Token[]? RentIfNeeded(ReadOnlySpan<char> text, int stackCapacity, out int capacity)
    {
        int needed = EstimateTokenCount(text);
        if (needed <= stackCapacity) { capacity = stackCapacity; return null; }
        var rented = ArrayPool<Token>.Shared.Rent(needed);
        capacity = rented.Length;
        return rented;
    }
}
