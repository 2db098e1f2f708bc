using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using StanceKit.ML;

namespace StanceKit.Benchmarks;

/// <summary>
/// Scores 10,000 news sentences: the standard ML.NET recipe (baseline), our model through ML.NET's
/// PredictionEngine, our span loop, and our parallel batch API.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private IReadOnlyList<StanceRecord> _records = null!;
    private string[] _texts = null!;
    private string[] _targets = null!;
    private PredictionEngine<TextRow, BaselinePrediction> _baseline = null!;
    private PredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction> _ourPipeline = null!;
    private StanceClassifier _classifier = null!;
    private StanceClassifier _classifierV2 = null!;
    private StanceClassifier _classifierV2Parse = null!;
    private float[] _probabilities = null!;
    private Stance[] _stances = null!;

    public sealed class TextRow
    {
        public string Text { get; set; } = "";
        public string Label { get; set; } = "";
    }

    public sealed class BaselinePrediction
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    [GlobalSetup]
    public void Setup()
    {
        _records = BenchmarkData.Sentences();
        _texts = _records.Select(r => r.Text).ToArray();
        _targets = _records.Select(r => r.Target).ToArray();
        var corpus = BenchmarkData.Corpus();

        // The recipe a .NET developer would write instead: FeaturizeText → SdcaMaximumEntropy.
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(corpus.Select(r => new TextRow { Text = r.Text, Label = r.Label.ToWireName() }).ToList());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(TextRow.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        _baseline = ml.Model.CreatePredictionEngine<TextRow, BaselinePrediction>(pipeline.Fit(data));

        // Our featurizer + trainer through ML.NET (the parity path), same settings as the shipped model.
        var trainer = new StanceTrainer();
        var settings = StanceModel.Default.Recipe;
        var ours = trainer.FitPipeline(corpus, settings, new TrainerOptions { Algorithm = "lbfgs", L2 = 0.1f, Iterations = 100 });
        _ourPipeline = trainer.Context.Model.CreatePredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction>(ours);

        _classifier = StanceClassifier.Default;
        // Featurizer v2 (speaker families on): the cost does not depend on the weights, so any v2 model measures it.
        var v2 = new FeatureRecipe();
        var weights = new float[v2.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 7) * 0.01f;
        _classifierV2 = new StanceClassifier(new StanceModel(v2, weights, [0f, 0f, 0f], 1f));
        _classifierV2Parse = new StanceClassifier(new StanceModel(v2 with { ParseStructure = true }, weights, [0f, 0f, 0f], 1f));
        _probabilities = new float[_texts.Length * 3];
        _stances = new Stance[_texts.Length];
    }

    [Benchmark(Baseline = true, Description = "ML.NET FeaturizeText+SDCA, PredictionEngine")]
    public float MlNetRecipe()
    {
        float sum = 0;
        var row = new TextRow();
        foreach (var t in _texts)
        {
            row.Text = t;
            sum += _baseline.Predict(row).Score[0];
        }
        return sum;
    }

    [Benchmark(Description = "StanceKit model via ML.NET PredictionEngine")]
    public float OurModelThroughMlNet()
    {
        float sum = 0;
        var row = new StanceTrainer.PipelineRow();
        for (int i = 0; i < _texts.Length; i++)
        {
            row.Text = _texts[i];
            row.Target = _targets[i];
            sum += _ourPipeline.Predict(row).Score[0];
        }
        return sum;
    }

    [Benchmark(Description = "StanceKit span loop (1 thread)")]
    public float SpanLoop()
    {
        Span<float> p = stackalloc float[3];
        float sum = 0;
        var texts = _texts;
        var targets = _targets;
        for (int i = 0; i < texts.Length; i++)
        {
            _classifier.Score(texts[i], p, targets[i]);
            sum += p[0];
        }
        return sum;
    }

    [Benchmark(Description = "StanceKit span loop, featurizer v2 (1 thread)")]
    public float SpanLoopV2()
    {
        Span<float> p = stackalloc float[3];
        float sum = 0;
        var texts = _texts;
        var targets = _targets;
        for (int i = 0; i < texts.Length; i++)
        {
            _classifierV2.Score(texts[i], p, targets[i]);
            sum += p[0];
        }
        return sum;
    }

    [Benchmark(Description = "StanceKit span loop, featurizer v2 + parse structure (1 thread)")]
    public float SpanLoopV2Parse()
    {
        Span<float> p = stackalloc float[3];
        float sum = 0;
        var texts = _texts;
        var targets = _targets;
        for (int i = 0; i < texts.Length; i++)
        {
            _classifierV2Parse.Score(texts[i], p, targets[i]);
            sum += p[0];
        }
        return sum;
    }

    [Benchmark(Description = "StanceKit parallel batch (all cores)")]
    public float ParallelBatch()
    {
        _classifier.ScoreBatchParallel(_texts, _probabilities, _stances, "China");
        return _probabilities[0];
    }
}
