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

    /// <summary>Seed of the feature hash.</summary>
    public ulong Seed { get; init; } = 0x57A9_CE00_0000_0001UL;

    /// <summary>The boolean settings as bit flags (model file layout).</summary>
    internal uint Flags => (TargetClasses ? 1u : 0) | (AbstractUnknownNames ? 2u : 0) | (CueClasses ? 4u : 0) | (ActorCuePairs ? 8u : 0);

    /// <summary>Applies bit flags read from a model file.</summary>
    internal FeaturizerSettings WithFlags(uint flags) => this with
    {
        TargetClasses = (flags & 1) != 0,
        AbstractUnknownNames = (flags & 2) != 0,
        CueClasses = (flags & 4) != 0,
        ActorCuePairs = (flags & 8) != 0,
    };

    /// <summary>Flags this version knows.</summary>
    internal const uint KnownFlags = 15;

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
        $"{CurrentId}: buckets=2^{BucketBits}, word-ngrams=1..{WordNgrams}, char-ngrams={(CharNgramMin == 0 ? "off" : $"{CharNgramMin}..{CharNgramMax}")}, target-classes={TargetClasses}, abstract-unknown-names={AbstractUnknownNames}, cue-classes={CueClasses}, actor-cue-pairs={ActorCuePairs}, seed=0x{Seed:X16}";
}
