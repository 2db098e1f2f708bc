using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// The word lookup of a cluster family: a word's fine and coarse cluster (see <see cref="FeatureRecipe.WordClusterFeatures"/>).
/// The embedded clusters in the product; a small hand-made table in tests.
/// </summary>
internal interface IWordClusterLookup
{
    /// <summary>The clusters of a word (compared lower-cased); false when the word has none. Allocates nothing.</summary>
    bool TryGet(ReadOnlySpan<char> word, out int fine, out int coarse);
}

/// <summary>
/// The vocabulary families of the featurizer (branch stance3, issue 16): inflection folding of the word n-grams and cue
/// lookups (<see cref="FeatureRecipe.FoldInflections"/>), and word-cluster features crossed with the speaker, clause level,
/// negation and target role the speaker finder gives (<see cref="FeatureRecipe.WordClusterFeatures"/>). Real news uses
/// about a tenth of its content words that our training corpus never saw; a hashed n-gram of such a word has no weight,
/// but its folded form or its cluster may.
/// </summary>
internal sealed partial class StanceFeaturizer
{
    // Inflection folding: the folded cue words (cue class only, no speaker info: the speaker finder reads words as written).
    private bool _inflect;
    private WordInfoTable? _foldedCues;
    // Word clusters.
    private IWordClusterLookup? _clusters;
    private WordInfoTable? _clusterStopWords;
    private ulong _nsCluster;
    // Cluster features per content word: the fine cluster, the coarse one in its context, the coarse one with the target's role.
    private const int ClusterFeaturesPerUnit = 3;
    // How far back (in units of the same clause) a negation counts for a word.
    private const int NegationReach = 4;

    /// <summary>
    /// The clusters the featurizer uses when a recipe asks for them and the caller gives none: the embedded ones.
    /// </summary>
    internal static IWordClusterLookup DefaultClusters => s_embeddedClusters.Value;

    private static readonly Lazy<IWordClusterLookup> s_embeddedClusters = new(() => new EmbeddedWordClusters(WordClusters.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded <see cref="WordClusters"/> as the family's lookup.</summary>
    private sealed class EmbeddedWordClusters(WordClusters clusters) : IWordClusterLookup
    {
        public bool TryGet(ReadOnlySpan<char> word, out int fine, out int coarse) => clusters.TryGet(word, out fine, out coarse);
    }

    /// <summary>Function words: no cluster features (they are in every sentence and their clusters say nothing of stance).</summary>
    private const string ClusterStopWords =
        "a an the of to in on at by for with from into onto over under about after before during since until as than then " +
        "and or but nor so yet if because while although though whereas whether that this these those it its it's they them their " +
        "he him his she her we us our you your i me my who whom whose which what when where why how " +
        "is are was were be been being am has have had having do does did will would shall should can could may might must " +
        "not no also only just very more most much many some any all each every other such there here up down out off";

    /// <summary>Sets up the vocabulary families of <paramref name="settings"/> (called once by the constructor).</summary>
    private void InitVocabularyFamilies(FeatureRecipe settings, CueLexicon lexicon, IWordClusterLookup? clusters)
    {
        _inflect = settings.FoldInflections;
        if (_inflect)
        {
            // Every cue word's folded form takes its class (the first class listed wins, as in the plain table).
            var folded = new Dictionary<ulong, int>();
            var classes = settings.ExtendedCues
                ? lexicon.Classes.Skip(CueLexicon.V1ClassCount).Concat(lexicon.Classes.Take(CueLexicon.V1ClassCount))
                : lexicon.Classes.Take(CueLexicon.V1ClassCount);
            foreach (var (cue, words) in classes)
                foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    folded.TryAdd(FoldedWordHash(w), (int)cue);
            _foldedCues = new WordInfoTable(folded);
        }
        if (settings.WordClusterFeatures || settings.ClusterCues)
        {
            _clusters = clusters ?? DefaultClusters;
            _nsCluster = StableHash.Mix(_seed ^ 8);
            _clusterStopWords = new WordInfoTable(ClusterStopWords.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToDictionary(WordHash, _ => 1));
            _clusterFeatures = settings.WordClusterFeatures;
            if (settings.ClusterCues && settings.CueClasses) _clusterCue = BuildClusterCues(settings, _clusters, lexicon);
        }
    }

    private bool _clusterFeatures;
    // ClusterCues: the cue class of each fine cluster (0: none).
    private byte[]? _clusterCue;

    /// <summary>
    /// The cue class of every fine cluster whose cue words (two at least, attribution and negation left out: they are
    /// function words of speech) are two thirds or more of one class.
    /// </summary>
    internal static byte[] BuildClusterCues(FeatureRecipe settings, IWordClusterLookup clusters, CueLexicon? lexicon = null)
    {
        lexicon ??= CueLexicon.English;
        var classes = settings.ExtendedCues
            ? lexicon.Classes.Skip(CueLexicon.V1ClassCount).Concat(lexicon.Classes.Take(CueLexicon.V1ClassCount))
            : lexicon.Classes.Take(CueLexicon.V1ClassCount);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<int, int[]>();
        int classCount = Enum.GetValues<CueLexicon.Cue>().Length;
        foreach (var (cue, words) in classes)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                // A word listed twice keeps its first class, as in the cue table.
                if (!seen.Add(w) || cue is CueLexicon.Cue.Negation or CueLexicon.Cue.Say || !clusters.TryGet(w, out int fine, out _)) continue;
                if (!counts.TryGetValue(fine, out var c)) counts[fine] = c = new int[classCount];
                c[(int)cue]++;
            }
        var table = new byte[counts.Count == 0 ? 0 : counts.Keys.Max() + 1];
        foreach (var (fine, c) in counts)
        {
            int best = 0;
            for (int k = 1; k < c.Length; k++) if (c[k] > c[best]) best = k;
            if (c[best] >= 2 && c[best] * 3 >= c.Sum() * 2) table[fine] = (byte)best;
        }
        return table;
    }

    /// <summary>The cue class a plain content word takes from its cluster (ClusterCues; 0: none).</summary>
    private int ClusterCueOf(ReadOnlySpan<char> text, Token t, ulong hash)
    {
        if (!IsPlainWord(t, hash) || _clusterStopWords!.Get(hash) != 0) return 0;
        return _clusters!.TryGet(text.Slice(t.Start, t.Length), out int fine, out _) && (uint)fine < (uint)_clusterCue!.Length ? _clusterCue[fine] : 0;
    }

    /// <summary>The extra features the vocabulary families may add for <paramref name="units"/> units.</summary>
    private int MaxVocabularyFeatureCount(int units) => _clusterFeatures ? units * ClusterFeaturesPerUnit : 0;

    /// <summary>The hash of a word with its inflection folded (and its spelling, when <see cref="FeatureRecipe.FoldSpelling"/> is on).</summary>
    private ulong FoldedWordHash(ReadOnlySpan<char> word)
    {
        if (word.Length > InflectionFolder.MaxLength) return WordHash(word.ToString());
        Span<char> buf = stackalloc char[InflectionFolder.MaxLength + 4];
        int n = word.Length;
        if (_fold)
        {
            for (int i = 0; i < n; i++) buf[i] = char.ToLowerInvariant(WordNormalizer.FoldChar(word[i]));
            n = WordNormalizer.FoldSpelling(buf, n);
        }
        else for (int i = 0; i < n; i++) buf[i] = char.ToLowerInvariant(word[i]);
        n = InflectionFolder.Fold(buf, n);
        return StableHash.HashLowerFoldDigits(buf[..n], _seed);
    }

    /// <summary>
    /// The unit hashes for the word n-grams with inflections folded: a copy of <paramref name="unitHash"/> (boundaries,
    /// entities, names, dates and the dateline as they are) in which every plain word past the dateline that folds to
    /// another form hashes that form.
    /// </summary>
    private ulong[] FoldUnitHashes(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int[] unitToken, int[] unitEntry, ulong[] unitHash, int m, int datelineEnd, Scratch scratch)
    {
        var folded = scratch.FoldedHash;
        Array.Copy(unitHash, folded, m + 2);
        for (int u = datelineEnd; u < m; u++)
        {
            if (unitEntry[u] >= 0 || !IsPlainWord(tokens[unitToken[u]], unitHash[u + 1])) continue;
            var t = tokens[unitToken[u]];
            // Without spelling folding a word folds only if it ends in a letter a rule cuts (US spelling may add one: "program").
            if (t.Length <= 3 || (!_fold && !InflectionFolder.MayFold(char.ToLowerInvariant(text[t.Start + t.Length - 1])))) continue;
            folded[u + 1] = FoldedWordHash(text.Slice(t.Start, t.Length));
        }
        return folded;
    }

    /// <summary>A word unit that hashes its own text (not an abstracted name or a date class).</summary>
    private bool IsPlainWord(Token t, ulong hash)
        => t.Kind == TokenKind.Word && hash != _nameHash && (!_dates || (hash != _dateHashes[1] && hash != _dateHashes[2] && hash != _dateHashes[3]));

    /// <summary>The cue class of a unit that is no cue word as written, by its folded form (0: none).</summary>
    private int FoldedCue(ulong foldedHash) => _foldedCues!.Get(foldedHash);

    private enum ClusterKind : byte { Fine = 1, Context, Role }

    private int ClusterBucket(ClusterKind kind, int cluster, int a, int b, int c)
        => Bucket(StableHash.Combine(_nsCluster, ((ulong)kind << 56) | ((ulong)(uint)cluster << 24) | ((ulong)(byte)a << 16) | ((ulong)(byte)b << 8) | (byte)c));

    /// <summary>
    /// The cluster family: for every content word past the dateline that has a cluster, its fine cluster; its coarse
    /// cluster × (the speaker class of its clause's speech event, or the narrator; inside the speaker's own phrase a class
    /// of its own) × clause level × a negation cue among the <see cref="NegationReach"/> units before it in its clause; and,
    /// where the target has a role in the clause, its coarse cluster × that role × clause level. Without the speaker analysis
    /// the context is the narrator's in a main clause.
    /// </summary>
    private int AddClusterFeatures(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int[] unitToken, int[] unitEntry, ulong[] unitHash, byte[] unitCue, int m, int first, SpeakerFinder.Result? sp, int[] raw, int r, List<(int Bucket, string Feature)>? trace)
    {
        var clusters = _clusters!;
        for (int u = first; u < m; u++)
        {
            if (unitEntry[u] >= 0) continue;
            var t = tokens[unitToken[u]];
            ulong h = unitHash[u + 1];
            if (!IsPlainWord(t, h) || _clusterStopWords!.Get(h) != 0) continue;
            if (!clusters.TryGet(text.Slice(t.Start, t.Length), out int fine, out int coarse)) continue;
            raw[r++] = ClusterBucket(ClusterKind.Fine, fine, 0, 0, 0);
            if (trace is not null) trace.Add((raw[r - 1], $"cl:f{fine}({text.Slice(t.Start, t.Length).ToString().ToLowerInvariant()})"));
            int level = 0, role = 0;
            var speaker = SpeakerClass.None;
            bool inSpeaker = false, negated = false;
            if (sp is not null)
            {
                int seg = sp.UnitSeg[u];
                level = sp.SegLevel[seg];
                role = sp.SegRole[seg];
                for (int e = 0; e < sp.EventCount; e++)
                {
                    if (sp.UnitSeg[sp.EventVerb[e]] != seg) continue;
                    speaker = sp.EventClass[e];
                    inSpeaker = sp.InSpeaker(u, e) || u == sp.EventVerb[e];
                    break;
                }
                // A carried speaker (document mode) speaks the main clauses of a sentence with no speech event.
                if (speaker == SpeakerClass.None && level == 0) speaker = sp.Carried;
                for (int v = Math.Max(first, u - NegationReach); v < u; v++)
                    if (unitCue[v] == (byte)CueLexicon.Cue.Negation && sp.UnitSeg[v] == seg) negated = true;
            }
            else
            {
                for (int v = Math.Max(first, u - NegationReach); v < u; v++)
                    if (unitCue[v] == (byte)CueLexicon.Cue.Negation) negated = true;
            }
            int who = inSpeaker ? 0xFF : (int)speaker;
            raw[r++] = ClusterBucket(ClusterKind.Context, coarse, who, level, negated ? 1 : 0);
            if (trace is not null) trace.Add((raw[r - 1], $"cl:c{coarse}×{(inSpeaker ? "speaker-phrase" : speaker == SpeakerClass.None ? "narrator" : "spk=" + SpeakerFinder.Name(speaker))}/{Level(level)}{(negated ? "/neg" : "")}"));
            if (role != 0)
            {
                raw[r++] = ClusterBucket(ClusterKind.Role, coarse, role, level, 0);
                if (trace is not null) trace.Add((raw[r - 1], $"cl:c{coarse}×tgt={(role switch { 1 => "agent", 2 => "object", _ => "agent+object" })}/{Level(level)}"));
            }
        }
        return r;
    }
}
