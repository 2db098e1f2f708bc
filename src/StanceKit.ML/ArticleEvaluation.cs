namespace StanceKit.ML;

/// <summary>
/// Evaluation of whole articles, as <see cref="StanceAnalyzer"/> sees them: each article's sentences joined into one
/// document, its entities extracted and linked once, every gold sentence scored toward the article's target.
/// </summary>
public static class ArticleEvaluation
{
    /// <summary>
    /// Scores the article records (those with an article id) of <paramref name="records"/>.
    /// </summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="extractor">The entity extractor the analyzer uses.</param>
    /// <param name="records">Corpus records; sentence records without an article are skipped.</param>
    /// <param name="documentContext">
    /// True: as the analyzer scores (people the article places, by the gazetteer or by the role it gives them, count as those actors in every sentence that names them).
    /// False: every sentence on its own, for comparison.
    /// </param>
    /// <param name="useGoldTarget">True: toward each article's gold target; false: toward the target the analyzer infers from the article.</param>
    /// <param name="documentPrior">The weight of the document prior (<see cref="StanceAnalyzerOptions.DocumentPrior"/>; 0 to 4): the analyzer's default, or 0 to score every sentence without its article's other sentences.</param>
    /// <param name="carrySpeakers">As <see cref="StanceAnalyzerOptions.CarrySpeakers"/> (on by default, as in the analyzer): a sentence continuing a quotation speaks with the previous sentence's speaker.</param>
    /// <param name="cancellationToken">Checked before every article and every sentence, and passed to the entity extractor.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="documentPrior"/> is not between 0 and 4.</exception>
    public static StanceEvaluation Evaluate(StanceClassifier classifier, EntityExtractor extractor, IEnumerable<StanceRecord> records, bool documentContext = true, bool useGoldTarget = true, float documentPrior = StanceAnalyzerOptions.DefaultDocumentPrior, bool carrySpeakers = true, CancellationToken cancellationToken = default)
    {
        (new StanceAnalyzerOptions { DocumentPrior = documentPrior }).Validate();
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(records);
        var eval = new StanceEvaluation();
        foreach (var s in Score(classifier, extractor, records, documentContext, useGoldTarget, documentPrior, carrySpeakers, cancellationToken))
            eval.Add(s.Record.Label, s.Stance, s.Scores);
        return eval;
    }

    /// <summary>One gold sentence of an article as scored: its record, its span in the joined article, the target and the result.</summary>
    internal sealed record ScoredSentence(StanceRecord Record, string Document, TextSpan Span, string? Target, Stance Stance, StanceScores Scores);

    /// <summary>
    /// Scores every sentence of every article (lazily, article by article) through the analyzer's own document scorer;
    /// <see cref="Evaluate"/> counts the results.
    /// </summary>
    internal static IEnumerable<ScoredSentence> Score(StanceScorer classifier, EntityExtractor extractor, IEnumerable<StanceRecord> records, bool documentContext, bool useGoldTarget, float documentPrior, bool carrySpeakers, CancellationToken cancellationToken)
    {
        foreach (var article in records.Where(r => r.Id.Contains('#', StringComparison.Ordinal)).GroupBy(r => r.Group, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sentences = article.ToList();
            var spans = new TextSpan[sentences.Count];
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < sentences.Count; i++)
            {
                if (i > 0) text.Append(' ');
                spans[i] = new TextSpan(text.Length, sentences[i].Text.Length);
                text.Append(sentences[i].Text);
            }
            string document = text.ToString();
            using var scorer = DocumentScorer.Extract(classifier, extractor, document, 0, documentContext, carrySpeakers, cancellationToken);
            string? target = useGoldTarget ? classifier.ResolveTarget(sentences[0].Target) : StanceAnalyzer.InferTarget(scorer.Mentions);
            // All of the article is scored before its first result, as the analyzer does: the document prior reads it.
            var scored = scorer.ScoreAll(spans, target, documentPrior, cancellationToken);
            for (int i = 0; i < sentences.Count; i++)
                yield return new ScoredSentence(sentences[i], document, spans[i], target, scored.Stances[i], scored.Scores(i));
        }
    }
}
