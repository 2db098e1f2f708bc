namespace StanceKit;

/// <summary>
/// Settings of the hashing featurizer; stored in every model file so that a model is
/// always scored with the features it was trained on.
/// </summary>
public sealed record FeaturizerSettings
{
    /// <summary>The featurizer this code implements; a model naming another id is refused.</summary>
    public const string CurrentId = "stancekit-hash-v1";

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
        | (FoldSpelling ? FoldSpellingFlag : 0) | (DateClasses ? DateClassesFlag : 0) | (ActorRoles ? ActorRolesFlag : 0);

    // Normalisation and role flags sit at bits 8-10, clear of the low bits other feature families use.
    internal const uint FoldSpellingFlag = 1u << 8, DateClassesFlag = 1u << 9, ActorRolesFlag = 1u << 10;

    /// <summary>Applies bit flags read from a model file.</summary>
    internal FeaturizerSettings WithFlags(uint flags) => this with
    {
        TargetClasses = (flags & 1) != 0,
        AbstractUnknownNames = (flags & 2) != 0,
        CueClasses = (flags & 4) != 0,
        ActorCuePairs = (flags & 8) != 0,
        FoldSpelling = (flags & FoldSpellingFlag) != 0,
        DateClasses = (flags & DateClassesFlag) != 0,
        ActorRoles = (flags & ActorRolesFlag) != 0,
    };

    /// <summary>Flags this version knows.</summary>
    internal const uint KnownFlags = 15 | FoldSpellingFlag | DateClassesFlag | ActorRolesFlag;

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
        $"{CurrentId}: buckets=2^{BucketBits}, word-ngrams=1..{WordNgrams}, char-ngrams={(CharNgramMin == 0 ? "off" : $"{CharNgramMin}..{CharNgramMax}")}, target-classes={TargetClasses}, abstract-unknown-names={AbstractUnknownNames}, cue-classes={CueClasses}, actor-cue-pairs={ActorCuePairs}{(FoldSpelling ? ", fold-spelling=True" : "")}{(DateClasses ? ", date-classes=True" : "")}{(ActorRoles ? ", actor-roles=True" : "")}, seed=0x{Seed:X16}";
}
