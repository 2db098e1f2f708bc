using System.Text;
using System.Text.Json;

namespace StanceKit.Cli;

/// <summary>Reads JSON Lines, one object per line with a string <c>"text"</c>, and writes one object per line.</summary>
internal static class JsonLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// For each input line, copies its fields unchanged to the output and lets <paramref name="addFields"/>
    /// append new ones. A malformed line throws <see cref="InputException"/> naming its line number;
    /// lines already written stay complete and valid.
    /// </summary>
    public static void Process(Stream input, Stream output, Action<JsonElement, string, Utf8JsonWriter> addFields, string[] replacedFields, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        int lineNo = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? line;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException) { throw new InputException($"line {lineNo + 1}: invalid UTF-8."); }
            if (line is null) break;
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException e) { throw new InputException($"line {lineNo}: malformed JSON ({e.Message})"); }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new InputException($"line {lineNo}: expected a JSON object.");
                if (!root.TryGetProperty("text", out var textEl)) throw new InputException($"line {lineNo}: missing the \"text\" field.");
                if (textEl.ValueKind != JsonValueKind.String) throw new InputException($"line {lineNo}: \"text\" must be a string, not {textEl.ValueKind.ToString().ToLowerInvariant()}.");
                var text = textEl.GetString()!;
                buffer.SetLength(0);
                writer.Reset(buffer);
                writer.WriteStartObject();
                foreach (var p in root.EnumerateObject())
                {
                    if (Array.IndexOf(replacedFields, p.Name) >= 0) continue;
                    p.WriteTo(writer);
                }
                addFields(root, text, writer);
                writer.WriteEndObject();
                writer.Flush();
                buffer.WriteByte((byte)'\n');
                // Each line is written whole, so a failure later never leaves half a line behind.
                output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }
        output.Flush();
    }
}
