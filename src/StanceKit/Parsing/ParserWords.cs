using StanceKit.Text;

namespace StanceKit.Parsing;

/// <summary>A syntactic word: its range in the text and the tokenizer token that stands for it (its anchor).</summary>
internal readonly record struct WordSpan(int Start, int End, int Anchor)
{
    public int Length => End - Start;
}

/// <summary>
/// Turns <see cref="NewsTokenizer"/> tokens into the syntactic words of Universal Dependencies English: the
/// tokenizer gives "don't" as "don" + "'" + "t" and "I'll" as "I" + "'" + "ll", the treebank as "do" + "n't" and
/// "I" + "'ll". Every other token is one word ("'s" is already its own token, hyphens already split as in EWT).
/// </summary>
/// <remarks>
/// Each word has one anchor token (the first token it starts in or, for "n't", the apostrophe); every token
/// belongs to exactly one word, so the parser's analysis can be written back per tokenizer token.
/// </remarks>
internal static class ParserWords
{
    /// <summary>Writes the words of <paramref name="tokens"/> (at most one per token) and the word of each token.</summary>
    /// <returns>The number of words.</returns>
    public static int Split(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, Span<WordSpan> words, Span<int> tokenWord)
    {
        int n = 0;
        int k = 0;
        while (k < tokens.Length)
        {
            var t = tokens[k];
            // "don" "'" "t" -> "do" "n't" (also "can't" -> "ca" "n't", as the treebank has it).
            if (t.Kind == TokenKind.Word && t.Length >= 2 && (text[t.End - 1] | 0x20) == 'n' && k + 2 < tokens.Length
                && IsApostrophe(text, tokens[k + 1]) && tokens[k + 1].Start == t.End
                && tokens[k + 2].Start == tokens[k + 1].End && tokens[k + 2].Kind == TokenKind.Word && tokens[k + 2].Length == 1
                && (text[tokens[k + 2].Start] | 0x20) == 't')
            {
                words[n] = new WordSpan(t.Start, t.End - 1, k);
                tokenWord[k] = n++;
                words[n] = new WordSpan(t.End - 1, tokens[k + 2].End, k + 1);
                tokenWord[k + 1] = n;
                tokenWord[k + 2] = n++;
                k += 3;
                continue;
            }
            // "I" "'" "ll" -> "I" "'ll"; likewise 're, 've, 'm, 'd.
            if (IsApostrophe(text, t) && k > 0 && tokens[k - 1].End == t.Start && tokens[k - 1].Kind != TokenKind.Punct
                && k + 1 < tokens.Length && tokens[k + 1].Start == t.End && tokens[k + 1].Kind == TokenKind.Word
                && IsContractionSuffix(text.Slice(tokens[k + 1].Start, tokens[k + 1].Length)))
            {
                words[n] = new WordSpan(t.Start, tokens[k + 1].End, k);
                tokenWord[k] = n;
                tokenWord[k + 1] = n++;
                k += 2;
                continue;
            }
            words[n] = new WordSpan(t.Start, t.End, k);
            tokenWord[k] = n++;
            k++;
        }
        return n;
    }

    private static bool IsApostrophe(ReadOnlySpan<char> text, Token t) =>
        t.Kind == TokenKind.Punct && t.Length == 1 && text[t.Start] is '\'' or '\u2019';

    private static bool IsContractionSuffix(ReadOnlySpan<char> s)
    {
        if (s.Length == 1) return (s[0] | 0x20) is 'm' or 'd';
        if (s.Length != 2) return false;
        int a = s[0] | 0x20, b = s[1] | 0x20;
        return (a == 'l' && b == 'l') || (a == 'r' && b == 'e') || (a == 'v' && b == 'e');
    }
}
