using StanceKit.Text;

namespace StanceKit;

/// <summary>A candidate entity over tokens <c>[Start, End)</c>.</summary>
internal struct EntityCandidate
{
    public int Start;
    public int End;
    public EntityType Type;
    public int Entry;
}

/// <summary>A capitalised stretch the rules could not type: left to the tagger (or forced to PERSON after a title).</summary>
internal struct UnknownChunk
{
    public int Start;
    public int End;
    public bool Person;
}

/// <summary>Per-thread buffers of the extraction pipeline; grown on demand, never shrunk.</summary>
internal sealed class EntityScratch
{
    public Token[] Tokens = new Token[256];
    public int[] Alias = new int[256];
    public int[] AliasLen = new int[256];
    public EntityCandidate[] Cands = new EntityCandidate[256];
    public UnknownChunk[] Chunks = new UnknownChunk[256];
    public int[] Labels = new int[256];
    public ulong[] Features = new ulong[64];
    public float[] Scores = new float[EntityTagger.LabelCount];
    public int CandCount;
    public int ChunkCount;
    public int TokenCount;

    /// <summary>Checked every <see cref="CancellationStride"/> tokens by the long passes over a document (set per call, then reset).</summary>
    public CancellationToken Cancellation;
    public const int CancellationStride = 1024;

    public void Ensure(int textLength)
    {
        int needed = textLength + 1;
        if (Tokens.Length >= needed) return;
        int size = Math.Max(needed, Tokens.Length * 2);
        Tokens = new Token[size];
        Alias = new int[size];
        AliasLen = new int[size];
        Cands = new EntityCandidate[size];
        Chunks = new UnknownChunk[size];
        Labels = new int[size];
    }

    [ThreadStatic] private static EntityScratch? t_scratch;
    public static EntityScratch Get() => t_scratch ??= new EntityScratch();
}

/// <summary>
/// The rule stage of entity extraction: gazetteer longest match with context checks, titles,
/// organisation and place patterns, datelines, acronyms. What the rules cannot type is left as
/// <see cref="UnknownChunk"/>s for the tagger.
/// </summary>
internal sealed class EntityPipeline
{
    private readonly Gazetteer _g;

    public EntityPipeline(Gazetteer gazetteer) => _g = gazetteer;

    public Gazetteer Gazetteer => _g;

    /// <summary>Tokenizes and runs the rules; fills tokens, candidates and unknown chunks of the scratch.</summary>
    public void Run(ReadOnlySpan<char> text, EntityScratch s)
    {
        s.Ensure(text.Length);
        int n = NewsTokenizer.Tokenize(text, s.Tokens);
        s.TokenCount = n;
        s.CandCount = 0;
        s.ChunkCount = 0;
        var tokens = s.Tokens.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            if ((i & (EntityScratch.CancellationStride - 1)) == 0) s.Cancellation.ThrowIfCancellationRequested();
            s.Alias[i] = _g.MatchLongest(text, tokens, i, out int len, properNamesOnly: true);
            s.AliasLen[i] = s.Alias[i] >= 0 ? len : 0;
        }
        var c = new Ctx(text, tokens, s, _g);
        c.Scan();
    }

    /// <summary>Post-pass after the tagger: acronyms in parentheses, "the" trimming.</summary>
    public static void Finish(ReadOnlySpan<char> text, EntityScratch s, Gazetteer g)
    {
        var c = new Ctx(text, s.Tokens.AsSpan(0, s.TokenCount), s, g);
        c.ResultsAndRosters();
        c.Acronyms();
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

    private ref struct Ctx
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly ReadOnlySpan<Token> _tok;
        private readonly EntityScratch _s;
        private readonly Gazetteer _g;
        private readonly int _n;

        public Ctx(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, EntityScratch s, Gazetteer g)
        {
            _text = text;
            _tok = tokens;
            _s = s;
            _g = g;
            _n = tokens.Length;
        }

        private ReadOnlySpan<char> W(int k) => _text.Slice(_tok[k].Start, _tok[k].Length);
        private bool IsWord(int k) => k >= 0 && k < _n && _tok[k].Kind == TokenKind.Word;
        private bool IsCap(int k) => IsWord(k) && char.IsUpper(_text[_tok[k].Start]);
        private bool IsLowerWord(int k) => IsWord(k) && char.IsLower(_text[_tok[k].Start]);
        private bool Adjacent(int a, int b) => a >= 0 && b < _n && _tok[a].End == _tok[b].Start;
        private bool IsPunct(int k, char ch) => k >= 0 && k < _n && _tok[k].Kind == TokenKind.Punct && _text[_tok[k].Start] == ch;
        private bool IsHyphen(int k) => k >= 0 && k < _n && _tok[k].Kind == TokenKind.Punct && _text[_tok[k].Start] is '-' or '\u2010' or '\u2011';
        private bool IsDash(int k) => k >= 0 && k < _n && _tok[k].Kind == TokenKind.Punct && _text[_tok[k].Start] is '-' or '\u2013' or '\u2014';

        private bool IsAllCaps(int k)
        {
            if (!IsWord(k)) return false;
            var w = W(k);
            if (w.Length < 2) return false;
            foreach (char ch in w) if (char.IsLower(ch)) return false;
            return true;
        }

        private bool IsStop(int k) => IsCap(k) && (IsAllCaps(k) ? EntityWords.CommonAcronym.Contains(W(k)) || IsCapsHeadlineWord(k) : EntityWords.StopCap.Contains(W(k)));

        /// <summary>
        /// In an all-capitals line ("SOCCER - GRONINGEN SACK COACH AFTER FOURTH DEFEAT") a function word or common word
        /// that no gazetteer name starts is not a name; the words left ("GRONINGEN") are.
        /// </summary>
        private bool IsCapsHeadlineWord(int k)
        {
            var w = W(k);
            if (!(EntityWords.StopCap.Contains(w) || EntityWords.CommonWord.Contains(w)) || GazStarts(k)) return false;
            int caps = 0, other = 0;
            for (int j = Math.Max(0, k - 4); j < Math.Min(_n, k + 5); j++)
            {
                if (j == k || !IsWord(j)) continue;
                if (IsAllCaps(j)) caps++;
                else if (char.IsLetter(_text[_tok[j].Start])) other++;
            }
            return caps >= 2 && caps > 2 * other;
        }

        /// <summary>A capitalised word that may be (part of) a name.</summary>
        private bool IsNameWord(int k) => IsCap(k) && !IsStop(k);

        private bool IsParticle(int k) => IsLowerWord(k) && EntityWords.Particle.Contains(W(k));

        /// <summary>"al-Burhan": a particle glued by a hyphen to a capitalised word.</summary>
        private bool IsGluedParticle(int k) => IsLowerWord(k) && EntityWords.GluedParticle.Contains(W(k)) && IsHyphen(k + 1) && Adjacent(k, k + 1) && Adjacent(k + 1, k + 2) && IsCap(k + 2);

        private bool IsDirection(int k)
        {
            if (!IsCap(k)) return false;
            var w = W(k);
            return w.SequenceEqual("North") || w.SequenceEqual("South") || w.SequenceEqual("East") || w.SequenceEqual("West")
                || w.SequenceEqual("Central") || w.SequenceEqual("Northern") || w.SequenceEqual("Southern") || w.SequenceEqual("Eastern")
                || w.SequenceEqual("Upper") || w.SequenceEqual("Lower") || w.SequenceEqual("Northeast") || w.SequenceEqual("Northwest")
                || w.SequenceEqual("Southeast") || w.SequenceEqual("Southwest");
        }

        private EntityType TypeOfAlias(int aliasId) => _g[_g.EntriesOfAlias(aliasId)[0]].Type;
        private GazetteerEntry EntryOfAlias(int aliasId) => _g[_g.EntriesOfAlias(aliasId)[0]];

        private bool GazStarts(int k) => k < _n && _s.Alias[k] >= 0;

        private bool IsSentenceStart(int k) => EntityPipeline.IsSentenceStart(_text, _tok, k);

        // ---------------------------------------------------------------- titles

        /// <summary>The longest title phrase looked at, in tokens (real ones have a handful).</summary>
        private const int MaxTitleTokens = 16;

        /// <summary>End of a title phrase starting at <paramref name="k"/> ("Senior Colonel", "Secretary-General", "Gen."), or k.</summary>
        private int TitleEnd(int k)
        {
            int j = k;
            bool sawCore = false;
            int end = k;
            // Bounded: a run of title words ("President President ...") must not make the scan quadratic.
            while (IsWord(j) && j - k < MaxTitleTokens)
            {
                var w = W(j);
                // A capitalised role noun opening a sentence works as a title ("Activist Joshua Wong was ...").
                bool core = EntityWords.TitleCore.Contains(w) || (j == k && IsCap(j) && EntityWords.RoleNoun.Contains(w) && IsSentenceStart(j));
                bool mod = EntityWords.TitleModifier.Contains(w);
                if (!core && !mod) break;
                // Lower-case title words only count as cores ("spokesman", "senior colonel").
                j++;
                if (IsPunct(j, '.') && Adjacent(j - 1, j) && w.Length <= 4) j++;
                if (core) sawCore = true;
                if (sawCore) end = j;
                if (IsHyphen(j) && Adjacent(j - 1, j) && IsWord(j + 1) && (EntityWords.TitleCore.Contains(W(j + 1)) || EntityWords.TitleModifier.Contains(W(j + 1)))) j++;
                else if (core && IsWord(j) && W(j).SequenceEqual("of") && IsCap(j + 1) && EntityWords.TitleModifier.Contains(W(j + 1)))
                {
                    // "Secretary of State Marco Rubio"
                    j += 2;
                    end = j;
                    if (IsCap(j) && EntityWords.TitleModifier.Contains(W(j)) && IsCap(j + 1) && !EntityWords.TitleModifier.Contains(W(j + 1))) { j++; end = j; }
                    break;
                }
            }
            return sawCore ? end : k;
        }

        private bool IsNameStart(int k) => IsNameWord(k) || IsGluedParticle(k);

        /// <summary>A title phrase at k directly followed by a name.</summary>
        private bool IsTitleBeforeName(int k, out int nameStart)
        {
            nameStart = TitleEnd(k);
            return nameStart > k && IsNameStart(nameStart);
        }

        /// <summary>"officials like", "leaders such as", "figures including" right before k.</summary>
        private bool PersonListBefore(int k)
        {
            int j = k - 1;
            if (!IsLowerWord(j)) return false;
            var w = W(j);
            if (w.SequenceEqual("like") || w.SequenceEqual("including"))
                return IsWord(j - 1) && EntityWords.PersonPlural.Contains(W(j - 1));
            if (w.SequenceEqual("as") && IsWord(j - 1) && W(j - 1).SequenceEqual("such"))
                return IsWord(j - 2) && EntityWords.PersonPlural.Contains(W(j - 2));
            return false;
        }

        /// <summary>A lower-case role noun right before k ("spokesman Dmitry Peskov"), possibly after a hyphenated modifier.</summary>
        private bool RoleNounBefore(int k)
        {
            int j = k - 1;
            return IsLowerWord(j) && EntityWords.RoleNoun.Contains(W(j));
        }

        // ---------------------------------------------------------------- runs

        private static readonly string[] s_connectors = ["of", "for", "on", "de", "del", "du", "and", "to"];

        /// <summary>Whether a gazetteer match inside the run [s, ..) ends exactly at token k.</summary>
        private bool EndsGazMatch(int s, int k)
        {
            for (int j = s; j < k;)
            {
                if (GazStarts(j)) { if (j + _s.AliasLen[j] == k) return true; j += _s.AliasLen[j]; }
                else j++;
            }
            return false;
        }

        /// <summary>An organisation head among the capitalised words from k on.</summary>
        private bool OrgHeadAhead(int k)
        {
            for (int j = k; j < _n && j < k + 5 && (IsNameWord(j) || IsHyphen(j)); j++) if (HeadKind(j) == 1) return true;
            return false;
        }

        private bool IsConnector(int k, out bool isAnd)
        {
            isAnd = false;
            if (!IsLowerWord(k)) return false;
            var w = W(k);
            foreach (var c in s_connectors)
            {
                if (w.SequenceEqual(c)) { isAnd = c == "and"; return true; }
            }
            return false;
        }

        private int HeadKind(int k)
        {
            // 1 = organisation, 2 = place, 3 = event/not annotated
            if (!IsCap(k)) return 0;
            var w = W(k);
            if (EntityWords.EventHead.Contains(w)) return 3;
            if (EntityWords.OrgHead.Contains(w)) return 1;
            if (EntityWords.PlaceHead.Contains(w)) return 2;
            return 0;
        }

        /// <summary>Builds the capitalised run starting at s; returns its end (exclusive) and the kind of its last head.</summary>
        private int BuildRun(int s, bool allowTitleAtStart, out int head)
        {
            head = 0;
            int k = s;
            bool usedOf = false;
            while (k < _n)
            {
                if (k > s && IsTitleBeforeName(k, out _) && !GazStarts(k)) break;
                if (GazStarts(k) && (IsCap(k) || IsGluedParticle(k) || k == s || IsAllCaps(k)))
                {
                    // A known organisation acts as a head ("Ministry of Economy" + ", Trade and Industry").
                    if (k == s && TypeOfAlias(_s.Alias[k]) == EntityType.Org)
                    {
                        head = 1;
                        for (int j = k; j < k + _s.AliasLen[k]; j++) if (IsWord(j) && W(j).SequenceEqual("of")) usedOf = true;
                    }
                    k += _s.AliasLen[k];
                    continue;
                }
                if (IsNameWord(k))
                {
                    int h = HeadKind(k);
                    if (h != 0) head = h;
                    k++;
                    // Initials and generational suffixes: "George W. Bush", "Marcos Jr."
                    if (IsPunct(k, '.') && Adjacent(k - 1, k) && (W(k - 1).Length == 1 || EntityWords.NameSuffix.Contains(W(k - 1))))
                    {
                        if (W(k - 1).Length == 1 && !IsCap(k + 1)) break;
                        k++;
                    }
                    continue;
                }
                if (k > s && IsHyphen(k) && Adjacent(k - 1, k) && Adjacent(k, k + 1) && IsWord(k + 1) && (IsCap(k - 1) || IsParticle(k - 1) || (IsLowerWord(k - 1) && EntityWords.GluedParticle.Contains(W(k - 1)))))
                {
                    if (IsCap(k + 1) && !IsStop(k + 1)) { k++; continue; }
                    var next = W(k + 1);
                    if (IsLowerWord(k + 1) && next.Length <= 6 && !EntityWords.HyphenSuffix.Contains(next) && !EntityWords.StopCap.Contains(next)
                        && IsCap(k - 1) && !GazStarts(k - 1) && !(k + 2 < _n && IsHyphen(k + 2)))
                    {
                        k += 2;
                        continue;
                    }
                    break;
                }
                // "People's Liberation Army", "Kurdistan Workers' Party": a possessive inside an organisation's name.
                if (k > s && (_tok[k].Kind == TokenKind.Clitic || IsPunct(k, '\'') || IsPunct(k, '\u2019')) && Adjacent(k - 1, k)
                    && IsNameWord(k + 1) && !EndsGazMatch(s, k) && OrgHeadAhead(k + 1))
                {
                    k++;
                    continue;
                }
                if (IsParticle(k) || IsGluedParticle(k))
                {
                    if (IsGluedParticle(k)) { k++; continue; }
                    if (k > s && IsCap(k - 1))
                    {
                        int j = k;
                        while (IsParticle(j) && j - k < 3) j++;
                        if (IsNameWord(j) && HeadKind(j) == 0) { k = j; continue; }
                    }
                    break;
                }
                // "Ministry of Economy, Trade and Industry"
                if (k > s && usedOf && head == 1 && IsPunct(k, ','))
                {
                    int j = k + 1;
                    while (IsNameWord(j) && j - k < 4) j++;
                    if (j > k + 1 && IsConnector(j, out bool and2) && and2 && IsNameWord(j + 1)) { k = j; continue; }
                }
                if (k > s && head is 1 or 2 or 3 && IsConnector(k, out bool isAnd) && (!isAnd || usedOf))
                {
                    int j = k + 1;
                    if (IsLowerWord(j) && W(j).SequenceEqual("the")) j++;
                    if (IsNameWord(j) || (GazStarts(j) && IsCap(j)))
                    {
                        usedOf = true;
                        k = j;
                        continue;
                    }
                }
                break;
            }
            // Never end on a particle, hyphen or connector.
            while (k > s + 1 && (IsHyphen(k - 1) || IsParticle(k - 1))) k--;
            return k;
        }

        public void Scan()
        {
            int i = Dateline();
            int nextCheck = 0;
            while (i < _n)
            {
                if (i >= nextCheck)
                {
                    _s.Cancellation.ThrowIfCancellationRequested();
                    nextCheck = i + EntityScratch.CancellationStride;
                }
                bool startable = GazStarts(i) || IsNameStart(i);
                if (!startable)
                {
                    // Lower-case role nouns and titles: "spokesman Dmitry Peskov", "senior colonel Xiao Gan".
                    if (IsLowerWord(i) && EntityWords.RoleNoun.Contains(W(i)) && IsTitleBeforeName(i, out int ns) && !GazStarts(ns))
                    {
                        int e0 = BuildRun(ns, allowTitleAtStart: true, out int h0);
                        if (h0 == 0) { Segment(ns, e0, person: true); i = e0; continue; }
                    }
                    i++;
                    continue;
                }

                // Title + name.
                if (IsTitleBeforeName(i, out int nameStart))
                {
                    bool gazWins = GazStarts(i) && i + _s.AliasLen[i] > nameStart && TypeOfAlias(_s.Alias[i]) != EntityType.Person;
                    if (!gazWins)
                    {
                        int e = BuildRun(nameStart, allowTitleAtStart: true, out int h);
                        if (h == 0)
                        {
                            Segment(nameStart, e, person: true);
                            i = e;
                            continue;
                        }
                        // "General Assembly": the title words belong to an organisation name.
                    }
                }

                int end = BuildRun(i, allowTitleAtStart: true, out int head);
                if (end <= i) { i++; continue; }
                bool person = (RoleNounBefore(i) || PersonListBefore(i)) && head == 0;
                Segment(i, end, person, head);
                i = end;
            }
        }

        /// <summary>"PORT SUDAN, Sudan —", "BEIJING (Reuters) —": the capitalised place at the start of a story.</summary>
        private int Dateline()
        {
            int k = 0;
            while (k < _n && _tok[k].Kind == TokenKind.Punct && !IsDash(k)) k++;
            int s = k;
            while (IsAllCaps(k) || (k > s && (IsHyphen(k) || IsPunct(k, '.')) && IsAllCaps(k + 1))) k++;
            if (k == s || k - s > 5) return 0;
            if (!(IsDash(k) || IsPunct(k, ',') || IsPunct(k, '('))) return 0;
            // "SOCCER - GRONINGEN SACK COACH": a section before an all-capitals headline, not a dateline.
            if (IsDash(k) && IsAllCaps(k + 1) && IsAllCaps(k + 2)) return 0;
            if (IsCapsHeadlineWord(s)) return 0;
            // A lone acronym before a comma is not a dateline ("NATO, the alliance, ...").
            if (IsPunct(k, ',') && !IsDashAhead(k)) return 0;
            int entry = GazStarts(s) && _s.AliasLen[s] == k - s ? EntryId(_s.Alias[s]) : -1;
            if (entry >= 0 && _g[entry].Type != EntityType.Loc) return 0;
            Emit(s, k, EntityType.Loc, entry);
            return k;
        }

        private bool IsDashAhead(int k)
        {
            for (int j = k + 1; j < _n && j < k + 8; j++) if (IsDash(j) && !Adjacent(j - 1, j)) return true;
            return false;
        }

        // ---------------------------------------------------------------- segmentation

        private void Emit(int start, int end, EntityType type, int entry)
        {
            // A leading "the" belongs only to place names ("The Hague").
            if (type != EntityType.Loc && IsWord(start) && W(start).Equals("the", StringComparison.OrdinalIgnoreCase) && end - start > 1) start++;
            while (end - start > 1 && (IsHyphen(end - 1) || IsParticle(end - 1))) end--;
            while (end - start > 1 && IsHyphen(start)) start++;
            if (end <= start) return;
            ref var c = ref _s.Cands[_s.CandCount++];
            c.Start = start;
            c.End = end;
            c.Type = type;
            c.Entry = entry;
        }

        private void Unknown(int start, int end, bool person)
        {
            while (end > start && (IsHyphen(end - 1) || IsParticle(end - 1) || IsPunct(end - 1, '.') && !(end - 2 >= start && IsWord(end - 2) && (W(end - 2).Length == 1 || EntityWords.NameSuffix.Contains(W(end - 2)))))) end--;
            while (end > start && (IsHyphen(start) || !IsWord(start))) start++;
            if (end <= start) return;
            // "Assistant Jan van Dijk", "Economist Lars Hedberg": a capitalised role word opening the sentence before a given name.
            if (end - start >= 3 && IsCap(start) && !IsAllCaps(start) && (EntityWords.TitleModifier.Contains(W(start)) || EntityWords.TitleCore.Contains(W(start))
                || EntityWords.RoleNoun.Contains(W(start))) && (OpensWithGivenName(start + 1, end) || HasNameParticle(start + 1, end)))
                start++;
            if (person || HasNameParticle(start, end) || OpensWithGivenName(start, end))
            {
                Emit(start, end, EntityType.Person, -1);
                return;
            }
            // Dateline: "KHARTOUM —" at the start of a sentence.
            if (IsSentenceStart(start) && AllCapsRange(start, end) && (IsDash(end) || IsPunct(end, ',') || IsPunct(end, '(')))
            {
                Emit(start, end, EntityType.Loc, -1);
                return;
            }
            ref var ch = ref _s.Chunks[_s.ChunkCount++];
            ch.Start = start;
            ch.End = end;
            ch.Person = false;
        }

        /// <summary>
        /// "Tomas Kralik", "Hanna Vostrikova": two to four capitalised name words (not all capitals, no organisation or place
        /// head) whose first is a common given name, not followed by a word that makes them an organisation's name.
        /// </summary>
        private bool OpensWithGivenName(int start, int end)
        {
            int words = 0;
            for (int k = start; k < end; k++)
            {
                if (IsPunct(k, '.') || IsHyphen(k) || IsParticle(k)) continue;
                if (!IsCap(k) || IsAllCaps(k) || HeadKind(k) != 0) return false;
                words++;
            }
            if (words < 2 || words > 4 || !IsWord(start) || !EntityWords.GivenName.Contains(W(start))) return false;
            // "Louis Vuitton 's shares": a company named after its founder is left to the tagger.
            return !(IsWord(end) && EntityWords.OrgCueAfter.Contains(W(end)));
        }

        /// <summary>"Mohammed bin Salman", "Ursula von der Leyen": a name particle between capitalised words.</summary>
        private bool HasNameParticle(int start, int end)
        {
            for (int k = start + 1; k < end - 1; k++)
            {
                if (!IsLowerWord(k) || !IsCap(k - 1)) continue;
                var w = W(k);
                if (w.SequenceEqual("bin") || w.SequenceEqual("ibn") || w.SequenceEqual("bint") || w.SequenceEqual("von") || w.SequenceEqual("van") || w.SequenceEqual("binti"))
                    return true;
            }
            return false;
        }

        private bool AllCapsRange(int start, int end)
        {
            bool any = false;
            for (int k = start; k < end; k++)
            {
                if (!IsWord(k)) continue;
                if (!IsAllCaps(k)) return false;
                any = true;
            }
            return any;
        }

        private int EntryId(int aliasId) => _g.EntriesOfAlias(aliasId)[0];

        private void Segment(int s, int e, bool person, int head = 0)
        {
            if (e <= s) return;
            // 1. The whole run is one gazetteer name.
            if (GazStarts(s) && _s.AliasLen[s] == e - s)
            {
                EmitAlias(s, e, person);
                return;
            }
            // 2. Organisation / place / event patterns.
            head = RunHead(s, e, out int lastHead);
            if (head == 3)
            {
                // Events, treaties, embassies: keep only known names inside.
                SegmentPlain(s, e, false, onlyKnown: true);
                return;
            }
            if (head is 1 or 2)
            {
                // A descriptive country or demonym before a generic body stays separate ("Iranian" + "Foreign Ministry").
                if (GazStarts(s) && s + _s.AliasLen[s] < e)
                {
                    var entry = EntryOfAlias(_s.Alias[s]);
                    int next = s + _s.AliasLen[s];
                    if (IsHyphen(next)) next++;
                    if (entry.Type is EntityType.Loc or EntityType.Norp && (next < e && IsWord(next) && (EntityWords.GenericBody.Contains(W(next)) || EntityWords.EventHead.Contains(W(next)) || IsAllCaps(next)))
                        || entry.Type == EntityType.Person)
                    {
                        EmitAlias(s, s + _s.AliasLen[s], false);
                        Segment(next, e, false);
                        return;
                    }
                }
                // Tokens after the last head that are not joined by a connector form their own run.
                int stop = e;
                if (lastHead + 1 < e && (lastHead > s || head == 1) && !IsConnector(lastHead + 1, out _) && !IsPunct(lastHead + 1, ',')) stop = lastHead + 1;
                // A lone head word ("Police", "Parliament") is left to the tagger.
                if (stop - s == 1 && lastHead == s)
                {
                    Unknown(s, stop, false);
                    if (stop < e) Segment(stop, e, false);
                    return;
                }
                Emit(s, stop, head == 1 ? EntityType.Org : EntityType.Loc, -1);
                if (stop < e) Segment(stop, e, false);
                return;
            }
            // 3. Names after a title or role noun.
            if (person)
            {
                // Leading known non-person names stay themselves ("minister Hamas" is not a person).
                if (GazStarts(s) && TypeOfAlias(_s.Alias[s]) != EntityType.Person && !EntityWords.AmbiguousGivenName.Contains(W(s)) && _s.AliasLen[s] >= e - s)
                {
                    EmitAlias(s, s + _s.AliasLen[s], false);
                    return;
                }
                int entry = -1;
                if (GazStarts(s) && TypeOfAlias(_s.Alias[s]) == EntityType.Person) entry = EntryId(_s.Alias[s]);
                else
                {
                    for (int k = s + 1; k < e; k++)
                        if (GazStarts(k) && TypeOfAlias(_s.Alias[k]) == EntityType.Person && k + _s.AliasLen[k] == e) { entry = EntryId(_s.Alias[k]); break; }
                }
                Unknown(s, e, person: true);
                if (entry >= 0 && _s.CandCount > 0) _s.Cands[_s.CandCount - 1].Entry = entry;
                return;
            }
            SegmentPlain(s, e, false, onlyKnown: false);
        }

        /// <summary>The kind of the last head word of a run outside known names (0 when none).</summary>
        private int RunHead(int s, int e, out int lastHead)
        {
            int head = 0;
            lastHead = -1;
            for (int k = s; k < e;)
            {
                if (GazStarts(k) && k + _s.AliasLen[k] <= e && (IsCap(k) || IsGluedParticle(k)))
                {
                    if (k == s && TypeOfAlias(_s.Alias[k]) == EntityType.Org) { head = 1; lastHead = k + _s.AliasLen[k] - 1; }
                    else
                    {
                        // A known generic body at the end of a longer name ("... Defence Army") is that name's head.
                        int last = k + _s.AliasLen[k] - 1;
                        int gh = HeadKind(last);
                        if (gh is 1 or 2 && TypeOfAlias(_s.Alias[k]) is EntityType.Org or EntityType.Loc) { head = gh; lastHead = last; }
                    }
                    k += _s.AliasLen[k];
                    continue;
                }
                int h = HeadKind(k);
                if (h != 0) { head = h; lastHead = k; }
                k++;
            }
            return head;
        }

        private void EmitAlias(int s, int e, bool person)
        {
            var entry = EntryOfAlias(_s.Alias[s]);
            int id = EntryId(_s.Alias[s]);
            if (person && entry.Type != EntityType.Person && EntityWords.AmbiguousGivenName.Contains(W(s)))
            {
                Emit(s, e, EntityType.Person, -1);
                return;
            }
            // "France 24": a country followed by a channel number is a media outlet.
            // Not in a results line ("Leeds 0 Manchester United 4", "Uzbekistan 2-1"): only before a lower-case word or "'s".
            if (entry.Type == EntityType.Loc && e < _n && _tok[e].Kind == TokenKind.Number && _tok[e].Length <= 2 && IsCap(s)
                && e + 1 < _n && (IsLowerWord(e + 1) || _tok[e + 1].Kind == TokenKind.Clitic) && _text[_tok[e].Start] != '0')
            {
                Emit(s, e + 1, EntityType.Org, -1);
                return;
            }
            Emit(s, e, entry.Type, id);
        }

        /// <summary>Gazetteer names left to right; the stretches between them are unknown chunks.</summary>
        private void SegmentPlain(int s, int e, bool person, bool onlyKnown)
        {
            int p = s;
            int unk = -1;
            while (p < e)
            {
                // "West Java", "Central Sulawesi", "North Darfur": a compass word before a place.
                if (IsDirection(p) && (!GazStarts(p) || _s.AliasLen[p] == 1) && p + 1 < e && !IsHyphen(p + 1)
                    && (GazStarts(p + 1) && TypeOfAlias(_s.Alias[p + 1]) == EntityType.Loc && p + 1 + _s.AliasLen[p + 1] <= e
                        || IsNameWord(p + 1) && !GazStarts(p + 1) && HeadKind(p + 1) == 0 && (p + 2 >= e || !IsNameWord(p + 2))))
                {
                    if (unk >= 0 && !onlyKnown) Unknown(unk, p, person);
                    unk = -1;
                    int q = GazStarts(p + 1) ? p + 1 + _s.AliasLen[p + 1] : p + 2;
                    Emit(p, q, EntityType.Loc, -1);
                    p = q;
                    continue;
                }
                if (GazStarts(p) && p + _s.AliasLen[p] <= e && (IsCap(p) || IsGluedParticle(p) || IsAllCaps(p)))
                {
                    int len = _s.AliasLen[p];
                    var entry = EntryOfAlias(_s.Alias[p]);
                    // A lone generic body word ("Parliament", "Army") is left to the tagger: sentence-initial uses are not names.
                    if (len == 1 && entry.Type == EntityType.Org && entry.Country is null && HeadKind(p) == 1 && !onlyKnown)
                    {
                        if (unk < 0) unk = p;
                        p++;
                        continue;
                    }
                    bool givenName = len == 1 && entry.Type != EntityType.Person && EntityWords.AmbiguousGivenName.Contains(W(p));
                    // "Jordan Bardella", "Michael Jordan": an ambiguous given name next to unknown name words.
                    if (givenName && ((p + 1 < e && IsNameWord(p + 1) && !GazStarts(p + 1) && !IsHyphen(p + 1) && HeadKind(p + 1) == 0) || (unk >= 0 && !IsHyphen(p - 1))))
                    {
                        if (unk < 0) unk = p;
                        p++;
                        int q = p;
                        while (q < e && IsNameWord(q) && !GazStarts(q) && HeadKind(q) == 0) q++;
                        if (!onlyKnown) Unknown(unk, q, person: true);
                        unk = -1;
                        p = q;
                        continue;
                    }
                    // "Social Democrats": capitalised words before a party-group adjective.
                    if (entry.Type == EntityType.Norp && entry.Kind == EntityKind.Group && unk >= 0 && !onlyKnown && !IsHyphen(p - 1) && !IsSentenceStart(unk))
                    {
                        Emit(unk, p + len, EntityType.Norp, -1);
                        unk = -1;
                        p += len;
                        continue;
                    }
                    // "Kim Aris": a one-word known person alias followed by unknown name words is another person.
                    if (entry.Type == EntityType.Person && len == 1 && unk < 0 && p + 1 < e && IsNameWord(p + 1) && !GazStarts(p + 1) && HeadKind(p + 1) == 0 && !onlyKnown)
                    {
                        int q = p + 1;
                        while (q < e && IsNameWord(q) && !GazStarts(q) && HeadKind(q) == 0) q++;
                        Emit(p, q, EntityType.Person, -1);
                        p = q;
                        continue;
                    }
                    // A known person with extra given names before it: "Abdel Fattah el-Sisi".
                    if (entry.Type == EntityType.Person && unk >= 0 && !onlyKnown)
                    {
                        Emit(unk, p + len, EntityType.Person, EntryId(_s.Alias[p]));
                        unk = -1;
                        p += len;
                        continue;
                    }
                    if (unk >= 0 && !onlyKnown) Unknown(unk, p, person);
                    unk = -1;
                    // "San Jose del Monte": a known place or person continued by a particle and more name words is a longer name.
                    if (entry.Type is EntityType.Loc or EntityType.Person && p + len < e && IsParticle(p + len) && !onlyKnown)
                    {
                        Emit(p, e, entry.Type, -1);
                        p = e;
                        continue;
                    }
                    EmitAlias(p, p + len, false);
                    p += len;
                    // Generational suffix after a known person: "Ferdinand Marcos Jr."
                    if (entry.Type == EntityType.Person && p < e && IsWord(p) && EntityWords.NameSuffix.Contains(W(p)))
                    {
                        int end = p + 1;
                        if (IsPunct(end, '.') && Adjacent(p, end)) end++;
                        _s.Cands[_s.CandCount - 1].End = end;
                        p = end;
                    }
                    if (p < e && IsHyphen(p)) p++;
                    continue;
                }
                if (unk < 0) unk = p;
                p++;
            }
            if (unk >= 0 && !onlyKnown) Unknown(unk, e, person);
        }

        // ---------------------------------------------------------------- results and rosters

        /// <summary>Most score numbers one text may have examined (a results page has a few hundred).</summary>
        private const int MaxResultNumbers = 4096;

        /// <summary>
        /// Sports results and rosters, where unseen names are the rule: "Leeds 0 Manchester United 4", "Bayern Munich 6 5 1 0
        /// 14 4 16" (a club, ORG, even when named after its city; a country stays LOC: national teams), and "Tomas Kralik (
        /// Czech Republic ) beat ..." (a person before a bracketed country).
        /// </summary>
        public void ResultsAndRosters()
        {
            InitCandidateIndex();
            int seen = 0;
            for (int k = 1; k < _n; k++)
            {
                if (_tok[k].Kind == TokenKind.Number)
                {
                    if (!IsScore(k) || ++seen > MaxResultNumbers) continue;
                    int rs = k;
                    while (rs > 0 && k - rs < 5 && (IsNameWord(rs - 1) || IsAllCaps(rs - 1) && !IsStop(rs - 1))) rs--;
                    if (rs == k || !ScoreFollows(k) || !ResultLeft(rs)) continue;
                    if (InsideParentheses(rs) || RunIsCountryOrPerson(rs, k, TeamLine(rs, k))) continue;
                    RemoveOverlapping(rs, k);
                    Insert(rs, k, EntityType.Org, -1);
                }
                else if (IsPunct(k, '(') && k + 2 < _n)
                {
                    // "Tomas Kralik ( Czech Republic )": the bracketed part is one country.
                    int inner = FindCand(k + 1, FindCloser(k));
                    if (inner < 0 || _s.Cands[inner].Type != EntityType.Loc) continue;
                    int rs = k;
                    while (rs > 0 && k - rs < 4 && (IsNameWord(rs - 1) || IsHyphen(rs - 1) && rs - 2 >= 0 && IsNameWord(rs - 2))) rs--;
                    int words = 0;
                    bool head = false;
                    for (int j = rs; j < k; j++) { if (IsWord(j)) words++; head |= HeadKind(j) != 0; }
                    if (words < 2 || head || KnownNonPersonInside(rs, k)) continue;
                    if (!(rs == 0 || _tok[rs - 1].Kind == TokenKind.Number || IsPunct(rs - 1, '-') || IsPunct(rs - 1, '.') || IsPunct(rs - 1, ',')
                          || IsLowerWord(rs - 1) && (W(rs - 1).SequenceEqual("beat") || W(rs - 1).SequenceEqual("and") || W(rs - 1).SequenceEqual("v"))))
                        continue;
                    RemoveOverlapping(rs, k);
                    Insert(rs, k, EntityType.Person, -1);
                }
            }
        }

        private int FindCloser(int open)
        {
            for (int j = open + 1; j < _n && j < open + 8; j++) if (IsPunct(j, ')')) return j;
            return -1;
        }

        /// <summary>A score or table figure: 1 to 3 digits.</summary>
        private bool IsScore(int k)
        {
            var w = W(k);
            if (w.Length > 3) return false;
            foreach (char ch in w) if (!char.IsAsciiDigit(ch)) return false;
            return true;
        }

        /// <summary>After the number: the end, another team or figure, a bracket, or "-0" of "2-0".</summary>
        private bool ScoreFollows(int k)
        {
            int j = k + 1;
            if (j >= _n) return true;
            if (_tok[j].Kind == TokenKind.Number || IsPunct(j, '(') || IsCap(j) && !IsStop(j)) return true;
            return (IsHyphen(j) || IsPunct(j, ':')) && Adjacent(k, j) && j + 1 < _n && _tok[j + 1].Kind == TokenKind.Number && Adjacent(j, j + 1);
        }

        /// <summary>Before the team: the start, a figure, a bracket or separator, or a verb of results ("beat", "beating").</summary>
        private bool ResultLeft(int rs)
        {
            if (rs == 0) return true;
            int j = rs - 1;
            if (_tok[j].Kind == TokenKind.Number || IsPunct(j, ')') || IsPunct(j, ',') || IsPunct(j, '-') || IsPunct(j, ':') || IsPunct(j, '.')) return true;
            if (!IsLowerWord(j)) return false;
            var w = W(j);
            return w.SequenceEqual("beat") || w.SequenceEqual("beating") || w.SequenceEqual("beats") || w.SequenceEqual("defeated")
                || w.SequenceEqual("against") || w.SequenceEqual("over") || w.SequenceEqual("drew") || w.SequenceEqual("v") || w.SequenceEqual("vs")
                || w.SequenceEqual("to") || w.SequenceEqual("and") || w.SequenceEqual("with");
        }

        /// <summary>
        /// Two sides of a result ("Deportivo Coruna 1 Atletico Madrid 1": another capitalised run and figure on either side)
        /// or a table row (four or more figures after the run): a person is not written so, a club is.
        /// </summary>
        private bool TeamLine(int rs, int number)
        {
            int figures = 0;
            for (int j = number; j < _n && _tok[j].Kind == TokenKind.Number; j++) figures++;
            if (figures >= 4) return true;
            int a = number + 1;
            if (a < _n && IsCap(a))
            {
                while (a < _n && a - number < 6 && IsCap(a)) a++;
                if (a < _n && _tok[a].Kind == TokenKind.Number) return true;
            }
            int b = rs - 1;
            return b >= 1 && _tok[b].Kind == TokenKind.Number && IsCap(b - 1);
        }

        /// <summary>
        /// The run is one country (a national team) or holds a person span (one the tagger guessed does not count in a
        /// <paramref name="teamLine"/>, unless the run opens with a given name).
        /// </summary>
        private bool RunIsCountryOrPerson(int rs, int re, bool teamLine)
        {
            int from = _sorted ? LowerBound(rs - _maxCandLength + 1) : 0;
            for (int c = from; c < _s.CandCount; c++)
            {
                var x = _s.Cands[c];
                if (_sorted && x.Start >= re) break;
                if (x.End <= rs || x.Start >= re) continue;
                if (x.Type == EntityType.Person && (!teamLine || x.Entry >= 0 || OpensWithGivenName(rs, re))) return true;
                if (x.Start == rs && x.End == re && x.Entry >= 0 && _g[x.Entry].Kind is EntityKind.Country or EntityKind.Territory) return true;
            }
            return false;
        }

        /// <summary>A gazetteer organisation or place inside [rs, re) (so the run is not a person's name).</summary>
        private bool KnownNonPersonInside(int rs, int re)
        {
            for (int j = rs; j < re; j++)
                if (GazStarts(j) && TypeOfAlias(_s.Alias[j]) is EntityType.Org or EntityType.Loc && !EntityWords.AmbiguousGivenName.Contains(W(j))) return true;
            return false;
        }

        /// <summary>Whether an unclosed "(" opens before rs on the same stretch ("( Luc Nilis 12 , 56 )": scorers).</summary>
        private bool InsideParentheses(int rs)
        {
            for (int j = rs - 1; j >= 0 && rs - j < 12; j--)
            {
                if (IsPunct(j, ')')) return false;
                if (IsPunct(j, '(')) return true;
            }
            return false;
        }

        private void InitCandidateIndex()
        {
            _sorted = true;
            _maxCandLength = 0;
            for (int c = 0; c < _s.CandCount; c++)
            {
                if (c > 0 && _s.Cands[c - 1].Start > _s.Cands[c].Start) _sorted = false;
                _maxCandLength = Math.Max(_maxCandLength, _s.Cands[c].End - _s.Cands[c].Start);
            }
        }

        // ---------------------------------------------------------------- acronyms

        /// <summary>How many "(ACRONYM)" patterns one text may have typed by the rules (a long news article has a few dozen).</summary>
        private const int MaxParenthesisedAcronyms = 1024;

        /// <summary>"Shanghai Cooperation Organization (SCO)": two spans of the long form's type.</summary>
        public void Acronyms()
        {
            int seen = 0;
            InitCandidateIndex();
            for (int k = 1; k + 2 < _n; k++)
            {
                if (!IsPunct(k, '(') || !IsPunct(k + 2, ')') || !IsWord(k + 1)) continue;
                // Each one may shift the candidates: bounded, so hostile text cannot make this quadratic; and each
                // checks the token, so a long document stops promptly.
                if (++seen > MaxParenthesisedAcronyms) break;
                _s.Cancellation.ThrowIfCancellationRequested();
                var acr = W(k + 1);
                if (!IsAcronym(acr)) continue;
                int longStart = MatchInitials(acr, k);
                int before = FindCandEndingAt(k);
                EntityType type;
                int entry = -1;
                if (longStart >= 0)
                {
                    int exact = FindCand(longStart, k);
                    if (exact >= 0) { type = _s.Cands[exact].Type; entry = _s.Cands[exact].Entry; }
                    else type = EntityType.Org;
                    if (type is EntityType.Norp or EntityType.Person) continue;
                    RemoveOverlapping(longStart, k);
                    Insert(longStart, k, type, entry);
                }
                else if (before >= 0 && _s.Cands[before].Type == EntityType.Org && IsAllCapsWord(acr))
                {
                    type = EntityType.Org;
                    entry = _s.Cands[before].Entry;
                }
                else continue;
                int existing = FindCand(k + 1, k + 2);
                int acrEntry = existing >= 0 && _s.Cands[existing].Entry >= 0 ? _s.Cands[existing].Entry : entry;
                RemoveOverlapping(k + 1, k + 2);
                Insert(k + 1, k + 2, type, acrEntry);
            }
        }

        private static bool IsAllCapsWord(ReadOnlySpan<char> w)
        {
            foreach (char ch in w) if (char.IsLower(ch)) return false;
            return true;
        }

        private static bool IsAcronym(ReadOnlySpan<char> w)
        {
            if (w.Length < 2 || w.Length > 10) return false;
            int upper = 0;
            foreach (char ch in w)
            {
                if (char.IsUpper(ch)) upper++;
                else if (!(char.IsLower(ch) || char.IsDigit(ch) || ch == '.')) return false;
            }
            return upper >= 2 || (upper == 1 && char.IsUpper(w[0]) && w.Length <= 6 && false);
        }

        /// <summary>Start token of the words before <paramref name="paren"/> whose initials spell the acronym, or -1.</summary>
        private int MatchInitials(ReadOnlySpan<char> acr, int paren)
        {
            Span<char> letters = stackalloc char[12];
            int m = 0;
            foreach (char ch in acr) if (char.IsUpper(ch) && m < letters.Length) letters[m++] = ch;
            if (m < 2) return -1;
            int li = m - 1;
            int k = paren - 1;
            int start = -1;
            while (k >= 0 && li >= 0)
            {
                if (IsHyphen(k) || _tok[k].Kind == TokenKind.Clitic || IsPunct(k, '\'') || IsPunct(k, '\u2019')) { k--; continue; }
                if (!IsWord(k)) return -1;
                var w = W(k);
                if (IsLowerWord(k))
                {
                    // connectors may or may not contribute a letter
                    if (!(w.SequenceEqual("of") || w.SequenceEqual("and") || w.SequenceEqual("the") || w.SequenceEqual("for") || w.SequenceEqual("de") || w.SequenceEqual("on") || w.SequenceEqual("in") || w.SequenceEqual("to") || IsParticle(k))) return -1;
                    if (char.ToUpperInvariant(w[0]) == letters[li] && li > 0 && !(k - 1 >= 0 && IsCap(k - 1) && char.ToUpperInvariant(W(k - 1)[0]) == letters[li])) li--;
                    k--;
                    continue;
                }
                // A capitalised word contributes its initial, or its capitals ("PetroChina").
                if (char.ToUpperInvariant(w[0]) != letters[li])
                {
                    if (start < 0 && li == m - 1) return -1;
                    break;
                }
                int capsInWord = 0;
                foreach (char ch in w) if (char.IsUpper(ch)) capsInWord++;
                if (capsInWord > 1 && capsInWord <= li + 1 && IsAllCapsWord(w) == false)
                {
                    // consume internal capitals right to left
                    int need = capsInWord;
                    bool ok = true;
                    int pos = li;
                    for (int j = w.Length - 1; j >= 0 && need > 0; j--)
                    {
                        if (!char.IsUpper(w[j])) continue;
                        if (pos < 0 || w[j] != letters[pos]) { ok = false; break; }
                        pos--;
                        need--;
                    }
                    if (ok) li = pos; else li--;
                }
                else li--;
                start = k;
                k--;
            }
            if (li >= 0 || start < 0) return -1;
            // Drop a leading lower-case connector.
            while (start < paren && IsLowerWord(start)) start++;
            return start;
        }

        // Candidates are kept sorted by start (when they came so), and no candidate is longer than _maxCandLength
        // tokens, so a lookup only needs the candidates that start in a short range: the same answer as a full scan.
        private bool _sorted;
        private int _maxCandLength;

        /// <summary>Index of the first candidate starting at or after <paramref name="start"/> (candidates sorted by start).</summary>
        private int LowerBound(int start)
        {
            int lo = 0, hi = _s.CandCount;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_s.Cands[mid].Start < start) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private int FindCand(int start, int end)
        {
            int from = _sorted ? LowerBound(start) : 0;
            for (int c = from; c < _s.CandCount; c++)
            {
                if (_s.Cands[c].Start == start && _s.Cands[c].End == end) return c;
                if (_sorted && _s.Cands[c].Start > start) break;
            }
            return -1;
        }

        private int FindCandEndingAt(int end)
        {
            int from = _sorted ? LowerBound(end - _maxCandLength) : 0;
            for (int c = from; c < _s.CandCount; c++)
            {
                if (_s.Cands[c].End == end) return c;
                if (_sorted && _s.Cands[c].Start >= end) break;
            }
            return -1;
        }

        private void RemoveOverlapping(int start, int end)
        {
            // Only candidates starting in [start - longest + 1, end) can overlap; the rest keep their order and move as a block.
            int from = _sorted ? LowerBound(start - _maxCandLength + 1) : 0;
            int to = _sorted ? LowerBound(end) : _s.CandCount;
            int w = from;
            for (int c = from; c < to; c++)
            {
                var x = _s.Cands[c];
                if (x.Start < end && start < x.End) continue;
                _s.Cands[w++] = x;
            }
            if (w == to) return;
            Array.Copy(_s.Cands, to, _s.Cands, w, _s.CandCount - to);
            _s.CandCount -= to - w;
        }

        private void Insert(int start, int end, EntityType type, int entry)
        {
            // After the last candidate that starts at or before it, as the shifting insertion always placed it.
            int pos;
            if (_sorted)
            {
                pos = LowerBound(start + 1);
                Array.Copy(_s.Cands, pos, _s.Cands, pos + 1, _s.CandCount - pos);
            }
            else
            {
                pos = _s.CandCount;
                while (pos > 0 && _s.Cands[pos - 1].Start > start) { _s.Cands[pos] = _s.Cands[pos - 1]; pos--; }
            }
            _s.Cands[pos] = new EntityCandidate { Start = start, End = end, Type = type, Entry = entry };
            _s.CandCount++;
            _maxCandLength = Math.Max(_maxCandLength, end - start);
        }
    }
}
