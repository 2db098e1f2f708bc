using System.Text;
using System.Text.Json;
using StanceKit.ML.Parsing;

namespace StanceKit.Cli;

/// <summary><c>stancekit parse</c>, <c>stancekit train-parser</c> and <c>stancekit evaluate-parser</c>.</summary>
internal static class ParserCommands
{
    public const string ParseUsage = """
        stancekit parse --jsonl [PATH|-] [--format jsonl|conllu] [--model PATH] [--out PATH]

        Segments each record's "text" into sentences and tags and parses each one (Universal Dependencies v2:
        UPOS tags, relations with subtypes). jsonl (default) adds "sentences":[{"start","end","tokens":[{"start",
        "end","upos","head","rel"}]}] (head: index of the head word in the sentence, -1 for the root); conllu writes
        CoNLL-U (# sent_id = LINE-K, # text, 10 columns, 1-based ids, HEAD 0 for the root).

        """;

    public const string TrainUsage = """
        stancekit train-parser [--ud DIR] [--out DIR] [--epochs N] [--tag-epochs N] [--seed N] [--beam N]
                               [--score-test] [--diagnose] [--non-projective keep|skip|lift] [--folds N]

        Trains the tagger and the parser on UD English EWT (en_ewt-ud-{train,dev,test}.conllu in DIR, default
        ../shared/ud-english-ewt), keeps the epoch with the best dev LAS, writes DIR/parser.bin and prints
        UPOS/UAS/LAS on dev (and on test with --score-test; gold tokenisation). --beam N trains a beam-search
        model (global training, early update) that decodes with a beam of N. --diagnose prints dev scores with
        gold tags and errors by relation and arc length. Deterministic for a given seed.

        """;

    public const string TrainNeuralUsage = """
        stancekit train-neural-parser [--ud DIR] [--out DIR] [--epochs N] [--seed N] [--max-minutes M] [--threads N]
                                      [--hidden N] [--layers N] [--arc N] [--rel N] [--word-dim N] [--batch N]
                                      [--dropout P] [--lr X] [--train-limit N] [--gold-train-tags]
                                      [--init MODEL --first-epoch N]

        Trains the BiLSTM + biaffine parser (slower, more accurate; see docs/parsing.md) on UD English EWT
        (en_ewt-ud-{train,dev}.conllu in DIR, default ../shared/ud-english-ewt) with jackknifed tags, prints train
        loss, seconds and dev UPOS/UAS/LAS per epoch, keeps the epoch with the best dev LAS and writes
        DIR/neural-parser.bin (default models/parser). --max-minutes stops after the epoch that passes M minutes.
        Deterministic for a given seed and thread count. Score it with evaluate-parser --model FILE. --init
        continues training from a model file's weights (Adam restarts), numbering epochs from --first-epoch.

        """;

    public const string EvaluateUsage = """
        stancekit evaluate-parser [--ud DIR] [--model PATH] [--split dev|test] [--out FILE.conllu]
        stancekit evaluate-parser --gold FILE.conllu --predicted FILE.conllu

        Scores the parser (embedded unless --model) on a UD English EWT split with gold tokenisation, or scores
        two CoNLL-U files with the same words. UPOS, UAS and LAS count every word, punctuation included (CoNLL
        2018); LAS compares universal relations (also printed: with subtypes, and without punctuation).

        """;

    public static int Parse(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl" }, new HashSet<string> { "--out", "--format", "--model" });
        if (!a.Has("--jsonl")) throw new UsageException("parse needs --jsonl.");
        var format = a.Get("--format") ?? "jsonl";
        if (format is not ("jsonl" or "conllu")) throw new UsageException($"Unknown format '{format}' (jsonl or conllu).");
        var parser = LoadParser(a.Get("--model"));
        var segmenter = SentenceSegmenter.Default;
        var path = a.SinglePositional("input");
        using var input = path is null or "-" ? new CancellableReadStream(Console.OpenStandardInput(), ct) : (Stream)File.OpenRead(path);
        using var output = new OutputTarget(a.Get("--out"));
        if (format == "jsonl")
        {
            JsonLines.Process(input, output.Stream, (_, text, w) =>
            {
                w.WriteStartArray("sentences");
                foreach (var s in segmenter.Segment(text))
                {
                    var parsed = parser.Parse(text, s);
                    w.WriteStartObject();
                    w.WriteNumber("start", s.Start);
                    w.WriteNumber("end", s.End);
                    w.WriteStartArray("tokens");
                    foreach (var t in parsed)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("start", t.Start);
                        w.WriteNumber("end", t.End);
                        w.WriteString("upos", t.Pos.ToUDName());
                        w.WriteNumber("head", t.Head);
                        w.WriteString("rel", t.Relation.ToUDName());
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }, ["sentences"], ct);
        }
        else
        {
            // The JSON Lines reader validates each line; its own output is discarded, the CoNLL-U goes to the target.
            var conllu = new StreamWriter(output.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            int line = 0;
            JsonLines.Process(input, Stream.Null, (_, text, _) =>
            {
                line++;
                int k = 0;
                foreach (var s in segmenter.Segment(text))
                {
                    var parsed = parser.Parse(text, s);
                    if (parsed.Count == 0) continue;
                    WriteConllu(conllu, $"{line}-{++k}", text, parsed);
                }
                conllu.Flush();
            }, [], ct);
            conllu.Flush();
        }
        output.Commit();
        return ExitCodes.Success;
    }

    /// <summary>One sentence as CoNLL-U; forms and the text comment have tabs and line breaks replaced by spaces.</summary>
    internal static void WriteConllu(TextWriter w, string id, string text, ParsedSentence sentence)
    {
        w.Write("# sent_id = "); w.Write(id); w.Write('\n');
        w.Write("# text = "); w.Write(Clean(text.AsSpan(sentence.Span.Start, sentence.Span.Length))); w.Write('\n');
        for (int i = 0; i < sentence.Count; i++)
        {
            var t = sentence[i];
            w.Write(i + 1); w.Write('\t');
            w.Write(Clean(text.AsSpan(t.Start, t.Length))); w.Write("\t_\t");
            w.Write(t.Pos.ToUDName()); w.Write("\t_\t_\t");
            w.Write(t.Head + 1); w.Write('\t');
            w.Write(t.Relation.ToUDName()); w.Write("\t_\t");
            bool spaceAfter = t.End < text.Length && i + 1 < sentence.Count && sentence[i + 1].Start > t.End;
            w.Write(spaceAfter || i + 1 == sentence.Count ? "_" : "SpaceAfter=No");
            w.Write('\n');
        }
        w.Write('\n');
    }

    private static string Clean(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(c is '\t' or '\n' or '\r' || char.IsControl(c) ? ' ' : c);
        var result = sb.ToString().Trim();
        return result.Length == 0 ? "_" : result;
    }

    public static int Train(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--diagnose", "--score-test", "--tag-only", "--contiguous-folds", "--gold-train-tags", "--no-clusters", "--rich-labels", "--gold-arc-labels", "--tag-lexicon", "--second-tags" }, new HashSet<string> { "--beam", "--folds", "--non-projective", "--ud", "--out", "--epochs", "--tag-epochs", "--seed", "--min-weight", "--move-bits", "--label-bits", "--tag-bits", "--explore", "--clusters" });
        var ud = a.Get("--ud") ?? Path.Combine("..", "shared", "ud-english-ewt");
        if (!Directory.Exists(ud)) throw new UsageException($"UD folder not found: {ud}");
        var options = new ParserTrainingOptions();
        if (a.Get("--epochs") is { } e) options = options with { ParseEpochs = Int(e, "--epochs") };
        if (a.Get("--tag-epochs") is { } te) options = options with { TagEpochs = Int(te, "--tag-epochs") };
        if (a.Get("--seed") is { } sd) options = options with { Seed = Int(sd, "--seed") };
        if (a.Get("--move-bits") is { } mb) options = options with { MoveBits = Int(mb, "--move-bits") };
        if (a.Get("--label-bits") is { } lb) options = options with { LabelBits = Int(lb, "--label-bits") };
        if (a.Get("--tag-bits") is { } tb) options = options with { TagBits = Int(tb, "--tag-bits") };
        if (a.Get("--min-weight") is { } mw) options = options with { MinWeight = float.Parse(mw, System.Globalization.CultureInfo.InvariantCulture) };
        if (a.Get("--explore") is { } ex) options = options with { Explore = double.Parse(ex, System.Globalization.CultureInfo.InvariantCulture) };
        if (a.Has("--diagnose")) options = options with { Diagnose = true };
        if (a.Has("--rich-labels")) options = options with { RichLabels = true };
        if (a.Has("--tag-lexicon")) options = options with { TagLexicon = true };
        if (a.Has("--second-tags")) options = options with { SecondTags = true };
        if (a.Has("--gold-arc-labels")) options = options with { GoldArcLabels = true };
        if (a.Has("--contiguous-folds")) options = options with { ContiguousFolds = true };
        if (a.Has("--gold-train-tags")) options = options with { GoldTrainTags = true };
        if (a.Get("--beam") is { } bw) options = options with { BeamWidth = Int(bw, "--beam") };
        if (a.Get("--folds") is { } fo) options = options with { Folds = Int(fo, "--folds") };
        if (a.Has("--tag-only")) options = options with { TagOnly = true };
        if (a.Has("--score-test")) options = options with { ScoreTest = true };
        if (a.Get("--clusters") is { } cu) options = options.WithClusters(cu) ?? throw new UsageException("--clusters: tagger, parser, both or none.");
        if (a.Has("--no-clusters")) options = options.WithClusters("none")!;
        if (a.Get("--non-projective") is { } np)
            options = options with { NonProjective = Enum.TryParse<NonProjectiveHandling>(np, true, out var h) ? h : throw new UsageException("--non-projective: keep, skip or lift.") };
        var report = ParserTrainer.Train(ud, a.Get("--out") ?? Path.Combine("models", "parser"), options, Console.Out, ct);
        if (options.TagOnly) return ExitCodes.Success;
        Console.Out.WriteLine($"wrote {report.ModelPath} ({report.ModelBytes} bytes), best epoch {report.BestEpoch}, {report.Elapsed.TotalSeconds:F0} s");
        return ExitCodes.Success;
    }

    public static int TrainNeural(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--gold-train-tags" }, new HashSet<string> { "--ud", "--out", "--epochs", "--seed", "--max-minutes", "--threads", "--hidden", "--layers", "--arc", "--rel", "--word-dim", "--batch", "--dropout", "--lr", "--train-limit", "--init", "--first-epoch" });
        var ud = a.Get("--ud") ?? Path.Combine("..", "shared", "ud-english-ewt");
        if (!Directory.Exists(ud)) throw new UsageException($"UD folder not found: {ud}");
        var o = new NeuralTrainingOptions();
        if (a.Get("--epochs") is { } e) o = o with { Epochs = Int(e, "--epochs") };
        if (a.Get("--seed") is { } sd) o = o with { Seed = Int(sd, "--seed") };
        if (a.Get("--threads") is { } th) o = o with { Threads = Int(th, "--threads") };
        if (a.Get("--hidden") is { } hi) o = o with { Hidden = Int(hi, "--hidden") };
        if (a.Get("--layers") is { } la) o = o with { Layers = Int(la, "--layers") };
        if (a.Get("--arc") is { } ar) o = o with { ArcDim = Int(ar, "--arc") };
        if (a.Get("--rel") is { } re) o = o with { RelDim = Int(re, "--rel") };
        if (a.Get("--word-dim") is { } wd) o = o with { WordDim = Int(wd, "--word-dim") };
        if (a.Get("--batch") is { } ba) o = o with { Batch = Int(ba, "--batch") };
        if (a.Get("--train-limit") is { } tl) o = o with { TrainLimit = Int(tl, "--train-limit") };
        if (a.Get("--max-minutes") is { } mm) o = o with { MaxMinutes = Double(mm, "--max-minutes") };
        if (a.Get("--dropout") is { } dr) o = o with { Dropout = (float)Double(dr, "--dropout") };
        if (a.Get("--lr") is { } lr) o = o with { LearningRate = (float)Double(lr, "--lr") };
        if (a.Has("--gold-train-tags")) o = o with { GoldTrainTags = true };
        if (a.Get("--init") is { } init) o = o with { InitModel = init };
        if (a.Get("--first-epoch") is { } fe) o = o with { FirstEpoch = Int(fe, "--first-epoch") };
        var report = NeuralParserTrainer.Train(ud, a.Get("--out") ?? Path.Combine("models", "parser"), o, Console.Out, ct);
        Console.Out.WriteLine($"wrote {report.ModelPath} ({report.ModelBytes} bytes), best epoch {report.BestEpoch} (dev {report.Dev}), {report.Elapsed.TotalSeconds:F0} s");
        return ExitCodes.Success;
    }

    private static double Double(string s, string name) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && v >= 0 ? v : throw new UsageException($"{name} needs a non-negative number.");

    public static int Evaluate(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string>(), new HashSet<string> { "--ud", "--model", "--split", "--out", "--gold", "--predicted" });
        if (a.Get("--gold") is { } gold)
        {
            var predicted = a.Require("--predicted");
            try { Console.Out.WriteLine(ParserScores.ScoreFiles(gold, predicted)); }
            catch (FormatException e) { throw new InputException(e.Message); }
            return ExitCodes.Success;
        }
        var ud = a.Get("--ud") ?? Path.Combine("..", "shared", "ud-english-ewt");
        var split = a.Get("--split") ?? "dev";
        if (split is not ("dev" or "test" or "train")) throw new UsageException($"Unknown split '{split}'.");
        var goldPath = Path.Combine(ud, $"en_ewt-ud-{split}.conllu");
        if (!File.Exists(goldPath)) throw new UsageException($"not found: {goldPath}");
        var outPath = a.Get("--out") ?? Path.Combine(Path.GetTempPath(), $"stancekit-parser-{split}-{Environment.ProcessId}.conllu");
        if (a.Get("--model") is { } modelPath && File.Exists(modelPath) && StanceKit.Parsing.Neural.NeuralParserModel.IsNeuralModelFile(modelPath))
        {
            StanceKit.Parsing.Neural.NeuralParserModel neural;
            try { neural = StanceKit.Parsing.Neural.NeuralParserModel.Load(modelPath); }
            catch (InvalidModelException ex) { throw new InputException(ex.Message); }
            var goldSentences = Conllu.Read(goldPath);
            var (neuralScores, wall, cpu) = NeuralParserTrainer.Evaluate(neural, goldSentences, outPath, goldPath);
            Console.Out.WriteLine($"{split}: {neuralScores}");
            Console.Out.WriteLine($"neural parser, one thread: {goldSentences.Count} sentences tagged and parsed in {wall:F1} s wall ({goldSentences.Count / wall:F0} sentences/s), {cpu:F1} s CPU ({goldSentences.Count / cpu:F0} sentences/s of CPU time)");
            if (a.Get("--out") is null) File.Delete(outPath);
            return ExitCodes.Success;
        }
        var parser = LoadParser(a.Get("--model"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scores = ParserTrainer.Evaluate(parser, Conllu.Read(goldPath), outPath, goldPath);
        Console.Out.WriteLine($"{split}: {scores} ({clock.Elapsed.TotalSeconds:F1} s)");
        if (a.Get("--out") is null) File.Delete(outPath);
        return ExitCodes.Success;
    }

    private static DependencyParser LoadParser(string? path)
    {
        if (path is null) return DependencyParser.Default;
        if (!File.Exists(path)) throw new UsageException($"model file not found: {path}");
        try { return DependencyParser.Load(path); }
        catch (InvalidModelException e) { throw new InputException(e.Message); }
    }

    private static int Int(string s, string name) =>
        int.TryParse(s, out int v) && v > 0 ? v : throw new UsageException($"{name} needs a positive integer.");
}
