using System.Globalization;
using System.Text;
using System.Text.Json;
using StanceKit.ML;

namespace StanceKit.Cli;

/// <summary>The stancekit commands.</summary>
internal static class Commands
{
    private const string Usage = """
        stancekit — stance, entities and sentences of news text

        Usage:
          stancekit analyze [PATH|-] [--format text|json|jsonl|csv|html] [--model PATH] [--target NAME] [--out PATH]
          stancekit segment --jsonl [PATH|-] [--out PATH]
          stancekit entities --jsonl [PATH|-] [--out PATH]
          stancekit classify --jsonl [PATH|-] [--model PATH] [--explain] [--out PATH]
          stancekit train [--data DIR] [--test DIR] [--out DIR] [--name NAME] [--version V]
          stancekit evaluate --model PATH --data FILE.jsonl [--no-target]
          stancekit --help | --version

        PATH may be a file, a folder (analyze: every *.txt in it) or - for standard input (the default).
        JSON Lines input: one object per line with a string field "text" (other fields are copied unchanged);
        classify also reads an optional string field "target". Offsets are UTF-16 code units, end exclusive.

        """ + ExitCodes.Help;

    public static int Run(string[] args, TextWriter err, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Length == 0 ? err : Console.Out).WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }
        if (args[0] == "--version")
        {
            Console.Out.WriteLine(typeof(StanceAnalyzer).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Success;
        }
        var rest = args.Skip(1).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            Console.Out.WriteLine(Usage);
            return ExitCodes.Success;
        }
        try
        {
            return args[0] switch
            {
                "analyze" => Analyze(rest, ct),
                "segment" => Segment(rest, ct),
                "entities" => Entities(rest, ct),
                "classify" => Classify(rest, ct),
                "train" => Train(rest),
                "evaluate" => Evaluate(rest),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            TryWrite(err, $"stancekit: {e.Message}\n\n{Usage}");
            return ExitCodes.Usage;
        }
        catch (InputException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (InvalidStanceModelException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.BadModel;
        }
        catch (OperationCanceledException)
        {
            TryWrite(err, "stancekit: cancelled; output written so far is complete up to the last line.");
            return ExitCodes.Cancelled;
        }
        catch (FileNotFoundException e)
        {
            TryWrite(err, $"stancekit: file not found: {e.FileName ?? e.Message}");
            return ExitCodes.Usage;
        }
        catch (DirectoryNotFoundException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            TryWrite(err, $"stancekit: output closed or not writable ({e.Message}).");
            return ExitCodes.OutputClosed;
        }
    }

    private static void TryWrite(TextWriter w, string message)
    {
        try { w.WriteLine(message); } catch (IOException) { /* stderr closed too */ }
    }

    private static Stream OpenInput(string? path) => path is null or "-" ? Console.OpenStandardInput() : File.OpenRead(path);

    private static StanceAnalyzer CreateAnalyzer(string? modelPath) =>
        modelPath is null ? StanceAnalyzer.CreateDefault() : new StanceAnalyzer(LoadModel(modelPath));

    private static StanceModel LoadModel(string path) =>
        File.Exists(path) ? StanceModel.Load(path) : throw new UsageException($"model file not found: {path}");

    private static readonly string[] NoFields = [];

    private static int Segment(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl" }, new HashSet<string> { "--out" });
        if (!a.Has("--jsonl")) throw new UsageException("segment needs --jsonl.");
        var segmenter = SentenceSegmenter.Default;
        using var input = OpenInput(a.SinglePositional("input"));
        using var output = new OutputTarget(a.Get("--out"));
        JsonLines.Process(input, output.Stream, (_, text, w) =>
        {
            w.WriteStartArray("sentences");
            foreach (var s in segmenter.Segment(text))
            {
                w.WriteStartObject();
                w.WriteNumber("start", s.Start);
                w.WriteNumber("end", s.End);
                w.WriteString("text", text.AsSpan(s.Start, s.Length));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }, ["sentences"], ct);
        output.Commit();
        return ExitCodes.Success;
    }

    private static int Entities(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl" }, new HashSet<string> { "--out" });
        if (!a.Has("--jsonl")) throw new UsageException("entities needs --jsonl.");
        var extractor = EntityExtractor.Default;
        using var input = OpenInput(a.SinglePositional("input"));
        using var output = new OutputTarget(a.Get("--out"));
        JsonLines.Process(input, output.Stream, (_, text, w) => WriteEntities(w, "entities", text, extractor.Extract(text)), ["entities"], ct);
        output.Commit();
        return ExitCodes.Success;
    }

    internal static void WriteEntities(Utf8JsonWriter w, string name, string text, IEnumerable<EntityMention> entities)
    {
        w.WriteStartArray(name);
        foreach (var e in entities)
        {
            w.WriteStartObject();
            w.WriteNumber("start", e.Span.Start);
            w.WriteNumber("end", e.Span.End);
            w.WriteString("type", e.Type.ToWireName());
            w.WriteString("text", text.AsSpan(e.Span.Start, e.Span.Length));
            w.WriteString("canonical", e.Canonical);
            if (e.Country is not null) w.WriteString("country", e.Country);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteScores(Utf8JsonWriter w, StanceScores s)
    {
        w.WriteStartObject("scores");
        w.WriteNumber(StanceNames.StateFraming, Math.Round(s.StateFraming, 6));
        w.WriteNumber(StanceNames.Critical, Math.Round(s.Critical, 6));
        w.WriteNumber(StanceNames.Neutral, Math.Round(s.Neutral, 6));
        w.WriteEndObject();
    }

    private static int Classify(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl", "--explain" }, new HashSet<string> { "--out", "--model" });
        if (!a.Has("--jsonl")) throw new UsageException("classify needs --jsonl.");
        var classifier = a.Get("--model") is { } m ? new StanceClassifier(LoadModel(m)) : StanceClassifier.CreateDefault();
        bool explain = a.Has("--explain");
        using var input = OpenInput(a.SinglePositional("input"));
        using var output = new OutputTarget(a.Get("--out"));
        JsonLines.Process(input, output.Stream, (root, text, w) =>
        {
            string? target = null;
            if (root.TryGetProperty("target", out var t))
            {
                if (t.ValueKind == JsonValueKind.String) target = t.GetString();
                else if (t.ValueKind != JsonValueKind.Null) throw new InputException("\"target\" must be a string.");
            }
            var p = classifier.Predict(text, target);
            w.WriteString("label", p.Stance.ToWireName());
            WriteScores(w, p.Scores);
            if (p.Target is null) w.WriteNull("target"); else w.WriteString("target", p.Target);
            if (explain)
            {
                var x = classifier.Explain(text, target);
                w.WriteStartArray("explanation");
                foreach (var f in x.TopFeatures)
                {
                    w.WriteStartObject();
                    w.WriteString("feature", f.Feature);
                    w.WriteNumber("contribution", Math.Round(f.Contribution, 5));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
        }, ["label", "scores", "target", "explanation"], ct);
        output.Commit();
        return ExitCodes.Success;
    }

    private static int Analyze(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string>(), new HashSet<string> { "--format", "--model", "--out", "--target" });
        var format = a.Get("--format") ?? "text";
        if (format is not ("text" or "json" or "jsonl" or "csv" or "html")) throw new UsageException($"Unknown format '{format}'.");
        var path = a.SinglePositional("input");
        var inputs = new List<(string Name, string Text)>();
        if (path is null or "-")
        {
            using var reader = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false, true));
            try { inputs.Add(("-", reader.ReadToEnd())); }
            catch (DecoderFallbackException) { throw new InputException("standard input is not valid UTF-8."); }
        }
        else if (Directory.Exists(path))
        {
            foreach (var f in Directory.GetFiles(path, "*.txt").OrderBy(f => f, StringComparer.Ordinal)) inputs.Add((f, ReadText(f)));
            if (inputs.Count == 0) throw new UsageException($"No *.txt files in {path}.");
        }
        else inputs.Add((path, ReadText(path)));

        var analyzer = CreateAnalyzer(a.Get("--model"));
        var docs = new List<(string Name, StanceDocument Doc)>();
        foreach (var (name, text) in inputs) docs.Add((name, analyzer.Analyze(text, a.Get("--target"), ct)));

        using var output = new OutputTarget(a.Get("--out"));
        switch (format)
        {
            case "text": TextReport.Write(output.Stream, docs, output.IsTerminal); break;
            case "json": WriteJson(output.Stream, docs); break;
            case "jsonl": WriteJsonl(output.Stream, docs); break;
            case "csv": WriteCsv(output.Stream, docs); break;
            case "html": throw new UsageException("--format html is not available in this build yet.");
        }
        output.Commit();
        return ExitCodes.Success;
    }

    private static string ReadText(string path)
    {
        try { return File.ReadAllText(path, new UTF8Encoding(false, true)); }
        catch (DecoderFallbackException) { throw new InputException($"{path}: not valid UTF-8."); }
    }

    private static Utf8JsonWriter NewWriter(Stream s, bool indented = false) => new(s, new JsonWriterOptions
    {
        Indented = indented,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    internal static void WriteDocument(Utf8JsonWriter w, string name, StanceDocument d)
    {
        w.WriteStartObject();
        w.WriteString("file", name);
        if (d.Target is null) w.WriteNull("target"); else w.WriteString("target", d.Target);
        w.WriteBoolean("targetInferred", d.TargetInferred);
        w.WriteStartObject("model");
        w.WriteString("name", d.ModelName);
        w.WriteString("version", d.ModelVersion);
        w.WriteEndObject();
        w.WriteString("text", d.Text);
        w.WriteStartArray("sentences");
        foreach (var s in d.Sentences)
        {
            w.WriteStartObject();
            w.WriteNumber("index", s.Index);
            w.WriteNumber("start", s.Span.Start);
            w.WriteNumber("end", s.Span.End);
            w.WriteString("text", d.Text.AsSpan(s.Span.Start, s.Span.Length));
            w.WriteString("label", s.Stance.ToWireName());
            WriteScores(w, s.Scores);
            WriteEntities(w, "entities", d.Text, s.Entities);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteEntities(w, "entities", d.Text, d.Entities);
        w.WriteStartObject("summary");
        w.WriteNumber("sentences", d.Summary.Sentences);
        foreach (var st in StanceNames.All)
        {
            w.WriteStartObject(st.ToWireName());
            w.WriteNumber("count", d.Summary.Count(st));
            w.WriteNumber("share", Math.Round(d.Summary.Share(st), 4));
            w.WriteEndObject();
        }
        w.WriteStartArray("actors");
        foreach (var e in d.Summary.ByActor)
        {
            w.WriteStartObject();
            w.WriteString("actor", e.Actor);
            w.WriteString("type", e.Type.ToWireName());
            w.WriteNumber("mentions", e.Mentions);
            w.WriteNumber("sentences", e.Sentences);
            w.WriteNumber(StanceNames.StateFraming, e.StateFraming);
            w.WriteNumber(StanceNames.Critical, e.Critical);
            w.WriteNumber(StanceNames.Neutral, e.Neutral);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteJson(Stream s, List<(string Name, StanceDocument Doc)> docs)
    {
        using var w = NewWriter(s, indented: true);
        if (docs.Count == 1) WriteDocument(w, docs[0].Name, docs[0].Doc);
        else
        {
            w.WriteStartArray();
            foreach (var (n, d) in docs) WriteDocument(w, n, d);
            w.WriteEndArray();
        }
        w.Flush();
        s.WriteByte((byte)'\n');
    }

    private static void WriteJsonl(Stream s, List<(string Name, StanceDocument Doc)> docs)
    {
        foreach (var (name, d) in docs)
        {
            foreach (var sent in d.Sentences)
            {
                using (var w = NewWriter(s))
                {
                    w.WriteStartObject();
                    w.WriteString("file", name);
                    w.WriteNumber("index", sent.Index);
                    w.WriteNumber("start", sent.Span.Start);
                    w.WriteNumber("end", sent.Span.End);
                    w.WriteString("text", d.Text.AsSpan(sent.Span.Start, sent.Span.Length));
                    w.WriteString("label", sent.Stance.ToWireName());
                    WriteScores(w, sent.Scores);
                    if (d.Target is null) w.WriteNull("target"); else w.WriteString("target", d.Target);
                    WriteEntities(w, "entities", d.Text, sent.Entities);
                    w.WriteEndObject();
                }
                s.WriteByte((byte)'\n');
            }
        }
    }

    private static void WriteCsv(Stream s, List<(string Name, StanceDocument Doc)> docs)
    {
        var ci = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        w.WriteLine("file,index,start,end,label,p_state_framing,p_critical,p_neutral,target,entities,text");
        foreach (var (name, d) in docs)
        {
            foreach (var sent in d.Sentences)
            {
                var ents = string.Join("; ", sent.Entities.Select(e => $"{e.Type.ToWireName()}:{e.Canonical}"));
                w.WriteLine(string.Join(',',
                    Csv(name), sent.Index.ToString(ci), sent.Span.Start.ToString(ci), sent.Span.End.ToString(ci), sent.Stance.ToWireName(),
                    sent.Scores.StateFraming.ToString("F4", ci), sent.Scores.Critical.ToString("F4", ci), sent.Scores.Neutral.ToString("F4", ci),
                    Csv(d.Target ?? ""), Csv(ents), Csv(d.Text.Substring(sent.Span.Start, sent.Span.Length))));
            }
        }
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static int Train(string[] rest)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--quick" }, new HashSet<string> { "--data", "--test", "--out", "--name", "--version" });
        var data = a.Get("--data") ?? "data/stance";
        var test = a.Get("--test") ?? Path.Combine(data, "test");
        var outDir = a.Get("--out") ?? "models/default";
        var options = new TrainingOptions
        {
            DataPath = data,
            TestPath = test,
            OutputPath = outDir,
            ModelName = a.Get("--name") ?? "stancekit-default",
            ModelVersion = a.Get("--version") ?? "1",
            Grid = a.Has("--quick") ? StanceTraining.DefaultGrid.Take(1).ToList() : null,
            Command = "dotnet run --project src/StanceKit.Cli -c Release -- train " + string.Join(' ', rest),
        };
        if (!Directory.Exists(data) && !File.Exists(data)) throw new UsageException($"Training data not found: {data}");
        StanceTraining.Run(options, Console.Out);
        Console.Out.WriteLine($"wrote {Path.Combine(outDir, "stance.skm")}, card.md, card.json");
        return ExitCodes.Success;
    }

    private static int Evaluate(string[] rest)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--no-target" }, new HashSet<string> { "--model", "--data" });
        var classifier = new StanceClassifier(LoadModel(a.Require("--model")));
        IReadOnlyList<StanceRecord> records;
        try { records = StanceCorpus.Load(a.Require("--data")); }
        catch (FormatException e) { throw new InputException(e.Message); }
        var eval = StanceTraining.Evaluate(classifier, records, useGoldTarget: !a.Has("--no-target"));
        Console.Out.WriteLine($"model {classifier.Model.Name} v{classifier.Model.Version}, data {a.Get("--data")}");
        Console.Out.Write(eval.ToReport());
        return ExitCodes.Success;
    }
}
