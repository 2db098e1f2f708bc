using System.Globalization;
using System.Text;
using System.Text.Json;
using StanceKit.ML;

namespace StanceKit.Cli;

/// <summary><c>stancekit train</c> and <c>evaluate</c>: the stance model's training and evaluation commands.</summary>
internal static partial class Commands
{
    private static int Train(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--quick", "--force" }, new HashSet<string> { "--data", "--test", "--out", "--name", "--version", "--grid", "--select", "--folds" });
        var data = a.Get("--data") ?? "data/stance";
        var tests = a.GetAll("--test");
        var test = tests.Count > 0 ? tests[0] : Path.Combine(data, "test");
        // Never the shipped model's folder by default: a user's first run must not replace it.
        var outDir = a.Get("--out") ?? "models/custom";
        if (!a.Has("--force") && File.Exists(Path.Combine(outDir, "stance.skm")))
            throw new BadPathException($"{outDir} already holds a model (stance.skm); choose another --out, or add --force to replace it.");
        var options = new TrainingOptions
        {
            DataPath = data,
            TestPath = test,
            OutputPath = outDir,
            ModelName = a.Get("--name") ?? "stancekit-default",
            ModelVersion = a.Get("--version") ?? "1",
            Grid = a.Has("--quick") ? StanceTraining.DefaultGrid.Take(1).ToList()
                : a.Get("--grid") is { } names ? names.Split(',').Select(n => StanceTraining.DefaultGrid.FirstOrDefault(c => c.Name == n) ?? throw new UsageException($"Unknown configuration '{n}'; known: {string.Join(", ", StanceTraining.DefaultGrid.Select(c => c.Name))}.")).ToList()
                : null,
            Command = "dotnet run --project src/StanceKit.Cli -c Release -- train " + string.Join(' ', rest),
            SelectPath = a.Get("--select"),
            Folds = a.Get("--folds") is { } folds ? (int.TryParse(folds, out int f) && f >= 0 ? f : throw new UsageException("--folds takes a whole number (0 or 1: no cross-validation, needs --select).")) : 5,
            ExtraTestPaths = tests.Skip(1).ToList(),
        };
        if (options.SelectPath is { } sel && !Directory.Exists(sel) && !File.Exists(sel)) throw new BadPathException($"Selection set not found: {sel}");
        foreach (var t in options.ExtraTestPaths ?? []) if (!Directory.Exists(t) && !File.Exists(t)) throw new BadPathException($"Test set not found: {t}");
        if (!Directory.Exists(data) && !File.Exists(data)) throw new BadPathException($"Training data not found: {data}");
        CheckTrainingData(data, test, options.Folds);
        // A bad record is the user's data, not a crash: exit 1 naming file and line, as evaluate does.
        try { StanceTraining.Run(options, Console.Out, ct); }
        catch (FormatException e) { throw new InputException(e.Message); }
        Console.Out.WriteLine($"wrote {Path.Combine(outDir, "stance.skm")}, card.md, card.json");
        return ExitCodes.Success;
    }

    /// <summary>The least data <c>train</c> accepts (docs/corpus-format.md, "Minimum data").</summary>
    internal const int MinSentences = 150, MinPerLabel = 20, MinTargets = 5;

    /// <summary>
    /// Refuses data that cannot give a meaningful model (exit 1, saying what is missing) and warns about data that trains
    /// but silently loses something: a 30-row file gave a model whose scores were all 0.0000, one target made
    /// leave-actor-out CV print 0.0000.
    /// </summary>
    private static void CheckTrainingData(string data, string test, int folds)
    {
        IReadOnlyList<StanceRecord> all, held;
        try
        {
            all = StanceCorpus.Load(data);
            held = File.Exists(test) || Directory.Exists(test) ? StanceCorpus.Load(test) : [];
        }
        catch (FormatException e) { throw new InputException(e.Message); }
        var testIds = new HashSet<string>(held.Select(r => r.Id), StringComparer.Ordinal);
        var records = all.Where(r => !testIds.Contains(r.Id)).ToList();
        var ci = CultureInfo.InvariantCulture;
        var problems = new List<string>();
        if (records.Count < MinSentences) problems.Add(string.Create(ci, $"{records.Count} training sentences (at least {MinSentences} needed)"));
        foreach (var label in StanceNames.All)
        {
            int n = records.Count(r => r.Label == label);
            if (n < MinPerLabel) problems.Add(string.Create(ci, $"{n} sentences labelled {label.ToWireName()} (at least {MinPerLabel} of each label needed)"));
        }
        int targets = records.Select(r => r.Target).Distinct(StringComparer.Ordinal).Count();
        if (targets < MinTargets)
            problems.Add(string.Create(ci, $"{targets} distinct targets (at least {MinTargets} needed: model selection holds out whole targets, one group of them per cross-validation fold)"));
        if (problems.Count == 0)
        {
            // Leave-actor-out CV trains each fold on the other folds' targets: each of those must still hold every label.
            for (int f = 0; f < folds; f++)
            {
                var missing = StanceNames.All.Where(l => !records.Any(r => r.Label == l && StanceTraining.GroupedFold(r, folds) != f)).ToList();
                var heldOut = records.Where(r => StanceTraining.GroupedFold(r, folds) == f).Select(r => r.Target).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                    problems.Add($"without the targets of cross-validation fold {f + 1} ({string.Join(", ", heldOut)}) no sentence is labelled {string.Join(" or ", missing.Select(l => l.ToWireName()))}: every label needs sentences about several targets");
            }
        }
        if (problems.Count > 0)
            throw new InputException($"{data}: not enough data to train: {string.Join("; ", problems)}. See docs/corpus-format.md, \"Minimum data\".");
        int noSet = records.Count(r => r.Group == r.Id);
        if (noSet > 0)
            Warnings.Once("no-set", string.Create(ci, $"{noSet} of {records.Count} records have no \"set\": each is its own story group, so sentences of one story can land on both sides of the dev split and of the cross-validation folds, and the scores come out optimistic."));
        int noEntities = records.Count(r => r.Entities.Count == 0);
        if (noEntities * 2 > records.Count)
            Warnings.Once("no-markup", string.Create(ci, $"{noEntities} of {records.Count} records have no [[surface|TYPE]] entity markup; the stance model does not need it, but train-entities and entity evaluation do, and unmarked names usually mean the markup was forgotten."));
        if (held.Count == 0)
            Warnings.Once("no-test", $"no test split at {test}: the model card will have no test score.");
    }

    private static int Calibrate(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--force", "--speakers" }, new HashSet<string> { "--model", "--data", "--out" });
        string modelPath = a.Require("--model"), dataPath = a.Require("--data"), outPath = a.Require("--out");
        if (!a.Has("--force") && File.Exists(outPath))
            throw new BadPathException($"{outPath} already exists; choose another --out, or add --force to replace it.");
        var model = LoadModel(modelPath);
        IReadOnlyList<StanceRecord> records;
        try { records = StanceCorpus.Load(dataPath); }
        catch (FormatException e) { throw new InputException(e.Message); }
        if (records.Count == 0) throw new InputException($"{dataPath} holds no labelled sentence to calibrate on.");

        // Only the temperature changes: the weights, and so every label, stay as they are.
        // FitTemperature scores without the model's temperature, so the classifier of the model as loaded serves both.
        var classifier = new StanceClassifier(model);
        var before = StanceTraining.Evaluate(classifier, records, cancellationToken: ct);
        float temperature = StanceTraining.FitTemperature(classifier, records, ct);
        var metadata = model.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        metadata["calibration"] = FormattableString.Invariant($"temperature {temperature:F2} fitted by log-loss on {records.Count} sentences of {Path.GetFileName(dataPath)} (was {model.Temperature:F2})");
        // --speakers: offsets per main-speaker class as well, fitted at the new temperature; without it any offsets the
        // model carried are dropped (they were fitted at its old temperature).
        metadata.Remove(SpeakerCalibration.MetadataKey);
        if (a.Has("--speakers"))
        {
            var offsets = StanceTraining.FitSpeakerOffsets(classifier, records, temperature, cancellationToken: ct);
            metadata[SpeakerCalibration.MetadataKey] = SpeakerCalibration.Format(offsets);
            metadata["calibration"] += FormattableString.Invariant($"; speaker offsets fitted by log-loss on the same sentences (L2 5)");
        }
        // A new model rather than With, which merges metadata and so could not drop the old offsets.
        var calibrated = new StanceModel(model.Recipe, model.Weights, model.Biases, temperature, metadata);
        var after = StanceTraining.Evaluate(new StanceClassifier(calibrated), records, cancellationToken: ct);
        calibrated.Save(outPath);
        Console.Out.WriteLine(FormattableString.Invariant($"model {model.Name} v{model.Version}, data {dataPath}, {records.Count} sentences"));
        Console.Out.WriteLine(a.Has("--speakers")
            ? FormattableString.Invariant($"temperature {model.Temperature:F2} -> {temperature:F2} and speaker offsets: ECE {before.ExpectedCalibrationError:F4} -> {after.ExpectedCalibrationError:F4}, log-loss {before.LogLoss:F4} -> {after.LogLoss:F4}, macro-F1 {before.MacroF1:F4} -> {after.MacroF1:F4} (on the sentences it was fitted on)")
            : FormattableString.Invariant($"temperature {model.Temperature:F2} -> {temperature:F2}: ECE {before.ExpectedCalibrationError:F4} -> {after.ExpectedCalibrationError:F4}, log-loss {before.LogLoss:F4} -> {after.LogLoss:F4}, macro-F1 {after.MacroF1:F4} (unchanged)"));
        if (a.Has("--speakers")) Console.Out.WriteLine($"speaker offsets (neutral, state-framing, critical): {metadata[SpeakerCalibration.MetadataKey]}");
        Console.Out.WriteLine($"wrote {outPath}");
        return ExitCodes.Success;
    }

    private static int Evaluate(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--no-target", "--articles", "--sentence-only", "--no-carry-speakers", "--semantic" }, new HashSet<string> { "--model", "--data", "--document-prior", "--predictions" });
        if (a.Get("--document-prior") is not null && !a.Has("--articles")) throw new UsageException("--document-prior needs --articles: it weighs an article's sentences on each other.");
        if (a.Has("--no-carry-speakers") && !a.Has("--articles")) throw new UsageException("--no-carry-speakers needs --articles: speakers are carried between an article's sentences.");
        float prior = a.Has("--sentence-only") ? 0f : DocumentPriorOption(a);
        // --semantic: the model (or the embedded default) combined with the MiniLM heads; otherwise --model is required.
        var scorer = CreateScorer(a.Has("--semantic") ? a.Get("--model") : a.Require("--model"), a.Has("--semantic"));
        IReadOnlyList<StanceRecord> records;
        try { records = StanceCorpus.Load(a.Require("--data")); }
        catch (FormatException e) { throw new InputException(e.Message); }
        if (a.Get("--predictions") == "-") throw new UsageException("--predictions needs a file: the report goes to standard output.");
        bool useGoldTarget = !a.Has("--no-target");
        // Each scored sentence: its record, the target used and the result (articles through the analyzer's document
        // path, other records one by one), counted below and, with --predictions, written one JSON line each.
        IEnumerable<(StanceRecord Record, string? Target, Stance Stance, StanceScores Scores)> scored = a.Has("--articles")
            ? ArticleEvaluation.Score(scorer, new EntityExtractor(scorer.Gazetteer), records, documentContext: !a.Has("--sentence-only"), useGoldTarget, prior, carrySpeakers: !a.Has("--sentence-only") && !a.Has("--no-carry-speakers"), ct)
                .Select(x => (x.Record, x.Target, x.Stance, x.Scores))
            : SentenceBySentence(scorer, records, useGoldTarget, ct);
        var eval = new StanceEvaluation();
        using (var predictions = a.Get("--predictions") is { } path ? new OutputTarget(path) : null)
        {
            // Not disposed on an exception: it would flush into an output that failed (OutputTarget removes it).
            var w = predictions is null ? null : new Utf8JsonWriter(predictions.Stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            foreach (var (record, target, stance, scores) in scored)
            {
                eval.Add(record.Label, stance, scores);
                if (w is null) continue;
                w.WriteStartObject();
                w.WriteString("id", record.Id);
                if (target is null) w.WriteNull("target"); else w.WriteString("target", target);
                w.WriteString("label", record.Label.ToWireName());
                w.WriteString("predicted", stance.ToWireName());
                WriteScores(w, scores);
                w.WriteString("text", record.Text);
                w.WriteEndObject();
                w.Flush();
                w.Reset();
                predictions!.Stream.WriteByte((byte)'\n');
            }
            w?.Dispose(); // flushes
            predictions?.Commit();
        }
        Console.Out.WriteLine($"model {scorer.ModelName} v{scorer.ModelVersion}, data {a.Get("--data")}");
        Console.Out.Write(eval.ToReport());
        return ExitCodes.Success;
    }

    private static IEnumerable<(StanceRecord Record, string? Target, Stance Stance, StanceScores Scores)> SentenceBySentence(StanceScorer classifier, IReadOnlyList<StanceRecord> records, bool useGoldTarget, CancellationToken ct)
    {
        var p = new float[StanceNames.Count];
        foreach (var r in records)
        {
            ct.ThrowIfCancellationRequested();
            string? target = useGoldTarget ? classifier.ResolveTarget(r.Target) : null;
            var stance = classifier.Score(r.Text, p, target);
            yield return (r, target, stance, StanceScores.FromSpan(p));
        }
    }
}
