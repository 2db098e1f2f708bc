using Microsoft.ML;
using System.Globalization;

namespace StanceKit.ML;

/// <summary>A candidate of model selection: a feature recipe and the trainer options to fit it with.</summary>
public sealed class TrainingCandidate
{
    /// <summary>Creates a candidate.</summary>
    /// <param name="name">Short name for reports.</param>
    /// <param name="recipe">The feature recipe.</param>
    /// <param name="trainer">The trainer and its hyperparameters.</param>
    public TrainingCandidate(string name, FeatureRecipe recipe, TrainerOptions trainer)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(trainer);
        Name = name;
        Recipe = recipe;
        Trainer = trainer;
    }

    /// <summary>Short name for reports.</summary>
    public string Name { get; }

    /// <summary>The feature recipe.</summary>
    public FeatureRecipe Recipe { get; }

    /// <summary>The trainer and its hyperparameters.</summary>
    public TrainerOptions Trainer { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Recipe}; {Trainer}";
}

/// <summary>Options of <see cref="StanceTraining.Run"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Training corpus (file or folder of JSONL); the test split folder is excluded.</summary>
    public required string DataPath { get; init; }
    /// <summary>Test split (file or folder), written separately and never used for choices; optional.</summary>
    public string? TestPath { get; init; }
    /// <summary>Output folder for the model and its card.</summary>
    public required string OutputPath { get; init; }
    /// <summary>Model name written into the file and card.</summary>
    public string ModelName { get; init; } = "stancekit-default";
    /// <summary>Model version.</summary>
    public string ModelVersion { get; init; } = "1";
    /// <summary>Configurations to compare by grouped CV; the best one ships. Default: <see cref="StanceTraining.DefaultGrid"/>.</summary>
    public IReadOnlyList<TrainingCandidate>? Grid { get; init; }
    /// <summary>Number of cross-validation folds.</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Share of story groups held out as dev (for calibration).</summary>
    public double DevShare { get; init; } = 0.15;
    /// <summary>The command line that reproduces the run (written to the card).</summary>
    internal string? Command { get; init; }
    /// <summary>
    /// Selection and calibration set (file or folder), e.g. a realistic dev split: when given, the configuration is the
    /// best by macro-F1 on it (each fitted on the whole training corpus; grouped CV is still run and printed), the model is
    /// fitted on train+dev and its temperature on this set. When null, selection is by grouped CV and calibration on dev.
    /// </summary>
    public string? SelectPath { get; init; }
    /// <summary>More test sets (files or folders) scored once each, beside <see cref="TestPath"/>; never used for choices.</summary>
    public IReadOnlyList<string>? ExtraTestPaths { get; init; }
}

/// <summary>Model selection by grouped cross-validation, calibration on dev, test evaluation, export and model card.</summary>
/// <remarks>
/// Every method takes a <see cref="CancellationToken"/>; a cancelled call throws <see cref="OperationCanceledException"/>
/// carrying that token. Our own loops check it before every sentence (featurizing, scoring, calibrating) and between
/// configurations and folds; ML.NET fits stop within one row read (see <see cref="StanceTrainer"/>).
/// </remarks>
public static class StanceTraining
{
    /// <summary>The configurations compared by default.</summary>
    public static IReadOnlyList<TrainingCandidate> DefaultGrid { get; } = BuildDefaultGrid();

    private static List<TrainingCandidate> BuildDefaultGrid()
    {
        // Hyperparameters first, then one ablation per feature family so the card shows what each adds.
        var full = new FeatureRecipe();
        var lbfgs = new TrainerOptions { Algorithm = "lbfgs", L2 = 0.1f, Iterations = 100 };
        return
        [
            new("lbfgs-l2=0.1", full, lbfgs),
            new("lbfgs-l2=0.03", full, lbfgs with { L2 = 0.03f }),
            new("lbfgs-l2=0.3", full, lbfgs with { L2 = 0.3f }),
            new("sdca-l2=1e-4", full, new TrainerOptions { Algorithm = "sdca", L2 = 1e-4f, Iterations = 30 }),
            new("no-actor-cue-pairs", full with { ActorCuePairs = false }, lbfgs),
            new("no-cue-classes", full with { CueClasses = false, ActorCuePairs = false }, lbfgs),
            new("no-target-classes", full with { TargetClasses = false, ActorCuePairs = false }, lbfgs),
            new("names-kept", full with { AbstractUnknownNames = false }, lbfgs),
            new("word-trigrams", full with { WordNgrams = 3 }, lbfgs),
            new("char-3-5-grams", full with { CharNgramMin = 3, CharNgramMax = 5 }, lbfgs),
            // v2 ablations (issue 12): the speaker/structure families together and one by one, and v1 itself.
            new("no-speaker-families", full with { SpeakerFeatures = false, TargetRoleFeatures = false, ClauseFeatures = false, NarratorFeatures = false }, lbfgs),
            new("no-speaker", full with { SpeakerFeatures = false }, lbfgs),
            new("no-target-role", full with { TargetRoleFeatures = false }, lbfgs),
            new("no-clause", full with { ClauseFeatures = false }, lbfgs),
            new("no-narrator", full with { NarratorFeatures = false }, lbfgs),
            new("no-extended-cues", full with { ExtendedCues = false }, lbfgs),
            new("no-datelines", full with { Datelines = false }, lbfgs),
            new("v1-features", full.WithoutV2(), lbfgs),
            new("with-normalisation", full with { FoldSpelling = true, DateClasses = true, ActorRoles = true }, lbfgs),
            new("with-parse", full with { ParseStructure = true }, lbfgs),
            new("with-parse-and-normalisation", full with { ParseStructure = true, FoldSpelling = true, DateClasses = true, ActorRoles = true }, lbfgs),
            // Vocabulary families (issue 16, branch stance3): unseen words of real news meet their seen inflection or their
            // cluster. With the shipped configuration's trainer (l2=0.03), so the comparison with it is one change.
            new("fold-inflections", full with { FoldInflections = true }, lbfgs with { L2 = 0.03f }),
            new("word-clusters", full with { WordClusterFeatures = true }, lbfgs with { L2 = 0.03f }),
            new("fold-inflections-and-clusters", full with { FoldInflections = true, WordClusterFeatures = true }, lbfgs with { L2 = 0.03f }),
            new("cluster-cues", full with { ClusterCues = true }, lbfgs with { L2 = 0.03f }),
            new("fold-inflections-and-cluster-cues", full with { FoldInflections = true, ClusterCues = true }, lbfgs with { L2 = 0.03f }),
            new("fold-inflections-and-parse", full with { FoldInflections = true, ParseStructure = true }, lbfgs with { L2 = 0.03f }),
            new("word-clusters-and-parse", full with { WordClusterFeatures = true, ParseStructure = true }, lbfgs with { L2 = 0.03f }),
            // Speaker finding revised on real news (issue 16, branch speaker-s6): the shipped v4 recipe with the one switch.
            new("speaker-v2", full with { SpeakerV2 = true }, lbfgs with { L2 = 0.03f }),
        ];
    }

    /// <summary>Result of cross-validating one configuration.</summary>
    public sealed class CvResult
    {
        /// <summary>Creates a <see cref="CvResult"/>.</summary>
        /// <param name="config">The configuration.</param>
        /// <param name="groupedMacroF1">Macro-F1 of the grouped (leave-actor-out) folds.</param>
        /// <param name="randomMacroF1">Macro-F1 of the random folds.</param>
        /// <param name="grouped">The pooled evaluation of the grouped folds.</param>
        /// <param name="random">The pooled evaluation of the random folds.</param>
        public CvResult(TrainingCandidate config, double groupedMacroF1, double randomMacroF1, StanceEvaluation grouped, StanceEvaluation random)
        {
            ArgumentNullException.ThrowIfNull(config);
            ArgumentNullException.ThrowIfNull(grouped);
            ArgumentNullException.ThrowIfNull(random);
            Candidate = config;
            GroupedMacroF1 = groupedMacroF1;
            RandomMacroF1 = randomMacroF1;
            Grouped = grouped;
            Random = random;
        }

        /// <summary>The configuration.</summary>
        public TrainingCandidate Candidate { get; }

        /// <summary>Macro-F1 of the grouped (leave-actor-out) folds.</summary>
        public double GroupedMacroF1 { get; }

        /// <summary>Macro-F1 of the random folds.</summary>
        public double RandomMacroF1 { get; }

        /// <summary>The pooled evaluation of the grouped folds.</summary>
        public StanceEvaluation Grouped { get; }

        /// <summary>The pooled evaluation of the random folds.</summary>
        public StanceEvaluation Random { get; }

        /// <summary>Macro-F1 on the selection set of the configuration fitted on the whole corpus (NaN without a selection set).</summary>
        public double SelectMacroF1 { get; init; } = double.NaN;
    }

    private static IReadOnlyList<StanceRecord> LoadOptional(string? path)
        => path is not null && (File.Exists(path) || Directory.Exists(path)) ? StanceCorpus.Load(path)
            : path is null ? [] : throw new FileNotFoundException($"Selection set not found: {path}", path);

    /// <summary>Leave-actor-out folds: every target's sentences fall in one fold.</summary>
    internal static int GroupedFold(StanceRecord r, int folds) => (int)(StanceCorpus.GroupUnit(r.Target, 0xA11CE) * folds);

    /// <summary>Random folds by sentence (the optimistic yardstick).</summary>
    internal static int RandomFold(StanceRecord r, int folds) => (int)(StanceCorpus.GroupUnit(r.Id, 0xBEEF) * folds);

    /// <summary>Cross-validates a configuration with a fold assignment; returns pooled out-of-fold metrics.</summary>
    /// <param name="records">The labelled sentences.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="fold">The fold of a record, in [0, <paramref name="folds"/>).</param>
    /// <param name="folds">The number of folds.</param>
    /// <param name="cancellationToken">Checked before every fold and every sentence; stops a running fit.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StanceEvaluation CrossValidate(IReadOnlyList<StanceRecord> records, TrainingCandidate config, Func<StanceRecord, int> fold, int folds, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var eval = new StanceEvaluation();
        var trainer = new StanceTrainer();
        Span<float> p = stackalloc float[3];
        for (int f = 0; f < folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainIdx = new HashSet<int>(Enumerable.Range(0, records.Count).Where(i => fold(records[i]) != f));
            var test = Enumerable.Range(0, records.Count).Where(i => fold(records[i]) == f).ToList();
            if (test.Count == 0 || trainIdx.Count == 0) continue;
            var train = trainer.Featurize(trainIdx.Select(i => records[i]), config.Recipe, cancellationToken);
            var model = trainer.Fit(train, config.Recipe, config.Trainer, cancellationToken: cancellationToken);
            var clf = new StanceClassifier(model);
            foreach (int i in test)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = clf.Score(records[i].Text, p, records[i].Target);
                eval.Add(records[i].Label, s, StanceScores.FromSpan(p));
            }
        }
        return eval;
    }

    /// <summary>
    /// Fits a speaker calibration (docs/stance-model.md, "Speaker calibration"): log-odds offsets for all sentences and for
    /// each class of a sentence's main speaker, added to the logits at <paramref name="temperature"/>, that minimise the
    /// log-loss on <paramref name="records"/> plus an L2 penalty on the speaker offsets (a class with few sentences stays
    /// near 0). Full-batch gradient descent from zero, a fixed number of steps: the same records give the same offsets.
    /// </summary>
    /// <param name="classifier">The classifier of the model (its own temperature and offsets are not used).</param>
    /// <param name="records">Labelled sentences of the kind of text the model will read, each scored alone.</param>
    /// <param name="temperature">The temperature the offsets are fitted at (the one the calibrated model will carry).</param>
    /// <param name="l2">The penalty on the speaker offsets, in sentences (5: a class needs tens of sentences to move).</param>
    /// <param name="cancellationToken">Checked before every sentence.</param>
    /// <returns>The offsets in the order of the model metadata entry (all, then each speaker class; each in <see cref="Stance"/> order).</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static float[] FitSpeakerOffsets(StanceClassifier classifier, IReadOnlyList<StanceRecord> records, float temperature, double l2 = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(records);
        if (!(temperature > 0) || !float.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature));
        if (!(l2 >= 0) || !double.IsFinite(l2)) throw new ArgumentOutOfRangeException(nameof(l2));
        const int C = StanceNames.Count;
        var logits = new double[records.Count * C];
        var group = new int[records.Count];
        var gold = new int[records.Count];
        Span<double> l = stackalloc double[C];
        for (int i = 0; i < records.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            group[i] = 1 + (int)classifier.RawLogits(records[i].Text, records[i].Target, l);
            for (int c = 0; c < C; c++) logits[i * C + c] = l[c] / temperature;
            gold[i] = (int)records[i].Label;
        }
        var offsets = new double[SpeakerCalibration.Length];
        var gradient = new double[SpeakerCalibration.Length];
        int n = Math.Max(1, records.Count);
        const int Steps = 400;
        const double Rate = 0.5;
        Span<double> z = stackalloc double[C];
        for (int step = 0; step < Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(gradient);
            for (int i = 0; i < records.Count; i++)
            {
                int g = group[i];
                double max = double.NegativeInfinity;
                for (int c = 0; c < C; c++) { z[c] = logits[i * C + c] + offsets[c] + offsets[g * C + c]; max = Math.Max(max, z[c]); }
                double sum = 0;
                for (int c = 0; c < C; c++) { z[c] = Math.Exp(z[c] - max); sum += z[c]; }
                for (int c = 0; c < C; c++)
                {
                    double residual = (c == gold[i] ? 1 : 0) - z[c] / sum;
                    gradient[c] += residual;
                    gradient[g * C + c] += residual;
                }
            }
            for (int k = 0; k < offsets.Length; k++)
            {
                double penalty = k < C ? 0 : l2 * offsets[k];
                offsets[k] += Rate * (gradient[k] - penalty) / n;
            }
        }
        var result = new float[offsets.Length];
        for (int k = 0; k < result.Length; k++) result[k] = (float)offsets[k];
        return result;
    }

    /// <summary>Fits the softmax temperature that minimises log-loss on <paramref name="dev"/>.</summary>
    /// <param name="uncalibrated">The classifier to calibrate.</param>
    /// <param name="dev">The development sentences.</param>
    /// <param name="cancellationToken">Checked before every sentence.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static float FitTemperature(StanceClassifier uncalibrated, IReadOnlyList<StanceRecord> dev, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var logits = new List<(float[] L, int Gold)>();
        Span<float> p = stackalloc float[3];
        foreach (var r in dev)
        {
            cancellationToken.ThrowIfCancellationRequested();
            uncalibrated.ScoreUncalibrated(r.Text, p, r.Target);
            logits.Add(([MathF.Log(Math.Max(p[0], 1e-30f)), MathF.Log(Math.Max(p[1], 1e-30f)), MathF.Log(Math.Max(p[2], 1e-30f))], (int)r.Label));
        }
        float best = 1f;
        double bestLoss = double.MaxValue;
        for (float t = 0.25f; t <= 6f + 1e-6f; t += 0.05f)
        {
            double loss = 0;
            foreach (var (l, g) in logits)
            {
                double m = Math.Max(l[0], Math.Max(l[1], l[2])) / t;
                double z = Math.Exp(l[0] / t - m) + Math.Exp(l[1] / t - m) + Math.Exp(l[2] / t - m);
                loss -= l[g] / t - m - Math.Log(z);
            }
            if (loss < bestLoss) { bestLoss = loss; best = MathF.Round(t, 2); }
        }
        return best;
    }

    /// <summary>Evaluates a classifier on records (each with its own target).</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="records">The labelled sentences.</param>
    /// <param name="useGoldTarget">Score against each record's target (true) or the target inferred per sentence (false).</param>
    /// <param name="cancellationToken">Checked before every sentence.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StanceEvaluation Evaluate(StanceClassifier classifier, IEnumerable<StanceRecord> records, bool useGoldTarget = true, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var eval = new StanceEvaluation();
        Span<float> p = stackalloc float[3];
        foreach (var r in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var s = classifier.Score(r.Text, p, useGoldTarget ? classifier.ResolveTarget(r.Target) : null);
            eval.Add(r.Label, s, StanceScores.FromSpan(p));
        }
        return eval;
    }

    /// <summary>
    /// The standard ML.NET recipe a .NET developer would write instead (FeaturizeText →
    /// SdcaMaximumEntropy with defaults but one thread), trained on <paramref name="train"/>, scored on <paramref name="test"/>.
    /// </summary>
    /// <param name="train">The training sentences.</param>
    /// <param name="test">The test sentences.</param>
    /// <param name="cancellationToken">Stops the fit within one row read; checked before every test sentence.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StanceEvaluation EvaluateBaselineRecipe(IReadOnlyList<StanceRecord> train, IReadOnlyList<StanceRecord> test, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(train.Select(r => new StanceTrainer.PipelineRow { Text = r.Text, Target = r.Target, Label = r.Label.ToWireName() }).ToList());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(StanceTrainer.PipelineRow.Text)))
            // Defaults except the thread count: left unset, SDCA runs ProcessorCount/2 threads with unordered (lock-free)
            // updates, so this score changed from run to run and from machine to machine, and with it card.json and the model's metadata.
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var fitted = TrainingCancellation.Run(() => pipeline.Fit(TrainingCancellation.Watch(data, cancellationToken)), cancellationToken);
        var engine = ml.Model.CreatePredictionEngine<StanceTrainer.PipelineRow, StanceTrainer.PipelinePrediction>(fitted);
        var eval = new StanceEvaluation();
        foreach (var r in test)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = engine.Predict(new StanceTrainer.PipelineRow { Text = r.Text });
            // Scores come in key order: the wire names sorted ordinally.
            var scores = new StanceScores(p.Score[1], p.Score[2], p.Score[0]);
            eval.Add(r.Label, StanceNames.Parse(p.PredictedLabel), scores);
        }
        return eval;
    }

    /// <summary>Runs model selection, trains the chosen model, calibrates, evaluates and writes model + card.</summary>
    /// <param name="options">What to train on and where to write.</param>
    /// <param name="log">Progress: one line per configuration, then calibration and test results.</param>
    /// <param name="cancellationToken">
    /// Checked before every configuration, fold and sentence, and on every row an ML.NET fit reads. Nothing is
    /// written until everything (model and card) has been computed and the token checked a last time, so a cancelled
    /// run leaves the output folder as it was; once writing has started the run is no longer cancelled. The model is
    /// written to a temporary file and renamed.
    /// </param>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing was written.</exception>
    public static StanceModel Run(TrainingOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        cancellationToken.ThrowIfCancellationRequested();
        var ci = CultureInfo.InvariantCulture;
        var all = StanceCorpus.Load(options.DataPath);
        var testFull = options.TestPath is not null && (File.Exists(options.TestPath) || Directory.Exists(options.TestPath)) ? Path.GetFullPath(options.TestPath) : null;
        var test = testFull is null ? [] : StanceCorpus.Load(testFull);
        // The selection set and extra test sets (issue 12): records in them never train the model.
        var select = LoadOptional(options.SelectPath);
        var extraTests = (options.ExtraTestPaths ?? []).Select(p => (Name: p, Records: StanceCorpus.Load(p))).ToList();
        var testIds = new HashSet<string>(test.Select(t => t.Id).Concat(select.Select(t => t.Id)).Concat(extraTests.SelectMany(t => t.Records).Select(t => t.Id)), StringComparer.Ordinal);
        var corpus = all.Where(r => !testIds.Contains(r.Id)).ToList();
        var dev = corpus.Where(r => StanceCorpus.GroupUnit(r.Group, 0xDE7) < options.DevShare).ToList();
        var train = corpus.Where(r => StanceCorpus.GroupUnit(r.Group, 0xDE7) >= options.DevShare).ToList();
        log.WriteLine(FormattableString.Invariant($"corpus {corpus.Count} sentences ({train.Count} train, {dev.Count} dev, {test.Count} test), {corpus.Select(r => r.Target).Distinct().Count()} targets, {corpus.Select(r => r.Group).Distinct().Count()} groups"));
        if (select.Count > 0) log.WriteLine(FormattableString.Invariant($"selection/calibration set {options.SelectPath}: {select.Count} sentences"));

        if (options.Folds < 2 && select.Count == 0) throw new ArgumentException("Without a selection set, model selection needs cross-validation (Folds >= 2).", nameof(options));
        var grid = options.Grid ?? DefaultGrid;
        // Every configuration by grouped CV (the selection criterion without a selection set); random CV, the optimistic
        // yardstick, only for the chosen one, to halve the run time.
        var grouped = new List<(TrainingCandidate Candidate, StanceEvaluation Eval)>();
        var trainer = new StanceTrainer();
        var selectFits = new Dictionary<TrainingCandidate, (StanceModel Model, StanceEvaluation Eval)>();
        foreach (var config in grid)
        {
            // Folds below 2 skip cross-validation (quick experiments with a selection set).
            var g = options.Folds >= 2 ? CrossValidate(corpus, config, r => GroupedFold(r, options.Folds), options.Folds, cancellationToken) : new StanceEvaluation();
            grouped.Add((config, g));
            if (select.Count > 0)
            {
                // With a selection set every configuration is fitted on the whole corpus and scored there (uncalibrated:
                // the temperature does not change a label).
                var fit = trainer.Fit(corpus, config.Recipe, config.Trainer, cancellationToken: cancellationToken);
                var e = Evaluate(new StanceClassifier(fit), select, cancellationToken: cancellationToken);
                selectFits[config] = (fit, e);
                log.WriteLine(FormattableString.Invariant($"  {config.Name,-24} grouped-CV macro-F1 {(options.Folds >= 2 ? g.MacroF1.ToString("F4", ci) : "skipped")}  selection-set macro-F1 {e.MacroF1:F4}"));
            }
            else log.WriteLine(FormattableString.Invariant($"  {config.Name,-24} grouped-CV macro-F1 {g.MacroF1:F4}"));
        }
        var (bestConfig, bestGrouped) = select.Count > 0
            ? grouped.OrderByDescending(x => selectFits[x.Candidate].Eval.MacroF1).First()
            : grouped.OrderByDescending(x => x.Eval.MacroF1).First();
        var random = options.Folds >= 2 ? CrossValidate(corpus, bestConfig, r => RandomFold(r, options.Folds), options.Folds, cancellationToken) : new StanceEvaluation();
        log.WriteLine(FormattableString.Invariant($"chosen by {(select.Count > 0 ? "selection-set macro-F1" : "grouped CV")}: {bestConfig.Name} (grouped-CV macro-F1 {bestGrouped.MacroF1:F4}, random-CV macro-F1 {random.MacroF1:F4})"));
        var best = new CvResult(bestConfig, bestGrouped.MacroF1, random.MacroF1, bestGrouped, random) { SelectMacroF1 = select.Count > 0 ? selectFits[bestConfig].Eval.MacroF1 : double.NaN };
        var results = grouped.Select(x => x.Candidate == bestConfig ? best
            : new CvResult(x.Candidate, x.Eval.MacroF1, double.NaN, x.Eval, new StanceEvaluation()) { SelectMacroF1 = select.Count > 0 ? selectFits[x.Candidate].Eval.MacroF1 : double.NaN }).ToList();

        // Without a selection set: fit on train, calibrate on dev. With one: the chosen fit on train+dev, calibrated there.
        var calibrationSet = select.Count > 0 ? select : dev;
        var raw = select.Count > 0 ? selectFits[bestConfig].Model : trainer.Fit(train, best.Candidate.Recipe, best.Candidate.Trainer, cancellationToken: cancellationToken);
        var rawClf = new StanceClassifier(raw);
        float temperature = FitTemperature(rawClf, calibrationSet, cancellationToken);
        var devBefore = Evaluate(rawClf, calibrationSet, cancellationToken: cancellationToken);
        var calibrated = raw.With(temperature);
        var calClf = new StanceClassifier(calibrated);
        var devAfter = Evaluate(calClf, calibrationSet, cancellationToken: cancellationToken);
        // The temperature minimises log-loss on the calibration set, which can still make its ECE worse (small or
        // skewed sets); a calibration that calibrates worse is not applied.
        if (devAfter.ExpectedCalibrationError > devBefore.ExpectedCalibrationError)
        {
            log.WriteLine(FormattableString.Invariant($"temperature {temperature:F2} would raise {(select.Count > 0 ? "selection-set" : "dev")} ECE {devBefore.ExpectedCalibrationError:F4} -> {devAfter.ExpectedCalibrationError:F4}: not applied (temperature 1)"));
            temperature = 1f;
            calibrated = raw.With(temperature);
            calClf = new StanceClassifier(calibrated);
            devAfter = devBefore;
        }
        log.WriteLine(FormattableString.Invariant($"temperature {temperature:F2}: {(select.Count > 0 ? "selection-set" : "dev")} ECE {devBefore.ExpectedCalibrationError:F4} -> {devAfter.ExpectedCalibrationError:F4}, macro-F1 {devAfter.MacroF1:F4}"));
        var extraEvals = new List<(string Name, IReadOnlyList<StanceRecord> Records, StanceEvaluation Eval)>();
        foreach (var (name, records) in extraTests)
        {
            var e = Evaluate(calClf, records, cancellationToken: cancellationToken);
            extraEvals.Add((name, records, e));
            log.WriteLine(FormattableString.Invariant($"test set {name}: {records.Count} sentences, macro-F1 {e.MacroF1:F4}, accuracy {e.Accuracy:F4}, ECE {e.ExpectedCalibrationError:F4}"));
            log.WriteLine(e.ToReport());
        }
        StanceEvaluation? testEval = test.Count > 0 ? Evaluate(calClf, test, cancellationToken: cancellationToken) : null;
        StanceEvaluation? testInferred = test.Count > 0 ? Evaluate(calClf, test, useGoldTarget: false, cancellationToken) : null;
        StanceEvaluation? baseline = test.Count > 0 ? EvaluateBaselineRecipe(train, test, cancellationToken) : null;
        if (testEval is not null)
        {
            log.WriteLine(FormattableString.Invariant($"test macro-F1 {testEval.MacroF1:F4} (gold target), {testInferred!.MacroF1:F4} (target inferred per sentence); ML.NET FeaturizeText+SDCA recipe {baseline!.MacroF1:F4}"));
            log.WriteLine(testEval.ToReport());
        }

        var meta = new Dictionary<string, string>
        {
            ["name"] = options.ModelName,
            ["version"] = options.ModelVersion,
            ["trainer"] = best.Candidate.Trainer.ToString(),
            ["data-sha256"] = StanceCorpus.Hash(options.DataPath),
            ["grouped-cv-macro-f1"] = best.GroupedMacroF1.ToString("F4", ci),
            ["random-cv-macro-f1"] = best.RandomMacroF1.ToString("F4", ci),
            ["dev-macro-f1"] = devAfter.MacroF1.ToString("F4", ci),
        };
        if (testEval is not null) meta["test-macro-f1"] = testEval.MacroF1.ToString("F4", ci);
        if (baseline is not null) meta["baseline-recipe-test-macro-f1"] = baseline.MacroF1.ToString("F4", ci);
        if (select.Count > 0) meta["selection-macro-f1"] = devAfter.MacroF1.ToString("F4", ci);
        foreach (var (name, _, e) in extraEvals) meta["test-macro-f1:" + Path.GetFileName(name)] = e.MacroF1.ToString("F4", ci);
        var model = calibrated.With(temperature, meta);
        var run = new ModelCardRun(options, model, best, results, devBefore, devAfter, testEval, testInferred, baseline, corpus, train, dev, test, select, extraEvals);
        var cardJson = ModelCardWriter.Json(run);
        var cardMarkdown = ModelCardWriter.Markdown(run, cancellationToken);

        // The last check: from here on the model and its card are written whole (each through a temporary file).
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(options.OutputPath);
        model.Save(Path.Combine(options.OutputPath, "stance.skm"));
        StanceKit.Internal.AtomicFile.WriteAllText(Path.Combine(options.OutputPath, "card.json"), cardJson);
        StanceKit.Internal.AtomicFile.WriteAllText(Path.Combine(options.OutputPath, "card.md"), cardMarkdown);
        return model;
    }
}
