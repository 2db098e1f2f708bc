using System.Globalization;
using System.Text;
using System.Text.Json;
using StanceKit.ML;

namespace StanceKit.Cli;

/// <summary>The output writers of <c>analyze</c>: JSON, JSON lines, CSV (and the shared JSON writer).</summary>
internal static partial class Commands
{
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
}
