using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace StanceKit;

/// <summary>
/// Segments text, extracts and links entities, infers the target state actor and labels
/// every sentence. Immutable and thread safe: share one instance.
/// </summary>
public sealed partial class StanceAnalyzer
{
    /// <summary>Creates an analyzer from its parts.</summary>
    /// <param name="scorer">The stance scorer: a <see cref="StanceClassifier"/>, or another model behind <see cref="StanceScorer"/>.</param>
    /// <param name="segmenter">The sentence segmenter; when null, one with <see cref="StanceAnalyzerOptions.MaxSentenceLength"/>.</param>
    /// <param name="extractor">The entity extractor; when null, the embedded rules and tagger over the classifier's gazetteer.</param>
    /// <param name="options">The analyzer's options; <see cref="StanceAnalyzerOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="segmenter"/> splits at another length than the options say.</exception>
    public StanceAnalyzer(StanceScorer scorer, SentenceSegmenter? segmenter = null, EntityExtractor? extractor = null, StanceAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        options ??= StanceAnalyzerOptions.Default;
        options.Validate();
        if (segmenter is not null && segmenter.MaxSentenceLength != options.MaxSentenceLength)
            throw new ArgumentException($"The segmenter splits sentences at {segmenter.MaxSentenceLength} code units but the options say {options.MaxSentenceLength}; give one or make them agree.", nameof(segmenter));
        Options = options;
        Scorer = scorer;
        Segmenter = segmenter ?? (options.MaxSentenceLength == SentenceSegmenter.DefaultMaxSentenceLength
            ? SentenceSegmenter.Default
            : new SentenceSegmenter(options.MaxSentenceLength));
        // The default extractor includes the embedded tagger (names no gazetteer lists), as EntityExtractor.Default does:
        // a rule-only extractor here made `analyze` miss the unknown names the tagger finds, and made the analyzer's
        // document context differ from the article evaluation's.
        Extractor = extractor ?? (ReferenceEquals(scorer.Gazetteer, Gazetteer.Default)
            ? EntityExtractor.Default
            : new EntityExtractor(scorer.Gazetteer, EntityTagger.Default));
    }

    /// <summary>Creates an analyzer over a model with the default segmenter and extractor.</summary>
    /// <param name="model">The stance model.</param>
    /// <param name="options">The analyzer's options; <see cref="StanceAnalyzerOptions.Default"/> when null.</param>
    public StanceAnalyzer(StanceModel model, StanceAnalyzerOptions? options = null) : this(new StanceClassifier(model), options: options) { }

    private static readonly Lazy<StanceAnalyzer> s_default = new(() => new StanceAnalyzer(StanceClassifier.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The analyzer over the embedded default model, segmenter and extractor (created once, on first use; shared).</summary>
    public static StanceAnalyzer Default => s_default.Value;

    /// <summary>The sentence segmenter.</summary>
    public SentenceSegmenter Segmenter { get; }

    /// <summary>The entity extractor.</summary>
    public EntityExtractor Extractor { get; }

    /// <summary>The stance scorer every sentence is scored with.</summary>
    public StanceScorer Scorer { get; }

    /// <summary>
    /// The built-in linear classifier the analyzer scores with: for an analyzer built on a <see cref="StanceModel"/> or
    /// a <see cref="StanceClassifier"/> (as <see cref="Default"/> is). An analyzer may score with any
    /// <see cref="StanceScorer"/>; when it may not be the built-in one, use <see cref="TryGetClassifier"/> or <see cref="Scorer"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The analyzer scores with another <see cref="StanceScorer"/> (see <see cref="Scorer"/>).</exception>
    public StanceClassifier Classifier => Scorer as StanceClassifier
        ?? throw new InvalidOperationException($"This analyzer scores with {Scorer.GetType().Name}, not a StanceClassifier; use Scorer or TryGetClassifier.");

    /// <summary>Gets the built-in classifier when the analyzer scores with one (<see cref="Classifier"/> without the exception).</summary>
    /// <param name="classifier">The classifier, or null when <see cref="Scorer"/> is another <see cref="StanceScorer"/>.</param>
    /// <returns>Whether <see cref="Scorer"/> is a <see cref="StanceClassifier"/>.</returns>
    public bool TryGetClassifier([NotNullWhen(true)] out StanceClassifier? classifier)
    {
        classifier = Scorer as StanceClassifier;
        return classifier is not null;
    }

    /// <summary>The analyzer's options.</summary>
    public StanceAnalyzerOptions Options { get; }

    /// <summary>
    /// The target used when a call gives none (null: infer the target from each text): <see cref="StanceAnalyzerOptions.DefaultTarget"/>.
    /// </summary>
    public string? DefaultTarget => Options.DefaultTarget;

    /// <summary>A copy of this analyzer, sharing its parts, that analyses relative to <paramref name="target"/> when a call gives no target (null: infer it).</summary>
    public StanceAnalyzer WithDefaultTarget(string? target) => new(Scorer, Segmenter, Extractor, Options with { DefaultTarget = target });

    /// <summary>Analyses a document relative to <see cref="DefaultTarget"/>, or its inferred target state actor when that is null.</summary>
    public StanceDocument Analyze(string text, CancellationToken cancellationToken = default) => Analyze(text, null, cancellationToken);

    /// <summary>
    /// Analyses a document relative to a given target (name or alias); when <paramref name="target"/> is null,
    /// relative to <see cref="DefaultTarget"/>, or to the inferred target when that is null too.
    /// </summary>
    /// <remarks>
    /// One call holds the whole text and all it finds: it allocates about 8.5 bytes per byte of the text's UTF-16 (17
    /// per character; 852 MB for a 101 MB string, measured, with a peak working set of 671 MB), and the returned
    /// document keeps its sentences and mentions (about 1.3 times the text). For text of any length with bounded memory
    /// use <see cref="AnalyzeStream"/>, which holds about one window.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public StanceDocument Analyze(string text, string? target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        var spans = Segment(text, cancellationToken);
        using var scorer = DocumentScorer.Extract(Scorer, Extractor, text, 0, documentContext: true, Options.CarrySpeakers, cancellationToken);
        var entities = scorer.Mentions;
        string? resolved = Scorer.ResolveTarget(target ?? DefaultTarget);
        bool inferred = resolved is null;
        resolved ??= InferTarget(entities);

        var doc = new StanceDocument(text, resolved, inferred && resolved is not null, Scorer);
        var sentences = new List<StanceSentence>(spans.Count);
        var scored = scorer.ScoreAll(spans, resolved, Options.DocumentPrior, cancellationToken);
        for (int i = 0; i < spans.Count; i++)
            sentences.Add(new StanceSentence(doc, i, spans[i], new StancePrediction(scored.Stances[i], scored.Scores(i), resolved), scored.Mentions[i]));
        doc.Complete(sentences, entities);
        return doc;
    }

    /// <summary>Segments, checking the token after every sentence.</summary>
    private List<TextSpan> Segment(string text, CancellationToken cancellationToken)
    {
        var spans = new List<TextSpan>(Math.Max(4, text.Length / 100));
        foreach (var span in Segmenter.EnumerateSentences(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            spans.Add(span);
        }
        return spans;
    }

    /// <summary>
    /// The document's target: the country whose places, people and state voices are mentioned
    /// most often (ties go to the one mentioned first); null when no state actor is mentioned.
    /// </summary>
    public static string? InferTarget(IReadOnlyList<EntityMention> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var tally = new TargetTally();
        tally.Add(entities);
        return tally.Target;
    }

    /// <summary>
    /// Analyses a stream of documents on <see cref="StanceAnalyzerOptions.MaxDegreeOfParallelism"/> threads (all cores
    /// by default), yielding results in input order. At most twice that many documents are in flight, so memory stays bounded.
    /// </summary>
    public async IAsyncEnumerable<StanceDocument> AnalyzeManyAsync(IAsyncEnumerable<string> texts, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int window = Math.Max(2, (Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount) * 2);
        var pending = new Queue<Task<StanceDocument>>();
        await foreach (var text in texts.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            var t = text;
            pending.Enqueue(Task.Run(() => Analyze(t, cancellationToken), cancellationToken));
            if (pending.Count >= window)
            {
                var done = await pending.Dequeue().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested(); // nothing more is handed out once cancelled
                yield return done;
            }
        }
        while (pending.Count > 0)
        {
            var done = await pending.Dequeue().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            yield return done;
        }
    }
}
