namespace StanceKit;

/// <summary>
/// One analysed sentence, from <see cref="StanceAnalyzer.Analyze(string, string?, CancellationToken)"/> (a view into its
/// <see cref="StanceDocument"/>) or from <see cref="StanceAnalyzer.AnalyzeStream"/> (holding its own text).
/// </summary>
public sealed class StanceSentence
{
    private readonly StanceDocument? _document;
    private readonly string? _text;

    /// <summary>A sentence of a whole document: its text is cut from the document when asked for.</summary>
    internal StanceSentence(StanceDocument document, int index, TextSpan span, StancePrediction prediction, IReadOnlyList<EntityMention> entities)
        : this(index, span, prediction, document.TargetInferred, entities) => _document = document;

    /// <summary>A sentence of a stream: it keeps its own text, as the stream's text is not kept.</summary>
    internal StanceSentence(string text, int index, TextSpan span, StancePrediction prediction, bool targetInferred, IReadOnlyList<EntityMention> entities)
        : this(index, span, prediction, targetInferred, entities) => _text = text;

    private StanceSentence(int index, TextSpan span, StancePrediction prediction, bool targetInferred, IReadOnlyList<EntityMention> entities)
    {
        Index = index;
        Span = span;
        Stance = prediction.Stance;
        Scores = prediction.Scores;
        Target = prediction.Target;
        TargetInferred = targetInferred;
        Entities = entities;
    }

    /// <summary>Position of the sentence in the text.</summary>
    public int Index { get; }

    /// <summary>UTF-16 offsets of the sentence in the analysed text (<see cref="StanceDocument.Text"/>, or the stream from its start).</summary>
    public TextSpan Span { get; }

    /// <summary>The sentence text.</summary>
    public string Text => _text ?? _document!.Text.Substring(Span.Start, Span.Length);

    /// <summary>The most probable stance toward <see cref="Target"/>.</summary>
    public Stance Stance { get; }

    /// <summary>Calibrated probabilities of the three stances.</summary>
    public StanceScores Scores { get; }

    /// <summary>
    /// The canonical target the sentence was scored against (null when none was given or found): the document's target,
    /// or in a stream the target given or inferred so far.
    /// </summary>
    public string? Target { get; }

    /// <summary>Whether <see cref="Target"/> was inferred from the text rather than given.</summary>
    public bool TargetInferred { get; }

    /// <summary>
    /// Entity mentions inside this sentence (offsets in the analysed text), linked at document level, or within their
    /// window in a stream.
    /// </summary>
    public IReadOnlyList<EntityMention> Entities { get; }
}

/// <summary>Stance counts of the sentences that mention one actor.</summary>
public sealed class EntityStanceSummary
{
    /// <summary>Creates an <see cref="EntityStanceSummary"/>.</summary>
    /// <param name="actor">Canonical name (demonyms group under their country: "Russian" under "Russia").</param>
    /// <param name="type">Entity type of the actor's first mention.</param>
    /// <param name="mentions">Number of mentions.</param>
    /// <param name="sentences">Number of sentences mentioning it.</param>
    /// <param name="stateFraming">Sentences mentioning it labelled state-framing.</param>
    /// <param name="critical">Sentences mentioning it labelled critical.</param>
    /// <param name="neutral">Sentences mentioning it labelled neutral.</param>
    public EntityStanceSummary(string actor, EntityType type, int mentions, int sentences, int stateFraming, int critical, int neutral)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Actor = actor;
        Type = type;
        Mentions = mentions;
        Sentences = sentences;
        StateFraming = stateFraming;
        Critical = critical;
        Neutral = neutral;
    }

    /// <summary>Canonical name (demonyms group under their country: "Russian" under "Russia").</summary>
    public string Actor { get; }

    /// <summary>Entity type of the actor's first mention.</summary>
    public EntityType Type { get; }

    /// <summary>Number of mentions.</summary>
    public int Mentions { get; }

    /// <summary>Number of sentences mentioning it.</summary>
    public int Sentences { get; }

    /// <summary>Sentences mentioning it labelled state-framing.</summary>
    public int StateFraming { get; }

    /// <summary>Sentences mentioning it labelled critical.</summary>
    public int Critical { get; }

    /// <summary>Sentences mentioning it labelled neutral.</summary>
    public int Neutral { get; }
}

/// <summary>Stance counts of the sentences that name one state: the country itself, its capital speaking for it, its officials and bodies.</summary>
public sealed class StateStanceSummary
{
    /// <summary>Creates a <see cref="StateStanceSummary"/>.</summary>
    /// <param name="state">The state's canonical name ("Russia" for "the Kremlin", "Putin" or "the Russian Defence Ministry").</param>
    /// <param name="namedAs">The actors that named it, canonical names in order of first mention ("Russia", "Kremlin", "Vladimir Putin").</param>
    /// <param name="mentions">Number of mentions naming it.</param>
    /// <param name="sentences">Number of sentences naming it.</param>
    /// <param name="stateFraming">Sentences naming it labelled state-framing (toward the document's target).</param>
    /// <param name="critical">Sentences naming it labelled critical (toward the document's target).</param>
    /// <param name="neutral">Sentences naming it labelled neutral.</param>
    public StateStanceSummary(string state, IReadOnlyList<string> namedAs, int mentions, int sentences, int stateFraming, int critical, int neutral)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(namedAs);
        State = state;
        NamedAs = namedAs;
        Mentions = mentions;
        Sentences = sentences;
        StateFraming = stateFraming;
        Critical = critical;
        Neutral = neutral;
    }

    /// <summary>The state's canonical name ("Russia" for "the Kremlin", "Putin" or "the Russian Defence Ministry").</summary>
    public string State { get; }

    /// <summary>The actors that named it, canonical names in order of first mention ("Russia", "Kremlin", "Vladimir Putin").</summary>
    public IReadOnlyList<string> NamedAs { get; }

    /// <summary>Number of mentions naming it.</summary>
    public int Mentions { get; }

    /// <summary>Number of sentences naming it.</summary>
    public int Sentences { get; }

    /// <summary>Sentences naming it labelled state-framing (toward the document's target).</summary>
    public int StateFraming { get; }

    /// <summary>Sentences naming it labelled critical (toward the document's target).</summary>
    public int Critical { get; }

    /// <summary>Sentences naming it labelled neutral.</summary>
    public int Neutral { get; }
}

/// <summary>Counts and shares per stance, and per-actor stance counts.</summary>
public sealed class StanceSummary
{
    internal StanceSummary(string text, IReadOnlyList<StanceSentence> sentences, IReadOnlyList<EntityMention> entities)
    {
        Sentences = sentences.Count;
        foreach (var s in sentences)
        {
            switch (s.Stance)
            {
                case Stance.Neutral: Neutral++; break;
                case Stance.StateFraming: StateFraming++; break;
                default: Critical++; break;
            }
        }
        var byActor = new Dictionary<string, (EntityType Type, int Mentions, int Order, HashSet<int> Sentences)>(StringComparer.Ordinal);
        foreach (var e in entities)
        {
            if (!byActor.TryGetValue(e.ActorKey, out var slot)) slot = (e.Type, 0, byActor.Count, new HashSet<int>());
            slot.Mentions++;
            byActor[e.ActorKey] = slot;
        }
        foreach (var s in sentences)
            foreach (var e in s.Entities)
                byActor[e.ActorKey].Sentences.Add(s.Index);
        ByActor = byActor
            .Select(kv =>
            {
                int sf = 0, cr = 0, ne = 0;
                foreach (int i in kv.Value.Sentences)
                {
                    switch (sentences[i].Stance)
                    {
                        case Stance.StateFraming: sf++; break;
                        case Stance.Critical: cr++; break;
                        default: ne++; break;
                    }
                }
                return (kv.Value.Order, Summary: new EntityStanceSummary(kv.Key, kv.Value.Type, kv.Value.Mentions, kv.Value.Sentences.Count, sf, cr, ne));
            })
            .OrderByDescending(x => x.Summary.Sentences).ThenBy(x => x.Order)
            .Select(x => x.Summary).ToList();
        ByState = SummariseStates(text, sentences, entities);
    }

    private static List<StateStanceSummary> SummariseStates(string text, IReadOnlyList<StanceSentence> sentences, IReadOnlyList<EntityMention> entities)
    {
        var stateOf = StateActors.Resolve(text, entities);
        var index = new Dictionary<(int, int), int>();
        for (int i = 0; i < entities.Count; i++) index.TryAdd((entities[i].Span.Start, entities[i].Span.End), i);
        var byState = new Dictionary<string, (List<string> Names, int Mentions, HashSet<int> Sentences)>(StringComparer.Ordinal);
        for (int i = 0; i < entities.Count; i++)
        {
            if (stateOf[i] is not { } state) continue;
            if (!byState.TryGetValue(state, out var slot)) byState[state] = slot = ([], 0, []);
            if (!slot.Names.Contains(entities[i].Canonical)) slot.Names.Add(entities[i].Canonical);
            byState[state] = slot with { Mentions = slot.Mentions + 1 };
        }
        foreach (var s in sentences)
            foreach (var e in s.Entities)
                if (index.TryGetValue((e.Span.Start, e.Span.End), out int i) && stateOf[i] is { } state) byState[state].Sentences.Add(s.Index);
        int order = 0;
        return byState
            .Select(kv =>
            {
                int sf = 0, cr = 0, ne = 0;
                foreach (int i in kv.Value.Sentences)
                {
                    switch (sentences[i].Stance)
                    {
                        case Stance.StateFraming: sf++; break;
                        case Stance.Critical: cr++; break;
                        default: ne++; break;
                    }
                }
                return (Order: order++, Summary: new StateStanceSummary(kv.Key, kv.Value.Names, kv.Value.Mentions, kv.Value.Sentences.Count, sf, cr, ne));
            })
            .OrderByDescending(x => x.Summary.Sentences).ThenBy(x => x.Order)
            .Select(x => x.Summary).ToList();
    }

    /// <summary>Number of sentences.</summary>
    public int Sentences { get; }

    /// <summary>Sentences labelled neutral.</summary>
    public int Neutral { get; }

    /// <summary>Sentences labelled state-framing.</summary>
    public int StateFraming { get; }

    /// <summary>Sentences labelled critical.</summary>
    public int Critical { get; }

    /// <summary>Count of one stance.</summary>
    public int Count(Stance stance) => stance switch
    {
        Stance.Neutral => Neutral,
        Stance.StateFraming => StateFraming,
        _ => Critical,
    };

    /// <summary>Share (0..1) of one stance; 0 for an empty document.</summary>
    public double Share(Stance stance) => Sentences == 0 ? 0 : (double)Count(stance) / Sentences;

    /// <summary>Per-actor stance counts, most-mentioned first.</summary>
    public IReadOnlyList<EntityStanceSummary> ByActor { get; }

    /// <summary>
    /// Per-state stance counts, the state named in most sentences first: countries, their capitals speaking for them, and
    /// their officials and bodies each count for their state; places, seas, blocs and group adjectives for none.
    /// </summary>
    public IReadOnlyList<StateStanceSummary> ByState { get; }
}

/// <summary>The result of analysing one text: sentences with stance, entities, and a summary. Immutable.</summary>
public sealed class StanceDocument
{
    internal StanceDocument(string text, string? target, bool targetInferred, StanceScorer scorer)
    {
        Text = text;
        Target = target;
        TargetInferred = targetInferred;
        ModelName = scorer.ModelName;
        ModelVersion = scorer.ModelVersion;
        ModelMetadata = scorer.ModelMetadata;
    }

    internal void Complete(IReadOnlyList<StanceSentence> sentences, IReadOnlyList<EntityMention> entities)
    {
        Sentences = sentences;
        Entities = entities;
        Summary = new StanceSummary(Text, sentences, entities);
    }

    /// <summary>The original text; all offsets point into it.</summary>
    public string Text { get; }

    /// <summary>The target state actor the stances are relative to (null when none was given or found).</summary>
    public string? Target { get; }

    /// <summary>Whether <see cref="Target"/> was inferred from the text rather than given by the caller.</summary>
    public bool TargetInferred { get; }

    /// <summary>The sentences, in order.</summary>
    public IReadOnlyList<StanceSentence> Sentences { get; private set; } = [];

    /// <summary>All entity mentions of the document, in order, linked.</summary>
    public IReadOnlyList<EntityMention> Entities { get; private set; } = [];

    /// <summary>Counts and shares per stance and per actor.</summary>
    public StanceSummary Summary { get; private set; } = null!;

    /// <summary>Name of the model that scored the sentences.</summary>
    public string ModelName { get; }

    /// <summary>Version of the model that scored the sentences.</summary>
    public string ModelVersion { get; }

    /// <summary>
    /// Metadata of the model that scored the sentences, as stored in the model file: its name and version,
    /// the trainer, and the accuracy measured when it was trained (e.g. <c>grouped-cv-macro-f1</c>,
    /// <c>dev-macro-f1</c>, <c>test-macro-f1</c>, invariant-culture numbers).
    /// </summary>
    public IReadOnlyDictionary<string, string> ModelMetadata { get; }
}
