using System.Numerics;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// Turns one sentence (and its target) into a sparse, L2-normalised vector of hashed
/// features: word n-grams over a token stream in which known entities are replaced by
/// their relation to the target, optional character n-grams, and boundary markers.
/// Thread safe; after warm-up a call allocates nothing (per-thread scratch buffers).
/// </summary>
internal sealed partial class StanceFeaturizer
{
    private readonly Gazetteer _gazetteer;
    // The gazetteer's entries as an array (the gazetteer is immutable): EntryOf runs for every entity unit, several times.
    private readonly GazetteerEntry[] _entries;
    private readonly int _mask;
    private readonly ulong _seed;
    private readonly ulong[] _relationHashes;
    private readonly ulong _nameHash, _startHash, _endHash, _cliticHash;
    private readonly ulong[] _asciiPunctHashes; // the unit hash of each ASCII punctuation character
    private readonly ulong _nsUnigram, _nsBigram, _nsTrigram, _nsChar, _nsPair;
    // The cue words by word hash: an open-addressing table (linear probing, load under 0.4) rather than a
    // Dictionary, because every word of every sentence is looked up and almost all miss: a miss here is one
    // or two array reads, against the dictionary's hashing, division and bucket chain.
    private readonly ulong[] _cueKeys;
    private readonly byte[] _cueOf; // 0 (Cue.None): empty slot
    private readonly int _cueMask;
    private readonly ulong[] _cueHashes;
    // The cue class (bits 0-7) and the speaker finder's role and acts (bits 8 on) of a word hash in one table: every unit
    // is looked up once for both.
    private readonly WordInfoTable _wordInfo;
    // In the word info: the word starts a cue phrase (MatchPhrases tries the phrase hashes only after such a word).
    private const int PhraseStartBit = 1 << 28;
    private const int MaxPairs = 96;
    // v2 (null / unused while every v2 family is off, so a v1 model computes exactly the v1 features).
    private readonly SpeakerFinder? _finder;
    private readonly HashByteTable? _phrases;
    // The hashes of the phrases' first words: almost no unit starts a phrase, and one lookup rejects it before the two
    // or three hash combinations and lookups of the phrase itself.
    private readonly ulong _nsV2, _nsPhrase, _datelineHash;
    private const int MaxContentCues = 24;
    // Normalisation and role switches (WordNormalizer, ActorRoles); all off for models that predate them.
    private readonly bool _fold, _dates, _roles;
    private readonly ulong[] _dateHashes;
    private readonly ActorRoles? _actorRoles;

    public FeatureRecipe Recipe { get; }
    public Gazetteer Gazetteer => _gazetteer;

    /// <summary>The gazetteer whose matches the featurizer reads; null when it reads none (no target classes).</summary>
    public Gazetteer? MatchedGazetteer => Recipe.TargetClasses ? _gazetteer : null;

    /// <param name="settings">The feature recipe.</param>
    /// <param name="gazetteer">The gazetteer of entities.</param>
    /// <param name="clusters">Word clusters for <see cref="FeatureRecipe.WordClusterFeatures"/> (tests); null: the embedded ones.</param>
    public StanceFeaturizer(FeatureRecipe settings, Gazetteer gazetteer, IWordClusterLookup? clusters = null)
        : this(settings, LanguageData.English.WithGazetteer(gazetteer ?? throw new ArgumentNullException(nameof(gazetteer))), clusters)
    {
    }

    /// <summary>A featurizer over a language's gazetteer and cue words.</summary>
    /// <param name="settings">The feature recipe.</param>
    /// <param name="language">The language's gazetteer and word lists.</param>
    /// <param name="clusters">Word clusters for <see cref="FeatureRecipe.WordClusterFeatures"/> (tests); null: the embedded ones.</param>
    public StanceFeaturizer(FeatureRecipe settings, LanguageData language, IWordClusterLookup? clusters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(language);
        var gazetteer = language.Gazetteer;
        var cues = language.Cues;
        settings.Validate();
        Recipe = settings;
        _gazetteer = gazetteer;
        _entries = gazetteer.Entries.ToArray();
        _mask = settings.Buckets - 1;
        _seed = settings.Seed;
        _fold = settings.FoldSpelling;
        _speakerAnalysis = settings.SpeakerFeatures || settings.TargetRoleFeatures || settings.ClauseFeatures || settings.NarratorFeatures;
        _dates = settings.DateClasses;
        _roles = settings.ActorRoles && settings.TargetClasses;
        _dateHashes = [0, WordHash(WordNormalizer.WeekdayToken), WordHash(WordNormalizer.MonthToken), WordHash(WordNormalizer.YearToken)];
        _actorRoles = _roles ? ActorRoles.For(gazetteer) : null;
        _relationHashes = new ulong[Enum.GetValues<TargetRelation>().Length];
        for (int i = 0; i < _relationHashes.Length; i++) _relationHashes[i] = WordHash(((TargetRelation)i).Token());
        _nameHash = WordHash("@name");
        _startHash = WordHash("<s>");
        _endHash = WordHash("</s>");
        _cliticHash = WordHash("'s");
        _asciiPunctHashes = new ulong[128];
        for (int c = 0; c < 128; c++) _asciiPunctHashes[c] = PunctHashOf((char)c);
        _nsUnigram = StableHash.Mix(_seed ^ 1);
        _nsBigram = StableHash.Mix(_seed ^ 2);
        _nsTrigram = StableHash.Mix(_seed ^ 3);
        _nsChar = StableHash.Mix(_seed ^ 4);
        _nsPair = StableHash.Mix(_seed ^ 5);
        // v1 sees its ten classes only; with ExtendedCues the v2 classes are listed first, so their words take the v2 class.
        var classes = settings.ExtendedCues
            ? cues.Classes.Skip(CueLexicon.V1ClassCount).Concat(cues.Classes.Take(CueLexicon.V1ClassCount))
            : cues.Classes.Take(CueLexicon.V1ClassCount);
        var cueWords = classes.SelectMany(c => c.Words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => (c.Cue, Hash: WordHash(w)))).ToList();
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, cueWords.Count * 3));
        _cueKeys = new ulong[slots];
        _cueOf = new byte[slots];
        _cueMask = slots - 1;
        foreach (var (cue, hash) in cueWords) AddCue(hash, cue);
        _cueHashes = new ulong[Enum.GetValues<CueLexicon.Cue>().Length];
        for (int i = 1; i < _cueHashes.Length; i++) _cueHashes[i] = WordHash(CueLexicon.Token((CueLexicon.Cue)i));
        _nsV2 = StableHash.Mix(_seed ^ 6);
        _nsPhrase = StableHash.Mix(_seed ^ 7);
        _datelineHash = WordHash("@dateline");
        if (settings.AnyV2) _finder = new SpeakerFinder(_seed, _nameHash, WordHash, settings.FoldSpelling, settings.SpeakerV2);
        var phraseStarts = new HashSet<ulong>();
        if (settings.ExtendedCues)
        {
            _phrases = new HashByteTable(cues.Phrases.Length);
            foreach (var (cue, phrase) in cues.Phrases)
            {
                ulong h = _nsPhrase;
                var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var w in words) h = StableHash.Combine(h, WordHash(w));
                _phrases.Add(h, (byte)cue);
                phraseStarts.Add(WordHash(words[0]));
            }
        }
        var wordInfo = new Dictionary<ulong, int>();
        for (int i = 0; i < _cueKeys.Length; i++) if (_cueOf[i] != 0) wordInfo[_cueKeys[i]] = _cueOf[i];
        if (_finder is not null)
            foreach (var (key, value) in _finder.UnitInfoEntries()) wordInfo[key] = wordInfo.GetValueOrDefault(key) | (value << 8);
        foreach (var key in phraseStarts) wordInfo[key] = wordInfo.GetValueOrDefault(key) | PhraseStartBit;
        _wordInfo = new WordInfoTable(wordInfo);
        InitVocabularyFamilies(settings, cues, clusters);
    }

    private bool SpeakerAnalysis => _speakerAnalysis;
    private readonly bool _speakerAnalysis;

    /// <summary>Adds a cue word; the first class listed for a word wins.</summary>
    private void AddCue(ulong hash, CueLexicon.Cue cue)
    {
        int i = (int)hash & _cueMask;
        while (_cueOf[i] != 0)
        {
            if (_cueKeys[i] == hash) return;
            i = (i + 1) & _cueMask;
        }
        _cueKeys[i] = hash;
        _cueOf[i] = (byte)cue;
    }

    private ulong WordHash(string s) => _fold ? WordNormalizer.HashFolded(s, _seed) : StableHash.HashLowerFoldDigits(s, _seed);

    /// <summary>An upper bound on the number of features of a text of this length.</summary>
    public int MaxFeatureCount(int textLength)
    {
        int units = textLength + 2;
        int perUnit = Recipe.WordNgrams;
        int charGrams = Recipe.CharNgramMin == 0 ? 0 : (Recipe.CharNgramMax - Recipe.CharNgramMin + 1) * (textLength + 2 * units);
        int v2 = Recipe.AnyV2 ? SpeakerFinder.MaxEvents * (2 + MaxContentCues) + 3 * units + 8 : 0;
        if (Recipe.ParseStructure) v2 += SpeakerFinder.MaxEvents * (1 + MaxContentCues) + units;
        if (Recipe.SpeakerV2) v2 += SpeakerFinder.MaxEvents;
        return units * perUnit + charGrams + units + MaxPairs + 8 + v2 + MaxVocabularyFeatureCount(units);
    }

    [ThreadStatic] private static Scratch? t_scratch;

    internal sealed class Scratch
    {
        public Token[] Tokens = new Token[256];
        public int[] UnitEntry = new int[256];
        public int[] UnitToken = new int[256];
        public ulong[] UnitHash = new ulong[258];
        public ulong[] FoldedHash = new ulong[258];
        public byte[] UnitCue = new byte[256];
        public byte[] UnitRel = new byte[256];
        public byte[] UnitKind = new byte[256];
        public bool[] UnitNoCountry = new bool[256];
        public byte[] UnitRole = new byte[256];
        public byte[] UnitAct = new byte[256];
        public int[] UnitInfo = new int[256];
        public ulong[] TokenHashes = new ulong[256];
        public readonly SpeakerFinder.Result Speakers = new();
        /// <summary>The unit count of the last sentence featurized (for diagnostics: the speaker dump maps units to text).</summary>
        public int LastUnitCount;
        /// <summary>
        /// Out channel of the last <see cref="Featurize"/> call: its main clause's speaker (found, or carried into it), which
        /// <see cref="DocumentScorer"/> hands the next sentence of the document; None for the narrator or without the speaker analysis.
        /// </summary>
        public SpeakerClass MainSpeaker;

        /// <summary>The main clause's speaker found in the sentence itself (none carried into it): the speaker calibration's class.</summary>
        public SpeakerClass OwnSpeaker;
        // The parse (ParseStructure): per token.
        public UniversalPos[] Pos = new UniversalPos[256];
        public int[] Heads = new int[256];
        public DependencyRelation[] Relations = new DependencyRelation[256];
        public int[] TokenUnit = new int[256];
        public sbyte[] TokenLevel = new sbyte[256];
        public int[] Raw = new int[2048];
        public int[] Indices = new int[2048];
        public float[] Values = new float[2048];
        public int[] Sorted = new int[2048];
        public int[] BinStarts = new int[MaxBins + 1];

        public void Ensure(int textLength, int maxFeatures)
        {
            int tokens = textLength + 1;
            if (Tokens.Length < tokens)
            {
                int size = Math.Max(tokens, Tokens.Length * 2);
                Tokens = new Token[size];
                UnitEntry = new int[size];
                UnitToken = new int[size];
                UnitHash = new ulong[size + 2];
                FoldedHash = new ulong[size + 2];
                UnitCue = new byte[size];
                UnitRel = new byte[size];
                UnitKind = new byte[size];
                UnitNoCountry = new bool[size];
                UnitRole = new byte[size];
                UnitAct = new byte[size];
                UnitInfo = new int[size];
                TokenHashes = new ulong[size];
                Pos = new UniversalPos[size];
                Heads = new int[size];
                Relations = new DependencyRelation[size];
                TokenUnit = new int[size];
                TokenLevel = new sbyte[size];
            }
            if (Raw.Length < maxFeatures)
            {
                int size = Math.Max(maxFeatures, Raw.Length * 2);
                Raw = new int[size];
                Indices = new int[size];
                Values = new float[size];
                Sorted = new int[size];
            }
        }
    }

    internal static Scratch GetScratch() => t_scratch ??= new Scratch();

    /// <summary>
    /// Featurizes into the per-thread scratch buffers; returns the number of distinct features,
    /// whose bucket indices (ascending) and values are in <c>scratch.Indices</c> / <c>scratch.Values</c>.
    /// </summary>
    /// <param name="text">The sentence.</param>
    /// <param name="target">Canonical target country, or null to use the sentence's main state actor.</param>
    /// <param name="scratch">Scratch buffers of the calling thread.</param>
    /// <param name="usedTarget">The target actually used (may be null when none is found).</param>
    /// <param name="trace">When not null, receives (bucket, description) for every raw feature (slow path for explanations).</param>
    /// <param name="known">
    /// Entities the document resolved that the sentence alone does not name in full (a lone surname linked to a person
    /// named earlier): UTF-16 offsets into <paramref name="text"/>, ascending. Used only where the gazetteer finds nothing.
    /// </param>
    /// <param name="annotated">
    /// The sentence's tokens in its document's <see cref="TokenLayer"/> (the same tokens tokenizing the sentence alone
    /// gives; <see cref="DocumentScorer"/> checks that): read instead of tokenizing, hashing and matching again.
    /// <c>default</c>: the sentence is tokenized here.
    /// </param>
    /// <param name="carry">
    /// Document mode with <see cref="StanceAnalyzerOptions.CarrySpeakers"/>: the previous sentence's main speaker and
    /// quotation state. A sentence with no speech event of its own that continues a quotation (<see cref="SpeakerCarry.Continues"/>)
    /// gets that speaker's features as if it were found in its main clause, and a pronoun speaker with no antecedent in the
    /// sentence stands for it. <c>default</c>: nothing carried (the features are those of the sentence alone).
    /// </param>
    public int Featurize(ReadOnlySpan<char> text, string? target, Scratch scratch, out string? usedTarget, List<(int Bucket, string Feature)>? trace = null, ReadOnlySpan<KnownEntity> known = default, SentenceTokens annotated = default, SpeakerCarry carry = default)
    {
        scratch.Ensure(text.Length, MaxFeatureCount(text.Length));
        scratch.MainSpeaker = SpeakerClass.None;
        scratch.OwnSpeaker = SpeakerClass.None;
        var tokens = scratch.Tokens.AsSpan();
        int n;
        var tokenHashes = scratch.TokenHashes;
        var layer = annotated.Layer;
        if (layer is not null)
        {
            n = ReadLayer(text, annotated, tokens, tokenHashes);
            if (!ReferenceEquals(layer.FeatureGazetteer, _gazetteer)) layer = null; // its matches were made with another gazetteer: match here
        }
        else if (_fold) n = NewsTokenizer.Tokenize(text, tokens);
        else
        {
            // The plain word hashes are taken in the tokenizer's scan (see LowerFoldDigitsHash).
            var wordHash = new LowerFoldDigitsHash(tokenHashes, _seed);
            n = NewsTokenizer.Tokenize(text, tokens, ref wordHash);
        }

        // 1. Units: a known entity (possibly several tokens) or a single token.
        var unitEntry = scratch.UnitEntry;
        var unitToken = scratch.UnitToken;
        int m = 0;
        int kn = 0;
        for (int i = 0; i < n;)
        {
            int len = 0;
            int alias = !Recipe.TargetClasses ? -1
                : layer is null ? _gazetteer.MatchLongest(text, tokens[..n], i, out len)
                : LayerMatch(layer, annotated.First, text, tokens[..n], i, out len);
            unitToken[m] = i;
            if (alias >= 0)
            {
                unitEntry[m++] = _gazetteer.EntriesOfAlias(alias)[0];
                i += len;
            }
            else if (Recipe.TargetClasses && !known.IsEmpty && KnownAt(known, ref kn, tokens[i].Start) is { } k)
            {
                // Ids past the gazetteer's end point into the known list (a person the document placed by role).
                unitEntry[m++] = _entries.Length + kn;
                i++;
                while (i < n && tokens[i].Start < k.End) i++;
            }
            else if (_actorRoles is not null && OwnsBodyBefore(tokens, unitToken, unitEntry, m, known) && _actorRoles.MatchBody(text, tokens[..n], i, out int bodyLength) is >= 0 and var body)
            {
                // A lower-case state body after its country ("Iraq's foreign ministry"): ids past the known list.
                unitEntry[m++] = _entries.Length + known.Length + body;
                i += bodyLength;
            }
            else
            {
                unitEntry[m++] = -1;
                i++;
            }
        }

        scratch.LastUnitCount = m;
        usedTarget = target ?? InferTarget(unitEntry.AsSpan(0, m), known);
        bool otherState = ResolveRelations(tokens, unitToken, unitEntry, m, usedTarget, scratch.UnitRel, known);
        _actorRoles?.Adjust(text, tokens[..n], unitToken, unitEntry, m, usedTarget, scratch.UnitRel, known);

        // 2. One hash per unit, with boundary markers around the sentence.
        var unitHash = scratch.UnitHash;
        unitHash[0] = _startHash;
        int firstWord = -1;
        for (int u = 0; u < m; u++)
        {
            if (firstWord < 0 && unitEntry[u] < 0 && tokens[unitToken[u]].Kind == TokenKind.Word) { firstWord = u; }
            if (unitEntry[u] >= 0) unitHash[u + 1] = _relationHashes[scratch.UnitRel[u]];
            else if (!TrySpecialHash(text, tokens[unitToken[u]], u == firstWord, out unitHash[u + 1]))
            {
                // A word or number with no fixed hash: its text's hash (taken by the tokenizer when spelling is not folded).
                unitHash[u + 1] = _fold ? WordNormalizer.HashFolded(Text(text, tokens[unitToken[u]]), _seed) : tokenHashes[unitToken[u]];
            }
        }
        unitHash[m + 1] = _endHash;
        int h = m + 2;

        // v2: an agency dateline becomes one token class (its words are not evidence of a stance: issue 12 measured 75% errors).
        var units = default(SpeakerFinder.Units);
        int datelineEnd = 0;
        var speakers = scratch.Speakers;
        speakers.HasDateline = false;
        speakers.Previous = carry.Previous;
        speakers.Carried = SpeakerClass.None;
        if (_finder is not null)
        {
            var unitKind = scratch.UnitKind;
            var noCountry = scratch.UnitNoCountry;
            for (int u = 0; u < m; u++)
            {
                var e = unitEntry[u] >= 0 ? EntryOf(unitEntry[u], known) : null;
                unitKind[u] = e is null ? (byte)0 : (byte)e.Kind;
                noCountry[u] = e is not null && e.Country is null;
            }
            units = new SpeakerFinder.Units
            {
                Text = text, Tokens = tokens[..n], UnitToken = unitToken, UnitEntry = unitEntry, UnitRel = scratch.UnitRel, UnitKind = unitKind, UnitNoCountry = noCountry,
                UnitHash = unitHash, Count = m, OtherState = otherState, HasTarget = usedTarget is not null,
                UnitRole = scratch.UnitRole, UnitAct = scratch.UnitAct,
            };
            if (Recipe.Datelines)
            {
                datelineEnd = _finder.FindDateline(units, out var agency);
                if (datelineEnd > 0)
                {
                    speakers.HasDateline = true;
                    speakers.DatelineClass = agency;
                    for (int u = 0; u < datelineEnd; u++) unitHash[u + 1] = _datelineHash;
                }
            }
        }
        speakers.DatelineEnd = datelineEnd;

        var unitCue = scratch.UnitCue;
        var unitInfo = scratch.UnitInfo;
        // FoldInflections: the word n-grams and the cue lookup of words that are no cue as written use the folded forms.
        var ngramHash = _inflect ? FoldUnitHashes(text, tokens, unitToken, unitEntry, unitHash, m, datelineEnd, scratch) : unitHash;
        bool prepare = _finder is not null && (_speakerAnalysis || Recipe.ParseStructure);
        if (Recipe.CueClasses || prepare)
        {
            bool cues = Recipe.CueClasses;
            for (int u = 0; u < m; u++)
            {
                int info = _wordInfo.Get(unitHash[u + 1]);
                if (info == 0 && _inflect && ngramHash[u + 1] != unitHash[u + 1]) info = FoldedCue(ngramHash[u + 1]);
                if (info == 0 && _clusterCue is not null && unitEntry[u] < 0 && u >= datelineEnd) info = ClusterCueOf(text, tokens[unitToken[u]], unitHash[u + 1]);
                unitInfo[u] = info >> 8;
                unitCue[u] = cues && unitEntry[u] < 0 ? (byte)info : (byte)0;
            }
        }
        if (Recipe.CueClasses)
        {
            if (_phrases is not null) MatchPhrases(unitHash, unitEntry, unitCue, unitInfo, m);
        }
        else if (_finder is not null) unitCue.AsSpan(0, m).Clear();
        if (prepare) _finder!.Prepare(units, unitInfo.AsSpan(0, m));
        if (_finder is not null && SpeakerAnalysis)
        {
            _finder.Analyze(units, datelineEnd, speakers);
            scratch.OwnSpeaker = speakers.MainSpeaker;
            // A sentence with no speech event of its own (no attribution verb, no "according to", no dateline) that
            // continues a quotation speaks with the previous sentence's voice.
            if (carry.Active && speakers.EventCount == 0 && !speakers.HasDateline && SpeakerCarry.Continues(text, carry.QuoteOpen))
                speakers.Carried = carry.Previous;
            scratch.MainSpeaker = speakers.MainSpeaker;
            if (Recipe.TargetRoleFeatures)
            {
                for (int u = datelineEnd; u < m; u++)
                    if ((CueLexicon.Cue)unitCue[u] is CueLexicon.Cue.Accuse or CueLexicon.Cue.Evaluative or CueLexicon.Cue.Repression) _finder.MarkObjectAfterCue(units, u, speakers);
            }
        }

        // 3. Raw features.
        var raw = scratch.Raw;
        int r = 0;
        r = AddWordNgrams(text, tokens, unitToken, unitEntry, scratch.UnitRel, m, usedTarget, ngramHash, h, raw, r, trace);
        if (Recipe.CueClasses)
        {
            for (int u = 0; u < m; u++)
            {
                if (unitCue[u] == 0) continue;
                raw[r++] = Bucket(StableHash.Combine(_nsUnigram, _cueHashes[unitCue[u]]));
                if (trace is not null) trace.Add((raw[r - 1], CueTrace(text, tokens[unitToken[u]], unitCue[u])));
            }
            if (Recipe.ActorCuePairs)
            {
                int pairs = 0;
                for (int e = datelineEnd; e < m && pairs < MaxPairs; e++)
                {
                    if (unitEntry[e] < 0) continue;
                    var rel = (TargetRelation)scratch.UnitRel[e];
                    ulong relHash = StableHash.Combine(_nsPair, _relationHashes[(int)rel]);
                    for (int c = 0; c < m && pairs < MaxPairs; c++)
                    {
                        if (unitCue[c] == 0) continue;
                        ulong order = e < c ? 1UL : 2UL;
                        raw[r++] = Bucket(StableHash.Combine(StableHash.Combine(relHash, order), _cueHashes[unitCue[c]]));
                        pairs++;
                        if (trace is not null) trace.Add((raw[r - 1], e < c ? $"{rel.Token()} … {CueTrace(text, tokens[unitToken[c]], unitCue[c])}" : $"{CueTrace(text, tokens[unitToken[c]], unitCue[c])} … {rel.Token()}"));
                    }
                }
            }
        }
        if (_finder is not null && SpeakerAnalysis) r = AddSpeakerFeatures(raw, r, unitCue, m, datelineEnd, speakers, trace);
        if (_finder is not null && Recipe.ParseStructure && m > datelineEnd) r = AddParseFeatures(text, tokens[..n], units, raw, r, unitCue, datelineEnd, scratch, trace);
        if (_clusterFeatures) r = AddClusterFeatures(text, tokens, unitToken, unitEntry, unitHash, unitCue, m, datelineEnd, _finder is not null && SpeakerAnalysis ? speakers : null, raw, r, trace);
        if (speakers.HasDateline)
        {
            raw[r++] = V2Bucket(Family.Dateline, (int)speakers.DatelineClass, 0, 0);
            if (trace is not null) trace.Add((raw[r - 1], "dateline=" + SpeakerFinder.Name(speakers.DatelineClass)));
        }
        if (Recipe.CharNgramMin > 0)
        {
            Span<char> word = stackalloc char[34];
            for (int u = 0; u < m; u++)
            {
                if (unitEntry[u] >= 0 || u < datelineEnd) continue;
                var t = tokens[unitToken[u]];
                if (t.Kind != TokenKind.Word || IsAbstractedName(text, t, u == firstWord)) continue;
                int wl = Math.Min(t.Length, 32);
                word[0] = '<';
                for (int j = 0; j < wl; j++) word[j + 1] = char.ToLowerInvariant(text[t.Start + j]);
                word[wl + 1] = '>';
                var padded = word[..(wl + 2)];
                for (int g = Recipe.CharNgramMin; g <= Recipe.CharNgramMax; g++)
                {
                    for (int s = 0; s + g <= padded.Length; s++)
                    {
                        raw[r++] = Bucket(StableHash.Combine(_nsChar, StableHash.Hash(padded.Slice(s, g), _seed)));
                        if (trace is not null) trace.Add((raw[r - 1], "char:" + padded.Slice(s, g).ToString()));
                    }
                }
            }
        }

        // 4. Sort, merge duplicates into counts, L2-normalise.
        var rawSpan = SortBuckets(raw.AsSpan(0, r), scratch.Sorted, scratch.BinStarts, Recipe.BucketBits);
        return MergeAndNormalize(rawSpan, scratch.Indices, scratch.Values);
    }

    /// <summary>
    /// The word n-gram features over the unit hashes (with the boundary markers); a method of its own, apart from the large
    /// <see cref="Featurize"/>, so that the JIT keeps this hot loop's variables in registers.
    /// </summary>
    private int AddWordNgrams(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int[] unitToken, int[] unitEntry, byte[] unitRel, int m, string? usedTarget, ulong[] unitHash, int h, int[] raw, int r, List<(int Bucket, string Feature)>? trace)
    {
        for (int k = 1; k < h - 1; k++)
        {
            raw[r++] = Bucket(StableHash.Combine(_nsUnigram, unitHash[k]));
            if (trace is not null) trace.Add((raw[r - 1], Describe(text, tokens, unitToken, unitEntry, unitRel, k - 1, m, usedTarget)));
        }
        if (Recipe.WordNgrams >= 2)
        {
            for (int k = 1; k < h; k++)
            {
                raw[r++] = Bucket(StableHash.Combine(StableHash.Combine(_nsBigram, unitHash[k - 1]), unitHash[k]));
                if (trace is not null) trace.Add((raw[r - 1], Describe(text, tokens, unitToken, unitEntry, unitRel, k - 2, m, usedTarget) + " " + Describe(text, tokens, unitToken, unitEntry, unitRel, k - 1, m, usedTarget)));
            }
        }
        if (Recipe.WordNgrams >= 3)
        {
            for (int k = 2; k < h; k++)
            {
                raw[r++] = Bucket(StableHash.Combine(StableHash.Combine(StableHash.Combine(_nsTrigram, unitHash[k - 2]), unitHash[k - 1]), unitHash[k]));
                if (trace is not null) trace.Add((raw[r - 1], Describe(text, tokens, unitToken, unitEntry, unitRel, k - 3, m, usedTarget) + " " + Describe(text, tokens, unitToken, unitEntry, unitRel, k - 2, m, usedTarget) + " " + Describe(text, tokens, unitToken, unitEntry, unitRel, k - 1, m, usedTarget)));
            }
        }
        return r;
    }

    /// <summary>Merges the sorted bucket ids into distinct ids with counts and L2-normalises the counts; returns the number of distinct ids.</summary>
    private static int MergeAndNormalize(ReadOnlySpan<int> rawSpan, int[] indices, float[] values)
    {
        int r = rawSpan.Length;
        int d = 0;
        for (int k = 0; k < r;)
        {
            int b = rawSpan[k];
            int c = 1;
            while (k + c < r && rawSpan[k + c] == b) c++;
            indices[d] = b;
            values[d] = c;
            d++;
            k += c;
        }
        float sumSq = 0;
        for (int k = 0; k < d; k++) sumSq += values[k] * values[k];
        if (sumSq > 0)
        {
            float inv = 1f / MathF.Sqrt(sumSq);
            for (int k = 0; k < d; k++) values[k] *= inv;
        }
        return d;
    }

    // Bins of the distribution sort below: one per feature or so, capped (a 16 KB table); past MaxBinSortCount
    // features a long text falls back to the general sort, which bounds the worst case.
    private const int MaxBins = 4096;
    private const int MaxBinSortCount = 4 * MaxBins;

    /// <summary>
    /// Sorts the raw bucket ids ascending; returns the sorted span (<paramref name="raw"/> itself or <paramref name="sorted"/>).
    /// Bucket ids are uniform hash bits, so distributing them into about one bin per id by their top bits leaves a
    /// nearly sorted array that one insertion pass finishes: linear on average, against n log n with a mispredicted
    /// branch per comparison for the introsort of <see cref="MemoryExtensions.Sort{T}(Span{T})"/> (a sixth of the
    /// scoring time of a 25-word sentence). The result is the same ascending sequence either way.
    /// </summary>
    internal static Span<int> SortBuckets(Span<int> raw, int[] sorted, int[] binStarts, int bucketBits)
    {
        int n = raw.Length;
        if (n <= 16 || n > MaxBinSortCount)
        {
            if (n <= 16) InsertionSort(raw);
            else raw.Sort();
            return raw;
        }
        int binBits = Math.Min(Math.Min(bucketBits, BitOperations.Log2((uint)n) + 1), BitOperations.Log2(MaxBins));
        int shift = bucketBits - binBits;
        int bins = 1 << binBits;
        var starts = binStarts.AsSpan(0, bins + 1);
        starts.Clear();
        foreach (int b in raw) starts[(b >> shift) + 1]++;
        for (int k = 1; k <= bins; k++) starts[k] += starts[k - 1];
        var dest = sorted.AsSpan(0, n);
        foreach (int b in raw) dest[starts[b >> shift]++] = b;
        InsertionSort(dest);
        return dest;
    }

    private static void InsertionSort(Span<int> a)
    {
        for (int k = 1; k < a.Length; k++)
        {
            int v = a[k];
            int j = k - 1;
            while (j >= 0 && a[j] > v)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /// <summary>
    /// The document's tokens of the sentence, in the sentence's offsets, and (unfolded spelling) the plain word hashes the
    /// tokenizer's scan would have taken, from the words' text (the same fold and steps). A method of its own, out of
    /// <see cref="Featurize"/>, so the span loop's code stays as it was.
    /// </summary>
    /// <returns>The number of tokens.</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int ReadLayer(ReadOnlySpan<char> text, SentenceTokens annotated, Span<Token> tokens, ulong[] tokenHashes)
    {
        int n = annotated.Count;
        int offset = annotated.Offset;
        var own = annotated.Layer!.Tokens.AsSpan(annotated.First, n);
        for (int k = 0; k < own.Length; k++)
        {
            var t = own[k];
            tokens[k] = new Token(t.Start - offset, t.Length, t.Kind);
            if (!_fold && t.Kind is TokenKind.Word or TokenKind.Number) tokenHashes[k] = LowerFoldDigitsHash.Of(text.Slice(t.Start - offset, t.Length), _seed);
        }
        return n;
    }

    /// <summary>
    /// The gazetteer match at sentence token <paramref name="i"/> from the document layer's match at that token: the same
    /// unless the document's longest alias runs past the sentence's last token, where the sentence alone gives a shorter
    /// match (or none), found here.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int LayerMatch(TokenLayer layer, int first, ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int i, out int len)
    {
        int alias = layer.FeatureAliasAt(first + i, out len);
        return alias >= 0 && i + len > tokens.Length ? _gazetteer.MatchLongest(text, tokens, i, out len) : alias;
    }

    /// <summary>The known entity that starts at <paramref name="start"/>, if any; <paramref name="next"/> walks the ascending list once.</summary>
    private static KnownEntity? KnownAt(ReadOnlySpan<KnownEntity> known, ref int next, int start)
    {
        while (next < known.Length && known[next].Start < start) next++;
        return next < known.Length && known[next].Start == start ? known[next] : null;
    }

    /// <summary>A unit's entry: the gazetteer's, or past its end one of the document's known entities.</summary>
    private GazetteerEntry EntryOf(int id, ReadOnlySpan<KnownEntity> known)
        => id < _entries.Length ? _entries[id]
            : id - _entries.Length < known.Length ? known[id - _entries.Length].Entry
            : _actorRoles!.BodyAt(id - _entries.Length - known.Length);

    /// <summary>Whether the last unit (before an optional "'s") is a country or people that owns a following state body.</summary>
    private bool OwnsBodyBefore(ReadOnlySpan<Token> tokens, int[] unitToken, int[] unitEntry, int m, ReadOnlySpan<KnownEntity> known)
    {
        int p = m - 1;
        if (p >= 0 && unitEntry[p] < 0 && tokens[unitToken[p]].Kind == TokenKind.Clitic) p--;
        return p >= 0 && unitEntry[p] >= 0 && ActorRoles.OwnsBody(EntryOf(unitEntry[p], known));
    }

    private int Bucket(ulong hash) => (int)(hash & (ulong)_mask);

    /// <summary>
    /// The relation of every entity unit to the target. A generic state body ("Foreign Ministry")
    /// belongs to the country named just before it ("Iran's Foreign Ministry", "the Chinese Defense
    /// Ministry"); with no such country, to the target when the sentence names no other state.
    /// </summary>
    /// <returns>Whether the sentence names a state other than the target.</returns>
    private bool ResolveRelations(ReadOnlySpan<Token> tokens, int[] unitToken, int[] unitEntry, int m, string? target, byte[] unitRel, ReadOnlySpan<KnownEntity> known)
    {
        bool otherState = false;
        for (int u = 0; u < m; u++)
        {
            if (unitEntry[u] < 0) continue;
            var e = EntryOf(unitEntry[u], known);
            if (e.Country is not null && !string.Equals(e.Country, target, StringComparison.Ordinal) && (e.Kind.IsPlaceOrPeople() || e.Kind.IsStateVoice()))
            {
                otherState = true;
                break;
            }
        }
        for (int u = 0; u < m; u++)
        {
            if (unitEntry[u] < 0) continue;
            var e = EntryOf(unitEntry[u], known);
            string? country = e.Country;
            if (country is null && e.Kind.IsStateVoice())
            {
                int prev = u - 1;
                if (prev >= 0 && unitEntry[prev] < 0 && tokens[unitToken[prev]].Kind == TokenKind.Clitic) prev--;
                if (prev >= 0 && unitEntry[prev] >= 0 && EntryOf(unitEntry[prev], known) is { Country: not null } p && p.Kind.IsPlaceOrPeople()) country = p.Country;
                else if (!otherState) country = target;
            }
            unitRel[u] = (byte)TargetRelations.Classify(e, country, target);
        }
        return otherState;
    }

    // ---- v2 features ----

    private enum Family : byte { Speaker = 1, SpeakerAct, SpeakerCue, Role, RoleCue, ClauseCue, NarratorCue, Dateline, ParseSpeakerAct, ParseSpeakerCue, ParseClauseCue, WhoWhom }

    /// <summary>
    /// The parse-based family: for each speech verb, its nsubj's class (the subject the parse found) × act, and × the cues
    /// in the verb's subtree outside the subject; every cue with the level of its clause by the parse (under an advcl,
    /// acl or acl:relcl: subordinate). Cue units are those of the heuristic stream; tokens map to units.
    /// </summary>
    private int AddParseFeatures(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, in SpeakerFinder.Units units, int[] raw, int r, byte[] unitCue, int first, Scratch scratch, List<(int Bucket, string Feature)>? trace)
    {
        int n = tokens.Length;
        int m = units.Count;
        var heads = scratch.Heads;
        var rels = scratch.Relations;
        DependencyParser.Default.ParseTokens(text, tokens, scratch.Pos.AsSpan(0, n), heads.AsSpan(0, n), rels.AsSpan(0, n));
        var tokenUnit = scratch.TokenUnit;
        for (int u = 0; u < m; u++)
        {
            int end = u + 1 < m ? scratch.UnitToken[u + 1] : n;
            for (int k = scratch.UnitToken[u]; k < end; k++) tokenUnit[k] = u;
        }
        // Clause level of every token: subordinate when a clause-modifier relation lies on its path to the root.
        var level = scratch.TokenLevel;
        level.AsSpan(0, n).Fill(-1);
        for (int k = 0; k < n; k++) level[k] = (sbyte)LevelOf(k, heads, rels, level, n);
        var sp = scratch.Speakers;
        int events = 0;
        for (int v = 0; v < n && events < SpeakerFinder.MaxEvents; v++)
        {
            int vu = tokenUnit[v];
            if (vu < first || units.UnitEntry[vu] >= 0 || scratch.UnitToken[vu] != v) continue;
            var act = _finder!.ActOf(units.UnitHash[vu + 1]);
            if (act == SpeechAct.None || scratch.Pos[v] is not (UniversalPos.Verb or UniversalPos.Aux)) continue;
            int subject = -1;
            for (int c = 0; c < n; c++)
                if (heads[c] == v && rels[c] is DependencyRelation.Nsubj or DependencyRelation.NsubjPass) { subject = c; break; }
            if (subject < 0) continue;
            events++;
            int su = tokenUnit[subject];
            var cls = su >= first ? _finder.ClassOfHead(units, first, su, sp) : SpeakerClass.Other;
            int lv = level[v];
            raw[r++] = V2Bucket(Family.ParseSpeakerAct, (int)cls, (int)act, lv);
            if (trace is not null) trace.Add((raw[r - 1], $"parse:spk={SpeakerFinder.Name(cls)}×{ActName(act)}/{Level(lv)}"));
            int added = 0;
            for (int u = first; u < m && added < MaxContentCues; u++)
            {
                if (unitCue[u] == 0 || u == vu) continue;
                // In the verb's subtree and not under its subject.
                int k = scratch.UnitToken[u];
                int below = -1;
                for (int steps = 0; k >= 0 && k != v && steps < 64; steps++) { below = k; k = heads[k]; }
                if (k != v || below == subject) continue;
                raw[r++] = V2Bucket(Family.ParseSpeakerCue, (int)cls, unitCue[u], lv);
                added++;
                if (trace is not null) trace.Add((raw[r - 1], $"parse:spk={SpeakerFinder.Name(cls)}×{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}/{Level(lv)}"));
            }
        }
        for (int u = first; u < m; u++)
        {
            if (unitCue[u] == 0) continue;
            int lv = level[scratch.UnitToken[u]];
            raw[r++] = V2Bucket(Family.ParseClauseCue, unitCue[u], 0, lv);
            if (trace is not null) trace.Add((raw[r - 1], $"parse:{Level(lv)}:{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}"));
        }
        return r;
    }

    private static int LevelOf(int k, int[] heads, DependencyRelation[] rels, sbyte[] level, int n)
    {
        // Iterative with memo: follow heads until a known level, a clause modifier or the root (64 steps at most).
        int steps = 0;
        int t = k;
        int result = 0;
        while (t >= 0 && steps++ < 64)
        {
            if (level[t] >= 0) { result = level[t]; break; }
            if (rels[t] is DependencyRelation.Advcl or DependencyRelation.AdvclRelcl or DependencyRelation.AclRelcl or DependencyRelation.Acl) { result = 1; break; }
            t = heads[t];
        }
        _ = n;
        return result;
    }

    private int V2Bucket(Family family, int a, int b, int level)
        => Bucket(StableHash.Combine(_nsV2, ((ulong)family << 24) | ((ulong)(byte)a << 16) | ((ulong)(byte)b << 8) | (ulong)(byte)level));

    private static string Level(int level) => level == 0 ? "main" : "sub";

    private static string ActName(SpeechAct act) => act switch { SpeechAct.Say => "say", SpeechAct.Deny => "deny", SpeechAct.Accuse => "accuse", SpeechAct.Claim => "claim", _ => "none" };

    /// <summary>Two- and three-unit cue phrases ("loyal to", "so - called"): the first unit takes the phrase's class, the others lose theirs.</summary>
    // unitInfo: per unit, its word info shifted right by 8 (the phrase-start bit is read from it).
    private void MatchPhrases(ulong[] unitHash, int[] unitEntry, byte[] unitCue, int[] unitInfo, int m)
    {
        for (int u = 0; u + 1 < m; u++)
        {
            if (unitEntry[u] >= 0 || unitEntry[u + 1] >= 0 || (unitInfo[u] & (PhraseStartBit >> 8)) == 0) continue;
            ulong h2 = StableHash.Combine(StableHash.Combine(_nsPhrase, unitHash[u + 1]), unitHash[u + 2]);
            int len = 0;
            byte cue = 0;
            if (u + 2 < m && unitEntry[u + 2] < 0 && _phrases!.Get(StableHash.Combine(h2, unitHash[u + 3])) is byte c3 and not 0) { cue = c3; len = 3; }
            else if (_phrases!.Get(h2) is byte c2 and not 0) { cue = c2; len = 2; }
            if (cue == 0) continue;
            unitCue[u] = cue;
            for (int k = 1; k < len; k++) unitCue[u + k] = 0;
            u += len - 1;
        }
    }

    /// <summary>The speaker, target-role, clause and narrator families (featurizer v2).</summary>
    private int AddSpeakerFeatures(int[] raw, int r, byte[] unitCue, int m, int first, SpeakerFinder.Result sp, List<(int Bucket, string Feature)>? trace)
    {
        if (Recipe.SpeakerFeatures)
        {
            for (int e = 0; e < sp.EventCount; e++)
            {
                int v = sp.EventVerb[e];
                int seg = sp.UnitSeg[v];
                int level = sp.SegLevel[seg];
                var cls = sp.EventClass[e];
                var act = sp.EventAct[e];
                raw[r++] = V2Bucket(Family.Speaker, (int)cls, 0, level);
                if (trace is not null) trace.Add((raw[r - 1], $"spk={SpeakerFinder.Name(cls)}/{Level(level)}"));
                raw[r++] = V2Bucket(Family.SpeakerAct, (int)cls, (int)act, level);
                if (trace is not null) trace.Add((raw[r - 1], $"spk={SpeakerFinder.Name(cls)}×{ActName(act)}/{Level(level)}"));
                // What the speaker says: the cues of its clause outside its own phrase and verb.
                int added = 0;
                for (int u = first; u < m && added < MaxContentCues; u++)
                {
                    if (unitCue[u] == 0 || u == v || sp.UnitSeg[u] != seg || sp.InSpeaker(u, e)) continue;
                    raw[r++] = V2Bucket(Family.SpeakerCue, (int)cls, unitCue[u], level);
                    added++;
                    if (trace is not null) trace.Add((raw[r - 1], $"spk={SpeakerFinder.Name(cls)}×{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}/{Level(level)}"));
                }
                if (Recipe.SpeakerV2 && (act != SpeechAct.Say || sp.EventPassive[e]))
                {
                    // Who accuses, denies or praises whom: the target accusing another state is its own framing (critical
                    // only when the target is the one accused).
                    var obj = sp.EventObject[e];
                    bool passive = sp.EventPassive[e];
                    raw[r++] = V2Bucket(Family.WhoWhom, (int)cls, (passive ? 0x80 : 0) | ((int)act << 4) | (int)obj, level);
                    if (trace is not null) trace.Add((raw[r - 1], $"who={SpeakerFinder.Name(cls)}×{ActName(act)}{(passive ? "-passive" : "")}→{SpeakerFinder.Name(obj)}/{Level(level)}"));
                }
            }
            if (sp.Carried != SpeakerClass.None) r = AddCarriedSpeaker(raw, r, unitCue, m, first, sp, trace);
        }
        if (Recipe.TargetRoleFeatures)
        {
            for (int s = 0; s < sp.SegCount; s++)
            {
                int role = sp.SegRole[s];
                if (role == 0) continue;
                int level = sp.SegLevel[s];
                string roleName = role switch { 1 => "agent", 2 => "object", _ => "agent+object" };
                raw[r++] = V2Bucket(Family.Role, role, 0, level);
                if (trace is not null) trace.Add((raw[r - 1], $"tgt={roleName}/{Level(level)}"));
                for (int u = first; u < m; u++)
                {
                    if (unitCue[u] == 0 || sp.UnitSeg[u] != s) continue;
                    raw[r++] = V2Bucket(Family.RoleCue, role, unitCue[u], level);
                    if (trace is not null) trace.Add((raw[r - 1], $"tgt={roleName}×{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}/{Level(level)}"));
                }
            }
        }
        if (Recipe.ClauseFeatures || Recipe.NarratorFeatures)
        {
            for (int u = first; u < m; u++)
            {
                if (unitCue[u] == 0) continue;
                int seg = sp.UnitSeg[u];
                int level = sp.SegLevel[seg];
                if (Recipe.ClauseFeatures)
                {
                    raw[r++] = V2Bucket(Family.ClauseCue, unitCue[u], 0, level);
                    if (trace is not null) trace.Add((raw[r - 1], $"{Level(level)}:{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}"));
                }
                if (Recipe.NarratorFeatures && !sp.SegHasEvent[seg] && !(level == 0 && sp.Carried != SpeakerClass.None))
                {
                    raw[r++] = V2Bucket(Family.NarratorCue, unitCue[u], 0, level);
                    if (trace is not null) trace.Add((raw[r - 1], $"narrator×{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}/{Level(level)}"));
                }
            }
        }
        return r;
    }

    /// <summary>
    /// The speaker features of a carried speaker (<see cref="SpeakerFinder.Result.Carried"/>): exactly those of a speaker
    /// found in the main clause saying what the sentence's main clauses say (<c>spk=class/main</c>, <c>spk=class×say/main</c>,
    /// <c>spk=class×cue/main</c>), so a model's trained weights apply as they are.
    /// </summary>
    private int AddCarriedSpeaker(int[] raw, int r, byte[] unitCue, int m, int first, SpeakerFinder.Result sp, List<(int Bucket, string Feature)>? trace)
    {
        var cls = sp.Carried;
        raw[r++] = V2Bucket(Family.Speaker, (int)cls, 0, 0);
        if (trace is not null) trace.Add((raw[r - 1], $"spk={SpeakerFinder.Name(cls)}/main (carried)"));
        raw[r++] = V2Bucket(Family.SpeakerAct, (int)cls, (int)SpeechAct.Say, 0);
        if (trace is not null) trace.Add((raw[r - 1], $"spk={SpeakerFinder.Name(cls)}×say/main (carried)"));
        int added = 0;
        for (int u = first; u < m && added < MaxContentCues; u++)
        {
            if (unitCue[u] == 0 || sp.SegLevel[sp.UnitSeg[u]] != 0) continue;
            raw[r++] = V2Bucket(Family.SpeakerCue, (int)cls, unitCue[u], 0);
            added++;
            if (trace is not null) trace.Add((raw[r - 1], $"spk={SpeakerFinder.Name(cls)}×{CueLexicon.Token((CueLexicon.Cue)unitCue[u])}/main (carried)"));
        }
        return r;
    }

    /// <summary>
    /// The hash of a unit that is not an entity: a clitic, punctuation, a date class or an abstracted name has a fixed
    /// one; other words and numbers hash their text (false: the caller hashes, folded or plain).
    /// </summary>
    private bool TrySpecialHash(ReadOnlySpan<char> text, Token t, bool sentenceInitial, out ulong hash)
    {
        var slice = text.Slice(t.Start, t.Length);
        switch (t.Kind)
        {
            case TokenKind.Clitic: hash = _cliticHash; return true;
            case TokenKind.Punct: hash = PunctHash(slice[0]); return true;
            case TokenKind.Word or TokenKind.Number when _dates && WordNormalizer.ClassOf(slice, sentenceInitial) is var date and not WordNormalizer.DateClass.None:
                hash = _dateHashes[(int)date];
                return true;
            case TokenKind.Word when IsAbstractedName(text, t, sentenceInitial): hash = _nameHash; return true;
            default: hash = 0; return false;
        }
    }

    private ulong PunctHash(char c) => c < 128 ? _asciiPunctHashes[c] : PunctHashOf(c);

    private ulong PunctHashOf(char c) => StableHash.HashLowerFoldDigits([_fold ? WordNormalizer.FoldChar(c) : NormalizePunct(c)], _seed);

    private static ReadOnlySpan<char> Text(ReadOnlySpan<char> text, Token t) => text.Slice(t.Start, t.Length);

    /// <summary>
    /// The character map of <see cref="StableHash.HashLowerFoldDigits"/> (a table for ASCII instead of its range tests,
    /// which mispredict on a mix of capitals and digits): the same hash values.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static char FoldLowerDigit(char raw) => raw < 128 ? (char)s_asciiLowerFoldDigits[raw] : raw == '\u2019' ? '\'' : char.ToLowerInvariant(raw);

    // ASCII part of StableHash.HashLowerFoldDigits' character map: 'A'-'Z' lower-cased, digits to '0', the rest as is.
    private static readonly byte[] s_asciiLowerFoldDigits = BuildAsciiLowerFoldDigits();

    private static byte[] BuildAsciiLowerFoldDigits()
    {
        var map = new byte[128];
        for (int c = 0; c < 128; c++) map[c] = (byte)(c is >= '0' and <= '9' ? '0' : c is >= 'A' and <= 'Z' ? c | 0x20 : c);
        return map;
    }

    /// <summary>
    /// <see cref="StableHash.HashLowerFoldDigits"/> of every word and number token, taken in the tokenizer's scan (the
    /// same value as hashing the token's text afterwards, without a second pass over its characters and the loop-exit
    /// misprediction of that pass): each token's hash goes to <c>hashes[token index]</c>.
    /// </summary>
    private struct LowerFoldDigitsHash(ulong[] hashes, ulong seed) : NewsTokenizer.IWordHash
    {
        private ulong _h;

        public void Begin() => _h = seed ^ 0xCBF29CE484222325UL;

        public void Add(char c) => _h = (_h ^ FoldLowerDigit(c)) * 0x100000001B3UL;

        public readonly void End(int index, int length) => hashes[index] = StableHash.Mix(_h ^ (ulong)length);

        /// <summary>The hash the scan gives a word or number token of these characters (it passes every character of the token).</summary>
        public static ulong Of(ReadOnlySpan<char> word, ulong seed)
        {
            ulong h = seed ^ 0xCBF29CE484222325UL;
            foreach (char c in word) h = (h ^ FoldLowerDigit(c)) * 0x100000001B3UL;
            return StableHash.Mix(h ^ (ulong)word.Length);
        }
    }

    private bool IsAbstractedName(ReadOnlySpan<char> text, Token t, bool sentenceInitial)
        => Recipe.AbstractUnknownNames && !sentenceInitial && char.IsUpper(text[t.Start]) && !IsAllCaps(text.Slice(t.Start, t.Length));

    private static bool IsAllCaps(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (char.IsLower(c)) return false;
        return true;
    }

    private static char NormalizePunct(char c) => c switch
    {
        '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' => '"',
        '\u2018' or '\u2019' => '\'',
        '\u2013' or '\u2014' or '\u2212' => '-',
        '\u2026' => '.',
        _ => c,
    };

    private string? InferTarget(ReadOnlySpan<int> unitEntry, ReadOnlySpan<KnownEntity> known)
    {
        // The sentence's main state actor: the country named most often by its places, people
        // or state voices; ties go to the first named.
        string? best = null;
        int bestCount = 0;
        for (int u = 0; u < unitEntry.Length; u++)
        {
            if (unitEntry[u] < 0) continue;
            var e = EntryOf(unitEntry[u], known);
            if (e.Country is null || !(e.Kind.IsStateVoice() || e.Kind.IsPlaceOrPeople())) continue;
            if (best is not null && string.Equals(best, e.Country, StringComparison.Ordinal)) continue;
            int count = 0;
            for (int v = 0; v < unitEntry.Length; v++)
            {
                if (unitEntry[v] < 0) continue;
                var f = EntryOf(unitEntry[v], known);
                if (string.Equals(f.Country, e.Country, StringComparison.Ordinal) && (f.Kind.IsStateVoice() || f.Kind.IsPlaceOrPeople())) count++;
            }
            if (count > bestCount) { best = e.Country; bestCount = count; }
        }
        return best;
    }

    /// <summary>A cue feature for explanations: its class and the word that fired it, e.g. <c>@accuse(accused)</c>.</summary>
    private static string CueTrace(ReadOnlySpan<char> text, Token word, byte cue) =>
        CueLexicon.Token((CueLexicon.Cue)cue) + "(" + text.Slice(word.Start, word.Length).ToString().ToLowerInvariant() + ")";

    private string Describe(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int[] unitToken, int[] unitEntry, byte[] unitRel, int u, int m, string? target)
    {
        if (u < 0) return "<s>";
        if (u >= m) return "</s>";
        var t = tokens[unitToken[u]];
        _ = target;
        if (unitEntry[u] >= 0) return ((TargetRelation)unitRel[u]).Token() + "(" + (unitEntry[u] < _gazetteer.Entries.Count ? _gazetteer[unitEntry[u]].Canonical : "document") + ")";
        int firstWord = -1;
        for (int k = 0; k < m; k++) if (unitEntry[k] < 0 && tokens[unitToken[k]].Kind == TokenKind.Word) { firstWord = k; break; }
        if (t.Kind == TokenKind.Word && IsAbstractedName(text, t, u == firstWord)) return "@name(" + text.Slice(t.Start, t.Length).ToString() + ")";
        return text.Slice(t.Start, t.Length).ToString().ToLowerInvariant();
    }
}

/// <summary>An entity resolved by the document (see <see cref="StanceFeaturizer.Featurize"/>): offsets into the sentence and its gazetteer entry.</summary>
internal readonly record struct KnownEntity(int Start, int End, GazetteerEntry Entry);

/// <summary>
/// A read-only open-addressing table from word hashes to an int (0: absent), kept at most a quarter full so that the
/// first slot almost always decides: a hit or an empty slot ends the lookup without a data-dependent branch (most
/// units of a sentence miss, many hit, and a probe loop mispredicts on that mix).
/// </summary>
internal sealed class WordInfoTable
{
    private readonly ulong[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    public WordInfoTable(Dictionary<ulong, int> entries)
    {
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, entries.Count * 4));
        _keys = new ulong[slots];
        _values = new int[slots];
        _mask = slots - 1;
        foreach (var (key, value) in entries)
        {
            if (value == 0) continue;
            int i = (int)key & _mask;
            while (_values[i] != 0) i = (i + 1) & _mask;
            _keys[i] = key;
            _values[i] = value;
        }
    }

    public int Get(ulong key)
    {
        int i = (int)key & _mask;
        while (true)
        {
            ulong k = _keys[i];
            int v = _values[i];
            if ((k == key) | (v == 0)) return k == key ? v : 0;
            i = (i + 1) & _mask;
        }
    }
}
