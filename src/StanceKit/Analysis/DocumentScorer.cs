using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// The one way the sentences of a document are scored, shared by <see cref="StanceAnalyzer.Analyze(string, string?, CancellationToken)"/>,
/// <see cref="StanceAnalyzer.AnalyzeStream"/> and the ML package's article evaluation, so the three cannot drift apart:
/// the document is tokenized and matched against the gazetteer once (<see cref="TokenLayer"/>), its entities are
/// extracted from that layer and linked once, the people it places become <see cref="DocumentActors"/>, and each
/// sentence is scored with its own mentions and its share of the same layer.
/// </summary>
/// <remarks>
/// One instance per document (or stream window), used by one thread: it keeps cursors into the mentions and tokens, so
/// sentences must be scored in document order. Allocates the mention list of each sentence; the scoring itself is the
/// scorer's. <see cref="Dispose"/> gives the layer back to the thread for the next document (undisposed, it is left to
/// the GC).
/// </remarks>
internal sealed class DocumentScorer : IDisposable
{
    private readonly StanceScorer _scorer;
    private readonly string _text;
    private readonly int _offset;
    private readonly DocumentActors? _actors;
    private readonly IReadOnlyList<EntityMention> _mentions;
    private TokenLayer? _layer;
    private int _next;
    private int _nextToken;
    // Carrying speakers (StanceAnalyzerOptions.CarrySpeakers): what the previous sentence hands the next.
    private readonly bool _carry;
    private SpeakerClass _previousSpeaker;
    private bool _quoteOpen;
    private int _previousEnd;

    private DocumentScorer(StanceScorer scorer, string text, int offset, IReadOnlyList<EntityMention> local, bool documentContext, bool carrySpeakers, TokenLayer? layer)
    {
        _scorer = scorer;
        _carry = carrySpeakers;
        _text = text;
        _offset = offset;
        _layer = layer;
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

    /// <summary>Tokenizes and matches <paramref name="text"/> once, extracts and links its entities from that, and prepares its sentences for scoring.</summary>
    /// <param name="scorer">The stance scorer (and its gazetteer, which places known people).</param>
    /// <param name="extractor">The entity extractor.</param>
    /// <param name="text">The document, or one window of a stream.</param>
    /// <param name="offset">Where <paramref name="text"/> starts in the whole text: mentions and sentence spans are in whole-text offsets.</param>
    /// <param name="documentContext">False: every sentence on its own, people placed by the document not used (for comparison).</param>
    /// <param name="carrySpeakers">
    /// True: each sentence is handed the previous sentence's main-clause speaker and quotation state
    /// (<see cref="StanceAnalyzerOptions.CarrySpeakers"/>; read by the built-in classifier only).
    /// </param>
    /// <param name="cancellationToken">Checked while the text is tokenized and matched, and passed to the extractor.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static DocumentScorer Extract(StanceScorer scorer, EntityExtractor extractor, string text, int offset, bool documentContext, bool carrySpeakers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var layer = TokenLayer.Rent();
        try
        {
            // The built-in classifier reads the layer's tokens and (same gazetteer) matches; another scorer
            // tokenizes sentences its own way, so the layer then holds only what the extractor reads.
            // A scorer built on the built-in classifier (StanceKit.Semantic's) hands it the same context: its layer and carried speakers.
            var featurizer = (scorer as StanceClassifier ?? (scorer as ILinearScorerSource)?.LinearClassifier)?.Featurizer;
            layer.Annotate(text, extractor.Gazetteer, featurizer?.MatchedGazetteer, cancellationToken);
            var local = extractor.Extract(text, layer, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (featurizer is null) TokenLayer.Return(layer);
            return new DocumentScorer(scorer, text, offset, local, documentContext, carrySpeakers && featurizer is not null, featurizer is null ? null : layer);
        }
        catch
        {
            TokenLayer.Return(layer);
            throw;
        }
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
        var local = TextSpan.FromBounds(sentence.Start - _offset, sentence.End - _offset);
        var words = _text.AsSpan(local.Start, local.Length);
        if (!_carry) return _scorer.Score(words, probabilities, target, new DocumentContext(known, TokensOf(local)));

        // A quotation left open does not run on into a new paragraph (a continued quote reopens there with its own mark).
        bool quoteOpen = _quoteOpen && !BreaksParagraph(_text.AsSpan(Math.Min(_previousEnd, local.Start), local.Start - Math.Min(_previousEnd, local.Start)));
        var stance = _scorer.Score(words, probabilities, target, new DocumentContext(known, TokensOf(local), new SpeakerCarry(_previousSpeaker, quoteOpen)));
        // The featurizer of the thread that just scored (the built-in classifier's: _carry is only set for it, or for a
        // scorer that scores through it, last) tells the main speaker.
        _previousSpeaker = StanceFeaturizer.GetScratch().MainSpeaker;
        _quoteOpen = SpeakerCarry.QuoteOpenAfter(words, quoteOpen);
        _previousEnd = local.End;
        return stance;
    }

    /// <summary>
    /// Scores every sentence of the document (or window) with <see cref="Score"/>, in order, then applies the document
    /// prior (<see cref="StanceAnalyzerOptions.DocumentPrior"/>) to all of them: the one way the analyzer, its stream and
    /// the article evaluation turn a document's sentences into results.
    /// </summary>
    /// <param name="sentences">The sentences, in document order, in whole-text offsets.</param>
    /// <param name="target">The canonical target, or null for each sentence's main state actor.</param>
    /// <param name="documentPrior">The prior's weight (0: each sentence as scored).</param>
    /// <param name="cancellationToken">Checked before every sentence.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ScoredSentences ScoreAll(IReadOnlyList<TextSpan> sentences, string? target, float documentPrior, CancellationToken cancellationToken)
    {
        const int K = StanceNames.Count;
        var result = new ScoredSentences(new float[sentences.Count * K], new Stance[sentences.Count], new IReadOnlyList<EntityMention>[sentences.Count]);
        for (int i = 0; i < sentences.Count; i++)
            result.Stances[i] = Score(sentences[i], target, result.Probabilities.AsSpan(i * K, K), out result.Mentions[i], cancellationToken);
        DocumentPrior.Apply(result.Probabilities, result.Stances, sentences.Count, documentPrior);
        return result;
    }

    /// <summary>What <see cref="ScoreAll"/> gives: per sentence its probabilities (after the prior), stance and mentions.</summary>
    /// <param name="Probabilities">Three per sentence, sentence-major, in <see cref="Stance"/> order.</param>
    /// <param name="Stances">The most probable stance of each sentence.</param>
    /// <param name="Mentions">The mentions inside each sentence.</param>
    public readonly record struct ScoredSentences(float[] Probabilities, Stance[] Stances, IReadOnlyList<EntityMention>[] Mentions)
    {
        /// <summary>The scores of sentence <paramref name="index"/>.</summary>
        public StanceScores Scores(int index) => StanceScores.FromSpan(Probabilities.AsSpan(index * StanceNames.Count, StanceNames.Count));
    }

    /// <summary>Whether the text between two sentences holds a line or paragraph break.</summary>
    private static bool BreaksParagraph(ReadOnlySpan<char> between) => between.IndexOfAny('\n', '\r', '\u2029') >= 0;

    private SentenceTokens TokensOf(TextSpan sentence) => _layer is null ? default : SentenceTokensOf(_layer, sentence, ref _nextToken);

    /// <summary>
    /// The layer's tokens of a sentence (in the text's offsets), when they are exactly the tokens of the sentence alone:
    /// no token of the document crosses either end of the sentence, and its first token is no possessive "'s" glued to
    /// the token before (alone, the sentence would start with an apostrophe and a word). The tokenizer decides a token
    /// from at most the token before it and the two characters after, and wherever the text beyond a sentence's end
    /// changes a decision, the document's token runs past that end: so these two checks suffice. Otherwise (a sentence
    /// cut inside a word at the maximum length, say) <c>default</c>, and the sentence is tokenized on its own.
    /// </summary>
    /// <param name="layer">The document's layer.</param>
    /// <param name="sentence">The sentence, in the layer's text offsets.</param>
    /// <param name="cursor">Where the previous sentence's tokens ended (0 at first): sentences in order cost one walk.</param>
    internal static SentenceTokens SentenceTokensOf(TokenLayer layer, TextSpan sentence, ref int cursor)
    {
        var tokens = layer.Tokens;
        int count = layer.Count;
        int k = cursor;
        // A sentence before the cursor (out of order): start over.
        if (k > count || (k > 0 && tokens[k - 1].End > sentence.Start)) k = 0;
        while (k < count && tokens[k].Start < sentence.Start) k++;
        int first = k;
        while (k < count && tokens[k].End <= sentence.End) k++;
        cursor = k;
        bool crossesStart = first > 0 && tokens[first - 1].End > sentence.Start;
        bool crossesEnd = k < count && tokens[k].Start < sentence.End;
        bool gluedClitic = first < k && tokens[first].Kind == TokenKind.Clitic;
        if (crossesStart || crossesEnd || gluedClitic) return default;
        return new SentenceTokens(layer, first, k - first, sentence.Start);
    }

    /// <summary>Gives the document's layer back to the thread for the next document; the scorer must not be used after.</summary>
    public void Dispose()
    {
        if (_layer is { } layer)
        {
            _layer = null;
            TokenLayer.Return(layer);
        }
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
