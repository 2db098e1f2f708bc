using System.Text.Json;
using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Accuracy;

/// <summary>
/// The embedded default model must keep the accuracy its model card states on the test split,
/// and the entity extractor must keep its measured accuracy on the same (independently written) split.
/// </summary>
[TestFixture]
public class AccuracyGateTests
{
    private const double Tolerance = 0.01;

    private static JsonElement Card() => JsonDocument.Parse(File.ReadAllText(Repo.Path("models", "default", "card.json"))).RootElement;

    [Test]
    public void DefaultModelKeepsTheTestSplitMacroF1OfItsCard()
    {
        var card = Card();
        Assume.That(card.TryGetProperty("testMacroF1", out var stated) && stated.ValueKind == JsonValueKind.Number, "the card states a test macro-F1");
        var test = StanceCorpus.Load(Repo.Path("data", "stance", "test"));
        var eval = StanceTraining.Evaluate(StanceClassifier.Default, test);
        TestContext.Out.WriteLine(eval.ToReport());
        Assert.That(eval.MacroF1, Is.GreaterThanOrEqualTo(stated.GetDouble() - Tolerance));
    }

    [Test]
    public void WholeTestArticlesKeepTheirMeasuredMacroF1AndDocumentContextNeverCostsAccuracy()
    {
        // Measured 0.847 on the 10 test-split articles (137 sentences) when document context was added, both ways. What
        // this gate measures is the context, so both sides score without the document prior (which came later and has
        // its own gate below).
        var articles = StanceCorpus.Load(Repo.Path("data", "stance", "test", "articles.jsonl"));
        var classifier = StanceClassifier.Default;
        var withContext = ArticleEvaluation.Evaluate(classifier, EntityExtractor.Default, articles, documentContext: true, documentPrior: 0f);
        var alone = ArticleEvaluation.Evaluate(classifier, EntityExtractor.Default, articles, documentContext: false, documentPrior: 0f);
        TestContext.Out.WriteLine(withContext.ToReport());
        Assert.That(withContext.Count, Is.EqualTo(137));
        Assert.That(withContext.MacroF1, Is.GreaterThanOrEqualTo(0.847 - Tolerance));
        Assert.That(withContext.MacroF1, Is.GreaterThanOrEqualTo(alone.MacroF1));
    }

    [Test]
    public void WholeArticlesWithTheDocumentPriorKeepTheirMeasuredMacroF1()
    {
        // The document prior (weight 1, the analyzer's default) was chosen on real news (docs/stance-model.md, "The
        // document prior"). On our written articles it was measured when it came in: test-split articles 0.855 -> 0.832,
        // realistic test articles 0.824 -> 0.869 (written articles mix their labels more than real ones do). These
        // gates keep those levels.
        var classifier = StanceClassifier.Default;
        var test = ArticleEvaluation.Evaluate(classifier, EntityExtractor.Default, StanceCorpus.Load(Repo.Path("data", "stance", "test", "articles.jsonl")));
        var realistic = ArticleEvaluation.Evaluate(classifier, EntityExtractor.Default, StanceCorpus.Load(Repo.Path("data", "realistic-eval", "test", "articles.jsonl")));
        TestContext.Out.WriteLine(test.ToReport());
        TestContext.Out.WriteLine(realistic.ToReport());
        Assert.That(test.MacroF1, Is.GreaterThanOrEqualTo(0.832 - Tolerance));
        Assert.That(realistic.MacroF1, Is.GreaterThanOrEqualTo(0.869 - Tolerance));
    }

    [Test]
    public void EmbeddedModelIsTheOneTheCardDescribes()
    {
        var card = Card();
        var model = StanceModel.Default;
        Assert.That(model.Metadata["data-sha256"], Is.EqualTo(card.GetProperty("dataSha256").GetString()));
        Assert.That(model.Recipe.ToString(), Is.EqualTo(card.GetProperty("featurizer").GetString()));
        Assert.That(model.Temperature, Is.EqualTo(card.GetProperty("temperature").GetSingle()));
    }

    [Test]
    public void EntityExtractionOnTheTestSplitStaysAboveItsMeasuredLevel()
    {
        // Measured 0.970 strict micro-F1 on this file when the gate was set; 0.974 with the rules of today (evaluate-entities).
        var eval = EntityEvaluation.EvaluateFile(EntityExtractor.Default, Repo.Path("data", "stance", "test", "sentences.jsonl"));
        TestContext.Out.WriteLine(eval.ToReport());
        Assert.That(eval.Micro.F1, Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public void TargetFlipsTheStanceOfFlipPairsMoreOftenThanNot()
    {
        // Flip pairs: the same text labelled for two targets. A target-blind model gets at most one of each pair right.
        var test = StanceCorpus.Load(Repo.Path("data", "stance", "test", "sentences.jsonl"));
        var pairs = test.Where(r => r.Hard == "flip").GroupBy(r => r.Text).Where(g => g.Count() == 2 && g.Select(r => r.Label).Distinct().Count() == 2).ToList();
        Assume.That(pairs, Has.Count.GreaterThan(10));
        var clf = StanceClassifier.Default;
        int bothRight = pairs.Count(g => g.All(r => clf.Predict(r.Text, r.Target).Stance == r.Label));
        TestContext.Out.WriteLine($"{bothRight}/{pairs.Count} flip pairs fully right");
        // Measured 46 of 68 with the shipped model; a target-blind model cannot exceed 0.
        Assert.That(bothRight, Is.GreaterThanOrEqualTo((int)(pairs.Count * 0.6)));
    }
}
