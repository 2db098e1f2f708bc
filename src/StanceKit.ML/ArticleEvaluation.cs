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
    /// <param name="cancellationToken">Checked before every article and every sentence.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StanceEvaluation Evaluate(StanceClassifier classifier, EntityExtractor extractor, IEnumerable<StanceRecord> records, bool documentContext = true, bool useGoldTarget = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(records);
        var eval = new StanceEvaluation();
        Span<float> p = stackalloc float[StanceNames.Count];
        foreach (var article in records.Where(r => r.Id.Contains('#', StringComparison.Ordinal)).GroupBy(r => r.Group, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sentences = article.ToList();
            var starts = new int[sentences.Count];
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < sentences.Count; i++)
            {
                if (i > 0) text.Append(' ');
                starts[i] = text.Length;
                text.Append(sentences[i].Text);
            }
            string document = text.ToString();
            var mentions = extractor.Extract(document);
            var actors = DocumentActors.Build(document, mentions, classifier.Gazetteer);
            string? target = useGoldTarget ? classifier.ResolveTarget(sentences[0].Target) : StanceAnalyzer.InferTarget(mentions);
            int e = 0;
            for (int i = 0; i < sentences.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var r = sentences[i];
                int end = starts[i] + r.Text.Length;
                var sentence = document.AsSpan(starts[i], r.Text.Length);
                // Mentions come in document order: one walk hands each sentence its own, as the analyzer does.
                while (e < mentions.Count && mentions[e].Span.Start < starts[i]) e++;
                int first = e;
                while (e < mentions.Count && mentions[e].Span.End <= end) e++;
                Stance s;
                if (documentContext)
                {
                    var inside = mentions.Skip(first).Take(e - first).ToList();
                    s = classifier.ScoreInDocument(sentence, p, target, actors.InSentence(inside, starts[i]));
                }
                else s = classifier.Score(sentence, p, target);
                eval.Add(r.Label, s, StanceScores.FromSpan(p));
            }
        }
        return eval;
    }
}
