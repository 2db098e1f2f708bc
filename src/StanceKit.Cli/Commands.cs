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
          stancekit analyze --jsonl [PATH|-] [--model PATH] [--target NAME] [--skip-invalid] [--out PATH]
          stancekit segment --jsonl [PATH|-] [--skip-invalid] [--out PATH]
          stancekit entities --jsonl [PATH|-] [--skip-invalid] [--out PATH]
          stancekit classify --jsonl [PATH|-] [--segment] [--model PATH] [--target NAME] [--explain] [--skip-invalid] [--out PATH]
          stancekit train [--data DIR] [--test DIR]... [--select FILE] [--folds N] [--out DIR] [--force] [--name NAME] [--version V] [--grid NAME,...|--quick]
          stancekit evaluate --model PATH --data FILE.jsonl [--no-target] [--articles [--sentence-only]]
          stancekit evaluate-entities --data FILE.jsonl [--errors]
          stancekit train-entities [--data DIR[,DIR...]] [--out DIR] [--check FILE[,FILE...]]
          stancekit parse --jsonl [PATH|-] [--format jsonl|conllu] [--model PATH] [--out PATH]
          stancekit train-parser [--ud DIR] [--out DIR] [--epochs N] [--seed N]
          stancekit evaluate-parser [--ud DIR] [--model PATH] [--split dev|test]
          stancekit --help | --version
          stancekit COMMAND --help        (the usage of one command)

        PATH may be a file, a folder (analyze: every *.txt in it) or - for standard input (the default).
        JSON Lines input: one object per line with a string field "text" (other fields are copied unchanged, in
        their order); classify also reads an optional string field "target". One output line per input line: a
        blank line gives a blank line; a bad line stops the run (exit 1) unless --skip-invalid, which writes
        {"line": N, "error": "..."} for it and goes on. Lines are numbered from 1, blank ones included. An unpaired
        surrogate escape (\ud800) is read as U+FFFD. Offsets are UTF-16 code units, end exclusive.
        The models are English-only: text that does not look like English gets a warning on standard error, as
        does a target the gazetteer does not know.

        """ + ExitCodes.Help;

    private const string Common = """

        PATH is a file or - for standard input (the default). --out PATH writes to a temporary file renamed on
        success, so a failed run never leaves a partial file under PATH; without it, output goes to standard output.
        One output line per input line (a blank line stays blank); --skip-invalid answers a bad line with
        {"line": N, "error": "..."} and goes on instead of stopping with exit code 1.

        """;

    private static readonly Dictionary<string, string> CommandUsage = new(StringComparer.Ordinal)
    {
        ["analyze"] = """
            Usage:
              stancekit analyze [PATH|-] [--format text|json|jsonl|csv|html] [--model PATH] [--target NAME] [--out PATH]
              stancekit analyze --jsonl [PATH|-] [--model PATH] [--target NAME] [--skip-invalid] [--out PATH]

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
                              fields are copied unchanged, in their order (fields named like the added ones are
                              replaced); a blank line gives a blank line
              --skip-invalid  with --jsonl: answer a bad line with {"line": N, "error": "..."} and go on
              --model PATH    a model file (.skm) instead of the embedded default
              --target NAME   analyse relative to this state actor (name or alias) instead of inferring it per text;
                              a name the gazetteer does not know gets a warning
              --out PATH      write to PATH (atomically) instead of standard output

            Several documents show a progress bar with rate and ETA on standard error when it is a terminal.

            """,
        ["parse"] = ParserCommands.ParseUsage,
        ["train-parser"] = ParserCommands.TrainUsage,
        ["evaluate-parser"] = ParserCommands.EvaluateUsage,
        ["segment"] = """
            Usage:
              stancekit segment --jsonl [PATH|-] [--skip-invalid] [--out PATH]

            Splits the "text" of each JSON line into sentences; adds "sentences": [{"start", "end", "text"}].
            """ + Common,
        ["entities"] = """
            Usage:
              stancekit entities --jsonl [PATH|-] [--skip-invalid] [--out PATH]

            Finds PERSON, ORG, LOC and NORP mentions in the "text" of each JSON line, linked within it; adds
            "entities": [{"start", "end", "type", "text", "canonical", "country"?}].
            """ + Common,
        ["classify"] = """
            Usage:
              stancekit classify --jsonl [PATH|-] [--segment] [--model PATH] [--target NAME] [--explain] [--skip-invalid] [--out PATH]

            Classifies the "text" of each JSON line as one sentence toward its optional "target" field (else
            --target NAME, else inferred); adds "label", "scores" ({"state-framing", "critical", "neutral"}) and
            "target". An empty text gets "label": null and "scores": null. --explain adds the features that weighed
            most ("explanation"). --model PATH uses a model file instead of the embedded default.
            The model labels single sentences: a record of several sentences gets a warning (once), and --segment
            splits each text into sentences and adds "sentences": [{"start", "end", "text", "label", "scores"}]
            instead of one "label" and "scores".
            """ + Common,
        ["train"] = """
            Usage:
              stancekit train [--data DIR] [--test DIR]... [--select FILE] [--folds N] [--out DIR] [--force] [--name NAME] [--version V] [--quick]

            Trains a stance model with ML.NET on the corpus in --data (default data/stance), choosing settings by
            cross-validation grouped by story, calibrating on a held-out development split and scoring the
            separate --test set (default DATA/test) once. With --select (a realistic dev split) the settings are
            chosen by macro-F1 there and the temperature is fitted there. --test may be given more than once;
            each set is scored once. Writes stance.skm, card.md and card.json to --out (default models/custom).
            A folder that already holds a model is never overwritten unless --force (exit 2). --quick tries one
            setting instead of the grid; --folds N sets the cross-validation folds (default 5; 0 skips
            cross-validation, allowed only with --select). Minimum data: docs/corpus-format.md.

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
                "parse" => ParserCommands.Parse(rest, ct),
                "train-parser" => ParserCommands.Train(rest, ct),
                "evaluate-parser" => ParserCommands.Evaluate(rest, ct),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            var usage = CommandUsage.TryGetValue(args[0], out var u) ? u + ExitCodes.Help : Usage;
            TryWrite(err, $"stancekit: {e.Message}\n\n{usage}");
            return ExitCodes.Usage;
        }
        catch (BadPathException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (MissingModelException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.BadModel;
        }
        catch (InputException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (InvalidModelException e)
        {
            TryWrite(err, $"stancekit: {e.Message}");
            return ExitCodes.BadModel;
        }
        catch (OperationCanceledException)
        {
            TryWrite(err, args[0] switch
            {
                // Training computes everything before it writes anything: a cancelled run leaves --out as it was.
                "train" or "train-entities" or "train-parser" => "stancekit: training cancelled; no model was written (files already in the output folder are unchanged).",
                "evaluate" or "evaluate-entities" or "evaluate-parser" => "stancekit: evaluation cancelled.",
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
        modelPath is null ? StanceAnalyzer.Default : new StanceAnalyzer(LoadModel(modelPath));

    private static StanceModel LoadModel(string path) =>
        File.Exists(path) ? StanceModel.Load(path) : throw new MissingModelException($"model file not found: {path}");

    private static readonly string[] NoFields = [];

    private static int Segment(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl", "--skip-invalid" }, new HashSet<string> { "--out" });
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
        }, ["sentences"], ct, a.Has("--skip-invalid"));
        output.Commit();
        return ExitCodes.Success;
    }

    private static int Entities(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl", "--skip-invalid" }, new HashSet<string> { "--out" });
        if (!a.Has("--jsonl")) throw new UsageException("entities needs --jsonl.");
        var extractor = EntityExtractor.Default;
        using var input = OpenInput(a.SinglePositional("input"), ct);
        using var output = new OutputTarget(a.Get("--out"));
        JsonLines.Process(input, output.Stream, (_, text, w) =>
        {
            Warnings.NonEnglish(text, $"the text of line {JsonLines.CurrentLine}");
            WriteEntities(w, "entities", text, extractor.Extract(text));
        }, ["entities"], ct, a.Has("--skip-invalid"));
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
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl", "--explain", "--segment", "--skip-invalid" }, new HashSet<string> { "--out", "--model", "--target" });
        if (!a.Has("--jsonl")) throw new UsageException("classify needs --jsonl.");
        var classifier = a.Get("--model") is { } m ? new StanceClassifier(LoadModel(m)) : StanceClassifier.Default;
        var defaultTarget = a.Get("--target");
        Warnings.UnknownTarget(classifier.Gazetteer, defaultTarget);
        bool explain = a.Has("--explain"), segment = a.Has("--segment");
        var segmenter = SentenceSegmenter.Default;
        using var input = OpenInput(a.SinglePositional("input"), ct);
        using var output = new OutputTarget(a.Get("--out"));
        JsonLines.Process(input, output.Stream, (root, text, w) =>
        {
            string? target = defaultTarget;
            if (root.TryGetProperty("target", out var t))
            {
                if (t.ValueKind == JsonValueKind.String) target = t.GetString();
                else if (t.ValueKind != JsonValueKind.Null) throw new InputException("\"target\" must be a string.");
            }
            Warnings.UnknownTarget(classifier.Gazetteer, target);
            Warnings.NonEnglish(text, $"the text of line {JsonLines.CurrentLine}");
            var sentences = segmenter.Segment(text);
            if (segment)
            {
                // One label per sentence, each scored on its own (the model is trained on single sentences).
                string? resolved = target;
                w.WriteStartArray("sentences");
                foreach (var s in sentences)
                {
                    var sentence = text.Substring(s.Start, s.Length);
                    var p = classifier.Predict(sentence, target);
                    resolved = p.Target ?? resolved;
                    w.WriteStartObject();
                    w.WriteNumber("start", s.Start);
                    w.WriteNumber("end", s.End);
                    w.WriteString("text", sentence);
                    w.WriteString("label", p.Stance.ToWireName());
                    WriteScores(w, p.Scores);
                    if (explain) WriteExplanation(w, classifier.Explain(sentence, target));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (resolved is null) w.WriteNull("target"); else w.WriteString("target", resolved);
                return;
            }
            if (sentences.Count > 1)
                Warnings.Once("multi-sentence", $"line {JsonLines.CurrentLine} holds {sentences.Count} sentences; classify scores each record as one sentence (the model is trained on single sentences). Use --segment for one label per sentence, or analyze for documents.");
            if (string.IsNullOrWhiteSpace(text))
            {
                // Nothing to label: no made-up "neutral" for an empty record.
                w.WriteNull("label");
                w.WriteNull("scores");
                if (target is null) w.WriteNull("target"); else w.WriteString("target", target);
                if (explain) { w.WriteStartArray("explanation"); w.WriteEndArray(); }
                return;
            }
            var prediction = classifier.Predict(text, target);
            w.WriteString("label", prediction.Stance.ToWireName());
            WriteScores(w, prediction.Scores);
            if (prediction.Target is null) w.WriteNull("target"); else w.WriteString("target", prediction.Target);
            if (explain) WriteExplanation(w, classifier.Explain(text, target));
        }, ["label", "scores", "target", "explanation", "sentences"], ct, a.Has("--skip-invalid"));
        output.Commit();
        return ExitCodes.Success;
    }

    private static void WriteExplanation(Utf8JsonWriter w, StanceExplanation x)
    {
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

    private static int Analyze(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl", "--skip-invalid" }, new HashSet<string> { "--format", "--model", "--out", "--target" });
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
            try { stdinText = reader.ReadToEnd(); Warnings.NonEnglish(stdinText, "standard input"); }
            catch (DecoderFallbackException) { throw new InputException("standard input is not valid UTF-8."); }
        }
        else if (Directory.Exists(path))
        {
            files.AddRange(Directory.GetFiles(path, "*.txt").OrderBy(f => f, StringComparer.Ordinal));
            if (files.Count == 0) throw new BadPathException($"No *.txt files in {path}.");
        }
        else if (File.Exists(path)) files.Add(path);
        else throw new BadPathException($"input not found: {path}");

        if (a.Has("--skip-invalid")) throw new UsageException("--skip-invalid applies to JSON Lines input (--jsonl).");
        var analyzer = CreateAnalyzer(a.Get("--model")).WithDefaultTarget(a.Get("--target"));
        Warnings.UnknownTarget(analyzer.Scorer.Gazetteer, a.Get("--target"));
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
    /// order, a bounded number of documents in flight. One output line per input line: a blank line stays blank; a
    /// malformed line stops the input there (the documents before it are still written, then the error is reported,
    /// exit code 1), or with --skip-invalid is answered by an error record.
    /// </summary>
    private static async Task<int> AnalyzeJsonLines(CliArgs a, CancellationToken ct)
    {
        var analyzer = CreateAnalyzer(a.Get("--model")).WithDefaultTarget(a.Get("--target"));
        Warnings.UnknownTarget(analyzer.Scorer.Gazetteer, a.Get("--target"));
        bool skipInvalid = a.Has("--skip-invalid");
        var path = a.SinglePositional("input");
        using var input = OpenInput(path, ct);
        long totalBytes = input.CanSeek ? input.Length : -1;
        using var output = new OutputTarget(a.Get("--out"));
        using var progress = new ProgressBar("documents", -1);
        // Input lines in order: a document still being analysed, or a finished line (blank, or an error record) that
        // waits for the documents before it.
        var lines = new System.Collections.Concurrent.ConcurrentQueue<(JsonDocument? Doc, byte[]? Written)>();
        InputException? error = null;
        long bytesRead = 0;

        async IAsyncEnumerable<string> Texts()
        {
            await Task.CompletedTask.ConfigureAwait(false); // the reads below are synchronous by design
            var reader = new ByteLineReader(input);
            var parser = new JsonLineParser();
            using var errorBuffer = new MemoryStream();
            using var errorWriter = JsonLines.NewWriter(errorBuffer);
            int lineNo = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var bytes = reader.ReadLine();
                if (bytes is null) yield break;
                lineNo++;
                Interlocked.Add(ref bytesRead, bytes.Value.Length + 1);
                var (doc, text, message) = parser.Parse(bytes.Value.Span, lineNo);
                if (message is not null)
                {
                    if (!skipInvalid) { error = new InputException(message); yield break; }
                    errorBuffer.SetLength(0);
                    errorWriter.Reset(errorBuffer);
                    JsonLines.WriteErrorRecord(errorWriter, lineNo, message);
                    lines.Enqueue((null, [.. errorBuffer.ToArray(), (byte)'\n']));
                    continue;
                }
                if (doc is null) { lines.Enqueue((null, [(byte)'\n'])); continue; }
                Warnings.NonEnglish(text!, $"the text of line {lineNo}");
                lines.Enqueue((doc, null));
                yield return text!;
            }
        }

        void WriteFinishedLines()
        {
            while (lines.TryPeek(out var next) && next.Doc is null && lines.TryDequeue(out var done))
                output.Stream.Write(done.Written!);
        }

        using var buffer = new MemoryStream();
        using var writer = JsonLines.NewWriter(buffer);
        long analysed = 0;
        try
        {
            await foreach (var d in analyzer.AnalyzeManyAsync(Texts(), ct).ConfigureAwait(false))
            {
                WriteFinishedLines();
                lines.TryDequeue(out var line);
                using (line.Doc)
                {
                    buffer.SetLength(0);
                    writer.Reset(buffer);
                    writer.WriteStartObject();
                    // Input fields keep their order; the added ones follow.
                    foreach (var p in line.Doc!.RootElement.EnumerateObject())
                        if (Array.IndexOf(AnalyzeFields, p.Name) < 0) p.WriteTo(writer);
                    WriteDocumentFields(writer, d);
                    writer.WriteEndObject();
                    writer.Flush();
                    buffer.WriteByte((byte)'\n');
                    // Each line is written whole, so a failure later never leaves half a line behind.
                    output.Stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                }
                analysed++;
                progress.Report(analysed, totalBytes > 0 ? (double)Interlocked.Read(ref bytesRead) / totalBytes : null);
            }
            WriteFinishedLines();
        }
        finally
        {
            while (lines.TryDequeue(out var left)) left.Doc?.Dispose();
        }
        output.Stream.Flush();
        if (error is not null) throw error;
        output.Commit();
        return ExitCodes.Success;
    }

    private static string ReadText(string path)
    {
        string text;
        try { text = File.ReadAllText(path, new UTF8Encoding(false, true)); }
        catch (DecoderFallbackException) { throw new InputException($"{path}: not valid UTF-8."); }
        Warnings.NonEnglish(text, path);
        return text;
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
