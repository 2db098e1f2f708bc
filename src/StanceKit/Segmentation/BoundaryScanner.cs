using System.Diagnostics;
using static StanceKit.Segmentation.BoundaryScanner;
using static StanceKit.Segmentation.SegmentationChars;

namespace StanceKit.Segmentation;

/// <summary>The sizes the segmenter's rules work with (the same for every language).</summary>
internal static class BoundaryScanner
{
    /// <summary>How far past the longest sentence the rules may look (white space, closing quotes, the next words).</summary>
    public const int Lookahead = 512;

    /// <summary>A run of more white space than this separates sentences like a blank line.</summary>
    public const int MaxSpaceRun = 64;

    /// <summary>Longest run of final punctuation and closing quotes/brackets examined as one unit.</summary>
    public const int MaxPunctuationRun = 32;

    /// <summary>A whole line shorter than this, with no final punctuation, is a headline, byline, caption or list item.</summary>
    public const int ShortLine = 60;

    /// <summary>The window size for a given maximum sentence length.</summary>
    public static int WindowSize(int maxSentenceLength) => maxSentenceLength + Lookahead;
}

/// <summary>
/// The segmenter's rules of one language, chosen once per segmenter (<see cref="LanguageData.Segmentation"/>): one
/// virtual call per sentence, while the rules inside run specialised to the language's lexicon.
/// </summary>
internal abstract class SegmentationRules
{
    /// <summary>The rules over the English lists.</summary>
    public static SegmentationRules English { get; } = new SegmentationRules<EnglishSegmentationLexicon>();

    /// <summary>See <see cref="BoundaryScanner{TLexicon}.FindEnd"/>.</summary>
    public abstract int FindEnd(ReadOnlySpan<char> w, bool windowIsEnd, bool atLineStart, int max);
}

/// <summary>The rules over the lexicon <typeparamref name="TLexicon"/>.</summary>
internal sealed class SegmentationRules<TLexicon> : SegmentationRules where TLexicon : struct, ISegmentationLexicon
{
    public override int FindEnd(ReadOnlySpan<char> w, bool windowIsEnd, bool atLineStart, int max) => BoundaryScanner<TLexicon>.FindEnd(w, windowIsEnd, atLineStart, max);
}

/// <summary>
/// The rules of the sentence segmenter. <see cref="FindEnd"/> looks at one bounded window that starts at the first
/// character of a sentence and returns where that sentence ends. Its answer depends only on the window, on whether the
/// window reaches the end of the text, and on whether the sentence starts a line; that is what lets the one-shot and the
/// streaming entry points give identical spans with bounded memory.
/// </summary>
/// <typeparam name="TLexicon">
/// The language's word lists, a struct with static members: the JIT compiles these rules once per lexicon, with every
/// look-up a direct call on static tables, as fast as when the lists were one static class.
/// </typeparam>
internal static class BoundaryScanner<TLexicon> where TLexicon : struct, ISegmentationLexicon
{
    /// <summary>
    /// Returns the exclusive end (trimmed, at least 1, at most <paramref name="max"/>) of the sentence that starts at
    /// <c>w[0]</c>, a non-space character.
    /// </summary>
    /// <param name="w">The window: the text from the sentence start, at most <see cref="BoundaryScanner.WindowSize"/> long.</param>
    /// <param name="windowIsEnd">Whether the text ends where the window ends.</param>
    /// <param name="atLineStart">Whether the sentence starts a line (start of text, or a line break before it).</param>
    /// <param name="max">The longest sentence.</param>
    public static int FindEnd(ReadOnlySpan<char> w, bool windowIsEnd, bool atLineStart, int max)
    {
        Debug.Assert(w.Length > 0 && !IsSpace(w[0]));
        int scanLimit = Math.Min(w.Length, max);
        int contentStart = SkipLeadingMarker(w, out var marker);
        int listLimit = -1;
        if (marker.Kind != MarkerKind.None && !marker.AfterBullet)
        {
            listLimit = FindNextMarker(w, contentStart, scanLimit, marker);
            if (listLimit >= 0) scanLimit = listLimit;
        }

        int lineStart = 0;
        bool lineWhole = atLineStart;
        bool firstLine = true;
        int i = contentStart;
        while (i < scanLimit)
        {
            int k = w[i..scanLimit].IndexOfAny(Candidates);
            if (k < 0) break;
            i += k;
            char c = w[i];
            if (IsLineBreak(c))
            {
                int lineEnd = TrimEnd(w, i);
                int next = SkipSpace(w, i, out int breaks, out bool hard);
                if (next >= w.Length || hard || breaks >= 2) return lineEnd;
                if (LineBreakEndsSentence(w, lineStart, lineEnd, lineWhole, firstLine, next)) return lineEnd;
                lineStart = next;
                lineWhole = true;
                firstLine = false;
                i = next;
                continue;
            }
            if (IsInlineBullet(c))
            {
                if (i > 0 && IsSpace(w[i - 1])) return TrimEnd(w, i);
                i++;
                continue;
            }

            bool boundary = EvaluateTerminator(w, windowIsEnd, i, contentStart, out int end, out int resume, out bool lineBreakInGap);
            if (boundary)
            {
                if (end <= max) return end;
                break;
            }
            if (lineBreakInGap)
            {
                lineStart = resume;
                lineWhole = true;
                firstLine = false;
            }
            Debug.Assert(resume > i);
            i = resume;
        }

        if (listLimit >= 0) return TrimEnd(w, listLimit);
        if (w.Length <= max && windowIsEnd) return TrimEnd(w, w.Length);
        return Cut(w, max);
    }

    // ------------------------------------------------------------------ terminators

    private enum NextKind : byte { Lower, Upper, Digit, Other }

    /// <summary>
    /// Decides whether the punctuation run starting at <paramref name="i"/> ends the sentence. On a boundary,
    /// <paramref name="end"/> is the sentence end; otherwise <paramref name="resume"/> is where scanning goes on.
    /// </summary>
    private static bool EvaluateTerminator(ReadOnlySpan<char> w, bool windowIsEnd, int i, int contentStart, out int end, out int resume, out bool lineBreakInGap)
    {
        int n = w.Length;
        int limit = Math.Min(n, i + MaxPunctuationRun);
        int j = i;
        int dots = 0;
        bool strong = false;
        bool ideographic = false;
        while (j < limit)
        {
            char c = w[j];
            if (c is '.' or '\uFF0E') { dots++; j++; }
            else if (c == '\u2026') { dots += 3; j++; }
            else if (IsStrongTerminator(c)) { strong = true; ideographic |= c >= '\u3000'; j++; }
            else if (c == ' ' && j > i && w[j - 1] == '.' && j + 1 < n && w[j + 1] == '.'
                     && (j + 2 >= n || IsSpace(w[j + 2]) || w[j + 2] == '.' || IsCloser(w[j + 2]) || IsStrongTerminator(w[j + 2])))
            {
                j++; // spaced ellipsis ". . ."
            }
            else break;
        }
        bool quote = false;
        while (j < limit)
        {
            char c = w[j];
            if (IsCloser(c)) { quote |= IsQuote(c); j++; }
            else if (c is '.' or '?' or '!' || IsStrongTerminator(c)) { strong |= c != '.'; j++; }
            else break;
        }

        end = j;
        lineBreakInGap = false;
        resume = j;
        if (j >= n) return windowIsEnd;

        if (!IsSpace(w[j]))
        {
            // "Hello world.Today is Tuesday.Mr. Smith ..." — a missing space after a full stop.
            if (dots == 1 && !strong && j == i + 1 && NoSpaceBoundary(w, i))
            {
                end = i + 1;
                return true;
            }
            return ideographic; // 。！？ need no space after them
        }

        int k = SkipSpace(w, j, out int breaks, out bool hard);
        resume = k;
        if (k >= n || hard || breaks >= 2) return true;
        bool lineBreak = breaks == 1;
        lineBreakInGap = lineBreak;

        char first = w[k];
        if (first is ',' or ';' or ':' or ')' or ']' or '}' or '%' || (IsCloser(first) && !IsOpener(first)))
            return false;
        int m = k;
        int openerLimit = Math.Min(n, k + 4);
        while (m < openerLimit && IsOpener(w[m])) m++;
        NextKind kind = m < n ? KindOf(w[m]) : NextKind.Other;
        // "iPhone sales rose", "eBay said", "https://…": a lower-case word that opens a sentence all the same.
        bool lowerOpener = kind == NextKind.Lower && IsLowerCaseOpener(w, m);
        if (kind == NextKind.Lower && !lowerOpener) return false;

        if (strong)
        {
            // "The decision — was it a mistake? — divided the cabinet": a question inside a dash aside.
            if (IsDash(first) && DashAsideBefore(w, contentStart, i)) return false;
            if (lowerOpener) return true;
            // "“Who gave the order?” asked ..." was handled by the lower-case test; "“Why now?” Smith asked." here.
            return !(quote && IsAttribution(w, k, strict: false));
        }

        if (dots >= 2)
        {
            char before = i > 0 ? w[i - 1] : ' ';
            if (before is '[' or '(') return false;           // "[...]" marks an omission inside a quotation
            if (dots >= 4) return true;                       // a full stop plus an ellipsis
            bool detached = i == 0 || IsSpace(before);
            return !detached || lineBreak;                    // "word ... Word" is an omission; "word... Word" ends
        }

        TokenClass tokenClass = ClassifyToken(w, i, contentStart);
        if (lowerOpener) return tokenClass is TokenClass.Regular or TokenClass.PronounI;
        switch (tokenClass)
        {
            case TokenClass.Regular:
                return !(quote && IsAttribution(w, k, strict: true));
            case TokenClass.PronounI:
                return true;
            case TokenClass.Title:
            case TokenClass.Never:
                return false;
            case TokenClass.Initial:
                return kind == NextKind.Upper && IsStarterAt(w, m);
            case TokenClass.Time:
                if (kind == NextKind.Digit || IsTimeFollowerAt(w, m)) return false;
                if (TimePhraseIsSentenceInitial(w, contentStart, i)) return false;
                return true;
            default: // Ambiguous
                if (kind == NextKind.Digit) return false;
                if (lineBreak) return true;
                if (kind != NextKind.Upper) return false;
                if (IsStarterAt(w, m) || (m > k && w[k] is '"' or '\u201C' or '\u2018' or '\u00AB' or '\u201E')) return true;   // "… in the U.K. “We are back,” …"
                return AbbreviationEndsBefore(w, i, contentStart, m);
        }
    }

    /// <summary>
    /// An ambiguous abbreviation before a capitalised word that is not a typical opener: the kind of abbreviation and the
    /// next word decide. A country initialism after a lower-case word or a comma ends the sentence unless an office or
    /// institution follows ("in the U.S. Kyiv welcomed" vs "the U.S. Treasury"); "etc." ends it; "Jr."/"Sr." end it unless
    /// a place named after the person follows ("King Jr. Boulevard"); a company suffix ends it unless a title follows
    /// ("Acme Corp. Chief Executive"); a street "St." ends it unless a saint's name follows ("Mount St. Helens").
    /// Other ambiguous abbreviations (months, "No.", state abbreviations) continue.
    /// </summary>
    private static bool AbbreviationEndsBefore(ReadOnlySpan<char> w, int dot, int contentStart, int next)
    {
        int ts = TokenStart(w, dot);
        while (ts < dot && IsOpener(w[ts])) ts++;
        var token = w[ts..dot];
        var word = WordAt(w, next);
        if (word.IsEmpty) return false;
        if (IsInitialism(token))
        {
            if (ts <= contentStart) return false;              // "U.S. Markets Rally": the initialism opens the sentence
            var prev = PreviousToken(w, ts);
            if (prev.IsEmpty || !(char.IsLower(prev[0]) || prev[^1] == ',')) return false;
            return !TLexicon.IsInitialismContinuation(word);
        }
        if (token.Equals("etc", StringComparison.OrdinalIgnoreCase)) return true;
        if (token.Equals("Jr", StringComparison.OrdinalIgnoreCase) || token.Equals("Sr", StringComparison.OrdinalIgnoreCase))
            return !TLexicon.IsSuffixContinuation(word);
        if (TLexicon.IsCompanySuffix(token))
            return !TLexicon.IsCompanyContinuation(word);
        if (token.Length == 2 && token[0] is 'S' or 's' && token[1] is 't' or 'T')
        {
            int after = next + word.Length;
            bool possessive = after + 1 < w.Length && w[after] is '\'' or '\u2019' && w[after + 1] == 's';
            return !(possessive || TLexicon.IsSaintName(word) || TLexicon.IsSuffixContinuation(word));
        }
        return false;
    }

    /// <summary>
    /// A lower-case token that opens a sentence: a brand written with an inner capital ("iPhone", "eBay", "iOS") or a web
    /// address ("https://…", "www.…").
    /// </summary>
    private static bool IsLowerCaseOpener(ReadOnlySpan<char> w, int p)
    {
        int n = w.Length;
        int lim = Math.Min(n, p + 4);
        for (int q = p + 1; q < lim && char.IsLetter(w[q]); q++)
        {
            if (char.IsUpper(w[q])) return true;
        }
        var rest = w[p..Math.Min(n, p + 8)];
        return rest.StartsWith("http://", StringComparison.Ordinal) || rest.StartsWith("https://", StringComparison.Ordinal)
            || rest.StartsWith("www.", StringComparison.Ordinal);
    }

    private static bool IsDash(char c) => c is '\u2014' or '\u2013' || c == '-';

    /// <summary>
    /// Whether a spaced dash (" — ", " – ", " - ") opens an aside in the sentence before the question mark at
    /// <paramref name="terminator"/> (looked for up to 200 characters back).
    /// </summary>
    private static bool DashAsideBefore(ReadOnlySpan<char> w, int contentStart, int terminator)
    {
        int from = Math.Max(contentStart + 1, terminator - 200);
        for (int p = terminator - 1; p >= from; p--)
        {
            if (IsDash(w[p]) && IsSpace(w[p - 1]) && p + 1 < w.Length && IsSpace(w[p + 1])) return true;
        }
        return false;
    }

    private static NextKind KindOf(char c)
    {
        if (char.IsLower(c)) return NextKind.Lower;
        if (char.IsUpper(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter) return NextKind.Upper;
        if (char.IsDigit(c)) return NextKind.Digit;
        return NextKind.Other;
    }

    /// <summary>Classifies the word before the period at <paramref name="dot"/>.</summary>
    private static TokenClass ClassifyToken(ReadOnlySpan<char> w, int dot, int contentStart)
    {
        int ts = TokenStart(w, dot);
        while (ts < dot && IsOpener(w[ts])) ts++;
        var token = w[ts..dot];
        if (token.IsEmpty) return TokenClass.Regular;
        if (token.Length == 1)
        {
            char c = token[0];
            if (char.IsUpper(c))
                return c == 'I' && PreviousWordIsLowerCase(w, ts) ? TokenClass.PronounI : TokenClass.Initial;
            return char.IsLower(c) ? TokenClass.Never : TokenClass.Regular;
        }
        if (char.IsAsciiDigit(token[0]))
        {
            // "5pm." / "5p.m."
            int d = 0;
            while (d < token.Length && (char.IsAsciiDigit(token[d]) || token[d] is ':' or '.')) d++;
            if (d < token.Length && TLexicon.TryGetAbbreviation(token[d..], out var t)
                && t is TokenClass.DottedTimeWord or TokenClass.BareTimeWord)
                return TokenClass.Time;
            return TokenClass.Regular;
        }
        if (TLexicon.TryGetAbbreviation(token, out var kind))
        {
            switch (kind)
            {
                case TokenClass.DottedTimeWord:
                    return PreviousTokenIsNumber(w, ts) ? TokenClass.Time : TokenClass.Ambiguous;
                case TokenClass.BareTimeWord:
                    return PreviousTokenIsNumber(w, ts) ? TokenClass.Time : TokenClass.Regular;
                case TokenClass.Title when token.Length == 2 && token[0] is 'S' or 's' && token[1] is 't' or 'T':
                    return IsStreetContext(w, ts) ? TokenClass.Ambiguous : TokenClass.Title;
                default:
                    return kind;
            }
        }
        return IsInitialism(token) ? TokenClass.Ambiguous : TokenClass.Regular;
    }

    /// <summary>U.S, E.U, N.Y, U.S.A, Ph.D: letter groups of one or two separated by periods.</summary>
    private static bool IsInitialism(ReadOnlySpan<char> token)
    {
        if (token.Length < 3 || token.Length > 12) return false;
        int group = 0;
        bool sawDot = false;
        foreach (char c in token)
        {
            if (char.IsLetter(c))
            {
                if (++group > 2) return false;
            }
            else if (c == '.')
            {
                if (group == 0) return false;
                group = 0;
                sawDot = true;
            }
            else return false;
        }
        return sawDot && group > 0;
    }

    /// <summary>"Main St." or "5th St." is a street; "St. Louis" is a saint.</summary>
    private static bool IsStreetContext(ReadOnlySpan<char> w, int tokenStart)
    {
        var prev = PreviousToken(w, tokenStart);
        if (prev.IsEmpty) return false;
        char last = prev[^1];
        if (!char.IsLetterOrDigit(last)) return false;
        return char.IsUpper(prev[0]) || char.IsAsciiDigit(prev[0]);
    }

    private static bool PreviousWordIsLowerCase(ReadOnlySpan<char> w, int tokenStart)
    {
        var prev = PreviousToken(w, tokenStart);
        return !prev.IsEmpty && char.IsLower(prev[0]);
    }

    private static bool PreviousTokenIsNumber(ReadOnlySpan<char> w, int tokenStart)
    {
        var prev = PreviousToken(w, tokenStart);
        if (prev.IsEmpty || !char.IsAsciiDigit(prev[0])) return false;
        foreach (char c in prev)
            if (!(char.IsAsciiDigit(c) || c is ':' or '.')) return false;
        return true;
    }

    /// <summary>The white-space separated token that ends before <paramref name="tokenStart"/>, or empty.</summary>
    private static ReadOnlySpan<char> PreviousToken(ReadOnlySpan<char> w, int tokenStart)
    {
        int e = tokenStart;
        int stop = Math.Max(0, tokenStart - 16);
        while (e > stop && IsSpace(w[e - 1])) e--;
        if (e == tokenStart || e == 0 || IsSpace(w[e - 1])) return default;
        int s = TokenStart(w, e);
        return w[s..e];
    }

    /// <summary>Start of the token that ends at <paramref name="end"/> (at most 64 characters back).</summary>
    private static int TokenStart(ReadOnlySpan<char> w, int end)
    {
        int t = end;
        int stop = Math.Max(0, end - 64);
        while (t > stop && !IsSpace(w[t - 1])) t--;
        return t;
    }

    /// <summary>
    /// Golden rule 18: a clock time at the head of the sentence ("At 5 a.m. Mr. Smith went ...") is followed by the rest of
    /// that sentence; a clock time after the verb ("... left at 6 P.M. Mr. Smith then ...") ends it.
    /// </summary>
    private static bool TimePhraseIsSentenceInitial(ReadOnlySpan<char> w, int contentStart, int dot)
    {
        int ts = TokenStart(w, dot);
        int e = ts;
        while (e > contentStart && IsSpace(w[e - 1])) e--;
        int numberStart = e == ts ? ts : TokenStart(w, e);
        if (numberStart < contentStart) numberStart = contentStart;
        var head = w[contentStart..numberStart];
        int p = 0;
        while (p < head.Length && IsSpace(head[p])) p++;
        if (p == head.Length) return true;
        int words = 0;
        int firstStart = -1, firstEnd = -1;
        while (p < head.Length)
        {
            int s = p;
            while (p < head.Length && !IsSpace(head[p])) p++;
            if (words == 0) { firstStart = s; firstEnd = p; }
            words++;
            while (p < head.Length && IsSpace(head[p])) p++;
        }
        if (words > 4) return false;
        var first = head[firstStart..firstEnd];
        int letters = 0;
        while (letters < first.Length && char.IsLetter(first[letters])) letters++;
        return TLexicon.IsTimeLead(first[..letters]);
    }

    /// <summary>Reads the word of letters at <paramref name="p"/> (at most 24).</summary>
    private static ReadOnlySpan<char> WordAt(ReadOnlySpan<char> w, int p)
    {
        int e = p;
        int lim = Math.Min(w.Length, p + 24);
        while (e < lim && char.IsLetter(w[e])) e++;
        return w[p..e];
    }

    /// <summary>Whether a typical sentence opener ("The", "He", "However" ...) starts at <paramref name="p"/>.</summary>
    private static bool IsStarterAt(ReadOnlySpan<char> w, int p)
    {
        var word = WordAt(w, p);
        if (word.IsEmpty) return false;
        int after = p + word.Length;
        if (after < w.Length)
        {
            char a = w[after];
            if (a == '.' && word.Length == 1) return false;   // "A. Smith": an initial, not the article
            if (char.IsDigit(a)) return false;
        }
        return TLexicon.IsSentenceStarter(word);
    }

    private static bool IsTimeFollowerAt(ReadOnlySpan<char> w, int p)
    {
        var word = WordAt(w, p);
        if (word.IsEmpty) return false;
        if (TLexicon.IsTimeFollower(word)) return true;
        // "5 p.m. Moscow time"
        int q = p + word.Length;
        if (q < w.Length && w[q] == ' ')
        {
            var second = WordAt(w, q + 1);
            return second.SequenceEqual("time");
        }
        return false;
    }

    /// <summary>
    /// A quote attribution after closing quotes: up to four capitalised words and a speech verb ("Smith asked",
    /// "President Joe Biden said"). With <paramref name="strict"/> the verb must end the clause ("Smith said.").
    /// </summary>
    private static bool IsAttribution(ReadOnlySpan<char> w, int p, bool strict)
    {
        int n = w.Length;
        int names = 0;
        for (int step = 0; step < 6 && p < n; step++)
        {
            char c = w[p];
            if (char.IsUpper(c))
            {
                if (++names > 4) return false;
                int lim = Math.Min(n, p + 24);
                while (p < lim && (char.IsLetter(w[p]) || w[p] is '.' or '-' or '\'' or '\u2019')) p++;
                if (p >= n || w[p] != ' ') return false;
                p++;
                continue;
            }
            if (!char.IsLower(c) || names == 0) return false;
            var verb = WordAt(w, p);
            if (!TLexicon.IsSpeechVerb(verb)) return false;
            if (!strict) return true;
            int after = p + verb.Length;
            return after >= n || w[after] is '.' or ',' or '!' or '?' or ';';
        }
        return false;
    }

    /// <summary>
    /// Golden rule 52: "world.Today", "Tuesday.Mr. Smith", "1,000.That": a full stop followed directly by a capitalised
    /// word, after a lower-case word or a number, outside URLs, e-mail addresses and file names.
    /// </summary>
    private static bool NoSpaceBoundary(ReadOnlySpan<char> w, int dot)
    {
        int n = w.Length;
        if (dot + 2 >= n || !char.IsUpper(w[dot + 1]) || !char.IsLower(w[dot + 2])) return false;
        int ts = TokenStart(w, dot);
        var left = w[ts..dot];
        if (left.Length < 2) return false;
        char last = left[^1];
        if (!(char.IsLower(last) || char.IsAsciiDigit(last))) return false;
        foreach (char c in left)
            if (!(char.IsLetterOrDigit(c) || c is ',' or '\'' or '\u2019' or '-')) return false;
        if (TLexicon.TryGetAbbreviation(left, out _)) return false;
        int r = dot + 1;
        int lim = Math.Min(n, r + 40);
        while (r < lim && char.IsLetter(w[r])) r++;
        while (r < lim && !IsSpace(w[r]))
        {
            char c = w[r];
            if (c is '.' or ',' or ';' or '!' or '?' || IsCloser(c))
            {
                if (c == '.' && r + 1 < n && char.IsLetterOrDigit(w[r + 1])) return false;
                r++;
            }
            else return false;
        }
        return r < lim || r >= n;
    }

    // ------------------------------------------------------------------ line breaks

    /// <summary>
    /// A single line break with no final punctuation before it. The line ends the sentence when the next line starts a
    /// list item, or when the line does not end in a continuation signal (comma, dash, function word ...), the next line
    /// does not start in lower case, and either the next line clearly starts a new unit (a dateline, a typical sentence
    /// opener, a quotation) or the line is a whole line that is short or in headline case. See docs/segmentation.md.
    /// </summary>
    private static bool LineBreakEndsSentence(ReadOnlySpan<char> w, int lineStart, int lineEnd, bool lineWhole, bool firstLine, int next)
    {
        if (StartsListItem(w, next)) return true;
        var line = w[lineStart..lineEnd];
        // A line holding only a web address is a unit of its own (a link under a paragraph, a source line).
        if (lineWhole && !char.IsLower(w[next]) && IsWebAddress(line)) return true;
        if (EndsWithContinuation(line)) return false;
        char c = w[next];
        if (char.IsLower(c))
        {
            // "features\ncontact manager\nevents": a list of lower-case fragments, not a wrapped sentence.
            return lineWhole && firstLine && char.IsLower(line[0]) && line.Length <= 30 && WordCount(line) <= 3;
        }
        if (c is ',' or ';' or ':' or ')' or ']' or '}' or '%' or '.') return false;
        if (StartsNewUnit(w, next)) return true;
        return lineWhole && (line.Length < ShortLine || IsHeadlineCase(line));
    }

    private static bool StartsListItem(ReadOnlySpan<char> w, int p)
    {
        int n = w.Length;
        char c = w[p];
        if (IsLineBullet(c)) return true;
        if (c is '-' or '*' or '+' or '\u2013') return p + 1 >= n || IsSpace(w[p + 1]);
        int q = p;
        while (q < n && q - p < 3 && char.IsAsciiDigit(w[q])) q++;
        if (q > p)
        {
            if (q >= n || w[q] is not ('.' or ')')) return false;
            q++;
            if (q < n && w[q] == ')' && w[q - 1] == '.') q++;
            return q >= n || IsSpace(w[q]);
        }
        if (c == '(')
        {
            q = p + 1;
            while (q < n && q - p <= 4 && (char.IsAsciiDigit(w[q]) || char.IsAsciiLetterLower(w[q]))) q++;
            return q > p + 1 && q < n && w[q] == ')' && (q + 1 >= n || IsSpace(w[q + 1]));
        }
        if (p + 1 < n && (p + 2 >= n || IsSpace(w[p + 2])))
        {
            if (char.IsAsciiLetterLower(c) && w[p + 1] is '.' or ')') return true;
            if (char.IsAsciiLetterUpper(c) && w[p + 1] == ')') return true;
        }
        return false;
    }

    /// <summary>One token starting with "http://", "https://" or "www.".</summary>
    private static bool IsWebAddress(ReadOnlySpan<char> line)
    {
        if (!(line.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || line.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
              || line.StartsWith("www.", StringComparison.OrdinalIgnoreCase)))
            return false;
        return line.IndexOfAny(Space) < 0;
    }

    private static bool EndsWithContinuation(ReadOnlySpan<char> line)
    {
        char last = line[^1];
        if (last is ',' or ';' or ':' or '-' or '\u2013' or '\u2014' or '/' or '&' or '+' or '=' or '(' or '[' or '{' or '\u201C' or '\u2018')
            return true;
        int s = line.Length;
        while (s > 0 && char.IsLetter(line[s - 1])) s--;
        var word = line[s..];
        return !word.IsEmpty && TLexicon.IsFunctionWord(word);
    }

    /// <summary>A dateline ("KYIV, Ukraine —"), a typical sentence opener, or an opening quote before a capital.</summary>
    private static bool StartsNewUnit(ReadOnlySpan<char> w, int p)
    {
        int n = w.Length;
        char c = w[p];
        if (IsOpener(c)) return p + 1 < n && char.IsUpper(w[p + 1]);
        if (IsStarterAt(w, p)) return true;
        // Dateline: a run of capitals ("KYIV", "SAN FRANCISCO", "ST. LOUIS") followed by a comma, a bracket or a dash.
        int q = p;
        int caps = 0;
        int lim = Math.Min(n, p + 40);
        while (q < lim)
        {
            char ch = w[q];
            if (char.IsUpper(ch)) caps++;
            else if (ch is not (' ' or '.' or '\'' or '\u2019')) break;
            q++;
        }
        if (caps < 2 || q >= n) return false;
        return w[q] is ',' or '(' or '\u2014' or '\u2013' or '-' or ':';
    }

    /// <summary>Title Case or ALL CAPS: every word capitalised except short function words, and at least two capitals.</summary>
    private static bool IsHeadlineCase(ReadOnlySpan<char> line)
    {
        int caps = 0;
        int p = 0;
        while (p < line.Length)
        {
            while (p < line.Length && IsSpace(line[p])) p++;
            int s = p;
            while (p < line.Length && !IsSpace(line[p])) p++;
            if (p == s) break;
            var token = line[s..p];
            int f = 0;
            while (f < token.Length && !char.IsLetter(token[f])) f++;
            if (f == token.Length) continue;
            if (char.IsUpper(token[f])) { caps++; continue; }
            if (!char.IsLower(token[f])) continue;
            int e = f;
            while (e < token.Length && char.IsLetter(token[e])) e++;
            if (!TLexicon.IsHeadlineSmallWord(token[f..e])) return false;
        }
        return caps >= 2;
    }

    private static int WordCount(ReadOnlySpan<char> line)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in line)
        {
            bool space = IsSpace(c);
            if (!space && !inWord) count++;
            inWord = !space;
        }
        return count;
    }

    /// <summary>
    /// Skips white space from <paramref name="p"/>, at most <see cref="MaxSpaceRun"/> characters. Counts line breaks
    /// (CR LF is one); <paramref name="hard"/> is set by a paragraph separator, a form feed or an over-long run.
    /// </summary>
    private static int SkipSpace(ReadOnlySpan<char> w, int p, out int breaks, out bool hard)
    {
        breaks = 0;
        hard = false;
        int n = w.Length;
        int lim = Math.Min(n, p + MaxSpaceRun);
        while (p < lim)
        {
            char c = w[p];
            if (!IsSpace(c)) return p;
            if (IsLineBreak(c))
            {
                if (c is '\u2029' or '\u000C') hard = true;
                if (!(c == '\n' && p > 0 && w[p - 1] == '\r')) breaks++;
            }
            p++;
        }
        if (p < n && IsSpace(w[p])) hard = true;
        return p;
    }

    // ------------------------------------------------------------------ list markers

    private enum MarkerKind : byte { None, NumberDot, NumberParen, NumberDotParen, ParenNumber, LetterDot, LetterParen, ParenLetter }

    private readonly record struct ListMarker(MarkerKind Kind, int Value, bool AfterBullet);

    /// <summary>
    /// Skips a leading bullet ("•", "⁃", "- ", "* ") and list marker ("1.", "2)", "3.)", "(4)", "a.", "b)", "(c)") so that
    /// they stay with their item and their period is not taken for a full stop.
    /// </summary>
    private static int SkipLeadingMarker(ReadOnlySpan<char> w, out ListMarker marker)
    {
        int n = w.Length;
        int p = 0;
        bool bullet = false;
        if (IsLineBullet(w[0]) || (w[0] is '-' or '*' or '+' or '\u2013' && n > 1 && IsSpace(w[1])))
        {
            bullet = true;
            p = 1;
            while (p < n && p < 8 && IsHorizontalSpace(w[p])) p++;
        }
        marker = default;
        if (p >= n) return p;
        int q = p;
        int value = 0;
        while (q < n && q - p < 3 && char.IsAsciiDigit(w[q])) value = value * 10 + (w[q++] - '0');
        if (q > p)
        {
            MarkerKind kind;
            if (q < n && w[q] == '.')
            {
                if (q + 1 < n && w[q + 1] == ')') { kind = MarkerKind.NumberDotParen; q += 2; }
                else { kind = MarkerKind.NumberDot; q++; }
            }
            else if (q < n && w[q] == ')') { kind = MarkerKind.NumberParen; q++; }
            else return p;
            if (q < n && !IsSpace(w[q])) return p;
            marker = new ListMarker(kind, value, bullet);
            return q;
        }
        char c = w[p];
        if (c == '(' && p + 2 < n && w[p + 2] == ')' && (p + 3 >= n || IsSpace(w[p + 3])))
        {
            char x = w[p + 1];
            if (char.IsAsciiDigit(x)) { marker = new ListMarker(MarkerKind.ParenNumber, x - '0', bullet); return p + 3; }
            if (char.IsAsciiLetterLower(x)) { marker = new ListMarker(MarkerKind.ParenLetter, x, bullet); return p + 3; }
            return p;
        }
        if (p + 1 < n && (p + 2 >= n || IsSpace(w[p + 2])))
        {
            if (char.IsAsciiLetterLower(c) && w[p + 1] == '.') { marker = new ListMarker(MarkerKind.LetterDot, c, bullet); return p + 2; }
            if (char.IsAsciiLetter(c) && w[p + 1] == ')') { marker = new ListMarker(MarkerKind.LetterParen, c, bullet); return p + 2; }
        }
        return p;
    }

    /// <summary>Finds the next marker of the same list in the same line ("1. First item 2. Second item").</summary>
    private static int FindNextMarker(ReadOnlySpan<char> w, int from, int limit, ListMarker marker)
    {
        Span<char> buffer = stackalloc char[8];
        int len = 0;
        int next = marker.Value + 1;
        bool letter = marker.Kind is MarkerKind.LetterDot or MarkerKind.LetterParen or MarkerKind.ParenLetter;
        if (letter && !char.IsAsciiLetter((char)next)) return -1;
        if (!letter && next > 999) return -1;
        if (marker.Kind is MarkerKind.ParenNumber or MarkerKind.ParenLetter) buffer[len++] = '(';
        if (letter) buffer[len++] = (char)next;
        else
        {
            next.TryFormat(buffer[len..], out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            len += written;
        }
        switch (marker.Kind)
        {
            case MarkerKind.NumberDot or MarkerKind.LetterDot: buffer[len++] = '.'; break;
            case MarkerKind.NumberParen or MarkerKind.LetterParen or MarkerKind.ParenNumber or MarkerKind.ParenLetter: buffer[len++] = ')'; break;
            case MarkerKind.NumberDotParen: buffer[len++] = '.'; buffer[len++] = ')'; break;
        }
        var needle = buffer[..len];
        int p = from;
        while (p < limit)
        {
            int k = w[p..limit].IndexOf(needle);
            if (k < 0) return -1;
            int at = p + k;
            int after = at + len;
            if (at > 0 && IsSpace(w[at - 1]) && (after >= w.Length || IsSpace(w[after]))) return at;
            p = at + 1;
        }
        return -1;
    }

    // ------------------------------------------------------------------ cutting

    /// <summary>
    /// Cuts a sentence that reached <paramref name="max"/> without a boundary: after the last clause punctuation
    /// (, ; : — – )) followed by white space in the second half, else at the last white space there, else at
    /// <paramref name="max"/> moved back so that no surrogate pair or combining sequence is split.
    /// </summary>
    private static int Cut(ReadOnlySpan<char> w, int max)
    {
        Debug.Assert(w.Length > max);
        int lo = max / 2;
        var region = w[lo..max];
        int idx = region.LastIndexOfAny(ClausePunctuation);
        while (idx >= 0)
        {
            int t = lo + idx;
            if (IsSpace(w[t + 1])) return t + 1;
            idx = region[..idx].LastIndexOfAny(ClausePunctuation);
        }
        idx = region.LastIndexOfAny(Space);
        if (idx >= 0) return TrimEnd(w, lo + idx);
        int c = max;
        int b = c;
        while (b > lo && IsExtender(w[b])) b--;
        if (b > lo) c = b;
        if (char.IsLowSurrogate(w[c]) && char.IsHighSurrogate(w[c - 1])) c--;
        return c;
    }

    /// <summary>Moves <paramref name="end"/> back over white space.</summary>
    public static int TrimEnd(ReadOnlySpan<char> w, int end)
    {
        while (end > 0 && IsSpace(w[end - 1])) end--;
        return end;
    }
}
