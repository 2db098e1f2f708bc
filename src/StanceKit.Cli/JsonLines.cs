using System.Text;
using System.Text.Json;
using StanceKit.Internal;

namespace StanceKit.Cli;

/// <summary>
/// Reads JSON Lines, one object per line with a string <c>"text"</c>, and writes one line per input line: lines are
/// numbered 1, 2, ... by physical line ('\n'-terminated, blank ones included) in every message, and a blank input line
/// gives a blank output line, so output line N always answers input line N.
/// </summary>
internal static class JsonLines
{
    /// <summary>The line being processed, for messages written by the per-line callback (the loop is single-threaded).</summary>
    public static int CurrentLine { get; private set; }

    /// <summary>
    /// For each input line, copies its fields unchanged (in input order) to the output and lets <paramref name="addFields"/>
    /// append new ones. A malformed line throws <see cref="InputException"/> naming its line number, or with
    /// <paramref name="skipInvalid"/> is answered by an error record <c>{"line":N,"error":"..."}</c>; lines already
    /// written stay complete and valid.
    /// </summary>
    public static void Process(Stream input, Stream output, Action<JsonElement, string, Utf8JsonWriter> addFields, string[] replacedFields, CancellationToken cancellationToken, bool skipInvalid = false)
    {
        var reader = new ByteLineReader(input);
        var parser = new JsonLineParser();
        using var buffer = new MemoryStream();
        using var writer = NewWriter(buffer);
        int lineNo = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Lines are split on bytes and decoded one by one, so invalid UTF-8 is pinned to its line
            // and never stops the lines before it from being written.
            var bytes = reader.ReadLine();
            if (bytes is null) break;
            lineNo++;
            CurrentLine = lineNo;
            buffer.SetLength(0);
            writer.Reset(buffer);
            var (doc, text, error) = parser.Parse(bytes.Value.Span, lineNo);
            if (doc is not null)
            {
                using (doc)
                {
                    var root = doc.RootElement;
                    writer.WriteStartObject();
                    foreach (var p in root.EnumerateObject())
                    {
                        if (Array.IndexOf(replacedFields, p.Name) >= 0) continue;
                        p.WriteTo(writer);
                    }
                    try
                    {
                        addFields(root, text!, writer);
                        writer.WriteEndObject();
                        writer.Flush();
                    }
                    catch (InputException e)
                    {
                        error = e.Message.StartsWith("line ", StringComparison.Ordinal) ? e.Message : $"line {lineNo}: {e.Message}";
                        writer.Reset(buffer);
                        buffer.SetLength(0);
                    }
                }
            }
            if (error is not null)
            {
                if (!skipInvalid) { output.Flush(); throw new InputException(error); }
                WriteErrorRecord(writer, lineNo, error);
            }
            buffer.WriteByte((byte)'\n');
            // Each line is written whole, so a failure later never leaves half a line behind.
            output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        output.Flush();
    }

    internal static Utf8JsonWriter NewWriter(Stream buffer) =>
        new(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The record that stands for a bad input line with --skip-invalid: <c>{"line":N,"error":"..."}</c>.</summary>
    internal static void WriteErrorRecord(Utf8JsonWriter writer, int lineNo, string error)
    {
        var prefix = $"line {lineNo}: ";
        writer.WriteStartObject();
        writer.WriteNumber("line", lineNo);
        writer.WriteString("error", error.StartsWith(prefix, StringComparison.Ordinal) ? error[prefix.Length..] : error);
        writer.WriteEndObject();
        writer.Flush();
    }
}

/// <summary>Decodes and checks one JSON line; shared by every JSON Lines command so they accept and word errors alike.</summary>
internal sealed class JsonLineParser
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A document and its text; nothing for a blank line; or an error message naming the line. Unpaired surrogate escapes
    /// (<c>\ud800</c>), which System.Text.Json can neither decode nor write as UTF-8, are replaced by U+FFFD (one UTF-16 unit
    /// for one, so offsets hold) with a warning once per run.
    /// </summary>
    public (JsonDocument? Doc, string? Text, string? Error) Parse(ReadOnlySpan<byte> bytes, int lineNo)
    {
        string line;
        try { line = s_strictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return (null, null, $"line {lineNo}: invalid UTF-8."); }
        if (lineNo == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
        if (string.IsNullOrWhiteSpace(line)) return (null, null, null);
        line = JsonRepair.ReplaceLoneSurrogateEscapes(line, out int replaced);
        if (replaced > 0)
            Warnings.Once("surrogate", $"line {lineNo}: an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF) was replaced by U+FFFD (offsets unchanged); later ones are replaced silently.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e) { return (null, null, $"line {lineNo}: malformed JSON at byte {(e.BytePositionInLine ?? 0) + 1} ({Describe(e)})"); }
        var root = doc.RootElement;
        string? message = null;
        if (root.ValueKind != JsonValueKind.Object) message = $"line {lineNo}: expected a JSON object.";
        else if (!root.TryGetProperty("text", out var t)) message = $"line {lineNo}: missing the \"text\" field.";
        else if (t.ValueKind != JsonValueKind.String) message = $"line {lineNo}: \"text\" must be a string, not {t.ValueKind.ToString().ToLowerInvariant()}.";
        else return (doc, t.GetString(), null);
        doc.Dispose();
        return (null, null, message);
    }

    /// <summary>
    /// The parser's message without its own position suffix ("LineNumber: 0 | BytePositionInLine: 9"), which counts
    /// lines from 0 within the one line parsed and would contradict the line number we give.
    /// </summary>
    private static string Describe(JsonException e)
    {
        var m = e.Message;
        int cut = m.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = m.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (cut >= 0) m = m[..cut];
        return m.TrimEnd().TrimEnd('.', ' ', '|');
    }
}
