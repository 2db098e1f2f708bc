using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Core;

/// <summary>
/// The three ways a document is scored — <see cref="StanceAnalyzer.Analyze(string, string?, CancellationToken)"/>,
/// <see cref="StanceAnalyzer.AnalyzeStream"/> and <see cref="ArticleEvaluation"/> — give the same sentences, labels and
/// probabilities for the same text and target (the sample article's stream/one-shot equality is in StreamingTests).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class ScoringPathTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;

    // Sentence by sentence the paths agree without the document prior; with it, each applies the same prior to its own
    // sentences (the analyzer segments a joined article itself, so its sentences, and the mean the prior reads, can differ).
    private static readonly StanceAnalyzer s_alone = new(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = 0f });

    private static List<StanceRecord> TestArticles() => StanceCorpus.Load(Repo.Path("data", "stance", "test", "articles.jsonl"))
        .Where(r => r.Id.Contains('#', StringComparison.Ordinal)).ToList();

    [TestCase(true)]
    [TestCase(false)]
    public void ArticleEvaluationScoresEveryTestArticleSentenceAsTheAnalyzerDoes(bool useGoldTarget)
    {
        var scored = ArticleEvaluation.Score(StanceClassifier.Default, EntityExtractor.Default, TestArticles(), documentContext: true, useGoldTarget, 0f, carrySpeakers: StanceAnalyzerOptions.Default.CarrySpeakers, default).ToList();
        var withPrior = ArticleEvaluation.Score(StanceClassifier.Default, EntityExtractor.Default, TestArticles(), documentContext: true, useGoldTarget, StanceAnalyzerOptions.DefaultDocumentPrior, carrySpeakers: StanceAnalyzerOptions.Default.CarrySpeakers, default)
            .ToLookup(s => s.Document, StringComparer.Ordinal);
        Assert.That(scored, Has.Count.EqualTo(137));
        int compared = 0, samePrior = 0;
        foreach (var article in scored.GroupBy(s => s.Document, StringComparer.Ordinal))
        {
            var first = article.First();
            var doc = s_alone.Analyze(first.Document, useGoldTarget ? first.Record.Target : null);
            // With the prior, each article's results are the prior over its sentences scored alone, as in the analyzer
            // (DocumentPriorTests ties the analyzer to the same prior).
            var p = article.SelectMany(x => new[] { x.Scores.Neutral, x.Scores.StateFraming, x.Scores.Critical }).ToArray();
            var stances = new Stance[article.Count()];
            DocumentPrior.Apply(p, stances, stances.Length, StanceAnalyzerOptions.DefaultDocumentPrior);
            Assert.That(withPrior[first.Document].Select(x => (x.Stance, x.Scores)),
                Is.EqualTo(stances.Select((st, i) => (st, StanceScores.FromSpan(p.AsSpan(i * 3, 3))))), first.Record.Group);
            samePrior++;
            Assert.That(doc.Target, Is.EqualTo(first.Target), first.Record.Group);
            // The analyzer segments the joined article itself; where a sentence is also a gold sentence it must have
            // the same label and probabilities (its mentions and the document's actors are the same).
            var bySpan = doc.Sentences.ToDictionary(s => s.Span);
            foreach (var s in article)
            {
                if (!bySpan.TryGetValue(s.Span, out var analysed)) continue;
                compared++;
                Assert.That((analysed.Stance, analysed.Scores), Is.EqualTo((s.Stance, s.Scores)), s.Record.Id);
            }
        }
        TestContext.Out.WriteLine($"{compared} of {scored.Count} gold sentences are also analyzer sentences, all scored alike; {samePrior} articles scored with the prior as the analyzer applies it");
        Assert.That(compared, Is.GreaterThan(scored.Count * 3 / 4), "the segmenter should find most gold sentences of the joined articles");
    }

    [Test]
    public void EveryTestArticleStreamsExactlyLikeTheOneShotAnalysis()
    {
        foreach (var article in ArticleEvaluation.Score(StanceClassifier.Default, EntityExtractor.Default, TestArticles(), true, true, StanceAnalyzerOptions.DefaultDocumentPrior, StanceAnalyzerOptions.Default.CarrySpeakers, default)
                     .Select(s => s.Document).Distinct(StringComparer.Ordinal))
        {
            foreach (var target in new[] { null, "China" })
            {
                var doc = s_analyzer.Analyze(article, target);
                var streamed = s_analyzer.AnalyzeStream(new StringReader(article), target).ToList();
                Assert.That(streamed.Select(s => (s.Index, s.Span, s.Text, s.Stance, s.Scores, s.Target, s.TargetInferred)),
                    Is.EqualTo(doc.Sentences.Select(s => (s.Index, s.Span, s.Text, s.Stance, s.Scores, doc.Target, doc.TargetInferred))));
                Assert.That(streamed.SelectMany(s => s.Entities), Is.EqualTo(doc.Sentences.SelectMany(s => s.Entities)));
            }
        }
    }

    [Test]
    public void TheSampleArticleScoresAlikeOnAllThreePaths()
    {
        var text = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var doc = s_alone.Analyze(text);
        Assume.That(doc.Target, Is.Not.Null, "the sample article names a state actor");
        // The article as corpus records: its sentences joined by single spaces, as ArticleEvaluation joins them.
        var records = doc.Sentences.Select(s => new StanceRecord($"sample#{s.Index}", "sample", s.Text, s.Stance, doc.Target!, "", "", "", [])).ToList();
        var scored = ArticleEvaluation.Score(s_alone.Classifier, s_alone.Extractor, records, true, useGoldTarget: false, 0f, carrySpeakers: StanceAnalyzerOptions.Default.CarrySpeakers, default).ToList();
        var joined = s_alone.Analyze(scored[0].Document);
        var streamed = s_alone.AnalyzeStream(new StringReader(scored[0].Document)).ToList();
        Assert.That(scored.Select(s => s.Target).Distinct(), Is.EqualTo(new[] { joined.Target }));
        // A headline without a stop runs into the next sentence once joined; every other sentence is found again.
        var bySpan = joined.Sentences.ToDictionary(s => s.Span);
        var common = scored.Where(s => bySpan.ContainsKey(s.Span)).ToList();
        Assert.That(common, Has.Count.GreaterThan(scored.Count / 2));
        Assert.That(common.Select(s => (bySpan[s.Span].Stance, bySpan[s.Span].Scores)), Is.EqualTo(common.Select(s => (s.Stance, s.Scores))));
        Assert.That(streamed.Select(s => (s.Span, s.Stance, s.Scores, s.Target)), Is.EqualTo(joined.Sentences.Select(s => (s.Span, s.Stance, s.Scores, joined.Target))));
        // With the prior: the stream of one window is the one-shot analysis.
        var joinedPrior = s_analyzer.Analyze(scored[0].Document);
        var streamedPrior = s_analyzer.AnalyzeStream(new StringReader(scored[0].Document)).ToList();
        Assert.That(streamedPrior.Select(s => (s.Span, s.Stance, s.Scores, s.Target)), Is.EqualTo(joinedPrior.Sentences.Select(s => (s.Span, s.Stance, s.Scores, joinedPrior.Target))));
    }

    [Test]
    public void ACancelledTokenStopsArticleEvaluation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            ArticleEvaluation.Evaluate(StanceClassifier.Default, EntityExtractor.Default, TestArticles(), cancellationToken: cts.Token));
    }
}
