using System.Globalization;
using System.Text;
using System.Text.Json;
using StanceKit.ML;
using StanceKit.Semantic;

namespace StanceKit.Cli;

/// <summary>The stancekit commands: usage texts, dispatch and shared helpers (the commands are in *Commands.cs, the output writers in DocumentWriters.cs).</summary>
internal static partial class Commands
{
    private const string Usage = """
        stancekit — stance, entities and sentences of news text

        Usage:
          stancekit analyze [PATH|-] [--format text|json|jsonl|csv|html] [--model PATH] [--semantic] [--target NAME] [--document-prior W] [--no-carry-speakers] [--out PATH]
          stancekit analyze --jsonl [PATH|-] [--model PATH] [--semantic] [--target NAME] [--document-prior W] [--no-carry-speakers] [--skip-invalid] [--out PATH]
          stancekit segment --jsonl [PATH|-] [--skip-invalid] [--out PATH]
          stancekit entities --jsonl [PATH|-] [--skip-invalid] [--out PATH]
          stancekit classify --jsonl [PATH|-] [--segment] [--model PATH] [--target NAME] [--explain] [--skip-invalid] [--out PATH]
          stancekit train [--data DIR] [--test DIR]... [--select FILE] [--folds N] [--out DIR] [--force] [--name NAME] [--version V] [--grid NAME,...|--quick]
          stancekit evaluate --model PATH --data FILE.jsonl [--semantic] [--no-target] [--articles [--sentence-only] [--document-prior W] [--no-carry-speakers]] [--predictions PATH]
          stancekit calibrate --model PATH --data FILE.jsonl --out PATH [--speakers] [--force]
          stancekit evaluate-entities --data FILE.jsonl [--errors]
          stancekit train-entities [--data DIR[,DIR...]] [--out DIR] [--check FILE[,FILE...]]
          stancekit parse --jsonl [PATH|-] [--format jsonl|conllu] [--model PATH] [--out PATH]
          stancekit train-parser [--ud DIR] [--out DIR] [--epochs N] [--seed N]
          stancekit train-neural-parser [--ud DIR] [--out DIR] [--epochs N] [--seed N] [--hidden N] [--max-minutes M]
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

    private static readonly Dictionary<string, string> s_commandUsage = new(StringComparer.Ordinal)
    {
        ["analyze"] = """
            Usage:
              stancekit analyze [PATH|-] [--format text|json|jsonl|csv|html] [--model PATH] [--semantic] [--target NAME] [--document-prior W] [--no-carry-speakers] [--out PATH]
              stancekit analyze --jsonl [PATH|-] [--model PATH] [--semantic] [--target NAME] [--document-prior W] [--no-carry-speakers] [--skip-invalid] [--out PATH]

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
              --semantic      combine the linear model with the MiniLM token heads (StanceKit.Semantic): more
                              accurate on real news, about 12 ms per sentence instead of microseconds
              --target NAME   analyse relative to this state actor (name or alias) instead of inferring it per text;
                              a name the gazetteer does not know gets a warning
              --document-prior W
                              how much the rest of a document weighs on each sentence (0 to 4, default 1): each
                              sentence's probabilities are multiplied by the mean of the other sentences' raised to W;
                              0 scores every sentence on its own
              --no-carry-speakers
                              do not let a sentence with no speech event of its own that continues a quotation speak
                              with the previous sentence's speaker (StanceAnalyzerOptions.CarrySpeakers, on by default)
              --out PATH      write to PATH (atomically) instead of standard output

            Several documents show a progress bar with rate and ETA on standard error when it is a terminal.

            """,
        ["parse"] = ParserCommands.ParseUsage,
        ["train-parser"] = ParserCommands.TrainUsage,
        ["train-neural-parser"] = ParserCommands.TrainNeuralUsage,
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
        ["calibrate"] = """
            Usage:
              stancekit calibrate --model PATH --data FILE.jsonl --out PATH [--speakers] [--force]

            Fits a model's softmax temperature to a labelled corpus file of your own kind of text (log-loss)
            and writes a copy of the model with it to --out; the weights, and so every label, are unchanged,
            only the probabilities move. Prints ECE and log-loss before and after. The file's format is the
            corpus format (docs/corpus-format.md; entity markup optional), each sentence with its target.
            --speakers also fits log-odds offsets for all sentences and per class of a sentence's main speaker
            (the target's voice, its state media, another state, a rights group, ... or nobody): labels can
            change. Fit them on a few hundred sentences or more, and check the result on other labelled text.
            An existing --out is never overwritten unless --force (exit 2).

            """,
        ["evaluate"] = """
            Usage:
              stancekit evaluate --model PATH --data FILE.jsonl [--semantic] [--no-target] [--articles [--sentence-only] [--document-prior W] [--no-carry-speakers]] [--predictions PATH]

            Scores a model on a labelled corpus file: accuracy, macro-F1, per-class precision and recall,
            confusion matrix, calibration. --no-target ignores the gold target (as when it must be inferred).
            --articles scores only article records, each article as one document the way 'analyze' does
            (entities linked across the article, the document prior of 'analyze' applied); --sentence-only then
            scores each sentence on its own (no document context, no prior); --document-prior W sets the prior's
            weight (0 to 4, default 1; 0 for none).
            --no-carry-speakers stops a sentence continuing a quotation from speaking with the previous sentence's
            speaker (StanceAnalyzerOptions.CarrySpeakers, on by default as in 'analyze'). --predictions PATH also
            writes one JSON line per scored sentence (id, target, label, predicted, scores, text), for error analysis.
            --semantic scores with the model combined with the MiniLM token heads, as 'analyze --semantic' does
            (--model may then be left out for the embedded default model).

            """,
    };

    private static readonly string[] s_helpFlags = ["--help", "-h"];

    public static int Run(string[] args, TextWriter err, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            if (args.Length == 2 && args[0] == "help" && s_commandUsage.TryGetValue(args[1], out var one))
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
        if (rest.Any(s_helpFlags.Contains))
        {
            if (!s_commandUsage.TryGetValue(args[0], out var usage))
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
                "calibrate" => Calibrate(rest, ct),
                "evaluate-entities" => EntityCommands.Evaluate(rest, ct),
                "train-entities" => EntityCommands.Train(rest, ct),
                "parse" => ParserCommands.Parse(rest, ct),
                "train-parser" => ParserCommands.Train(rest, ct),
                "train-neural-parser" => ParserCommands.TrainNeural(rest, ct),
                "evaluate-parser" => ParserCommands.Evaluate(rest, ct),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            var usage = s_commandUsage.TryGetValue(args[0], out var u) ? u + ExitCodes.Help : Usage;
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
                "train" or "train-entities" or "train-parser" or "train-neural-parser" => "stancekit: training cancelled; no model was written (files already in the output folder are unchanged).",
                "evaluate" or "evaluate-entities" or "evaluate-parser" => "stancekit: evaluation cancelled.",
                "calibrate" => "stancekit: calibration cancelled; no model was written.",
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

    private static StanceAnalyzer CreateAnalyzer(string? modelPath, float documentPrior = StanceAnalyzerOptions.DefaultDocumentPrior, bool carrySpeakers = true, bool semantic = false)
    {
        // The default analyzer is shared; other options make an analyzer of their own.
        if (modelPath is null && !semantic && documentPrior == StanceAnalyzerOptions.DefaultDocumentPrior && carrySpeakers == StanceAnalyzerOptions.Default.CarrySpeakers) return StanceAnalyzer.Default;
        var options = StanceAnalyzerOptions.Default with { DocumentPrior = documentPrior, CarrySpeakers = carrySpeakers };
        return new StanceAnalyzer(CreateScorer(modelPath, semantic), options: options);
    }

    /// <summary>The linear model (embedded, or --model), or with --semantic that model combined with the MiniLM heads (StanceKit.Semantic).</summary>
    private static StanceScorer CreateScorer(string? modelPath, bool semantic)
    {
        var classifier = modelPath is null ? StanceClassifier.Default : new StanceClassifier(LoadModel(modelPath));
        if (!semantic) return classifier;
        return modelPath is null ? SemanticStanceScorer.Default : new SemanticStanceScorer(classifier);
    }

    /// <summary>The weight of --document-prior (0 to 4), or the analyzer's default when the option is absent.</summary>
    private static float DocumentPriorOption(CliArgs a)
    {
        if (a.Get("--document-prior") is not { } text) return StanceAnalyzerOptions.DefaultDocumentPrior;
        if (!float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float w) || !(w >= 0f && w <= 4f))
            throw new UsageException($"--document-prior takes a number from 0 to 4, not '{text}'.");
        return w;
    }

    private static StanceModel LoadModel(string path) =>
        File.Exists(path) ? StanceModel.Load(path) : throw new MissingModelException($"model file not found: {path}");

    private static readonly string[] s_noFields = [];
}
