using StanceKit.Segmentation;

namespace StanceKit;

/// <summary>
/// Everything a pipeline knows about one language, gathered in one object: the segmenter's abbreviation and
/// sentence-opener lists, the entity rules' word lists, the stance cue words and the gazetteer. The segmenter, the
/// entity extractor and the stance featurizer each take it at construction and read nothing language-specific
/// elsewhere, so another language, or English with other lists, is one object handed to the three.
/// </summary>
/// <remarks>
/// Internal for now: a user changes only the gazetteer (every public constructor that takes a <see cref="StanceKit.Gazetteer"/>
/// builds <see cref="English"/> with it through <see cref="WithGazetteer"/>), and the word lists have no public shape
/// yet. Still English-only elsewhere: the entity tagger's features (they are part of its trained model) and the
/// featurizer's actor-role and document-actor lists (<c>ActorRoles</c>, <c>DocumentActors</c>, <c>StateActors</c>).
/// </remarks>
internal sealed class LanguageData
{
    private readonly Gazetteer? _gazetteer;

    private LanguageData(string name, Gazetteer? gazetteer, SegmentationRules segmentation, EntityWords words, CueLexicon cues)
    {
        Name = name;
        _gazetteer = gazetteer;
        Segmentation = segmentation;
        Words = words;
        Cues = cues;
    }

    /// <summary>
    /// English with the embedded gazetteer. The gazetteer is read on first use of <see cref="Gazetteer"/>, so a
    /// segmenter, which never asks for it, does not load it.
    /// </summary>
    public static LanguageData English { get; } = new("en", null, SegmentationRules.English, EntityWords.English, CueLexicon.English);

    /// <summary>The language's BCP 47 tag ("en").</summary>
    public string Name { get; }

    /// <summary>The names the entity rules, the linker and the featurizer's target classes look up.</summary>
    public Gazetteer Gazetteer => _gazetteer ?? Gazetteer.Default;

    /// <summary>The sentence segmenter's rules over the language's abbreviations, sentence openers and other closed lists.</summary>
    public SegmentationRules Segmentation { get; }

    /// <summary>Titles, organisation and place heads, particles and the other word lists of the entity rules.</summary>
    public EntityWords Words { get; }

    /// <summary>The stance cue classes and phrases of the featurizer.</summary>
    public CueLexicon Cues { get; }

    /// <summary>The same word lists over another gazetteer (this object when it is the gazetteer already used).</summary>
    public LanguageData WithGazetteer(Gazetteer gazetteer)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        return ReferenceEquals(gazetteer, Gazetteer) ? this : new LanguageData(Name, gazetteer, Segmentation, Words, Cues);
    }
}
