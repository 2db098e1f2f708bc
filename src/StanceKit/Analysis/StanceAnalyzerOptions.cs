namespace StanceKit;

/// <summary>
/// Configures a <see cref="StanceAnalyzer"/>: the target used when a call gives none, the longest sentence, the
/// window of <see cref="StanceAnalyzer.AnalyzeStream"/> and the parallelism of
/// <see cref="StanceAnalyzer.AnalyzeManyAsync"/>. The defaults are those of <see cref="StanceAnalyzer.Default"/>.
/// </summary>
public sealed record StanceAnalyzerOptions
{
    /// <summary>The options of <see cref="StanceAnalyzer.Default"/>.</summary>
    public static StanceAnalyzerOptions Default { get; } = new();

    /// <summary>
    /// The target state actor (name or alias, e.g. "Kremlin" or "Russia") of every call that gives none; null (the
    /// default) infers the target of each text.
    /// </summary>
    public string? DefaultTarget { get; init; }

    /// <summary>
    /// Sentences longer than this many UTF-16 code units are split (at least
    /// <see cref="SentenceSegmenter.MinMaxSentenceLength"/>). Used when the analyzer builds its own segmenter; a
    /// segmenter given to the constructor must have the same limit.
    /// </summary>
    public int MaxSentenceLength { get; init; } = SentenceSegmenter.DefaultMaxSentenceLength;

    /// <summary>
    /// The size, in UTF-16 code units, of the windows <see cref="StanceAnalyzer.AnalyzeStream"/> extracts and links
    /// entities in when a call gives none (at least 1024).
    /// </summary>
    public int StreamWindow { get; init; } = StanceAnalyzer.DefaultStreamWindow;

    /// <summary>
    /// How many documents <see cref="StanceAnalyzer.AnalyzeManyAsync"/> analyses at once; null (the default) for one
    /// per processor. At most twice as many are in flight.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>The weight of the document prior the default options use (<see cref="DocumentPrior"/>).</summary>
    public const float DefaultDocumentPrior = 1f;

    /// <summary>
    /// How much the rest of a document weighs on each of its sentences (0 to 4; default 1). Each sentence's
    /// probabilities are multiplied by the mean probabilities of the document's other sentences raised to this weight,
    /// then normalised: articles keep a voice (a state-media report relays its government sentence after sentence, a
    /// wire story is mostly neutral), and a sentence read alone often cannot tell which. 0 scores every sentence on its
    /// own, as <see cref="StanceScorer.Predict(ReadOnlySpan{char}, string?)"/> does; a one-sentence document is the
    /// same either way. <see cref="StanceAnalyzer.AnalyzeStream"/> applies it within each window. Measured on real
    /// news in docs/stance-model.md ("The document prior").
    /// </summary>
    public float DocumentPrior { get; init; } = DefaultDocumentPrior;

    /// <summary>
    /// Whether a sentence of a document may speak with the previous sentence's speaker (default true):
    /// a sentence with no speech event of its own (no attribution verb, no "according to", no dateline) that continues a
    /// quotation (it starts inside a quotation the previous sentence of the same paragraph left open, or it is all quote)
    /// is scored as if the previous sentence's main-clause speaker had said it ("\"We will not accept this,\" the foreign
    /// minister said. \"It is a provocation.\""), and a pronoun speaker with nothing in its sentence to stand for ("She
    /// added that ...") takes that speaker's class. Read by the built-in <see cref="StanceClassifier"/> only (also when a
    /// scorer combines it with another model, as StanceKit.Semantic's does); within one
    /// window of <see cref="StanceAnalyzer.AnalyzeStream"/>. Sentence scoring outside a document is never affected. On by
    /// default since it was measured on real news (whole articles, with the document prior: held-out 0.656 -> 0.670,
    /// dev 0.667 -> 0.670; docs/stance-model.md); false scores each sentence with only its own speakers.
    /// </summary>
    public bool CarrySpeakers { get; init; } = true;

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSentenceLength, SentenceSegmenter.MinMaxSentenceLength, nameof(MaxSentenceLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamWindow, 1024, nameof(StreamWindow));
        if (!(DocumentPrior >= 0f && DocumentPrior <= 4f)) // also refuses NaN
            throw new ArgumentOutOfRangeException(nameof(DocumentPrior), DocumentPrior, "The document prior's weight must be between 0 and 4.");
        if (MaxDegreeOfParallelism is { } dop) ArgumentOutOfRangeException.ThrowIfLessThan(dop, 1, nameof(MaxDegreeOfParallelism));
    }
}
