namespace StanceKit;

/// <summary>
/// Scores the stance of one sentence toward a target: the seam between <see cref="StanceAnalyzer"/> and the model.
/// <see cref="StanceClassifier"/> (the linear model of a <c>.skm</c> file) is the built-in one; derive from this class
/// to plug another model into the analyzer without changing StanceKit.
/// </summary>
/// <remarks>
/// The public overloads check their arguments and forward to one protected core,
/// <see cref="ScoreCore(ReadOnlySpan{char}, Span{float}, string?, DocumentContext, out string?)"/>, which an
/// implementation overrides. Implementations must be thread safe (one instance serves every thread of an analyzer) and
/// should not allocate per sentence.
/// </remarks>
public abstract class StanceScorer
{
    private static readonly IReadOnlyDictionary<string, string> s_noMetadata = new Dictionary<string, string>();

    /// <summary>Creates a scorer that recognises targets and actors with <paramref name="gazetteer"/>.</summary>
    protected StanceScorer(Gazetteer gazetteer)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        Gazetteer = gazetteer;
    }

    /// <summary>The gazetteer used to recognise the target and other actors.</summary>
    public Gazetteer Gazetteer { get; }

    /// <summary>The name of the model, reported with every analysed document.</summary>
    public virtual string ModelName => GetType().Name;

    /// <summary>The version of the model, reported with every analysed document.</summary>
    public virtual string ModelVersion => "0";

    /// <summary>The model's metadata (as stored in its file, for a <c>.skm</c> model), reported with every analysed document.</summary>
    public virtual IReadOnlyDictionary<string, string> ModelMetadata => s_noMetadata;

    /// <summary>
    /// Resolves a target name or alias ("US", "Kremlin", "EU") to the canonical state actor
    /// ("United States", "Russia", "European Union"); unknown names are returned trimmed.
    /// </summary>
    public string? ResolveTarget(string? target)
    {
        if (target is null) return null;
        var t = target.Trim();
        if (t.Length == 0) return null;
        if (TryResolveTarget(t, out var canonical)) return canonical;
        return Gazetteer.TryResolve(t, out var e) ? e.Canonical : t;
    }

    /// <summary>
    /// Resolves a target name as users type it — a country or alias ("US", "U.S.", "Burma", "DPRK", "Türkiye"), a
    /// capital or seat ("Beijing", "Kremlin", "Brussels" for the EU), "EU institutions", a state body or a head of state
    /// ("Xi Jinping"), with or without "the" or a trailing "government" — to the canonical state actor.
    /// </summary>
    /// <param name="target">The name.</param>
    /// <param name="canonical">The canonical state actor; when not found, the trimmed name.</param>
    /// <returns>Whether a state actor was found; when false the scorer has no target-relative classes for the name.</returns>
    public bool TryResolveTarget(string? target, out string canonical) => TargetNames.TryResolve(Gazetteer, target, out canonical);

    /// <summary>
    /// Writes the three calibrated probabilities of <paramref name="sentence"/> into
    /// <paramref name="probabilities"/> in <see cref="Stance"/> order.
    /// </summary>
    /// <param name="sentence">One sentence.</param>
    /// <param name="probabilities">At least three floats.</param>
    /// <param name="target">Canonical target (see <see cref="ResolveTarget"/>), or null for the sentence's main state actor.</param>
    /// <returns>The most probable stance.</returns>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> holds fewer than three floats.</exception>
    public Stance Score(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target = null)
        => Score(sentence, probabilities, target, default);

    /// <summary>
    /// Scores a sentence of an analysed document: <paramref name="context"/> tells who the people and bodies the
    /// sentence names are, as the rest of the document placed them (a surname the document gave in full earlier).
    /// </summary>
    /// <param name="sentence">One sentence.</param>
    /// <param name="probabilities">At least three floats.</param>
    /// <param name="target">Canonical target, or null for the sentence's main state actor.</param>
    /// <param name="context">What the document tells about the sentence's names; <c>default</c> for none.</param>
    /// <returns>The most probable stance.</returns>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> holds fewer than three floats.</exception>
    public Stance Score(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, DocumentContext context)
    {
        if (probabilities.Length < StanceNames.Count) ThrowHelper.ThrowProbabilitiesTooShort();
        return ScoreCore(sentence, probabilities, target, context, out _);
    }

    /// <summary>
    /// <see cref="ScoreCore(ReadOnlySpan{char}, Span{float}, string?, DocumentContext, out string?)"/> for a scorer that
    /// builds on this one (StanceKit.Semantic's): the probabilities and the target the sentence was scored against.
    /// </summary>
    internal Stance ScoreWithTarget(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, DocumentContext context, out string? usedTarget)
    {
        if (probabilities.Length < StanceNames.Count) ThrowHelper.ThrowProbabilitiesTooShort();
        return ScoreCore(sentence, probabilities, target, context, out usedTarget);
    }

    /// <summary>Scores a sentence.</summary>
    /// <param name="sentence">One sentence.</param>
    /// <param name="target">Target name or alias (resolved with <see cref="ResolveTarget"/>), or null for the sentence's main state actor.</param>
    public StancePrediction Predict(ReadOnlySpan<char> sentence, string? target = null)
    {
        Span<float> p = stackalloc float[StanceNames.Count];
        var stance = ScoreCore(sentence, p, ResolveTarget(target), default, out var used);
        return new StancePrediction(stance, StanceScores.FromSpan(p), used);
    }

    /// <summary>Scores a sentence.</summary>
    /// <param name="sentence">One sentence.</param>
    /// <param name="target">Target name or alias (resolved with <see cref="ResolveTarget"/>), or null for the sentence's main state actor.</param>
    public StancePrediction Predict(string sentence, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return Predict(sentence.AsSpan(), target);
    }

    /// <summary>
    /// The one scoring method an implementation provides: writes the three calibrated probabilities (in
    /// <see cref="Stance"/> order) into <paramref name="probabilities"/>, which holds at least three floats.
    /// </summary>
    /// <param name="sentence">One sentence.</param>
    /// <param name="probabilities">At least three floats (checked by the caller).</param>
    /// <param name="target">Canonical target, or null for the sentence's main state actor.</param>
    /// <param name="context">What the document tells about the sentence's names; empty outside a document.</param>
    /// <param name="usedTarget">The target the sentence was scored against (the given one, or the actor chosen when null).</param>
    /// <returns>The most probable stance.</returns>
    protected abstract Stance ScoreCore(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, DocumentContext context, out string? usedTarget);
}

/// <summary>
/// What an analysed document tells about the names in one of its sentences: the people and bodies it placed (named in
/// full elsewhere in the document), each with its span in the sentence and its gazetteer entry.
/// </summary>
public readonly ref struct DocumentContext
{
    private readonly ReadOnlySpan<KnownEntity> _entities;

    internal DocumentContext(ReadOnlySpan<KnownEntity> entities, SentenceTokens tokens = default, SpeakerCarry carry = default)
    {
        _entities = entities;
        Tokens = tokens;
        Carry = carry;
    }

    /// <summary>How many names of the sentence the document placed.</summary>
    public int Count => _entities.Length;

    /// <summary>Where the <paramref name="index"/>th placed name is, in the sentence's offsets.</summary>
    public TextSpan GetSpan(int index) => TextSpan.FromBounds(_entities[index].Start, _entities[index].End);

    /// <summary>Who the <paramref name="index"/>th placed name is.</summary>
    public GazetteerEntry GetEntry(int index) => _entities[index].Entry;

    internal ReadOnlySpan<KnownEntity> Entities => _entities;

    /// <summary>The sentence's tokens and gazetteer matches in its document's layer (the built-in classifier reads them instead of tokenizing again); <c>default</c> for none.</summary>
    internal SentenceTokens Tokens { get; }

    /// <summary>
    /// What the previous sentence of the document hands this one when speakers are carried
    /// (<see cref="StanceAnalyzerOptions.CarrySpeakers"/>): its main-clause speaker and whether it left a quotation open;
    /// <c>default</c> for nothing.
    /// </summary>
    internal SpeakerCarry Carry { get; }
}

/// <summary>
/// A scorer that scores every sentence through a built-in <see cref="StanceClassifier"/>, passing it the
/// <see cref="DocumentContext"/> unchanged and calling it last (so its featurizer's scratch tells the sentence's main
/// speaker): the document path then prepares the context for that classifier (its token layer and carried speakers)
/// exactly as for the classifier itself.
/// </summary>
internal interface ILinearScorerSource
{
    /// <summary>The built-in classifier the scorer calls with each sentence's context.</summary>
    StanceClassifier LinearClassifier { get; }
}
