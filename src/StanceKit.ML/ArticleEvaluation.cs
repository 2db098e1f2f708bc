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
    /// <param name="carrySpeakers">As <see cref="StanceAnalyzerOptions.CarrySpeakers"/>: a sentence continuing a quotation speaks with the previous sentence's speaker.</param>
    /// <param name="cancellationToken">Checked before every article and every sentence, and passed to the entity extractor.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StanceEvaluation Evaluate(StanceClassifier classifier, EntityExtractor extractor, IEnumerable<StanceRecord> records, bool documentContext = true, bool useGoldTarget = true, bool carrySpeakers = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(records);
        var eval = new StanceEvaluation();
        foreach (var s in Score(classifier, extractor, records, documentContext, useGoldTarget, carrySpeakers, cancellationToken))
            eval.Add(s.Record.Label, s.Stance, s.Scores);
        return eval;
    }

    /// <summary>One gold sentence of an article as scored: its record, its span in the joined article, the target and the result.</summary>
    internal sealed record ScoredSentence(StanceRecord Record, string Document, TextSpan Span, string? Target, Stance Stance, StanceScores Scores);

    /// <summary>
    /// Scores every sentence of every article (lazily, article by article) through the analyzer's own document scorer;
    /// <see cref="Evaluate"/> counts the results.
    /// </summary>
    internal static IEnumerable<ScoredSentence> Score(StanceClassifier classifier, EntityExtractor extractor, IEnumerable<StanceRecord> records, bool documentContext, bool useGoldTarget, bool carrySpeakers, CancellationToken cancellationToken)
    {
        var p = new float[StanceNames.Count];
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
            for (int i = 0; i < sentences.Count; i++)
            {
                var stance = scorer.Score(spans[i], target, p, out _, cancellationToken);
                yield return new ScoredSentence(sentences[i], document, spans[i], target, stance, StanceScores.FromSpan(p));
            }
        }
    }
}
