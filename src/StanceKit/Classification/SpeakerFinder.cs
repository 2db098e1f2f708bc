using System.Numerics;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>Who speaks in a clause, relative to the target (featurizer v2).</summary>
internal enum SpeakerClass : byte
{
    /// <summary>No speech event: the narrator.</summary>
    None,
    /// <summary>The target state: its leaders, officials, bodies, forces; its capital or name used as a voice.</summary>
    Target,
    /// <summary>The target's state media.</summary>
    TargetMedia,
    /// <summary>Another state.</summary>
    Third,
    /// <summary>An international body or its officials (never the target's voice, guide N5).</summary>
    International,
    /// <summary>A rights group, watchdog, critics, activists.</summary>
    Ngo,
    /// <summary>The opposition (of the target or another state).</summary>
    Opposition,
    /// <summary>Anyone else: independent media, analysts, witnesses, an unknown person or document.</summary>
    Other,
}

/// <summary>What a speech event does.</summary>
internal enum SpeechAct : byte { None, Say, Deny, Accuse, Claim }

/// <summary>The target's role in a clause.</summary>
[Flags]
internal enum TargetRole : byte { None = 0, Agent = 1, Object = 2 }

/// <summary>
/// Finds the structure v1 lacked (issue 12): the clauses of a sentence and whether each is the main clause, the speech
/// events (a speech, denial, accusation or claim verb, or "according to") with their speakers classed relative to the
/// target, the target's role in each clause (agent or object of an accusation), and an agency dateline. Works on the
/// featurizer's unit stream (tokens with gazetteer entities merged and related to the target); heuristics over word
/// classes, written to be replaced clause by clause by a dependency parse. Allocation-free: it writes into the
/// featurizer's per-thread scratch.
/// </summary>
internal sealed class SpeakerFinder
{
    /// <summary>Most speech events recorded per sentence (more are ignored).</summary>
    public const int MaxEvents = 16;

    private enum Role : byte
    {
        None, Skip, Det, StateBody, MediaHead, StateWord, Critic, Opposition, OtherPerson, Diplomat, Pronoun, PossPronoun,
        Subordinator, But, Relative, According, Prep, To, BeAux, Even, As, By, GroupHead, Conj, IntlHead,
    }

    private readonly HashByteTable _roles;
    private readonly HashByteTable _acts;
    // "..., saying ...", "..., calling the report a lie": the act of the clause's speaker (or of the phrase right before).
    private readonly HashByteTable _participles;
    private readonly ulong _seed;
    private readonly bool _fold;
    private readonly ulong _comma, _semicolon, _colon, _dash, _open, _close, _the, _on;
    private readonly ulong _nameHash;
    // SpeakerV2: words and titles added after reading real news, consulted only with the switch on (earlier models keep
    // exactly their tables), and the prepositions of a passive accusation with no auxiliary ("accused of", "slammed for").
    private readonly bool _v2;
    private readonly HashByteTable _actsV2 = new(64);
    private readonly HashByteTable _rolesV2 = new(64);
    private readonly ulong _of, _for, _over, _they;
    private readonly HashByteTable _passiveAccuse = new(32);
    private readonly HashByteTable _headlineLabels = new(32);
    private readonly HashByteTable _notNames = new(64);

    /// <param name="seed">The featurizer's hash seed.</param>
    /// <param name="nameHash">The hash of the featurizer's unknown-name token.</param>
    /// <param name="wordHash">The featurizer's word hash (folded spelling when that switch is on), so the tables match its units.</param>
    /// <param name="fold">Whether the featurizer folds spelling (capitalised titles are looked up the same way).</param>
    /// <param name="v2">Whether <see cref="FeatureRecipe.SpeakerV2"/> is on.</param>
    public SpeakerFinder(ulong seed, ulong nameHash, Func<string, ulong> wordHash, bool fold, bool v2 = false)
    {
        _v2 = v2;
        _nameHash = nameHash;
        _seed = seed;
        _fold = fold;
        ulong H(string s) => wordHash(s);
        _comma = H(","); _semicolon = H(";"); _colon = H(":"); _dash = H("-");
        _open = H("("); _close = H(")"); _the = H("the"); _on = H("on");
        _roles = new HashByteTable(256);
        void R(Role role, string words) { foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) _roles.Add(H(w), (byte)role); }
        // Lists of English words written by the StanceKit team.
        R(Role.Skip, "has have had also repeatedly again later earlier previously already flatly strongly firmly swiftly quickly angrily publicly immediately then once on last this week weekend monday tuesday wednesday thursday friday saturday sunday yesterday today tonight recently separately jointly officially promptly sharply vehemently categorically reportedly");
        R(Role.Det, "the a an these those that");
        R(Role.Skip, WordNormalizer.WeekdayToken); // "on @weekday" when weekdays are a date class
        R(Role.StateBody, "ministry ministries government governments army military presidency president prime premier minister ministers prosecutors prosecutor prosecution coalition official officials authorities authority police spokesman spokeswoman spokesperson spokespeople cabinet administration junta regime embassy envoy ambassador forces command commander commanders headquarters commission commissions committee tribunal chief head director secretary commissioner chair chairman chairwoman adviser advisor office kremlin palace leadership leader leaders governor mayor council parliament lawmakers legislature court judiciary investigators regulator agency navy spokesmen troops");
        R(Role.GroupHead, "politicians politician legislators parties party group groups organisation organisations organization organizations body bodies panel agencies");
        R(Role.IntlHead, "rapporteur rapporteurs inspectors peacekeepers mission missions");
        R(Role.Conj, "and");
        R(Role.MediaHead, "media television tv broadcaster newspaper outlets outlet news");
        R(Role.StateWord, "state state-run");
        R(Role.Critic, "monitors critics activists campaigners rights watchdog watchdogs dissidents protesters demonstrators advocates");
        R(Role.Opposition, "opposition");
        R(Role.OtherPerson, "analysts analyst experts expert observers observer residents witnesses witness doctors medics journalists reporters lawyers lawyer researchers scholars economists villagers survivors relatives families sources source report study survey people");
        R(Role.Diplomat, "diplomats diplomat allies partners neighbours neighbors");
        R(Role.Pronoun, "he she it they we");
        R(Role.PossPronoun, "its their his her our");
        R(Role.Subordinator, "while although though whereas despite");
        R(Role.But, "but yet");
        R(Role.Relative, "who which whom whose");
        R(Role.According, "according");
        R(Role.Prep, "for of at from with in");
        R(Role.To, "to");
        R(Role.BeAux, "was were is are been being be");
        R(Role.Even, "even");
        R(Role.As, "as");
        R(Role.By, "by");
        _acts = new HashByteTable(256);
        _participles = new HashByteTable(64);
        foreach (var (act, words) in new[] { (SpeechAct.Say, "saying adding noting"), (SpeechAct.Deny, "denying rejecting dismissing disputing"), (SpeechAct.Accuse, "accusing condemning criticising criticizing blaming warning urging"), (SpeechAct.Claim, "calling describing claiming insisting arguing praising") })
            foreach (var w in words.Split(' ')) { _participles.Add(H(w), (byte)act); }
        void A(SpeechAct act, string words) { foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) _acts.Add(H(w), (byte)act); }
        A(SpeechAct.Say, "said says say told tells stated added adds noted notes announced announces declared declares reported wrote posted explained confirmed confirms reiterated reiterates stressed stresses emphasised emphasized replied responded according");
        A(SpeechAct.Deny, "denied denies deny reject dismiss dispute refute rejected rejects dismissed dismisses disputed disputes refuted refutes rebuffed rebutted contested");
        A(SpeechAct.Accuse, "accused accuses accuse blame condemn criticise criticize denounce warn urge condemned condemns criticised criticized criticises criticizes denounced denounces blamed blames slammed blasted decried deplored warned warns urged urges demanded demands lambasted faulted");
        A(SpeechAct.Claim, "claimed insist maintain argue praised hailed lauded welcomed commended insisted insists maintained maintains asserted asserts argued argues described describes branded brands labelled labeled called calls termed vowed vows pledged");
        _of = H("of"); _for = H("for"); _over = H("over"); _they = H("they");
        // SpeakerV2 (lists of English words written by the StanceKit team): headline present tense and verbs real news uses.
        void A2(SpeechAct act, string words) { foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) _actsV2.Add(H(w), (byte)act); }
        A2(SpeechAct.Say, "expresses expressed affirms affirmed reaffirms reaffirmed underlines underlined underscores underscored highlights highlighted asserts quoted remarked acknowledged acknowledges clarified clarifies assured assures commented indicated pointed referenced");
        A2(SpeechAct.Deny, "debunks debunked rubbishes rubbished");
        A2(SpeechAct.Accuse, "slams slam blasts blast raps rapped chides chided scolds scolded castigates castigated assails assailed rebukes rebuked censures censured decries deplores threatens threatened lashes complained complains");
        A2(SpeechAct.Claim, "hails lauds praises welcomes commends defends defended justifies justified believes framed frames");
        foreach (var w in "accused slammed blamed criticised criticized condemned blasted lambasted faulted censured rebuked denounced chided castigated".Split(' '))
            _passiveAccuse.Add(H(w), 1);
        foreach (var w in "exclusive analysis update breaking watch opinion editorial live factbox explainer comment interview video photos timeline".Split(' '))
            _headlineLabels.Add(H(w), 1);
        // Sentence-initial words that are no name before a speech verb ("Many said", "Others warned").
        foreach (var w in "many some others other both all most several few thousands hundreds dozens millions everyone everybody nobody none one two three each this that those these there what who which supporters opponents".Split(' '))
            _notNames.Add(H(w), 1);
        void R2(Role role, string words) { foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) _rolesV2.Add(H(w), (byte)role); }
        R2(Role.StateBody, "pm king queen emir sultan monarch crown chancellor general generals colonel admiral marshal brigadier statement statements readout communique kingdom vice deputy presidential");
    }

    /// <summary>
    /// The role, act and participle tables merged (role | act &lt;&lt; 5 | participle &lt;&lt; 8), for the featurizer's one
    /// lookup per unit (<see cref="Prepare"/> takes the looked-up values).
    /// </summary>
    public Dictionary<ulong, int> UnitInfoEntries()
    {
        var all = new Dictionary<ulong, int>();
        foreach (var (table, shift) in new[] { (_roles, 0), (_acts, 5), (_participles, 8) })
            foreach (var (key, value) in table.Entries()) all[key] = all.GetValueOrDefault(key) | (value << shift);
        return all;
    }

    /// <summary>The inputs of one sentence: the featurizer's units.</summary>
    public ref struct Units
    {
        public ReadOnlySpan<char> Text;
        public ReadOnlySpan<Token> Tokens;
        public int[] UnitToken;
        public int[] UnitEntry;
        /// <summary>Target relation of entity units.</summary>
        public byte[] UnitRel;
        /// <summary>Entity kind of entity units.</summary>
        public byte[] UnitKind;
        /// <summary>Entity units whose gazetteer entry has no country (a UN official, a generic "Foreign Ministry").</summary>
        public bool[] UnitNoCountry;
        /// <summary>Unit hashes, shifted by one (index 0 is the sentence start marker).</summary>
        public ulong[] UnitHash;
        public int Count;
        /// <summary>The sentence names a state other than the target.</summary>
        public bool OtherState;
        /// <summary>A target is known for this sentence.</summary>
        public bool HasTarget;
        /// <summary>Per unit, filled by <see cref="Prepare"/>: its role word class (the analysis asks for it several times per unit).</summary>
        public byte[] UnitRole;
        /// <summary>Per unit, filled by <see cref="Prepare"/>: its speech act as a verb (low 4 bits) and as a participle (high 4 bits).</summary>
        public byte[] UnitAct;
    }

    /// <summary>
    /// Looks up every unit's role word class and speech acts once (into <see cref="Units.UnitRole"/> and
    /// <see cref="Units.UnitAct"/>); call after the unit hashes are final (datelines replaced) and before the analysis.
    /// </summary>
    /// <param name="x">The sentence's units.</param>
    /// <param name="unitInfo">Per unit, the value of <see cref="UnitInfoEntries"/> for its hash (0 when absent).</param>
    public void Prepare(in Units x, ReadOnlySpan<int> unitInfo)
    {
        var role = x.UnitRole;
        var act = x.UnitAct;
        for (int u = 0; u < x.Count; u++)
        {
            ulong h = x.UnitHash[u + 1];
            int info = unitInfo[u];
            // Roles as LookUpRole gives them: none for entities, and a capitalised title abstracted to @name is looked up by its word.
            role[u] = x.UnitEntry[u] >= 0 ? (byte)Role.None : h == _nameHash ? (byte)LookUpRole(x, u) : (byte)(info & 31);
            act[u] = (byte)(((info >> 5) & 7) | (((info >> 8) & 7) << 4));
            if (_v2 && x.UnitEntry[u] < 0) PrepareV2(x, u, h, ref role[u], ref act[u]);
        }
    }

    /// <summary>
    /// SpeakerV2: a verb in title case ("Minister Condemns ...", abstracted to a name) is looked up by its word, and the
    /// words added after reading real news give their act or title where the shared tables give none.
    /// </summary>
    private void PrepareV2(in Units x, int u, ulong h, ref byte role, ref byte act)
    {
        ulong key = h;
        if (h == _nameHash)
        {
            var t = x.Tokens[x.UnitToken[u]];
            var slice = x.Text.Slice(t.Start, t.Length);
            key = _fold ? WordNormalizer.HashFolded(slice, _seed) : StableHash.HashLowerFoldDigits(slice, _seed);
        }
        if ((act & 15) == 0)
        {
            byte a = h == _nameHash ? _acts.Get(key) : (byte)0;
            if (a == 0) a = _actsV2.Get(key);
            act = (byte)((act & 0xF0) | a);
        }
        if (role == (byte)Role.None && _rolesV2.Get(key) is var r2 && r2 != 0) role = r2;
    }

    /// <summary>Where the results go (part of the featurizer scratch).</summary>
    internal sealed class Result
    {
        public int[] UnitSeg = new int[256];
        public byte[] SegLevel = new byte[256];
        public byte[] SegRole = new byte[256];
        public bool[] SegHasEvent = new bool[256];
        public int SegCount;
        public int EventCount;
        public readonly int[] EventVerb = new int[MaxEvents];
        public readonly int[] EventSpeakerStart = new int[MaxEvents];
        public readonly int[] EventSpeakerEnd = new int[MaxEvents]; // exclusive
        public readonly SpeakerClass[] EventClass = new SpeakerClass[MaxEvents];
        public readonly SpeechAct[] EventAct = new SpeechAct[MaxEvents];
        public readonly bool[] EventPassive = new bool[MaxEvents];
        /// <summary>SpeakerV2: the class of the party an accusation, denial or claim is about (the patient of a passive one); None when none is found.</summary>
        public readonly SpeakerClass[] EventObject = new SpeakerClass[MaxEvents];
        public int DatelineEnd;
        public SpeakerClass DatelineClass;
        public bool HasDateline;
        /// <summary>
        /// Input (document mode, <see cref="StanceAnalyzerOptions.CarrySpeakers"/>): the previous sentence's main-clause
        /// speaker, which a pronoun with no antecedent in the sentence stands for ("She added that ..."); None outside that.
        /// </summary>
        public SpeakerClass Previous;
        /// <summary>
        /// Set by the featurizer: the speaker a sentence with no speech event of its own continues (a quotation of the
        /// previous sentence's speaker), treated as its main clause's speaker; None when nothing is carried.
        /// </summary>
        public SpeakerClass Carried;

        /// <summary>The main clause's speaker: the first speech event at main level with a class, else the carried one, else None.</summary>
        public SpeakerClass MainSpeaker
        {
            get
            {
                for (int e = 0; e < EventCount; e++)
                    if (EventClass[e] != SpeakerClass.None && SegLevel[UnitSeg[EventVerb[e]]] == 0) return EventClass[e];
                return Carried;
            }
        }

        public void Ensure(int units)
        {
            if (UnitSeg.Length >= units) return;
            int size = Math.Max(units, UnitSeg.Length * 2);
            UnitSeg = new int[size];
            SegLevel = new byte[size];
            SegRole = new byte[size];
            SegHasEvent = new bool[size];
        }

        public bool InSpeaker(int u, int e) => u >= EventSpeakerStart[e] && u < EventSpeakerEnd[e];
    }

    private static Role RoleOf(in Units x, int u) => (Role)x.UnitRole[u];

    /// <summary>The speech act of unit <paramref name="u"/>'s hash as a verb (0: none).</summary>
    private static int ActAt(in Units x, int u) => x.UnitAct[u] & 15;

    private Role LookUpRole(in Units x, int u)
    {
        if (x.UnitEntry[u] >= 0) return Role.None;
        ulong h = x.UnitHash[u + 1];
        if (h != _nameHash) return (Role)_roles.Get(h);
        // A capitalised title mid-sentence ("Security Minister", "Presidential Spokesman") was abstracted to @name.
        var t = x.Tokens[x.UnitToken[u]];
        var slice = x.Text.Slice(t.Start, t.Length);
        var role = (Role)_roles.Get(_fold ? WordNormalizer.HashFolded(slice, _seed) : StableHash.HashLowerFoldDigits(slice, _seed));
        return role is Role.StateBody or Role.MediaHead or Role.GroupHead or Role.IntlHead or Role.Skip ? role : Role.None;
    }

    private ulong HashOf(in Units x, int u) => x.UnitHash[u + 1];

    private bool IsPunct(in Units x, int u) => x.UnitEntry[u] < 0 && x.Tokens[x.UnitToken[u]].Kind == TokenKind.Punct;

    private bool IsName(in Units x, int u) => x.UnitEntry[u] < 0 && x.UnitHash[u + 1] == _nameHash;

    private bool IsEntity(in Units x, int u) => x.UnitEntry[u] >= 0;

    /// <summary>Finds an agency dateline at the start ("MOSCOW (Reuters) -", "KYIV, Ukraine -"); returns the number of units it spans, or 0.</summary>
    public int FindDateline(in Units x, out SpeakerClass agencyClass)
    {
        agencyClass = SpeakerClass.None;
        int m = x.Count;
        if (m < 3) return 0;
        // The place: an all-capitals word run or a place entity, at most 4 units.
        int u = 0;
        while (u < m && u < 4 && !IsPunct(x, u) && (IsEntity(x, u) ? ((EntityKind)x.UnitKind[u]).IsPlaceOrPeople() : IsAllCapsWord(x, u))) u++;
        if (u == 0) return 0;
        bool allCaps = true;
        for (int k = 0; k < u; k++) allCaps &= IsAllCapsText(x, k);
        if (u < m && HashOf(x, u) == _comma)
        {
            // ", Country"
            int v = u + 1;
            while (v < m && v < u + 4 && !IsPunct(x, v)) v++;
            if (v == u + 1) return 0;
            u = v;
        }
        if (u < m && HashOf(x, u) == _open)
        {
            int v = u + 1;
            while (v < m && v < u + 6 && HashOf(x, v) != _close)
            {
                if (IsEntity(x, v))
                {
                    var rel = (TargetRelation)x.UnitRel[v];
                    var kind = (EntityKind)x.UnitKind[v];
                    agencyClass = kind == EntityKind.StateMedia ? (rel == TargetRelation.TargetVoice ? SpeakerClass.TargetMedia : SpeakerClass.Third) : SpeakerClass.Other;
                }
                v++;
            }
            if (v >= m || HashOf(x, v) != _close) { agencyClass = SpeakerClass.None; return 0; }
            if (agencyClass == SpeakerClass.None) agencyClass = SpeakerClass.Other;
            u = v + 1;
        }
        else if (!allCaps) return 0; // "Moscow - the ..." without an agency is not a dateline unless written in capitals.
        if (u < m && (HashOf(x, u) == _dash || HashOf(x, u) == _colon)) return u + 1;
        agencyClass = SpeakerClass.None;
        return 0;
    }

    private bool IsAllCapsWord(in Units x, int u) => x.Tokens[x.UnitToken[u]].Kind == TokenKind.Word && IsAllCapsText(x, u);

    private bool IsAllCapsText(in Units x, int u)
    {
        int start = x.Tokens[x.UnitToken[u]].Start;
        int end = u + 1 < x.Count ? x.Tokens[x.UnitToken[u + 1]].Start : x.Text.Length;
        bool letter = false;
        for (int i = start; i < end; i++)
        {
            char c = x.Text[i];
            if (char.IsLower(c)) return false;
            letter |= char.IsLetter(c);
        }
        return letter;
    }

    /// <summary>Analyses one sentence (units from <paramref name="first"/> on; earlier ones are a dateline).</summary>
    public void Analyze(in Units x, int first, Result r)
    {
        int m = x.Count;
        r.Ensure(m + 1);
        Segment(x, first, r);
        FindEvents(x, first, r);
        FindTargetRoles(x, first, r);
    }

    // ---- Clauses ----

    private void Segment(in Units x, int first, Result r)
    {
        int m = x.Count;
        int seg = 0;
        r.SegCount = 1;
        r.SegLevel[0] = 0;
        r.SegRole[0] = 0;
        r.SegHasEvent[0] = false;
        for (int u = 0; u < first && u < m; u++) r.UnitSeg[u] = 0;
        int firstWord = first;
        while (firstWord < m && IsPunct(x, firstWord)) firstWord++;
        bool leadingSub = firstWord < m && (RoleOf(x, firstWord) == Role.Subordinator
            || (RoleOf(x, firstWord) == Role.Even && firstWord + 1 < m && RoleOf(x, firstWord + 1) is Role.As or Role.Subordinator));
        if (leadingSub) r.SegLevel[0] = 1;
        int relativeOf = -1; // while inside a relative clause: the segment it interrupted
        for (int u = first; u < m; u++)
        {
            ulong h = HashOf(x, u);
            var role = RoleOf(x, u);
            bool afterComma = u > first && HashOf(x, u - 1) == _comma;
            if (leadingSub && seg == 0 && h == _comma && u > firstWord + 1)
            {
                r.UnitSeg[u] = seg;
                seg = NewSegment(r, level: 0);
                leadingSub = false;
                continue;
            }
            if (relativeOf >= 0 && (h == _comma || h == _semicolon))
            {
                r.UnitSeg[u] = seg;
                seg = NewSegment(r, r.SegLevel[relativeOf]);
                relativeOf = -1;
                continue;
            }
            if (h == _semicolon)
            {
                r.UnitSeg[u] = seg;
                seg = NewSegment(r, level: 0);
                continue;
            }
            if (u > firstWord && role == Role.But)
            {
                // "X, but Y": the part before "but" yields (guide rule 2); every segment so far at main level becomes subordinate.
                for (int s = 0; s <= seg; s++) r.SegLevel[s] = 1;
                seg = NewSegment(r, level: 0);
                r.UnitSeg[u] = seg;
                relativeOf = -1;
                continue;
            }
            if (u > firstWord + 1 && (role == Role.Subordinator || (role == Role.Even && u + 1 < m && RoleOf(x, u + 1) is Role.As or Role.Subordinator)))
            {
                seg = NewSegment(r, level: 1);
                r.UnitSeg[u] = seg;
                relativeOf = -1;
                continue;
            }
            if (afterComma && role == Role.Relative && relativeOf < 0)
            {
                relativeOf = seg;
                seg = NewSegment(r, level: 1);
                r.UnitSeg[u] = seg;
                continue;
            }
            r.UnitSeg[u] = seg;
        }
    }

    private static int NewSegment(Result r, byte level)
    {
        int s = r.SegCount++;
        r.SegLevel[s] = level;
        r.SegRole[s] = 0;
        r.SegHasEvent[s] = false;
        return s;
    }

    // ---- Speech events and speakers ----

    private void FindEvents(in Units x, int first, Result r)
    {
        int m = x.Count;
        r.EventCount = 0;
        if (_v2) FindLeadingAttribution(x, first, r);
        for (int v = first; v < m && r.EventCount < MaxEvents; v++)
        {
            if (IsEntity(x, v)) continue;
            var act = (SpeechAct)ActAt(x, v);
            if (act == SpeechAct.None)
            {
                var participle = (SpeechAct)(x.UnitAct[v] >> 4);
                if (participle == SpeechAct.None) continue;
                // "..., saying ...": the speaker is the phrase right before ("with spokesman X calling ...") or the clause's speaker.
                int pj = v - 1;
                SpeakerClass pc = SpeakerClass.None;
                int ps = v;
                if (pj >= first && !IsPunct(x, pj) && (IsEntity(x, pj) || IsName(x, pj) || IsHeadRole(RoleOf(x, pj))))
                    pc = BackwardSpeaker(x, first, pj, r, out ps);
                if (pc is SpeakerClass.None or SpeakerClass.Other && r.EventCount > 0) { pc = r.EventClass[r.EventCount - 1]; ps = v; }
                else if (pc == SpeakerClass.None)
                {
                    // "Nigeria's government on Monday defended the arrests, saying ...": the clause's subject.
                    int segStart = v;
                    while (segStart > first && r.UnitSeg[segStart - 1] == r.UnitSeg[v]) segStart--;
                    pc = ForwardSpeaker(x, segStart, r, out _, out _);
                    ps = v;
                }
                if (pc == SpeakerClass.None) pc = SpeakerClass.Other;
                Record(r, v, ps, ps == v ? v : pj + 1, pc, participle, passive: false);
                continue;
            }
            if (v > first && (HashOf(x, v - 1) == _dash || RoleOf(x, v - 1) == Role.Det)) continue; // "so-called", "the disputed election"
            SpeakerClass cls;
            int spkStart, spkEnd;
            bool passive = false;
            if (RoleOf(x, v) == Role.According)
            {
                if (v + 1 >= m || RoleOf(x, v + 1) != Role.To) continue;
                cls = ForwardSpeaker(x, v + 2, r, out spkStart, out spkEnd);
                if (cls == SpeakerClass.None) cls = SpeakerClass.Other;
                act = SpeechAct.Say;
            }
            else
            {
                int j = v - 1;
                int skipped = 0;
                while (j >= first && skipped < 5 && (RoleOf(x, j) == Role.Skip || IsAdverb(x, j))) { j--; skipped++; }
                if (j >= first && RoleOf(x, j) == Role.BeAux)
                {
                    if (act != SpeechAct.Accuse) continue; // "was told", "had been denied access", "is called"
                    // Passive: "<patient> was accused by <agent>"; the agent speaks, the patient is the object.
                    passive = true;
                    int by = v + 1;
                    while (by < m && by < v + 8 && RoleOf(x, by) != Role.By && !IsPunct(x, by)) by++;
                    if (by < m && RoleOf(x, by) == Role.By) cls = ForwardSpeaker(x, by + 1, r, out spkStart, out spkEnd);
                    else { cls = SpeakerClass.Other; spkStart = spkEnd = v; }
                    if (cls == SpeakerClass.None) cls = SpeakerClass.Other;
                    int p = j - 1;
                    while (p >= first && (RoleOf(x, p) == Role.Skip || IsAdverb(x, p))) p--;
                    if (p >= first && IsTargetUnit(x, p, r)) r.SegRole[r.UnitSeg[v]] |= (byte)TargetRole.Object;
                    if (_v2 && p >= first)
                    {
                        Record(r, v, spkStart, spkEnd, cls, act, passive);
                        r.EventObject[r.EventCount - 1] = PatientClass(x, first, p, r);
                        continue;
                    }
                }
                else if (j < first)
                {
                    // Verb first: a headline ("Denies ...") or an inverted attribution after a dateline.
                    cls = ForwardSpeaker(x, v + 1, r, out spkStart, out spkEnd);
                    if (cls == SpeakerClass.None) cls = SpeakerClass.Other;
                }
                else if (IsPunct(x, j) && HashOf(x, j) != _close)
                {
                    // "X, a spokesman for Y, said" / "The minister, whom critics blame ..., called": the phrase before the
                    // interruption speaks; else '"...," said X' / '..., said X': the speaker follows the verb.
                    cls = SpeakerClass.None;
                    spkStart = spkEnd = v;
                    if (HashOf(x, j) == _comma) cls = Apposition(x, first, j, r, out spkStart, out spkEnd);
                    if (_v2 && cls == SpeakerClass.None && HashOf(x, j) == _comma) cls = DescribedSubject(x, first, j, r, out spkStart, out spkEnd);
                    // Inversion only with verbs of saying: "..., urged the authorities to" has its object after the verb.
                    if (cls == SpeakerClass.None && act == SpeechAct.Say && v + 1 < m && IsNounPhraseStart(x, v + 1)) cls = ForwardSpeaker(x, v + 1, r, out spkStart, out spkEnd);
                    if (cls == SpeakerClass.None) { cls = SpeakerClass.Other; spkStart = spkEnd = v; }
                }
                else if (RoleOf(x, j) == Role.Conj && r.EventCount > 0)
                {
                    // "X called the charges absurd and accused ...": the coordinated verb shares the subject.
                    cls = r.EventClass[r.EventCount - 1];
                    spkStart = spkEnd = v;
                }
                else if (_v2 && RoleOf(x, j) == Role.Conj && ForwardSpeaker(x, first, r, out spkStart, out spkEnd) is var subject && subject != SpeakerClass.None)
                {
                    // SpeakerV2: "The leader, <name>, visited the base and acknowledged ...": with no earlier speech verb the
                    // coordinated verb shares the sentence's subject (the words before "and" are the first verb's object).
                    cls = subject;
                }
                else if (_v2 && act == SpeechAct.Accuse && v + 1 < m && HashOf(x, v + 1) is var next && (next == _of || next == _for || next == _over)
                    && _passiveAccuse.Get(HashOf(x, v)) != 0 && !IsPunct(x, j))
                {
                    // SpeakerV2: "<party> accused of ...", "<party> slammed for ...": a passive with no auxiliary (headlines);
                    // the accuser is not named, the phrase before is the accused.
                    Record(r, v, v, v, SpeakerClass.Other, act, passive: true);
                    r.EventObject[r.EventCount - 1] = PatientClass(x, first, j, r);
                    if (IsTargetUnit(x, j, r)) r.SegRole[r.UnitSeg[v]] |= (byte)TargetRole.Object;
                    continue;
                }
                else
                {
                    int head = j;
                    if (_v2 && HashOf(x, j) == _close)
                    {
                        // SpeakerV2: "the Joint Chiefs of Staff (JCS) said": the name before the bracketed acronym speaks.
                        int k = j - 1;
                        while (k > first && k > j - 5 && HashOf(x, k) != _open) k--;
                        if (k > first && HashOf(x, k) == _open && !IsPunct(x, k - 1)) head = k - 1;
                    }
                    cls = BackwardSpeaker(x, first, head, r, out spkStart);
                    spkEnd = j + 1;
                }
            }
            Record(r, v, spkStart, spkEnd, cls, act, passive);
            if (_v2 && act is SpeechAct.Accuse or SpeechAct.Deny or SpeechAct.Claim && !passive) r.EventObject[r.EventCount - 1] = ObjectAfter(x, v, r);
        }
        if (_v2) FindTrailingAttribution(x, first, r);
    }

    // ---- SpeakerV2: headline attributions and the party acted on ----

    /// <summary>Whether unit <paramref name="u"/> can belong to a speaker's name in a headline attribution: an entity, a name or capitalised word, a title or body, a determiner, a possessive.</summary>
    private bool AttributionUnit(in Units x, int u, out bool head)
    {
        head = false;
        if (IsEntity(x, u))
        {
            head = !((EntityKind)x.UnitKind[u]).IsPlaceOrPeople();
            return true;
        }
        var t = x.Tokens[x.UnitToken[u]];
        if (t.Kind == TokenKind.Clitic) return true;
        if (t.Kind != TokenKind.Word || ActAt(x, u) != 0) return false;
        var role = RoleOf(x, u);
        if (IsHeadRole(role) && role != Role.Pronoun) { head = true; return true; }
        if (role is Role.Det or Role.StateWord) return true;
        if (IsName(x, u)) { head = true; return true; }
        // A capitalised word the gazetteer does not know ("SIS", "Lukashenko") speaks in capitals or alone before the
        // colon; headline labels ("EXCLUSIVE:", "Analysis:") are no speaker.
        if (char.IsUpper(x.Text[t.Start]) && _headlineLabels.Get(HashOf(x, u)) == 0 && t.Length > 1 && (IsAllCapsText(x, u) || u + 1 >= x.Count || IsPunct(x, u + 1)))
        {
            head = true;
            return true;
        }
        // A modifier before a title or body ("foreign ministry", "defence officials").
        return char.IsLower(x.Text[t.Start]) && u + 1 < x.Count && IsHeadRole(RoleOf(x, u + 1)) && RoleOf(x, u + 1) != Role.Pronoun;
    }

    private bool AttributionPhrase(in Units x, int start, int end)
    {
        bool any = false;
        for (int u = start; u < end; u++)
        {
            if (!AttributionUnit(x, u, out bool head)) return false;
            any |= head;
        }
        return any;
    }

    /// <summary>"Lukashenko: ...", "Foreign Ministry: ...": a short speaker phrase and a colon open a headline or a quote.</summary>
    private void FindLeadingAttribution(in Units x, int first, Result r)
    {
        int m = x.Count;
        int c = first;
        while (c < m && c < first + 5 && !IsPunct(x, c)) c++;
        if (c == first || c + 2 >= m || HashOf(x, c) != _colon || !AttributionPhrase(x, first, c)) return;
        var cls = ForwardSpeaker(x, first, r, out _, out _);
        if (cls == SpeakerClass.None) cls = SpeakerClass.Other;
        Record(r, c, first, c, cls, SpeechAct.Say, passive: false);
    }

    /// <summary>"... - ISW", "...: PM Abiy": a short speaker phrase after a spaced dash or a colon closes a headline.</summary>
    private void FindTrailingAttribution(in Units x, int first, Result r)
    {
        int m = x.Count;
        if (r.EventCount >= MaxEvents) return;
        int end = m;
        while (end > first && IsPunct(x, end - 1) && HashOf(x, end - 1) != _close) end--;
        for (int sep = end - 1; sep > first + 2 && sep >= end - 5; sep--)
        {
            if (!IsPunct(x, sep)) continue;
            ulong h = HashOf(x, sep);
            if (h != _colon && h != _dash) return;
            var t = x.Tokens[x.UnitToken[sep]];
            if (h == _dash && (t.Start == 0 || !char.IsWhiteSpace(x.Text[t.Start - 1]))) return; // "US-led" is no attribution
            if (!AttributionPhrase(x, sep + 1, end)) return;
            for (int e = 0; e < r.EventCount; e++) if (r.EventVerb[e] > sep) return;
            var cls = ForwardSpeaker(x, sep + 1, r, out _, out _);
            if (cls == SpeakerClass.None) cls = SpeakerClass.Other;
            Record(r, sep, sep + 1, end, cls, SpeechAct.Say, passive: false);
            return;
        }
    }

    /// <summary>The class of the accused in a passive accusation: the phrase ending at <paramref name="head"/>.</summary>
    private SpeakerClass PatientClass(in Units x, int first, int head, Result r)
    {
        if (!IsEntity(x, head) && !IsName(x, head) && !IsHeadRole(RoleOf(x, head))) return SpeakerClass.None;
        return BackwardSpeaker(x, first, head, r, out _);
    }

    /// <summary>The party an active accusation, denial or claim acts on: the first actor after the verb in its clause.</summary>
    private SpeakerClass ObjectAfter(in Units x, int v, Result r)
    {
        int seg = r.UnitSeg[v];
        for (int u = v + 1; u < x.Count && u < v + 9 && r.UnitSeg[u] == seg; u++)
        {
            if (IsPunct(x, u) && x.Tokens[x.UnitToken[u]].Kind != TokenKind.Clitic) break;
            if (IsEntity(x, u)) return EntityClass(x, u);
            if (ActAt(x, u) != 0) break;
            var role = RoleOf(x, u);
            if (role is Role.StateBody or Role.Critic or Role.Opposition or Role.Diplomat or Role.IntlHead or Role.MediaHead)
                return HeadClass(x, v + 1, u, r, allowForward: false);
        }
        return SpeakerClass.None;
    }

    private static void Record(Result r, int verb, int spkStart, int spkEnd, SpeakerClass cls, SpeechAct act, bool passive)
    {
        int e = r.EventCount;
        if (e >= MaxEvents) return;
        r.EventVerb[e] = verb;
        r.EventSpeakerStart[e] = spkStart;
        r.EventSpeakerEnd[e] = spkEnd;
        r.EventClass[e] = cls;
        r.EventAct[e] = act;
        r.EventPassive[e] = passive;
        r.EventObject[e] = SpeakerClass.None;
        r.SegHasEvent[r.UnitSeg[verb]] = true;
        r.EventCount++;
    }

    private bool IsAdverb(in Units x, int u)
    {
        if (IsEntity(x, u)) return false;
        var t = x.Tokens[x.UnitToken[u]];
        if (t.Kind != TokenKind.Word || t.Length < 4) return false;
        var s = x.Text.Slice(t.Start, t.Length);
        return s[^2] == 'l' && s[^1] == 'y' && char.IsLower(s[0]);
    }

    private bool IsNounPhraseStart(in Units x, int u)
    {
        if (IsEntity(x, u) || IsName(x, u)) return true;
        var role = RoleOf(x, u);
        return role is Role.Det or Role.StateBody or Role.MediaHead or Role.StateWord or Role.Critic or Role.Opposition
            or Role.OtherPerson or Role.Diplomat or Role.Pronoun or Role.PossPronoun;
    }

    private static bool IsHeadRole(Role role) => role is Role.StateBody or Role.MediaHead or Role.Critic or Role.Opposition
        or Role.OtherPerson or Role.Diplomat or Role.Pronoun or Role.GroupHead or Role.IntlHead;

    /// <summary>The speaker of a noun phrase starting at <paramref name="start"/>: its head is the last head-like unit before a boundary.</summary>
    private SpeakerClass ForwardSpeaker(in Units x, int start, Result r, out int spkStart, out int spkEnd)
    {
        int m = x.Count;
        spkStart = start;
        int head = -1;
        int u = start;
        for (; u < m && u < start + 7; u++)
        {
            if (IsPunct(x, u) && x.Tokens[x.UnitToken[u]].Kind != TokenKind.Clitic && HashOf(x, u) != _dash) break;
            if (x.Tokens[x.UnitToken[u]].Kind == TokenKind.Clitic) continue;
            var role = RoleOf(x, u);
            if (role is Role.Prep or Role.To or Role.By or Role.BeAux or Role.Skip or Role.Relative || (!IsEntity(x, u) && ActAt(x, u) != 0)) break;
            if (IsEntity(x, u) || IsName(x, u) || IsHeadRole(role)) head = u;
        }
        spkEnd = u;
        if (head < 0) return SpeakerClass.None;
        return HeadClass(x, start, head, r, allowForward: true);
    }

    /// <summary>The speaker whose noun phrase ends at <paramref name="head"/> (subject before the verb).</summary>
    private SpeakerClass BackwardSpeaker(in Units x, int first, int head, Result r, out int spkStart)
    {
        spkStart = head;
        // SpeakerV2 reaches two units further: "China's Taiwan affairs office spokesman Ma Xiaoguang said".
        int lo = Math.Max(first, head - (_v2 ? 8 : 6));
        while (spkStart > lo && (!IsPunct(x, spkStart - 1) || HashOf(x, spkStart - 1) == _dash) && RoleOf(x, spkStart - 1) is not (Role.Prep or Role.To or Role.By or Role.BeAux or Role.But or Role.Subordinator or Role.Relative)
               && (IsEntity(x, spkStart - 1) || ActAt(x, spkStart - 1) == 0))
            spkStart--;
        // Keep a possessive owner: "Iran's foreign ministry".
        if (spkStart > lo + 1 && x.Tokens[x.UnitToken[spkStart - 1]].Kind == TokenKind.Clitic) spkStart -= 2;
        // "the UN special rapporteur on Eritrea": a place after "on" is not the head.
        if (IsEntity(x, head) && ((EntityKind)x.UnitKind[head]).IsPlaceOrPeople())
        {
            for (int k = head - 1; k > Math.Max(spkStart, first); k--)
            {
                if (HashOf(x, k) != _on) continue;
                int inner = k - 1;
                if (IsEntity(x, inner) || IsName(x, inner) || IsHeadRole(RoleOf(x, inner)))
                    return HeadClass(x, Math.Max(spkStart, first), inner, r, allowForward: false);
                break;
            }
        }
        // "officials in Tehran", "the UN mission in Libya", "a spokesman for the ministry": the head is before the preposition.
        if (IsEntity(x, head) && ((EntityKind)x.UnitKind[head]).IsPlaceOrPeople() && spkStart == head
            && spkStart - 2 >= first && RoleOf(x, spkStart - 1) == Role.Prep && !IsPunct(x, spkStart - 2)
            && (IsEntity(x, spkStart - 2) || IsName(x, spkStart - 2) || IsHeadRole(RoleOf(x, spkStart - 2))))
        {
            int inner = spkStart - 2;
            var outer = BackwardSpeakerNoPrep(x, first, inner, r, out int outerStart);
            if (outer != SpeakerClass.Other)
            {
                spkStart = outerStart;
                return outer;
            }
        }
        return HeadClass(x, Math.Max(spkStart, first), head, r, allowForward: true);
    }

    private SpeakerClass BackwardSpeakerNoPrep(in Units x, int first, int head, Result r, out int spkStart)
    {
        spkStart = head;
        int lo = Math.Max(first, head - 6);
        while (spkStart > lo && !IsPunct(x, spkStart - 1) && RoleOf(x, spkStart - 1) is not (Role.Prep or Role.To or Role.By or Role.BeAux or Role.But or Role.Subordinator or Role.Relative)
               && (IsEntity(x, spkStart - 1) || ActAt(x, spkStart - 1) == 0))
            spkStart--;
        if (spkStart > lo + 1 && x.Tokens[x.UnitToken[spkStart - 1]].Kind == TokenKind.Clitic) spkStart -= 2;
        return HeadClass(x, Math.Max(spkStart, first), head, r, allowForward: true);
    }

    /// <summary>
    /// "X, a spokesman for Y, said" (the apposition's title and owner decide) and "X, who/whom ..., said" (X speaks): the
    /// speaker of a verb right after a comma that closes an interruption. <see cref="SpeakerClass.None"/> when the commas do
    /// not enclose one.
    /// </summary>
    private SpeakerClass Apposition(in Units x, int first, int comma, Result r, out int spkStart, out int spkEnd)
    {
        spkEnd = comma + 1;
        spkStart = comma;
        int k = comma - 1;
        while (k >= first && k > comma - 14 && HashOf(x, k) != _comma) k--;
        if (k <= first || HashOf(x, k) != _comma) return SpeakerClass.None;
        var opener = RoleOf(x, k + 1);
        if (opener == Role.Relative)
        {
            var cls = BackwardSpeaker(x, first, k - 1, r, out spkStart);
            return cls == SpeakerClass.Other && !IsEntity(x, k - 1) && !IsName(x, k - 1) && !IsHeadRole(RoleOf(x, k - 1)) ? SpeakerClass.None : cls;
        }
        bool personOpener = IsEntity(x, k + 1) && (EntityKind)x.UnitKind[k + 1] is EntityKind.HeadOfState or EntityKind.HeadOfGovernment or EntityKind.Minister or EntityKind.Official or EntityKind.OppositionFigure or EntityKind.Activist;
        if (personOpener && IsHeadRole(RoleOf(x, k - 1)))
        {
            // "the UN refugee chief, Filippo Grandi, said": the title before the name speaks.
            return BackwardSpeaker(x, first, k - 1, r, out spkStart);
        }
        if (IsName(x, k + 1) && opener == Role.None)
        {
            // "The UN High Commissioner for Human Rights, Volker Turk, urged": the title before the name speaks.
            var cls = BackwardSpeaker(x, first, k - 1, r, out spkStart);
            return cls;
        }
        if (opener != Role.Det && !IsHeadRole(opener) && !IsEntity(x, k + 1)) return SpeakerClass.None;
        // The apposition (k, comma): its head noun (a title or body), classified with owners around it.
        int head = -1;
        for (int u = k + 1; u < comma; u++)
        {
            var role = RoleOf(x, u);
            if (role is Role.Prep) break;
            if (role is Role.StateBody or Role.MediaHead or Role.Critic or Role.Opposition or Role.OtherPerson or Role.Diplomat or Role.GroupHead or Role.IntlHead || IsEntity(x, u)) head = u;
        }
        if (head < 0) return SpeakerClass.None;
        int xs = k - 1;
        while (xs > first && (IsEntity(x, xs - 1) || IsName(x, xs - 1))) xs--;
        spkStart = Math.Max(first, xs);
        return HeadClass(x, k + 1, head, r, allowForward: true);
    }

    /// <summary>
    /// SpeakerV2: "The Italian government, led by its premier, announced", "Darmanin, a hardliner in the government,
    /// dismissed": a description between commas with no speech verb in it; the phrase before the first comma speaks.
    /// </summary>
    private SpeakerClass DescribedSubject(in Units x, int first, int comma, Result r, out int spkStart, out int spkEnd)
    {
        spkStart = spkEnd = comma + 1;
        int k = comma - 1;
        while (k >= first && k > comma - 14 && HashOf(x, k) != _comma)
        {
            if (!IsEntity(x, k) && ActAt(x, k) != 0) return SpeakerClass.None;
            k--;
        }
        if (k <= first || HashOf(x, k) != _comma) return SpeakerClass.None;
        int head = k - 1;
        if (IsPunct(x, head) || !(IsEntity(x, head) || IsName(x, head) || IsHeadRole(RoleOf(x, head)))) return SpeakerClass.None;
        // Only a subject that opens its clause: "In Paris, the ministry, ..." keeps its leading phrase out.
        var cls = BackwardSpeaker(x, first, head, r, out spkStart);
        for (int u = first; u < spkStart; u++) if (IsPunct(x, u) && HashOf(x, u) == _comma) return SpeakerClass.None;
        spkEnd = k;
        return cls;
    }

    /// <summary>Classifies the speaker whose noun phrase spans [<paramref name="start"/>, <paramref name="head"/>].</summary>
    private SpeakerClass HeadClass(in Units x, int start, int head, Result r, bool allowForward)
    {
        if (IsEntity(x, head))
        {
            var cls = EntityClass(x, head);
            // SpeakerV2: a voice with no country ("Foreign Ministry condemns US sanctions") is the target's unless another
            // state is named before it; a state named after it is what it speaks about, not its owner.
            if (_v2 && cls == SpeakerClass.Other && (TargetRelation)x.UnitRel[head] == TargetRelation.Voice && x.HasTarget && !OtherStateBefore(x, head))
                cls = SpeakerClass.Target;
            // A voice with no country in the gazetteer ("UN aid chief <name>"): an owner in the phrase decides.
            if (x.UnitNoCountry[head] && OwnerClass(x, start, head, r) is var owner && owner != SpeakerClass.None) return owner;
            return cls;
        }
        if (IsName(x, head) && RoleOf(x, head) == Role.None)
        {
            // "Foreign Ministry spokesperson Mao Ning", "Kremlin spokesman Dmitry Peskov": walk back over the name to its title.
            int t = head;
            while (t > start && IsName(x, t - 1) && RoleOf(x, t - 1) == Role.None) t--;
            if (t > start && !IsEntity(x, t - 1) && RoleOf(x, t - 1) is Role.StateBody or Role.Critic or Role.OtherPerson or Role.Diplomat or Role.Opposition)
                return HeadClass(x, start, t - 1, r, allowForward);
            if (t > start && IsEntity(x, t - 1)) return EntityClass(x, t - 1);
            // SpeakerV2: a name alone ("Mousavi said", "As Liu stated") is a person the article named in full before, and
            // in news about a state that is mostly one of its officials: like "he", the target's voice by default (N5).
            // Not a source ("according to DeepState") and not an acronym ("- ISW"): those are mostly monitors and media.
            // A name with a description after it ("said <name>, director at <group>") is left to that description.
            if (_v2 && (t == start || t == start + 1 && RoleOf(x, start) is Role.As or Role.Det) && !IsAllCapsText(x, head)
                && !(start > 0 && RoleOf(x, start - 1) == Role.To) && !(head + 1 < x.Count && HashOf(x, head + 1) == _comma))
                return DefaultState(x);
            return SpeakerClass.Other;
        }
        var role = RoleOf(x, head);
        switch (role)
        {
            case Role.Pronoun:
                return PronounClass(x, head, r, subject: true);
            case Role.Critic:
                return OwnerClass(x, start, head, r) is SpeakerClass.Opposition ? SpeakerClass.Opposition : SpeakerClass.Ngo;
            case Role.Opposition:
                return SpeakerClass.Opposition;
            case Role.OtherPerson:
            {
                // "UN human rights experts" speak for the UN; "Chinese analysts" are not the Chinese state.
                var owner = OwnerClass(x, start, head, r);
                return owner is SpeakerClass.International or SpeakerClass.Ngo or SpeakerClass.Opposition ? owner : SpeakerClass.Other;
            }
            case Role.IntlHead:
            {
                // UN rapporteurs, inspectors, missions: an international body's voice unless an owner says otherwise.
                var owner = OwnerClass(x, start, head, r);
                return owner is SpeakerClass.None or SpeakerClass.Target ? SpeakerClass.International : owner;
            }
            case Role.GroupHead:
            {
                var owner = OwnerClass(x, start, head, r);
                if (owner != SpeakerClass.None) return owner;
                // "the group described ...": an anaphor, like a pronoun.
                return head > start && HashOf(x, head - 1) == _the ? PronounClass(x, head, r) : SpeakerClass.Other;
            }
            case Role.Diplomat:
            {
                var owner = OwnerClass(x, start, head, r);
                return owner == SpeakerClass.None ? SpeakerClass.Third : owner;
            }
            case Role.MediaHead:
            {
                bool state = false;
                for (int u = start; u < head; u++) state |= RoleOf(x, u) == Role.StateWord;
                if (!state) return SpeakerClass.Other;
                var owner = OwnerClass(x, start, head, r);
                return owner switch
                {
                    SpeakerClass.None => x.HasTarget ? SpeakerClass.TargetMedia : SpeakerClass.Other,
                    SpeakerClass.Target => SpeakerClass.TargetMedia,
                    _ => owner,
                };
            }
            case Role.StateBody:
            {
                var owner = OwnerClass(x, start, head, r);
                if (owner == SpeakerClass.None && allowForward && head + 2 < x.Count && RoleOf(x, head + 1) == Role.Prep)
                {
                    // "a spokesman for the ministry", "officials of the IAEA"
                    int u = head + 2;
                    while (u < x.Count && u < head + 5 && RoleOf(x, u) == Role.Det) u++;
                    int end = u;
                    while (end + 1 < x.Count && end < u + 4 && !IsPunct(x, end + 1) && (IsEntity(x, end + 1) || IsName(x, end + 1) || RoleOf(x, end + 1) is Role.StateBody or Role.None) && ActAt(x, end + 1) == 0) end++;
                    if (u < x.Count && !IsPunct(x, u)) owner = HeadClass(x, u, end, r, allowForward: false);
                    if (owner == SpeakerClass.Other) owner = SpeakerClass.None;
                }
                if (owner == SpeakerClass.TargetMedia) owner = SpeakerClass.Target;
                return owner != SpeakerClass.None ? owner : DefaultState(x);
            }
            default:
                // SpeakerV2: the sentence's first word, capitalised, alone before its verb ("Karimzadeh said ...") is a name
                // the featurizer could not abstract (it keeps sentence-initial words as words): the lone-name rule above.
                if (_v2 && head == start && x.UnitToken[head] == 0 && !IsEntity(x, head) && ActAt(x, head) == 0 && IsCapitalisedWord(x, head)
                    && !IsAllCapsText(x, head) && _notNames.Get(HashOf(x, head)) == 0 && !LooksPlural(x, head))
                    return DefaultState(x);
                return SpeakerClass.Other;
        }
    }

    // "Migrants told ...", "Students said ...": a plural noun (-s after a consonant or e) opening the sentence is a group of
    // people, not a name; names ending so ("Peters") are given up.
    private static bool LooksPlural(in Units x, int u)
    {
        var t = x.Tokens[x.UnitToken[u]];
        if (t.Length < 4) return false;
        var s = x.Text.Slice(t.Start, t.Length);
        return s[^1] == 's' && "rtnedlkpm".Contains(s[^2]);
    }

    private static bool IsCapitalisedWord(in Units x, int u)
    {
        var t = x.Tokens[x.UnitToken[u]];
        return t.Kind == TokenKind.Word && t.Length > 1 && char.IsUpper(x.Text[t.Start]);
    }

    /// <summary>
    /// A body with no owner named is the target's (the state a news sentence is about, N5): "the ministry", "prosecutors",
    /// "the presidency". Owners named in the phrase ("Ukrainian officials", "a spokesman for the UN") are found before this.
    /// </summary>
    private static SpeakerClass DefaultState(in Units x) => x.HasTarget ? SpeakerClass.Target : SpeakerClass.Other;

    /// <summary>A pronoun: the sentence's earlier speaker, else the nearest actor named before it, else the target (N5).</summary>
    /// <param name="x">The sentence's units.</param>
    /// <param name="pronoun">The pronoun's unit.</param>
    /// <param name="r">The events found so far.</param>
    /// <param name="subject">
    /// A subject pronoun as the speaker ("She added ..."): with nothing named before it in the sentence, it stands for the
    /// previous sentence's main speaker when one is carried (<see cref="Result.Previous"/>). Possessives ("his lawyers")
    /// mostly stand for a person of their own sentence and are not carried.
    /// </param>
    private SpeakerClass PronounClass(in Units x, int pronoun, Result r, bool subject = false)
    {
        for (int e = r.EventCount - 1; e >= 0; e--)
            if (r.EventClass[e] is not (SpeakerClass.None or SpeakerClass.Other) && r.EventVerb[e] < pronoun) return r.EventClass[e];
        for (int u = pronoun - 1; u >= 0; u--)
        {
            if (!IsEntity(x, u)) continue;
            var kind = (EntityKind)x.UnitKind[u];
            if (kind.IsStateVoice() || kind is EntityKind.Ngo or EntityKind.Intergovernmental or EntityKind.OppositionParty or EntityKind.OppositionFigure or EntityKind.Country or EntityKind.Capital)
                return EntityClass(x, u);
        }
        // Document mode with carried speakers: the previous sentence's main speaker ("The rights group said ... She added ..."),
        // for a subject pronoun with no name at all before it (a person named in the sentence may be whom it stands for).
        if (subject && r.Previous != SpeakerClass.None && !NameBefore(x, pronoun)) return r.Previous;
        // SpeakerV2: "they" and "the group" with nothing before them to stand for are mostly the critics, witnesses or
        // experts of an earlier sentence (real news and our corpus alike), not the state.
        if (_v2 && (HashOf(x, pronoun) == _they || RoleOf(x, pronoun) == Role.GroupHead)) return SpeakerClass.Other;
        return DefaultState(x);
    }

    /// <summary>Whether a name comes before unit <paramref name="u"/>: an entity of any kind or a capitalised name the featurizer abstracted.</summary>
    private bool NameBefore(in Units x, int u)
    {
        for (int k = 0; k < u; k++)
            if (x.UnitEntry[k] >= 0 || IsName(x, k)) return true;
        return false;
    }

    /// <summary>Whether a unit before <paramref name="u"/> names a state other than the target.</summary>
    private static bool OtherStateBefore(in Units x, int u)
    {
        for (int k = 0; k < u; k++)
            if (x.UnitEntry[k] >= 0 && (TargetRelation)x.UnitRel[k] is TargetRelation.OtherVoice or TargetRelation.OtherPlace or TargetRelation.OtherPeople)
                return true;
        return false;
    }

    /// <summary>The owner of a body noun: a country, demonym, voice or organisation before it in its phrase ("Russian officials", "Iran's foreign ministry", "UN officials"), or a possessive pronoun.</summary>
    private SpeakerClass OwnerClass(in Units x, int start, int head, Result r)
    {
        // An entity in the phrase wins over a role word ("UN human rights experts" speak for the UN, not for a rights group).
        SpeakerClass byWord = SpeakerClass.None;
        if (_v2)
        {
            // SpeakerV2: "China's Taiwan affairs office spokesman": the possessive owner, not a place inside the title.
            for (int u = Math.Max(start, head - 8); u + 1 < head; u++)
                if (IsEntity(x, u) && x.Tokens[x.UnitToken[u + 1]].Kind == TokenKind.Clitic && EntityClass(x, u) is var owner && owner != SpeakerClass.Other)
                    return owner;
        }
        for (int u = head - 1; u >= start && u >= head - 6; u--)
        {
            if (IsEntity(x, u))
            {
                var cls = EntityClass(x, u);
                if (cls != SpeakerClass.Other || (TargetRelation)x.UnitRel[u] == TargetRelation.Group) return cls == SpeakerClass.Other ? SpeakerClass.Third : cls;
                continue;
            }
            var role = RoleOf(x, u);
            if (role is Role.Prep or Role.To or Role.By or Role.BeAux or Role.Relative or Role.But or Role.Subordinator || ActAt(x, u) != 0) break;
            if (IsPunct(x, u) && x.Tokens[x.UnitToken[u]].Kind != TokenKind.Clitic && HashOf(x, u) != _dash) break;
            if (byWord != SpeakerClass.None) continue;
            if (role == Role.PossPronoun) byWord = PronounClass(x, u, r);
            else if (role == Role.Opposition) byWord = SpeakerClass.Opposition; // "opposition leader", "opposition lawmakers"
            else if (role == Role.Critic) byWord = SpeakerClass.Ngo; // "rights groups", "rights activists"
        }
        return byWord;
    }

    private static SpeakerClass EntityClass(in Units x, int u)
    {
        var kind = (EntityKind)x.UnitKind[u];
        switch ((TargetRelation)x.UnitRel[u])
        {
            case TargetRelation.TargetVoice: return kind == EntityKind.StateMedia ? SpeakerClass.TargetMedia : SpeakerClass.Target;
            case TargetRelation.TargetPlace or TargetRelation.TargetPeople: return SpeakerClass.Target; // "Beijing said", metonymy (N5)
            case TargetRelation.OtherVoice or TargetRelation.OtherPlace or TargetRelation.OtherPeople: return SpeakerClass.Third;
            case TargetRelation.International: return SpeakerClass.International;
            case TargetRelation.Ngo: return SpeakerClass.Ngo;
            case TargetRelation.TargetOpposition or TargetRelation.OtherOpposition: return SpeakerClass.Opposition;
            case TargetRelation.Voice: return x.HasTarget && !x.OtherState ? SpeakerClass.Target : SpeakerClass.Other;
            default: return SpeakerClass.Other;
        }
    }

    // ---- The target's role ----

    /// <summary>Whether a unit stands for the target state: its entity, or a body noun that resolves to it ("the ministry").</summary>
    private bool IsTargetUnit(in Units x, int u, Result r)
    {
        if (IsEntity(x, u))
            return (TargetRelation)x.UnitRel[u] is TargetRelation.TargetVoice or TargetRelation.TargetPlace or TargetRelation.TargetPeople;
        if (RoleOf(x, u) != Role.StateBody) return false;
        int start = Math.Max(0, u - 4);
        return HeadClass(x, start, u, r, allowForward: false) == SpeakerClass.Target;
    }

    private void FindTargetRoles(in Units x, int first, Result r)
    {
        int m = x.Count;
        for (int e = 0; e < r.EventCount; e++)
        {
            if (r.EventAct[e] != SpeechAct.Accuse || r.EventPassive[e]) continue;
            int v = r.EventVerb[e];
            int seg = r.UnitSeg[v];
            if (r.EventClass[e] == SpeakerClass.Target) r.SegRole[seg] |= (byte)TargetRole.Agent;
            else
            {
                for (int u = v + 1; u < m && u < v + 10 && r.UnitSeg[u] == seg; u++)
                {
                    if (IsTargetUnit(x, u, r)) { r.SegRole[seg] |= (byte)TargetRole.Object; break; }
                }
            }
        }
        _ = first;
    }

    /// <summary>Marks the target as object after an accusation or evaluation word ("criticism of Beijing", "crackdown by the army").</summary>
    public void MarkObjectAfterCue(in Units x, int cueUnit, Result r)
    {
        int seg = r.UnitSeg[cueUnit];
        for (int u = cueUnit + 1; u < x.Count && u < cueUnit + 5 && r.UnitSeg[u] == seg; u++)
        {
            if (IsPunct(x, u) && x.Tokens[x.UnitToken[u]].Kind != TokenKind.Clitic) break;
            if (IsTargetUnit(x, u, r)) { r.SegRole[seg] |= (byte)TargetRole.Object; return; }
        }
    }

    /// <summary>The speech act of a unit hash (0 when it is no speech verb).</summary>
    public SpeechAct ActOf(ulong unitHash) => (SpeechAct)_acts.Get(unitHash);

    /// <summary>The class of the speaker whose phrase has its head at unit <paramref name="head"/> (for parse-found subjects).</summary>
    public SpeakerClass ClassOfHead(in Units x, int first, int head, Result r)
    {
        int start = head;
        while (start > first && start > head - 6 && !IsPunct(x, start - 1) && RoleOf(x, start - 1) is not (Role.Prep or Role.To or Role.By or Role.BeAux)) start--;
        if (start > first + 1 && x.Tokens[x.UnitToken[start - 1]].Kind == TokenKind.Clitic) start -= 2;
        return HeadClass(x, Math.Max(start, first), head, r, allowForward: true);
    }

    /// <summary>Names for explanations and tests.</summary>
    public static string Name(SpeakerClass c) => c switch
    {
        SpeakerClass.None => "none",
        SpeakerClass.Target => "tgt",
        SpeakerClass.TargetMedia => "tgtmedia",
        SpeakerClass.Third => "third",
        SpeakerClass.International => "intl",
        SpeakerClass.Ngo => "ngo",
        SpeakerClass.Opposition => "opp",
        _ => "other",
    };
}

/// <summary>A small open-addressing table from 64-bit word hashes to a byte (0 = absent); first value added wins.</summary>
internal sealed class HashByteTable
{
    private ulong[] _keys;
    private byte[] _values;
    private int _mask;
    private int _count;

    public HashByteTable(int capacity)
    {
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 3));
        _keys = new ulong[slots];
        _values = new byte[slots];
        _mask = slots - 1;
    }

    public void Add(ulong key, byte value)
    {
        if ((_count + 1) * 5 > _keys.Length * 2) Grow();
        int i = (int)key & _mask;
        while (_values[i] != 0)
        {
            if (_keys[i] == key) return;
            i = (i + 1) & _mask;
        }
        _keys[i] = key;
        _values[i] = value;
        _count++;
    }

    public byte Get(ulong key)
    {
        int i = (int)key & _mask;
        while (_values[i] != 0)
        {
            if (_keys[i] == key) return _values[i];
            i = (i + 1) & _mask;
        }
        return 0;
    }

    /// <summary>Every key and value.</summary>
    public IEnumerable<(ulong Key, byte Value)> Entries()
    {
        for (int i = 0; i < _keys.Length; i++) if (_values[i] != 0) yield return (_keys[i], _values[i]);
    }

    private void Grow()
    {
        var keys = _keys;
        var values = _values;
        _keys = new ulong[keys.Length * 2];
        _values = new byte[keys.Length * 2];
        _mask = _keys.Length - 1;
        _count = 0;
        for (int i = 0; i < keys.Length; i++) if (values[i] != 0) Add(keys[i], values[i]);
    }
}
