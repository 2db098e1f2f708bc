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
          stancekit analyze --jsonl [PATH|-] [--model PATH] [--target NAME] [--out PATH]
          stancekit segment --jsonl [PATH|-] [--out PATH]
          stancekit entities --jsonl [PATH|-] [--out PATH]
          stancekit classify --jsonl [PATH|-] [--model PATH] [--explain] [--out PATH]
          stancekit train [--data DIR] [--test DIR] [--out DIR] [--name NAME] [--version V] [--grid NAME,...|--quick]
          stancekit evaluate --model PATH --data FILE.jsonl [--no-target] [--articles [--sentence-only]]
          stancekit evaluate-entities --data FILE.jsonl [--errors]
          stancekit train-entities [--data DIR[,DIR...]] [--out DIR] [--check FILE[,FILE...]]
          stancekit --help | --version
          stancekit COMMAND --help        (the usage of one command)

        PATH may be a file, a folder (analyze: every *.txt in it) or - for standard input (the default).
        JSON Lines input: one object per line with a string field "text" (other fields are copied unchanged);
        classify also reads an optional string field "target". Offsets are UTF-16 code units, end exclusive.

        """ + ExitCodes.Help;

    private const string Common = """

        PATH is a file or - for standard input (the default). --out PATH writes to a temporary file renamed on
        success, so a failed run never leaves a partial file under PATH; without it, output goes to standard output.

        """;

    private static readonly Dictionary<string, string> CommandUsage = new(StringComparer.Ordinal)
    {
        ["analyze"] = """
            Usage:
              stancekit analyze [PATH|-] [--format text|json|jsonl|csv|html] [--model PATH] [--target NAME] [--out PATH]
              stancekit analyze --jsonl [PATH|-] [--model PATH] [--target NAME] [--out PATH]

            Splits news text into sentences, finds and links entities, infers the target state actor and labels
            each sentence state-framing, critical or neutral toward it, with probabilities.

              PATH            a UTF-8 text file, a folder (every *.txt in it, in name order) or - for standard input
              --format FMT    text   a table (the default; colours when standard output is a terminal)
                              json   one document (an array of them for a folder), with summary
                              jsonl  one line per sentence
                              csv    one row per sentence, for spreadsheets (UTF-8 with BOM, formulas neutralised)
                              html   a self-contained report page (no script, no network); for a folder, one
                                     collapsible section per file and a corpus summary
              --jsonl         stream: read JSON Lines of documents ({"text": "...", "id": ...}) from PATH and write one
                              analysed document per line, in input order, using all cores with bounded memory; other
                              fields are copied unchanged (fields named like the added ones are replaced)
              --model PATH    a model file (.skm) instead of the embedded default
              --target NAME   analyse relative to this state actor (name or alias) instead of inferring it per text
              --out PATH      write to PATH (atomically) instead of standard output

            Several documents show a progress bar with rate and ETA on standard error when it is a terminal.

            """,
        ["segment"] = """
            Usage:
              stancekit segment --jsonl [PATH|-] [--out PATH]

            Splits the "text" of each JSON line into sentences; adds "sentences": [{"start", "end", "text"}].
            """ + Common,
        ["entities"] = """
            Usage:
              stancekit entities --jsonl [PATH|-] [--out PATH]

            Finds PERSON, ORG, LOC and NORP mentions in the "text" of each JSON line, linked within it; adds
            "entities": [{"start", "end", "type", "text", "canonical", "country"?}].
            """ + Common,
        ["classify"] = """
            Usage:
              stancekit classify --jsonl [PATH|-] [--model PATH] [--explain] [--out PATH]

            Classifies the "text" of each JSON line as one sentence toward its optional "target" field; adds
            "label", "scores" ({"state-framing", "critical", "neutral"}) and "target"; --explain adds the features
            that weighed most ("explanation"). --model PATH uses a model file instead of the embedded default.
            """ + Common,
        ["train"] = """
            Usage:
              stancekit train [--data DIR] [--test DIR] [--out DIR] [--name NAME] [--version V] [--quick]

            Trains a stance model with ML.NET on the corpus in --data (default data/stance), choosing settings by
            cross-validation grouped by story, calibrating on a held-out development split and scoring the
            separate --test set (default DATA/test) once. Writes stance.skm, card.md and card.json to --out
            (default models/default). --quick tries one setting instead of the grid.

            """,
        ["evaluate"] = """
            Usage:
              stancekit evaluate --model PATH --data FILE.jsonl [--no-target] [--articles [--sentence-only]]

            Scores a model on a labelled corpus file: accuracy, macro-F1, per-class precision and recall,
            confusion matrix, calibration. --no-target ignores the gold target (as when it must be inferred).
            --articles scores only article records, each article as one document the way 'analyze' does
            (entities linked across the article); --sentence-only then scores each sentence on its own.

            """,
    };

    private static readonly string[] HelpFlags = ["--help", "-h"];

    public static int Run(string[] args, TextWriter err, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            if (args.Length == 2 && args[0] == "help" && CommandUsage.TryGetValue(args[1], out var one))
            {
                Console.Out.Write(one + ExitCodes.Help + "\n");
                return ExitCodes.Success;
            }
            (args.Length == 0 ? err : Console.Out).WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }
        if (args[0] == "--version")
        {
            Console.Out.WriteLine(typeof(StanceAnalyzer).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Success;
        }
        var rest = args.Skip(1).ToArray();
        if (rest.Any(HelpFlags.Contains))
        {
            if (!CommandUsage.TryGetValue(args[0], out var usage))
            {
                TryWrite(err, $"stancekit: Unknown command '{args[0]}'.\n\n{Usage}");
                return ExitCodes.Usage;
            }
            Console.Out.Write(usage + ExitCodes.Help + "\n");
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
                "train" => Train(rest, ct),
                "evaluate" => Evaluate(rest, ct),
                "evaluate-entities" => EntityCommands.Evaluate(rest, ct),
                "train-entities" => EntityCommands.Train(rest, ct),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            var usage = CommandUsage.TryGetValue(args[0], out var u) ? u + ExitCodes.Help : Usage;
            TryWrite(err, $"stancekit: {e.Message}\n\n{usage}");
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
            TryWrite(err, args[0] switch
            {
                // Training computes everything before it writes anything: a cancelled run leaves --out as it was.
                "train" or "train-entities" => "stancekit: training cancelled; no model was written (files already in the output folder are unchanged).",
                "evaluate" or "evaluate-entities" => "stancekit: evaluation cancelled.",
                _ => "stancekit: cancelled; output written so far is complete up to the last line.",
            });
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

    /// <summary>The input file, or standard input read so that Ctrl-C is seen even while it waits for data.</summary>
    private static Stream OpenInput(string? path, CancellationToken ct) =>
        path is null or "-" ? new CancellableReadStream(Console.OpenStandardInput(), ct) : File.OpenRead(path);

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
        using var input = OpenInput(a.SinglePositional("input"), ct);
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
        using var input = OpenInput(a.SinglePositional("input"), ct);
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
        using var input = OpenInput(a.SinglePositional("input"), ct);
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
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl" }, new HashSet<string> { "--format", "--model", "--out", "--target" });
        if (a.Has("--jsonl"))
        {
            if (a.Has("--format")) throw new UsageException("--jsonl writes one JSON object per input document; --format does not apply to it.");
            return AnalyzeJsonLines(a, ct).GetAwaiter().GetResult();
        }
        var format = a.Get("--format") ?? "text";
        if (format is not ("text" or "json" or "jsonl" or "csv" or "html")) throw new UsageException($"Unknown format '{format}'.");
        var path = a.SinglePositional("input");
        var files = new List<string>();
        string? stdinText = null;
        if (path is null or "-")
        {
            using var reader = new StreamReader(OpenInput(null, ct), new UTF8Encoding(false, true));
            try { stdinText = reader.ReadToEnd(); }
            catch (DecoderFallbackException) { throw new InputException("standard input is not valid UTF-8."); }
        }
        else if (Directory.Exists(path))
        {
            files.AddRange(Directory.GetFiles(path, "*.txt").OrderBy(f => f, StringComparer.Ordinal));
            if (files.Count == 0) throw new UsageException($"No *.txt files in {path}.");
        }
        else if (File.Exists(path)) files.Add(path);
        else throw new UsageException($"input not found: {path}");

        var analyzer = CreateAnalyzer(a.Get("--model")).WithDefaultTarget(a.Get("--target"));
        var docs = new List<(string Name, StanceDocument Doc)>();
        if (stdinText is not null) docs.Add(("-", analyzer.Analyze(stdinText, ct)));
        else
        {
            // Files are read lazily and analysed on all cores, in order; the report needs all of them.
            using var progress = new ProgressBar("documents", files.Count, enabled: files.Count > 1 ? null : false);
            async IAsyncEnumerable<string> Texts()
            {
                foreach (var f in files)
                {
                    ct.ThrowIfCancellationRequested();
                    yield return await Task.Run(() => ReadText(f), ct).ConfigureAwait(false);
                }
            }
            Task.Run(async () =>
            {
                int i = 0;
                await foreach (var d in analyzer.AnalyzeManyAsync(Texts(), ct).ConfigureAwait(false))
                {
                    docs.Add((files[i++], d));
                    progress.Report(i);
                }
            }, ct).GetAwaiter().GetResult();
        }

        using var output = new OutputTarget(a.Get("--out"));
        switch (format)
        {
            case "text": TextReport.Write(output.Stream, docs, output.IsTerminal); break;
            case "json": WriteJson(output.Stream, docs); break;
            case "jsonl": WriteJsonl(output.Stream, docs); break;
            case "csv": WriteCsv(output.Stream, docs); break;
            case "html": WriteHtml(output.Stream, docs); break;
        }
        output.Commit();
        return ExitCodes.Success;
    }

    private static void WriteHtml(Stream s, List<(string Name, StanceDocument Doc)> docs)
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var named = docs.Select(d => (d.Name == "-" ? "standard input" : d.Name, d.Doc)).ToList();
        HtmlReport.Write(w, named, null);
        w.Flush();
    }

    /// <summary>Fields that <c>analyze --jsonl</c> adds to each line (input fields of the same names are replaced).</summary>
    private static readonly string[] AnalyzeFields = ["target", "targetInferred", "model", "sentences", "entities", "summary"];

    /// <summary>
    /// Streams JSON Lines of documents through <see cref="StanceAnalyzer.AnalyzeManyAsync"/>: all cores, input
    /// order, a bounded number of documents in flight. A malformed line stops the input there; the documents
    /// before it are still written, then the error is reported (exit code 1).
    /// </summary>
    private static async Task<int> AnalyzeJsonLines(CliArgs a, CancellationToken ct)
    {
        var analyzer = CreateAnalyzer(a.Get("--model")).WithDefaultTarget(a.Get("--target"));
        var path = a.SinglePositional("input");
        using var input = OpenInput(path, ct);
        long totalBytes = input.CanSeek ? input.Length : -1;
        using var output = new OutputTarget(a.Get("--out"));
        using var progress = new ProgressBar("documents", -1);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<JsonDocument>();
        InputException? error = null;
        long bytesRead = 0;

        async IAsyncEnumerable<string> Texts()
        {
            await Task.CompletedTask.ConfigureAwait(false); // the reads below are synchronous by design
            var reader = new ByteLineReader(input);
            var utf8 = new UTF8Encoding(false, true);
            int lineNo = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var bytes = reader.ReadLine();
                if (bytes is null) yield break;
                lineNo++;
                Interlocked.Add(ref bytesRead, bytes.Value.Length + 1);
                var (doc, text, message) = ParseDocumentLine(utf8, bytes.Value.Span, lineNo);
                if (message is not null) { error = new InputException(message); yield break; }
                if (doc is null) continue;
                lines.Enqueue(doc);
                yield return text!;
            }
        }

        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        long done = 0;
        try
        {
            await foreach (var d in analyzer.AnalyzeManyAsync(Texts(), ct).ConfigureAwait(false))
            {
                lines.TryDequeue(out var line);
                using (line)
                {
                    buffer.SetLength(0);
                    writer.Reset(buffer);
                    writer.WriteStartObject();
                    foreach (var p in line!.RootElement.EnumerateObject())
                        if (Array.IndexOf(AnalyzeFields, p.Name) < 0 && p.Name != "text") p.WriteTo(writer);
                    writer.WriteString("text", d.Text);
                    WriteDocumentFields(writer, d);
                    writer.WriteEndObject();
                    writer.Flush();
                    buffer.WriteByte((byte)'\n');
                    // Each line is written whole, so a failure later never leaves half a line behind.
                    output.Stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                }
                done++;
                progress.Report(done, totalBytes > 0 ? (double)Interlocked.Read(ref bytesRead) / totalBytes : null);
            }
        }
        finally
        {
            while (lines.TryDequeue(out var left)) left.Dispose();
        }
        output.Stream.Flush();
        if (error is not null) throw error;
        output.Commit();
        return ExitCodes.Success;
    }

    /// <summary>Decodes and checks one JSON line: a document and its text, nothing for a blank line, or an error message naming the line.</summary>
    private static (JsonDocument? Doc, string? Text, string? Error) ParseDocumentLine(UTF8Encoding utf8, ReadOnlySpan<byte> bytes, int lineNo)
    {
        string line;
        try { line = utf8.GetString(bytes); }
        catch (DecoderFallbackException) { return (null, null, $"line {lineNo}: invalid UTF-8."); }
        if (lineNo == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
        if (string.IsNullOrWhiteSpace(line)) return (null, null, null);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e) { return (null, null, $"line {lineNo}: malformed JSON ({e.Message})"); }
        var root = doc.RootElement;
        string? message = null;
        if (root.ValueKind != JsonValueKind.Object) message = $"line {lineNo}: expected a JSON object.";
        else if (!root.TryGetProperty("text", out var t)) message = $"line {lineNo}: missing the \"text\" field.";
        else if (t.ValueKind != JsonValueKind.String) message = $"line {lineNo}: \"text\" must be a string, not {t.ValueKind.ToString().ToLowerInvariant()}.";
        else if (JsonLines.UnpairedSurrogateError(root, lineNo) is { } surrogate) message = surrogate;
        else return (doc, t.GetString(), null);
        doc.Dispose();
        return (null, null, message);
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
        w.WriteString("text", d.Text);
        WriteDocumentFields(w, d);
        w.WriteEndObject();
    }

    /// <summary>The analysis of a document as JSON properties: target, model, sentences, entities, summary.</summary>
    internal static void WriteDocumentFields(Utf8JsonWriter w, StanceDocument d)
    {
        if (d.Target is null) w.WriteNull("target"); else w.WriteString("target", d.Target);
        w.WriteBoolean("targetInferred", d.TargetInferred);
        w.WriteStartObject("model");
        w.WriteString("name", d.ModelName);
        w.WriteString("version", d.ModelVersion);
        w.WriteEndObject();
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

    /// <summary>
    /// One row per sentence, for spreadsheets: UTF-8 with a byte-order mark (so Excel reads it as UTF-8),
    /// CRLF rows, RFC 4180 quoting, invariant numbers, and text fields that a spreadsheet would run as a
    /// formula neutralised (see <see cref="Csv"/>).
    /// </summary>
    private static void WriteCsv(Stream s, List<(string Name, StanceDocument Doc)> docs)
    {
        var ci = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(s, new UTF8Encoding(true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
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

    /// <summary>
    /// RFC 4180 quoting of a text field. A field that starts with a character a spreadsheet reads as the
    /// start of a formula (= + - @, tab, carriage return, or their full-width forms), also after leading
    /// spaces, is prefixed with ' so it is shown as text and never run (CSV injection).
    /// </summary>
    internal static string Csv(string value)
    {
        int first = 0;
        while (first < value.Length && value[first] == ' ') first++;
        if (first < value.Length && value[first] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static int Train(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--quick" }, new HashSet<string> { "--data", "--test", "--out", "--name", "--version", "--grid" });
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
            Grid = a.Has("--quick") ? StanceTraining.DefaultGrid.Take(1).ToList()
                : a.Get("--grid") is { } names ? names.Split(',').Select(n => StanceTraining.DefaultGrid.FirstOrDefault(c => c.Name == n) ?? throw new UsageException($"Unknown configuration '{n}'; known: {string.Join(", ", StanceTraining.DefaultGrid.Select(c => c.Name))}.")).ToList()
                : null,
            Command = "dotnet run --project src/StanceKit.Cli -c Release -- train " + string.Join(' ', rest),
        };
        if (!Directory.Exists(data) && !File.Exists(data)) throw new UsageException($"Training data not found: {data}");
        StanceTraining.Run(options, Console.Out, ct);
        Console.Out.WriteLine($"wrote {Path.Combine(outDir, "stance.skm")}, card.md, card.json");
        return ExitCodes.Success;
    }

    private static int Evaluate(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--no-target", "--articles", "--sentence-only" }, new HashSet<string> { "--model", "--data" });
        var classifier = new StanceClassifier(LoadModel(a.Require("--model")));
        IReadOnlyList<StanceRecord> records;
        try { records = StanceCorpus.Load(a.Require("--data")); }
        catch (FormatException e) { throw new InputException(e.Message); }
        var eval = a.Has("--articles")
            ? ArticleEvaluation.Evaluate(classifier, new EntityExtractor(classifier.Gazetteer), records, documentContext: !a.Has("--sentence-only"), useGoldTarget: !a.Has("--no-target"), ct)
            : StanceTraining.Evaluate(classifier, records, useGoldTarget: !a.Has("--no-target"), ct);
        Console.Out.WriteLine($"model {classifier.Model.Name} v{classifier.Model.Version}, data {a.Get("--data")}");
        Console.Out.Write(eval.ToReport());
        return ExitCodes.Success;
    }
}
