namespace StanceKit;

/// <summary>
/// The model's feature recipe: which features the hashing featurizer computes and how (hash buckets, n-gram ranges,
/// feature families, seed). Stored in every model file, so a model is always scored with the features it was trained on.
/// </summary>
public sealed record FeatureRecipe
{
    /// <summary>The featurizer this code implements; a model naming an id other than this or <see cref="V1Id"/> is refused.</summary>
    public const string CurrentId = "stancekit-hash-v2";

    /// <summary>
    /// The first featurizer: the settings with every v2 family off compute exactly its features, and a model with
    /// such settings is written (and read) under this id, so v1 model files load and score as they always did.
    /// </summary>
    public const string V1Id = "stancekit-hash-v1";

    /// <summary>The id of the features these settings compute: <see cref="V1Id"/> when no v2 family is on, else <see cref="CurrentId"/>.</summary>
    public string Id => (Flags & V2Flags) == 0 ? V1Id : CurrentId;

    /// <summary>The default of <see cref="BucketBits"/>.</summary>
    public const int DefaultBucketBits = 18;

    /// <summary>log2 of the number of hash buckets.</summary>
    public int BucketBits { get; init; } = DefaultBucketBits;

    /// <summary>Longest word n-gram (1 = unigrams only).</summary>
    public int WordNgrams { get; init; } = 2;

    /// <summary>Shortest character n-gram inside a word; 0 disables character n-grams.</summary>
    public int CharNgramMin { get; init; } = 0;

    /// <summary>Longest character n-gram inside a word.</summary>
    public int CharNgramMax { get; init; } = 0;

    /// <summary>Replace gazetteer entities by their relation to the target (target, its officials, other states, critics...).</summary>
    public bool TargetClasses { get; init; } = true;

    /// <summary>Replace capitalised words the gazetteer does not know (mid-sentence) by one name token.</summary>
    public bool AbstractUnknownNames { get; init; } = true;

    /// <summary>Add the class of stance cue words (accuse, rebut, doubt, human cost, praise, ...) as extra features.</summary>
    public bool CueClasses { get; init; } = true;

    /// <summary>Pair every actor class of the sentence with every cue class, in order ("@oth_voice before @accuse").</summary>
    public bool ActorCuePairs { get; init; } = true;

    /// <summary>v2: the speaker of each speech event (target state, its state media, a third state, an international body, an NGO, the opposition, other) crossed with its act (say, deny, accuse, claim) and with the cues of what it says, per clause level.</summary>
    public bool SpeakerFeatures { get; init; } = true;

    /// <summary>v2: the target's role in a clause (agent or object of an accusation or evaluation) crossed with the clause's cues.</summary>
    public bool TargetRoleFeatures { get; init; } = true;

    /// <summary>v2: every cue class again with the level of its clause (main, or subordinate: concessive, relative, before "but").</summary>
    public bool ClauseFeatures { get; init; } = true;

    /// <summary>v2: the cues of a sentence with no speaker, as the narrator's ("deeply flawed", "loyal to").</summary>
    public bool NarratorFeatures { get; init; } = true;

    /// <summary>v2: the cue classes evaluative, narrator descriptor, state-media operations and plain official act, incl. phrases.</summary>
    public bool ExtendedCues { get; init; } = true;

    /// <summary>v2: an agency dateline ("MOSCOW (Reuters) -") becomes one unit and a feature of the agency's class.</summary>
    public bool Datelines { get; init; } = true;

    /// <summary>
    /// v2: speakers, clause levels and what is said read off the dependency parse (nsubj of a speech verb, its
    /// ccomp/parataxis subtree, advcl/acl:relcl as subordinate), as features beside the heuristic ones. Off by default: the
    /// parse costs far more than the rest of the featurizer (docs/stance-model.md).
    /// </summary>
    public bool ParseStructure { get; init; }

    /// <summary>
    /// Fold regular inflections of a word to one form for the word n-grams ("lambasts", "lambasted", "lambasting" count as
    /// one word), and look up a word that is not a cue word by its folded form among the folded cue words (so
    /// "lambasting" is an accusation cue as "lambasted" is). Speaker and clause finding still read the words as written.
    /// Off by default (docs/stance-model.md has the measurement).
    /// </summary>
    public bool FoldInflections { get; init; }

    /// <summary>
    /// Word clusters learnt from embeddings (<c>WordClusters</c>): every content word adds its fine cluster, and its coarse
    /// cluster crossed with the speaker of its clause (or the narrator), the clause level and a negation before it, and
    /// with the target's role in its clause. A word never seen in training still brings its cluster's weights. Off by
    /// default (docs/stance-model.md has the measurement).
    /// </summary>
    public bool WordClusterFeatures { get; init; }

    /// <summary>
    /// Word clusters as cue classes: a fine cluster whose cue words (two at least) mostly (two thirds) share one cue class
    /// other than attribution and negation passes that class to its other words, so a word of no cue list ("castigated",
    /// "excoriated") enters every cue feature family (speaker, clause, narrator, target role, actor pairs) as its
    /// cluster's cue words do. No features of its own. Off by default (docs/stance-model.md has the measurement).
    /// </summary>
    public bool ClusterCues { get; init; }

    /// <summary>
    /// Speaker finding revised on real news (session 6): headline verbs in title case and present tense ("Baku Slams ..."),
    /// more speech verbs and titles ("the PM", "the statement"), "<c>Agency: ...</c>" and "<c>... - Agency</c>" headline
    /// attributions, a speaker named by an acronym in parentheses ("the Joint Chiefs of Staff (JCS) said"), passive
    /// accusations with no auxiliary ("X accused of ..."), and a feature of who accuses, denies or praises whom: the
    /// speaker's class × the act × the class of the party acted on (the target, another state, none ...). Off by default,
    /// so earlier models compute exactly their features.
    /// </summary>
    public bool SpeakerV2 { get; init; }

    /// <summary>Whether any v2 family is on.</summary>
    internal bool AnyV2 => (Flags & V2Flags) != 0;

    /// <summary>
    /// Fold surface variants of a word before hashing: curly and modifier apostrophes, typographic quotes and dashes
    /// to their ASCII form, US spelling to UK spelling (defense/defence, criticized/criticised, labor/labour).
    /// Off for models trained before it existed, so they score exactly as before.
    /// </summary>
    public bool FoldSpelling { get; init; }

    /// <summary>Replace weekday names by <c>@weekday</c>, month names by <c>@month</c> and years (1900-2099) by <c>@year</c>.</summary>
    public bool DateClasses { get; init; }

    /// <summary>
    /// Role-aware actor classes: officials of international bodies (and EU officials when the target is not the EU) are
    /// international voices, never the target's; "former"/"ex-" before a name or title takes a person out of office,
    /// "then-" gives the role it names; people take their current role from the gazetteer's role history; "RSF" is
    /// Reporters Without Borders in press contexts; lower-case state bodies after a country ("Iraq's foreign ministry")
    /// are that country's voice. See docs/gazetteer-format.md.
    /// </summary>
    public bool ActorRoles { get; init; }

    /// <summary>Seed of the feature hash.</summary>
    public ulong Seed { get; init; } = 0x57A9_CE00_0000_0001UL;

    /// <summary>The boolean settings as bit flags (model file layout).</summary>
    internal uint Flags => (TargetClasses ? 1u : 0) | (AbstractUnknownNames ? 2u : 0) | (CueClasses ? 4u : 0) | (ActorCuePairs ? 8u : 0)
        | (SpeakerFeatures ? 16u : 0) | (TargetRoleFeatures ? 32u : 0) | (ClauseFeatures ? 64u : 0) | (NarratorFeatures ? 128u : 0)
        | (FoldSpelling ? FoldSpellingFlag : 0) | (DateClasses ? DateClassesFlag : 0) | (ActorRoles ? ActorRolesFlag : 0)
        | (ExtendedCues ? 1u << 11 : 0) | (Datelines ? 1u << 12 : 0) | (ParseStructure ? 1u << 13 : 0)
        | (FoldInflections ? FoldInflectionsFlag : 0) | (WordClusterFeatures ? WordClusterFeaturesFlag : 0) | (ClusterCues ? ClusterCuesFlag : 0)
        | (SpeakerV2 ? SpeakerV2Flag : 0);

    // Normalisation and role flags (branch gaz) sit at bits 8-10, clear of the low bits other feature families use.
    internal const uint FoldSpellingFlag = 1u << 8, DateClassesFlag = 1u << 9, ActorRolesFlag = 1u << 10;

    // Vocabulary families (branch stance3): inflection folding and word clusters.
    internal const uint FoldInflectionsFlag = 1u << 14, WordClusterFeaturesFlag = 1u << 15, ClusterCuesFlag = 1u << 16;

    // Speaker finding revised on real news (branch speaker-s6).
    internal const uint SpeakerV2Flag = 1u << 17;

    /// <summary>The flags of the v2 families: the speaker families, the normalisation and role switches (bits 8-10), extended cues, datelines.</summary>
    internal const uint V2Flags = 16 | 32 | 64 | 128 | FoldSpellingFlag | DateClassesFlag | ActorRolesFlag | (1u << 11) | (1u << 12) | (1u << 13)
        | FoldInflectionsFlag | WordClusterFeaturesFlag | ClusterCuesFlag | SpeakerV2Flag;

    /// <summary>These settings with every v2 family off: the v1 featurizer.</summary>
    public FeatureRecipe WithoutV2() => this with
    {
        SpeakerFeatures = false,
        TargetRoleFeatures = false,
        ClauseFeatures = false,
        NarratorFeatures = false,
        ExtendedCues = false,
        Datelines = false,
        FoldSpelling = false,
        DateClasses = false,
        ActorRoles = false,
        ParseStructure = false,
        FoldInflections = false,
        WordClusterFeatures = false,
        ClusterCues = false,
        SpeakerV2 = false,
    };

    /// <summary>Applies bit flags read from a model file.</summary>
    internal FeatureRecipe WithFlags(uint flags) => this with
    {
        TargetClasses = (flags & 1) != 0,
        AbstractUnknownNames = (flags & 2) != 0,
        CueClasses = (flags & 4) != 0,
        ActorCuePairs = (flags & 8) != 0,
        SpeakerFeatures = (flags & 16) != 0,
        TargetRoleFeatures = (flags & 32) != 0,
        ClauseFeatures = (flags & 64) != 0,
        NarratorFeatures = (flags & 128) != 0,
        FoldSpelling = (flags & FoldSpellingFlag) != 0,
        DateClasses = (flags & DateClassesFlag) != 0,
        ActorRoles = (flags & ActorRolesFlag) != 0,
        ExtendedCues = (flags & (1u << 11)) != 0,
        Datelines = (flags & (1u << 12)) != 0,
        ParseStructure = (flags & (1u << 13)) != 0,
        FoldInflections = (flags & FoldInflectionsFlag) != 0,
        WordClusterFeatures = (flags & WordClusterFeaturesFlag) != 0,
        ClusterCues = (flags & ClusterCuesFlag) != 0,
        SpeakerV2 = (flags & SpeakerV2Flag) != 0,
    };

    /// <summary>Flags this version knows.</summary>
    internal const uint KnownFlags = 15 | V2Flags;

    /// <summary>Number of hash buckets.</summary>
    public int Buckets => 1 << BucketBits;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (BucketBits is < 8 or > 24) throw new ArgumentOutOfRangeException(nameof(BucketBits), BucketBits, "Must be between 8 and 24.");
        if (WordNgrams is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(WordNgrams), WordNgrams, "Must be between 1 and 3.");
        if (CharNgramMin < 0 || CharNgramMax > 6 || (CharNgramMin > 0 && CharNgramMax < CharNgramMin) || (CharNgramMin == 0 && CharNgramMax != 0))
            throw new ArgumentOutOfRangeException(nameof(CharNgramMin), "Character n-gram range must be 0/0 (off) or 1 <= min <= max <= 6.");
    }

    /// <summary>A one-line description, for model cards.</summary>
    public override string ToString() =>
        $"{Id}: buckets=2^{BucketBits}, word-ngrams=1..{WordNgrams}, char-ngrams={(CharNgramMin == 0 ? "off" : $"{CharNgramMin}..{CharNgramMax}")}, target-classes={TargetClasses}, abstract-unknown-names={AbstractUnknownNames}, cue-classes={CueClasses}, actor-cue-pairs={ActorCuePairs}{(FoldSpelling ? ", fold-spelling=True" : "")}{(DateClasses ? ", date-classes=True" : "")}{(ActorRoles ? ", actor-roles=True" : "")}{(AnyV2 ? $", speaker={SpeakerFeatures}, target-role={TargetRoleFeatures}, clause={ClauseFeatures}, narrator={NarratorFeatures}, extended-cues={ExtendedCues}, datelines={Datelines}{(ParseStructure ? ", parse-structure=True" : "")}{(FoldInflections ? ", fold-inflections=True" : "")}{(WordClusterFeatures ? ", word-clusters=True" : "")}{(ClusterCues ? ", cluster-cues=True" : "")}{(SpeakerV2 ? ", speaker-v2=True" : "")}" : "")}, seed=0x{Seed:X16}";
}
