using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// The rule stage of entity extraction: gazetteer longest match with context checks, titles,
/// organisation and place patterns, datelines, acronyms. What the rules cannot type is left as
/// <see cref="UnknownChunk"/>s for the tagger.
/// </summary>
internal sealed partial class EntityRules
{
    private readonly Gazetteer _gazetteer;
    private readonly EntityWords _words;

    /// <summary>Rules over the language's gazetteer and word lists.</summary>
    public EntityRules(LanguageData language)
    {
        _gazetteer = language.Gazetteer;
        _words = language.Words;
    }

    public Gazetteer Gazetteer => _gazetteer;

    /// <summary>Tokenizes and runs the rules; fills tokens, candidates and unknown chunks of the scratch.</summary>
    /// <remarks>The tokens and gazetteer matches are the scratch's layer: made here, or a document layer's (already made).</remarks>
    public void Run(ReadOnlySpan<char> text, EntityScratch s)
    {
        int n = s.Annotate(text, _gazetteer);
        s.CandidateCount = 0;
        s.ChunkCount = 0;
        var tokens = s.Tokens.AsSpan(0, n);
        var c = new RulePass(text, tokens, s, _gazetteer, _words);
        c.Scan();
    }

    /// <summary>Post-pass after the tagger: acronyms in parentheses, "the" trimming.</summary>
    public void Finish(ReadOnlySpan<char> text, EntityScratch s)
    {
        var c = new RulePass(text, s.Tokens.AsSpan(0, s.TokenCount), s, _gazetteer, _words);
        c.TypeResultsAndRosters();
        c.JoinGivenNameAndCity();
        c.TypeClubs();
        c.TypeParenthesisedAcronyms();
    }

    /// <summary>Whether token k opens a sentence (only quotes, brackets or dashes before it since the last terminator).</summary>
    public static bool IsSentenceStart(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k)
    {
        for (int j = k - 1; j >= 0; j--)
        {
            var t = tokens[j];
            if (t.Kind != TokenKind.Punct) return false;
            char ch = text[t.Start];
            if (ch is '.' or '!' or '?' or ':' or ';' or '\n') return true;
            if (ch is '"' or '\u201C' or '\u2018' or '\'' or '(' or '[' or '\u2014' or '\u2013' or '-') continue;
            return false;
        }
        return true;
    }

    private ref partial struct RulePass
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly ReadOnlySpan<Token> _tokens;
        private readonly EntityScratch _scratch;
        private readonly Gazetteer _gazetteer;
        private readonly EntityWords _words;
        private readonly int _tokenCount;

        // Candidates are kept sorted by start (when they came so), and no candidate is longer than _longestCandidate
        // tokens, so a lookup only needs the candidates that start in a short range: the same answer as a full scan.
        private bool _candidatesSorted;
        private int _longestCandidate;

        public RulePass(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, EntityScratch s, Gazetteer g, EntityWords words)
        {
            _words = words;
            _text = text;
            _tokens = tokens;
            _scratch = s;
            _gazetteer = g;
            _tokenCount = tokens.Length;
        }

        private ReadOnlySpan<char> TextOf(int k) => _text.Slice(_tokens[k].Start, _tokens[k].Length);
        private bool IsWord(int k) => k >= 0 && k < _tokenCount && _tokens[k].Kind == TokenKind.Word;
        private bool IsCapitalised(int k) => IsWord(k) && char.IsUpper(_text[_tokens[k].Start]);
        private bool IsLowerWord(int k) => IsWord(k) && char.IsLower(_text[_tokens[k].Start]);
        private bool Adjacent(int a, int b) => a >= 0 && b < _tokenCount && _tokens[a].End == _tokens[b].Start;
        private bool IsPunct(int k, char ch) => k >= 0 && k < _tokenCount && _tokens[k].Kind == TokenKind.Punct && _text[_tokens[k].Start] == ch;
        private bool IsHyphen(int k) => k >= 0 && k < _tokenCount && _tokens[k].Kind == TokenKind.Punct && _text[_tokens[k].Start] is '-' or '\u2010' or '\u2011';
        private bool IsDash(int k) => k >= 0 && k < _tokenCount && _tokens[k].Kind == TokenKind.Punct && _text[_tokens[k].Start] is '-' or '\u2013' or '\u2014';

        private bool IsAllCaps(int k)
        {
            if (!IsWord(k)) return false;
            var w = TextOf(k);
            if (w.Length < 2) return false;
            foreach (char ch in w) if (char.IsLower(ch)) return false;
            return true;
        }

        private bool IsStopWord(int k) => IsCapitalised(k) && (IsAllCaps(k) ? _words.CommonAcronym.Contains(TextOf(k)) || IsCapsHeadlineWord(k) : _words.StopCap.Contains(TextOf(k)));

        /// <summary>A capitalised word that may be (part of) a name.</summary>
        private bool IsNameWord(int k) => IsCapitalised(k) && !IsStopWord(k);

        private bool IsNameStart(int k) => IsNameWord(k) || IsGluedParticle(k);

        private bool IsParticle(int k) => IsLowerWord(k) && _words.Particle.Contains(TextOf(k));

        /// <summary>"al-Burhan": a particle glued by a hyphen to a capitalised word.</summary>
        private bool IsGluedParticle(int k) => IsLowerWord(k) && _words.GluedParticle.Contains(TextOf(k)) && IsHyphen(k + 1) && Adjacent(k, k + 1) && Adjacent(k + 1, k + 2) && IsCapitalised(k + 2);

        private bool IsSentenceStart(int k) => EntityRules.IsSentenceStart(_text, _tokens, k);

        public void Scan()
        {
            int i = MatchDateline();
            int nextCheck = 0;
            while (i < _tokenCount)
            {
                if (i >= nextCheck)
                {
                    _scratch.Cancellation.ThrowIfCancellationRequested();
                    nextCheck = i + EntityScratch.CancellationStride;
                }
                bool startable = StartsGazetteerName(i) || IsNameStart(i);
                if (!startable)
                {
                    // Lower-case role nouns and titles: "spokesman Dmitry Peskov", "senior colonel Xiao Gan".
                    if (IsLowerWord(i) && _words.RoleNoun.Contains(TextOf(i)) && IsTitleBeforeName(i, out int ns) && !StartsGazetteerName(ns))
                    {
                        int e0 = BuildRun(ns, allowTitleAtStart: true, out HeadKind h0);
                        if (h0 == HeadKind.None) { SegmentRun(ns, e0, person: true); i = e0; continue; }
                    }
                    i++;
                    continue;
                }

                // Title + name.
                if (IsTitleBeforeName(i, out int nameStart))
                {
                    bool gazWins = StartsGazetteerName(i) && i + _scratch.AliasLength[i] > nameStart && TypeOfAlias(_scratch.AliasAt[i]) != EntityType.Person;
                    if (!gazWins)
                    {
                        int e = BuildRun(nameStart, allowTitleAtStart: true, out HeadKind h);
                        if (h == HeadKind.None)
                        {
                            SegmentRun(nameStart, e, person: true);
                            i = e;
                            continue;
                        }
                        // "General Assembly": the title words belong to an organisation name.
                    }
                }

                int end = BuildRun(i, allowTitleAtStart: true, out HeadKind head);
                if (end <= i) { i++; continue; }
                // "drug maker Cipla", "the newspaper Al Quds", "the Al-Ayyam newspaper": an unknown name by an organisation noun.
                if (head == HeadKind.None && (OrgNounBefore(i) || MediaNounAfter(i, end)) && !StartsGazetteerName(i) && !OpensWithGivenName(i, end))
                {
                    EmitCandidate(i, end, EntityType.Org, -1);
                    i = end;
                    continue;
                }
                bool person = (RoleNounBefore(i) || PersonListBefore(i)) && head == HeadKind.None;
                SegmentRun(i, end, person, head);
                i = end;
            }
        }
    }
}
