namespace StanceKit;

/// <summary>
/// The one way the sentences of a document are scored, shared by <see cref="StanceAnalyzer.Analyze(string, string?, CancellationToken)"/>,
/// <see cref="StanceAnalyzer.AnalyzeStream"/> and the ML package's article evaluation, so the three cannot drift apart:
/// the document's entities are extracted and linked once, the people it places become <see cref="DocumentActors"/>, and
/// each sentence is scored with its own mentions.
/// </summary>
/// <remarks>
/// One instance per document (or stream window), used by one thread: it keeps a cursor into the mentions, so sentences
/// must be scored in document order. Allocates the mention list of each sentence; the scoring itself is the scorer's.
/// </remarks>
internal sealed class DocumentScorer
{
    private readonly StanceScorer _scorer;
    private readonly string _text;
    private readonly int _offset;
    private readonly DocumentActors? _actors;
    private readonly IReadOnlyList<EntityMention> _mentions;
    private int _next;

    private DocumentScorer(StanceScorer scorer, string text, int offset, IReadOnlyList<EntityMention> local, bool documentContext)
    {
        _scorer = scorer;
        _text = text;
        _offset = offset;
        // Actors are found in the text's own coordinates (they read the words between mentions) ...
        _actors = documentContext ? DocumentActors.Build(text, local, scorer.Gazetteer) : null;
        // ... while callers see mentions, sentences and results in the coordinates of the whole text.
        if (offset == 0) _mentions = local;
        else
        {
            var shifted = new EntityMention[local.Count];
            for (int k = 0; k < local.Count; k++) shifted[k] = local[k].Shift(offset);
            _mentions = shifted;
        }
    }

    /// <summary>Extracts and links the entities of <paramref name="text"/> and prepares its sentences for scoring.</summary>
    /// <param name="scorer">The stance scorer (and its gazetteer, which places known people).</param>
    /// <param name="extractor">The entity extractor.</param>
    /// <param name="text">The document, or one window of a stream.</param>
    /// <param name="offset">Where <paramref name="text"/> starts in the whole text: mentions and sentence spans are in whole-text offsets.</param>
    /// <param name="documentContext">False: every sentence on its own, people placed by the document not used (for comparison).</param>
    /// <param name="cancellationToken">Passed to the extractor.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static DocumentScorer Extract(StanceScorer scorer, EntityExtractor extractor, string text, int offset, bool documentContext, CancellationToken cancellationToken)
    {
        var local = extractor.Extract(text, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return new DocumentScorer(scorer, text, offset, local, documentContext);
    }

    /// <summary>The document's entity mentions in document order, in whole-text offsets.</summary>
    public IReadOnlyList<EntityMention> Mentions => _mentions;

    /// <summary>
    /// Scores the next sentence toward <paramref name="target"/> (canonical, or null for each sentence's main state
    /// actor). Sentences must come in document order and lie inside the text.
    /// </summary>
    /// <param name="sentence">The sentence, in whole-text offsets.</param>
    /// <param name="target">The canonical target.</param>
    /// <param name="probabilities">Receives the calibrated probabilities, in <see cref="Stance"/> order.</param>
    /// <param name="inside">The mentions inside the sentence.</param>
    /// <param name="cancellationToken">Checked before the sentence is scored.</param>
    /// <returns>The most probable stance.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Stance Score(TextSpan sentence, string? target, Span<float> probabilities, out IReadOnlyList<EntityMention> inside, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Mentions come in document order: one walk hands each sentence its own.
        var mentions = _mentions;
        int e = _next;
        while (e < mentions.Count && mentions[e].Span.Start < sentence.Start) e++;
        int first = e;
        while (e < mentions.Count && mentions[e].Span.End <= sentence.End) e++;
        _next = e;
        if (first == e) inside = [];
        else
        {
            var own = new EntityMention[e - first];
            for (int k = 0; k < own.Length; k++) own[k] = mentions[first + k];
            inside = own;
        }
        ReadOnlySpan<KnownEntity> known = _actors is null ? default : _actors.InSentence(inside, sentence.Start);
        return _scorer.Score(_text.AsSpan(sentence.Start - _offset, sentence.Length), probabilities, target, new DocumentContext(known));
    }
}

/// <summary>
/// Counts the state actors a text mentions, to infer its target: the country whose places, people and state voices are
/// mentioned most often, ties going to the one mentioned first. Fed in pieces (stream windows) it gives, after each
/// piece, the target of everything seen so far. Not thread safe.
/// </summary>
internal sealed class TargetTally
{
    private readonly Dictionary<string, (int Count, int First)> _counts = new(StringComparer.Ordinal);
    private int _seen;

    /// <summary>Counts the next mentions of the text, in order.</summary>
    public void Add(IReadOnlyList<EntityMention> mentions)
    {
        for (int i = 0; i < mentions.Count; i++, _seen++)
        {
            var m = mentions[i];
            if (m.Country is null || !(m.Kind.IsStateVoice() || m.Kind.IsPlaceOrPeople())) continue;
            _counts[m.Country] = _counts.TryGetValue(m.Country, out var c) ? (c.Count + 1, c.First) : (1, _seen);
        }
    }

    /// <summary>The target of the mentions counted so far; null when no state actor was mentioned.</summary>
    public string? Target
    {
        get
        {
            string? best = null;
            (int Count, int First) top = (0, int.MaxValue);
            foreach (var (country, c) in _counts)
            {
                if (c.Count > top.Count || (c.Count == top.Count && c.First < top.First))
                {
                    best = country;
                    top = c;
                }
            }
            return best;
        }
    }
}
