using Microsoft.ML;
using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>Our scorer gives ML.NET's PredictionEngine's probabilities and labels on the same trained model.</summary>
[TestFixture]
public class ParityTests
{
    private IReadOnlyList<StanceRecord> _corpus = null!;
    private StanceTrainer _trainer = null!;
    private ITransformer _pipeline = null!;
    private StanceModel _exported = null!;
    private readonly FeatureRecipe _settings = new();

    [OneTimeSetUp]
    public void Train()
    {
        _corpus = StanceCorpus.Load(Repo.Path("data", "stance"));
        Assume.That(_corpus, Has.Count.GreaterThan(100), "the corpus is needed for parity");
        _trainer = new StanceTrainer();
        // Train on a deterministic half to keep the fixture fast; parity is checked on every sentence.
        var train = _corpus.Where((_, i) => i % 2 == 0).ToList();
        _pipeline = _trainer.FitPipeline(train, _settings, new TrainerOptions { Algorithm = "lbfgs", L2 = 0.1f, Iterations = 100 });
        var schemaSource = _trainer.Context.Data.LoadFromEnumerable(train.Take(10).Select(r => new StanceTrainer.PipelineRow { Text = r.Text, Target = r.Target, Label = r.Label.ToWireName() }).ToList());
        _exported = _trainer.ExportPipeline(_pipeline, schemaSource, _settings);
    }

    private IEnumerable<(string Text, string Target)> AllSentences()
    {
        foreach (var r in _corpus) yield return (r.Text, r.Target);
        var article = File.ReadAllText(Repo.Path("samples", "article.txt"));
        foreach (var s in SentenceSegmenter.Default.Segment(article)) yield return (s.GetText(article), "China");
    }

    [Test]
    public void ProbabilitiesAndLabelsEqualMlNetPredictionEngine()
    {
        var engine = _trainer.Context.Model.CreatePredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction>(_pipeline);
        var ours = new StanceClassifier(_exported);
        // ML.NET orders the scores by label key: the wire names sorted ordinally.
        var keyOrder = new[] { Stance.Critical, Stance.Neutral, Stance.StateFraming };
        Span<float> p = stackalloc float[3];
        int n = 0;
        double maxDiff = 0;
        foreach (var (text, target) in AllSentences())
        {
            var ml = engine.Predict(new StanceTrainer.PipelineRow { Text = text, Target = target });
            var label = ours.ScoreUncalibrated(text, p, target);
            for (int k = 0; k < 3; k++) maxDiff = Math.Max(maxDiff, Math.Abs(ml.Score[k] - p[(int)keyOrder[k]]));
            Assert.That(label.ToWireName(), Is.EqualTo(ml.PredictedLabel), $"label differs on: {text}");
            n++;
        }
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1e-5), $"max |p_ours - p_mlnet| over {n} sentences");
        TestContext.Out.WriteLine($"parity on {n} sentences, max abs difference {maxDiff:E2}");
    }

    [Test]
    public void CalibratedScoresAreTemperatureScaledMlNetScores()
    {
        var engine = _trainer.Context.Model.CreatePredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction>(_pipeline);
        const float t = 1.7f;
        var ours = new StanceClassifier(_exported.With(t));
        var keyOrder = new[] { Stance.Critical, Stance.Neutral, Stance.StateFraming };
        Span<float> p = stackalloc float[3];
        foreach (var (text, target) in AllSentences().Take(500))
        {
            var ml = engine.Predict(new StanceTrainer.PipelineRow { Text = text, Target = target });
            var logits = ml.Score.Select(x => Math.Log(x) / t).ToArray();
            double z = logits.Sum(Math.Exp);
            ours.Score(text, p, target);
            for (int k = 0; k < 3; k++) Assert.That(p[(int)keyOrder[k]], Is.EqualTo(Math.Exp(logits[k]) / z).Within(1e-5));
        }
    }

    [Test]
    public void SavedPipelineReloadsAndScoresTheSame()
    {
        var ml = _trainer.Context;
        ml.ComponentCatalog.RegisterAssembly(typeof(StanceFeaturizerFactory).Assembly);
        var schema = ml.Data.LoadFromEnumerable(new List<StanceTrainer.PipelineRow>()).Schema;
        // ML.NET re-binds the saved trainer to the featurizer's output when loading, so the output
        // column must keep its fixed vector size; this checks the custom mapping round-trips.
        using var stream = new MemoryStream();
        ml.Model.Save(_pipeline, schema, stream);
        stream.Position = 0;
        var reloaded = ml.Model.Load(stream, out _);
        var a = ml.Model.CreatePredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction>(_pipeline);
        var b = ml.Model.CreatePredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction>(reloaded);
        foreach (var r in _corpus.Take(200))
        {
            var row = new StanceTrainer.PipelineRow { Text = r.Text, Target = r.Target };
            Assert.That(b.Predict(row).Score, Is.EqualTo(a.Predict(row).Score).Within(1e-6));
        }
    }
}
