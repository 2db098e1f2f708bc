using System.Globalization;
using System.Text;
using System.Text.Json;
using StanceKit.ML;

namespace StanceKit.Cli;

/// <summary><c>stancekit segment</c>, <c>entities</c> and <c>classify</c>: per-sentence commands, and their JSON pieces.</summary>
internal static partial class Commands
{
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
}
