using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using StanceKit.ML;

namespace StanceKit.SemanticEval;

/// <summary>Which feature blocks an arm of the experiment uses.</summary>
/// <param name="Name">Short name for the report.</param>
/// <param name="Hashed">StanceKit's hashed target-relative features (the default model's featurizer).</param>
/// <param name="Embeddings">A 384-d MiniLM block (plain or target-marked sentences), or null.</param>
/// <param name="Alpha">Scale of the embedding block.</param>
internal sealed record Arm(string Name, bool Hashed, float[][]? Embeddings, float Alpha);

/// <summary>
/// Every sentence's hashed features (computed once) and the ML.NET fit/score of an <see cref="Arm"/>:
/// Features = hashed VBuffer (Buckets long) followed by α·embedding (384 dense floats), trained with the
/// default model's trainer; scored with the exported weights (logits = W·x + b, softmax).
/// </summary>
internal sealed class FeatureSet
{
    private readonly int _buckets;
    private readonly (int[] Indices, float[] Values)[] _hashed;
    private readonly IReadOnlyList<StanceRecord> _records;

    public FeatureSet(IReadOnlyList<StanceRecord> records, FeatureRecipe settings)
    {
        _records = records;
        _buckets = settings.Buckets;
        var map = StanceFeaturizerFactory.CreateMapping(settings);
        _hashed = new (int[], float[])[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            var o = new StanceFeatureOutput();
            map(new StanceTextInput { Text = records[i].Text, Target = records[i].Target }, o);
            _hashed[i] = (o.Features.GetIndices().ToArray(), o.Features.GetValues().ToArray());
        }
    }

    public IReadOnlyList<StanceRecord> Records => _records;

    private int Length(Arm arm) => (arm.Hashed ? _buckets : 0) + (arm.Embeddings is null ? 0 : Embeddings.Dimension);

    /// <summary>The feature vector of record <paramref name="i"/> under <paramref name="arm"/> (ascending indices).</summary>
    public VBuffer<float> Vector(Arm arm, int i)
    {
        int offset = arm.Hashed ? _buckets : 0;
        var (hi, hv) = arm.Hashed ? _hashed[i] : ([], []);
        int e = arm.Embeddings is null ? 0 : Embeddings.Dimension;
        var idx = new int[hi.Length + e];
        var val = new float[hi.Length + e];
        hi.CopyTo(idx, 0);
        hv.CopyTo(val, 0);
        for (int d = 0; d < e; d++)
        {
            idx[hi.Length + d] = offset + d;
            val[hi.Length + d] = arm.Alpha * arm.Embeddings![i][d];
        }
        return new VBuffer<float>(Length(arm), idx.Length, val, idx);
    }

    private sealed class Row
    {
        public string Label { get; set; } = "";
        public VBuffer<float> Features { get; set; }
    }

    /// <summary>A fitted arm: per-class weights in key order, biases, and the key order's stances.</summary>
    public sealed record Fitted(float[][] Weights, float[] Biases, Stance[] KeyStances);

    /// <summary>Fits the trainer on the records at <paramref name="train"/>.</summary>
    public Fitted Fit(Arm arm, IEnumerable<int> train, TrainerOptions spec)
    {
        var trainer = new StanceTrainer(); // fresh MLContext(seed 1) per fit: every fit is reproducible on its own
        var ml = trainer.Context;
        var rows = train.Select(i => new Row { Label = _records[i].Label.ToWireName(), Features = Vector(arm, i) }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Length(arm));
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data).Transform(data);
        var model = trainer.CreateTrainer(spec).Fit(keyed).Model;
        var labels = StanceTrainer.LabelNames(keyed.Schema["Label"]);
        return Export(model, labels, Length(arm));
    }

    private static Fitted Export(MaximumEntropyModelParameters model, string[] labels, int length)
    {
        VBuffer<float>[] perClass = null!;
        model.GetWeights(ref perClass, out int classes);
        if (classes != 3) throw new InvalidOperationException($"Expected 3 classes, got {classes}.");
        var weights = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            weights[c] = new float[length];
            perClass[c].CopyTo(weights[c]);
        }
        return new Fitted(weights, model.GetBiases().ToArray(), labels.Select(StanceNames.Parse).ToArray());
    }

    /// <summary>Trains on <paramref name="train"/> and evaluates on <paramref name="test"/>.</summary>
    public StanceEvaluation TrainTest(Arm arm, IReadOnlyList<int> train, IReadOnlyList<int> test, TrainerOptions spec)
    {
        var fitted = Fit(arm, train, spec);
        var eval = new StanceEvaluation();
        foreach (int i in test)
        {
            var (pred, scores) = Score(fitted, arm, i);
            eval.Add(_records[i].Label, pred, scores);
        }
        return eval;
    }

    /// <summary>Scores record <paramref name="i"/>: probabilities in <see cref="Stance"/> order and the argmax.</summary>
    public (Stance Predicted, StanceScores Scores) Score(Fitted f, Arm arm, int i)
    {
        var x = Vector(arm, i);
        var idx = x.GetIndices();
        var val = x.GetValues();
        Span<double> logits = stackalloc double[3];
        for (int c = 0; c < 3; c++)
        {
            double l = f.Biases[c];
            var w = f.Weights[c];
            if (x.IsDense) // an embeddings-only vector has every index: VBuffer keeps it dense, without indices
                for (int k = 0; k < val.Length; k++) l += val[k] * w[k];
            else
                for (int k = 0; k < idx.Length; k++) l += val[k] * w[idx[k]];
            logits[c] = l;
        }
        double max = Math.Max(logits[0], Math.Max(logits[1], logits[2]));
        double z = Math.Exp(logits[0] - max) + Math.Exp(logits[1] - max) + Math.Exp(logits[2] - max);
        Span<float> p = stackalloc float[3];
        for (int c = 0; c < 3; c++) p[(int)f.KeyStances[c]] = (float)(Math.Exp(logits[c] - max) / z);
        var scores = StanceScores.FromSpan(p);
        return (scores.Best, scores);
    }

    /// <summary>Pooled out-of-fold evaluation of an arm over the records at <paramref name="pool"/> under a fold assignment.</summary>
    public StanceEvaluation CrossValidate(Arm arm, IReadOnlyList<int> pool, Func<StanceRecord, int> fold, int folds, TrainerOptions spec)
    {
        var eval = new StanceEvaluation();
        for (int f = 0; f < folds; f++)
        {
            var train = pool.Where(i => fold(_records[i]) != f).ToList();
            var test = pool.Where(i => fold(_records[i]) == f).ToList();
            if (train.Count == 0 || test.Count == 0) continue;
            var fitted = Fit(arm, train, spec);
            foreach (int i in test)
            {
                var (pred, scores) = Score(fitted, arm, i);
                eval.Add(_records[i].Label, pred, scores);
            }
        }
        return eval;
    }
}
