using StanceKit.ML;

namespace StanceKit.Cli;

/// <summary><c>stancekit evaluate-entities</c> and <c>stancekit train-entities</c>.</summary>
internal static class EntityCommands
{
    /// <summary>Prints strict (exact span and type) precision, recall and F1 per type for a gold JSONL file.</summary>
    public static int Evaluate(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--errors" }, new HashSet<string> { "--data" });
        var path = a.Require("--data");
        if (!File.Exists(path)) throw new BadPathException($"data file not found: {path}");
        EntityEvaluation eval;
        try { eval = EntityEvaluation.EvaluateFile(EntityExtractor.Default, path, ct); }
        catch (FormatException e) { throw new InputException(e.Message); }
        Console.Out.Write(eval.ToReport());
        if (a.Has("--errors")) foreach (var e in eval.Errors) Console.Out.WriteLine(e);
        return ExitCodes.Success;
    }

    /// <summary>Trains the entity tagger from annotated JSONL files and writes the model and its card.</summary>
    public static int Train(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string>(), new HashSet<string> { "--data", "--out", "--check" });
        // Several folders or files may be given, separated by commas; test/ and dev/ folders are never trained on.
        var files = new List<string>();
        foreach (var data in (a.Get("--data") ?? "data/stance,data/entities").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            files.AddRange(Directory.Exists(data)
                ? Directory.GetFiles(data, "*.jsonl", SearchOption.AllDirectories)
                    // The stance test split and every held-out check stay unseen by every model.
                    .Where(f => !f.Replace('\\', '/').Contains("/test/", StringComparison.Ordinal) && !f.Replace('\\', '/').Contains("/dev/", StringComparison.Ordinal))
                : File.Exists(data) ? [data] : throw new BadPathException($"data not found: {data}"));
        }
        files.Sort(StringComparer.Ordinal);
        var checks = (a.Get("--check") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var c in checks) if (!File.Exists(c)) throw new BadPathException($"check file not found: {c}");
        var options = new EntityTaggerTrainingOptions { CheckFiles = checks };
        var report = EntityTaggerTrainer.Train(files, a.Get("--out") ?? "models/entity-tagger", options, log: Console.Out, cancellationToken: ct);
        Console.Out.WriteLine($"wrote {report.ModelPath} and {report.CardPath}");
        return ExitCodes.Success;
    }
}
