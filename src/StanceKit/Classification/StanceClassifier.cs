using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StanceKit;

/// <summary>
/// Scores sentences with a linear stance model. Immutable and thread safe: one instance
/// serves all threads. The span overloads allocate nothing after warm-up.
/// </summary>
public sealed class StanceClassifier : StanceScorer
{
    private readonly StanceFeaturizer _featurizer;
    private readonly float[] _weights;
    private readonly float[] _biases;
    private readonly float _invTemperature;
    private readonly float[]? _speakerOffsets;

    /// <summary>The model this classifier scores with.</summary>
    public StanceModel Model { get; }

    private static readonly Lazy<StanceClassifier> s_default = new(() => new StanceClassifier(StanceModel.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a classifier over a model, with the embedded gazetteer unless another is given.</summary>
    /// <exception cref="InvalidModelException">The model reads the dependency parse and records that it was trained with
    /// another parser than the one this StanceKit embeds (retrain it with this version).</exception>
    public StanceClassifier(StanceModel model, Gazetteer? gazetteer = null) : base(gazetteer ?? Gazetteer.Default)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckParser(model);
        Model = model;
        _featurizer = new StanceFeaturizer(model.Recipe, gazetteer ?? Gazetteer.Default);
        _weights = model.WeightArray;
        _biases = model.BiasArray;
        _invTemperature = 1f / model.Temperature;
        _speakerOffsets = model.SpeakerOffsets;
    }

    /// <summary>The metadata key under which a model whose features read the parse records its parser's fingerprint.</summary>
    internal const string ParserFingerprintKey = "parser-fingerprint";

    // A model whose features read the dependency parse learnt its weights on one parser's output; the embedded parser of
    // another StanceKit version tags and attaches words differently, and the model would lose accuracy without any
    // sign (measured once: 1.5 points on our article set). Models that record no fingerprint (written before it was
    // recorded) are trusted as before.
    private static void CheckParser(StanceModel model)
    {
        if (!model.Recipe.ParseStructure || !model.Metadata.TryGetValue(ParserFingerprintKey, out var trained)) return;
        var current = DependencyParser.Default.Fingerprint;
        if (!string.Equals(trained, current, StringComparison.Ordinal))
            throw new InvalidModelException(
                $"The model '{model.Name}' reads the dependency parse and was trained with parser {trained}; this StanceKit embeds parser {current}, " +
                "which parses differently. Retrain the model with this version (stancekit train), or use the StanceKit version it was trained with.");
    }

    /// <summary>The classifier over the embedded default model (loaded once, on first use; shared).</summary>
    public static StanceClassifier Default => s_default.Value;

    internal StanceFeaturizer Featurizer => _featurizer;

    /// <inheritdoc />
    public override string ModelName => Model.Name;

    /// <inheritdoc />
    public override string ModelVersion => Model.Version;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> ModelMetadata => Model.Metadata;

    /// <summary>The linear model's scores: allocation-free after warm-up.</summary>
    protected override Stance ScoreCore(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, DocumentContext context, out string? usedTarget)
        => ScoreCore(sentence, probabilities, target, _invTemperature, out usedTarget, context.Entities, context.Tokens, context.Carry);

    /// <summary>Scores without calibration (temperature 1): the raw softmax of the linear model, as ML.NET computes it.</summary>
    public Stance ScoreUncalibrated(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target = null)
        => ScoreCore(sentence, probabilities, target, 1f, out _);

    private Stance ScoreCore(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, float invTemperature, out string? usedTarget, ReadOnlySpan<KnownEntity> known = default, SentenceTokens annotated = default, SpeakerCarry carry = default)
    {
        if (probabilities.Length < StanceNames.Count) ThrowHelper.ThrowProbabilitiesTooShort();
        var scratch = StanceFeaturizer.GetScratch();
        int d = _featurizer.Featurize(sentence, target, scratch, out usedTarget, null, known, annotated, carry);
        float l0 = _biases[0], l1 = _biases[1], l2 = _biases[2];
        var idx = scratch.Indices;
        var val = scratch.Values;
        // Without bounds checks: every index is a bucket (hash & (Buckets - 1)), the model holds Buckets × 3 weights
        // (checked when it is built), and d is at most the scratch length. Same products, summed in the same order.
        ref float w0 = ref MemoryMarshal.GetArrayDataReference(_weights);
        var indices = idx.AsSpan(0, d);
        var values = val.AsSpan(0, d);
        for (int k = 0; k < indices.Length; k++)
        {
            Debug.Assert((uint)indices[k] < (uint)(_weights.Length / 3));
            ref float row = ref Unsafe.Add(ref w0, (nint)indices[k] * 3);
            float v = values[k];
            l0 += v * row;
            l1 += v * Unsafe.Add(ref row, 1);
            l2 += v * Unsafe.Add(ref row, 2);
        }
        float a = l0 * invTemperature, b = l1 * invTemperature, c = l2 * invTemperature;
        // The speaker calibration belongs to the calibrated scores only (ScoreUncalibrated is the raw softmax). Its class is
        // the sentence's own main speaker: the offsets are fitted on sentences read alone, and a speaker carried into a
        // sentence already adds its own features (on the real-news probe's dev part, offsets by the carried speaker too
        // scored 0.675 against 0.679).
        int speaker = -1;
        if (_speakerOffsets is not null && invTemperature == _invTemperature)
        {
            speaker = (int)scratch.OwnSpeaker;
            a += _speakerOffsets[speaker * 3];
            b += _speakerOffsets[speaker * 3 + 1];
            c += _speakerOffsets[speaker * 3 + 2];
        }
        if (float.IsFinite(a) && float.IsFinite(b) && float.IsFinite(c)) Softmax(a, b, c, probabilities);
        else SoftmaxOverflowed(idx, val, d, invTemperature, speaker, probabilities);
        return Argmax(probabilities);
    }

    /// <summary>
    /// The temperature-1 logits of a sentence (in <see cref="Stance"/> order) and the class of its main speaker, for
    /// fitting a calibration: no temperature, no offsets.
    /// </summary>
    internal SpeakerClass RawLogits(ReadOnlySpan<char> sentence, string? target, Span<double> logits)
    {
        var scratch = StanceFeaturizer.GetScratch();
        int d = _featurizer.Featurize(sentence, target, scratch, out _, null, default, default, default);
        (logits[0], logits[1], logits[2]) = DoubleLogits(scratch.Indices, scratch.Values, d);
        return scratch.OwnSpeaker;
    }

    /// <summary>The temperature-1 logits of featurized values, summed in double precision.</summary>
    private (double L0, double L1, double L2) DoubleLogits(int[] idx, float[] val, int d)
    {
        double l0 = _biases[0], l1 = _biases[1], l2 = _biases[2];
        for (int k = 0; k < d; k++)
        {
            int o = idx[k] * 3;
            double v = val[k];
            l0 += v * _weights[o];
            l1 += v * _weights[o + 1];
            l2 += v * _weights[o + 2];
        }
        return (l0, l1, l2);
    }

    /// <summary>
    /// The rare path of a model with extreme weights or temperature (the float logits overflowed): the logits again in
    /// double precision; if they are still not numbers (a NaN weight), all three stances are equally likely. Found by
    /// fuzzing model files: such a model used to give NaN probabilities.
    /// </summary>
    private void SoftmaxOverflowed(int[] idx, float[] val, int d, float invTemperature, int speaker, Span<float> p)
    {
        var (l0, l1, l2) = DoubleLogits(idx, val, d);
        double t = invTemperature == _invTemperature ? 1.0 / Model.Temperature : invTemperature;
        l0 *= t;
        l1 *= t;
        l2 *= t;
        if (speaker >= 0)
        {
            l0 += _speakerOffsets![speaker * 3];
            l1 += _speakerOffsets[speaker * 3 + 1];
            l2 += _speakerOffsets[speaker * 3 + 2];
        }
        double max = Math.Max(l0, Math.Max(l1, l2));
        if (!double.IsFinite(max) || double.IsNaN(l0 + l1 + l2))
        {
            if (double.IsPositiveInfinity(max) && !double.IsNaN(l0 + l1 + l2))
            {
                // Only the infinite logits share the probability.
                int n = (l0 == max ? 1 : 0) + (l1 == max ? 1 : 0) + (l2 == max ? 1 : 0);
                p[0] = l0 == max ? 1f / n : 0f;
                p[1] = l1 == max ? 1f / n : 0f;
                p[2] = l2 == max ? 1f / n : 0f;
                return;
            }
            p[0] = p[1] = p[2] = 1f / 3f;
            return;
        }
        double e0 = Math.Exp(l0 - max), e1 = Math.Exp(l1 - max), e2 = Math.Exp(l2 - max);
        double sum = e0 + e1 + e2;
        p[0] = (float)(e0 / sum);
        p[1] = (float)(e1 / sum);
        p[2] = (float)(e2 / sum);
    }

    internal static void Softmax(float l0, float l1, float l2, Span<float> p)
    {
        float max = MathF.Max(l0, MathF.Max(l1, l2));
        float e0 = MathF.Exp(l0 - max), e1 = MathF.Exp(l1 - max), e2 = MathF.Exp(l2 - max);
        float inv = 1f / (e0 + e1 + e2);
        p[0] = e0 * inv;
        p[1] = e1 * inv;
        p[2] = e2 * inv;
    }

    private static Stance Argmax(ReadOnlySpan<float> p)
    {
        var best = Stance.Neutral;
        if (p[1] > p[0]) best = Stance.StateFraming;
        if (p[2] > p[(int)best]) best = Stance.Critical;
        return best;
    }

    /// <summary>
    /// Scores many sentences on the calling thread; writes 3 probabilities per sentence into
    /// <paramref name="probabilities"/> (length ≥ 3 × count) and the stances into <paramref name="stances"/>.
    /// </summary>
    public void ScoreBatch(IReadOnlyList<string> sentences, Span<float> probabilities, Span<Stance> stances, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        CheckBatch(sentences.Count, probabilities.Length, stances.Length);
        var resolved = ResolveTarget(target);
        for (int i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i] ?? throw new ArgumentException($"Sentence {i} is null.", nameof(sentences));
            stances[i] = ScoreCore(s, probabilities.Slice(i * 3, 3), resolved, _invTemperature, out _);
        }
    }

    /// <summary>
    /// Scores many sentences on several threads; results are in input order, identical to
    /// <see cref="ScoreBatch"/>. Small inputs run on the calling thread.
    /// </summary>
    /// <param name="sentences">The sentences.</param>
    /// <param name="probabilities">Receives three probabilities per sentence, in <see cref="Stance"/> order.</param>
    /// <param name="stances">Receives the label of each sentence.</param>
    /// <param name="target">The target actor; <see langword="null"/> infers it per sentence.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads (at least 1); <see langword="null"/> uses every
    /// processor. <see cref="StanceAnalyzerOptions.MaxDegreeOfParallelism"/> is the same setting for the analyzer.</param>
    /// <param name="cancellationToken">Checked every 256 sentences.</param>
    public void ScoreBatchParallel(IReadOnlyList<string> sentences, float[] probabilities, Stance[] stances, string? target = null, int? maxDegreeOfParallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(stances);
        if (maxDegreeOfParallelism is { } limit) ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(maxDegreeOfParallelism));
        CheckBatch(sentences.Count, probabilities.Length, stances.Length);
        var resolved = ResolveTarget(target);
        int n = sentences.Count;
        int workers = Math.Min(maxDegreeOfParallelism ?? int.MaxValue, Environment.ProcessorCount);
        if (n < 2048 || workers == 1)
        {
            for (int i = 0; i < n; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = sentences[i] ?? throw new ArgumentException($"Sentence {i} is null.", nameof(sentences));
                stances[i] = ScoreCore(s, probabilities.AsSpan(i * 3, 3), resolved, _invTemperature, out _);
            }
            return;
        }
        // Contiguous chunks per worker keep each thread's writes on its own cache lines.
        int chunk = Math.Max(1024, (n + workers * 4 - 1) / (workers * 4));
        int chunks = (n + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers }, c =>
        {
            int end = Math.Min(n, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++)
            {
                if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                var s = sentences[i] ?? throw new ArgumentException($"Sentence {i} is null.", nameof(sentences));
                stances[i] = ScoreCore(s, probabilities.AsSpan(i * 3, 3), resolved, _invTemperature, out _);
            }
        });
    }

    private static void CheckBatch(int count, int probabilities, int stances)
    {
        if (probabilities < count * 3) throw new ArgumentException($"Need {count * 3} probabilities for {count} sentences.", nameof(probabilities));
        if (stances < count) throw new ArgumentException($"Need {count} stances.", nameof(stances));
    }

    /// <summary>
    /// The features that pushed the decision, with their contributions (allocates; not for the hot loop). Features made
    /// only of function words ("the", "has") are left out; cue features name the word that fired them.
    /// </summary>
    /// <param name="sentence">The sentence.</param>
    /// <param name="target">Target name or alias; null for the sentence's main state actor.</param>
    /// <param name="top">How many features to list each way.</param>
    public StanceExplanation Explain(string sentence, string? target = null, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var prediction = Predict(sentence, target);
        var trace = new List<(int Bucket, string Feature)>();
        var scratch = StanceFeaturizer.GetScratch();
        int d = _featurizer.Featurize(sentence, prediction.Target, scratch, out _, trace);
        var valueOf = new Dictionary<int, float>(d);
        for (int k = 0; k < d; k++) valueOf[scratch.Indices[k]] = scratch.Values[k];
        int c = (int)prediction.Stance;
        // One entry per bucket (its value is counted once), named by every readable feature that landed in it: the
        // same cue class fired by two words is one feature, "@accuse(accused) / @accuse(condemned)".
        var names = new Dictionary<int, List<string>>();
        var order = new List<int>();
        foreach (var (bucket, feature) in trace)
        {
            if (!ExplanationFeatures.IsReadableReason(feature)) continue;
            if (!names.TryGetValue(bucket, out var list)) { names[bucket] = list = []; order.Add(bucket); }
            if (!list.Contains(feature)) list.Add(feature);
        }
        var contributions = new List<FeatureContribution>();
        foreach (var bucket in order)
        {
            float v = valueOf[bucket];
            float own = _weights[bucket * 3 + c];
            float others = 0;
            for (int k = 0; k < 3; k++) if (k != c) others += _weights[bucket * 3 + k];
            contributions.Add(new FeatureContribution(string.Join(" / ", names[bucket]), v, v * (own - others / 2f)));
        }
        if (_speakerOffsets is not null)
        {
            // The speaker calibration pushes like one more feature; its offsets act after the temperature, so they are
            // scaled back by it to compare with the weights above.
            var speaker = scratch.OwnSpeaker;
            var offsets = _speakerOffsets.AsSpan((int)speaker * 3, 3);
            float others = 0;
            for (int k = 0; k < 3; k++) if (k != c) others += offsets[k];
            contributions.Add(new FeatureContribution($"calibration: speaker={SpeakerFinder.Name(speaker)}", 1f, Model.Temperature * (offsets[c] - others / 2f)));
        }
        var pro = contributions.Where(x => x.Contribution > 0).OrderByDescending(x => x.Contribution).Take(top).ToList();
        var con = contributions.Where(x => x.Contribution < 0).OrderBy(x => x.Contribution).Take(top).ToList();
        return new StanceExplanation(prediction, pro, con);
    }
}
