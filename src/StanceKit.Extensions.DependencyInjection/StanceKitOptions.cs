namespace StanceKit.Extensions.DependencyInjection;

/// <summary>
/// Configures the <see cref="StanceAnalyzer"/> that <c>AddStanceKit</c> registers; bind it through the
/// options pattern (<c>services.AddStanceKit(o => ...)</c> or <c>services.Configure&lt;StanceKitOptions&gt;(...)</c>).
/// The model is chosen here; everything else is the analyzer's <see cref="StanceAnalyzerOptions"/>
/// (<see cref="ToAnalyzerOptions"/>), as settable properties so configuration binding can fill them.
/// </summary>
public sealed class StanceKitOptions
{
    /// <summary>A model file (.skm) to load; null (the default) for the model embedded in StanceKit.</summary>
    public string? ModelPath { get; set; }

    /// <summary>An already-loaded model to use instead of a file; set at most one of this and <see cref="ModelPath"/>.</summary>
    public StanceModel? Model { get; set; }

    /// <summary>
    /// The target state actor (name or alias, e.g. "Kremlin" or "Russia") of every analysis that gives none;
    /// null (the default) infers the target of each text.
    /// </summary>
    public string? DefaultTarget { get; set; }

    /// <summary>
    /// Sentences longer than this many UTF-16 code units are split (default
    /// <see cref="SentenceSegmenter.DefaultMaxSentenceLength"/>; at least <see cref="SentenceSegmenter.MinMaxSentenceLength"/>).
    /// </summary>
    public int MaxSentenceLength { get; set; } = SentenceSegmenter.DefaultMaxSentenceLength;

    /// <summary>The window of <see cref="StanceAnalyzer.AnalyzeStream"/> in UTF-16 code units (at least 1024).</summary>
    public int StreamWindow { get; set; } = StanceAnalyzer.DefaultStreamWindow;

    /// <summary>How many documents <see cref="StanceAnalyzer.AnalyzeManyAsync"/> analyses at once; null for one per processor.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// Whether a sentence continuing a quotation speaks with the previous sentence's speaker (default true):
    /// <see cref="StanceAnalyzerOptions.CarrySpeakers"/>.
    /// </summary>
    public bool CarrySpeakers { get; set; } = true;

    /// <summary>
    /// How much the rest of a document weighs on each of its sentences (0 to 4, default
    /// <see cref="StanceAnalyzerOptions.DefaultDocumentPrior"/>): <see cref="StanceAnalyzerOptions.DocumentPrior"/>.
    /// </summary>
    public float DocumentPrior { get; set; } = StanceAnalyzerOptions.DefaultDocumentPrior;

    /// <summary>The analyzer's options these settings describe.</summary>
    public StanceAnalyzerOptions ToAnalyzerOptions() => new()
    {
        DefaultTarget = DefaultTarget,
        MaxSentenceLength = MaxSentenceLength,
        StreamWindow = StreamWindow,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        CarrySpeakers = CarrySpeakers,
        DocumentPrior = DocumentPrior,
    };
}
