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
        var reader = new ByteLineReader(input);
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        int lineNo = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Lines are split on bytes and decoded one by one, so invalid UTF-8 is pinned to its line
            // and never stops the lines before it from being written.
            var bytes = reader.ReadLine();
            if (bytes is null) break;
            lineNo++;
            string line;
            try { line = StrictUtf8.GetString(bytes.Value.Span); }
            catch (DecoderFallbackException) { throw new InputException($"line {lineNo}: invalid UTF-8."); }
            if (lineNo == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
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
                if (UnpairedSurrogateError(root, lineNo) is { } surrogate) throw new InputException(surrogate);
                var text = textEl.GetString()!;
                buffer.SetLength(0);
                writer.Reset(buffer);
                writer.WriteStartObject();
                foreach (var p in root.EnumerateObject())
                {
                    if (Array.IndexOf(replacedFields, p.Name) >= 0) continue;
                    p.WriteTo(writer);
                }
                try { addFields(root, text, writer); }
                catch (InputException e) when (!e.Message.StartsWith("line ", StringComparison.Ordinal)) { throw new InputException($"line {lineNo}: {e.Message}"); }
                writer.WriteEndObject();
                writer.Flush();
                buffer.WriteByte((byte)'\n');
                // Each line is written whole, so a failure later never leaves half a line behind.
                output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }
        output.Flush();
    }

    /// <summary>
    /// Null when every string and property name of the line decodes; otherwise the error naming the line. JSON may
    /// escape an unpaired surrogate ("\ud800"), which System.Text.Json can neither decode nor write back as UTF-8.
    /// </summary>
    internal static string? UnpairedSurrogateError(JsonElement root, int lineNo) =>
        HasUnpairedSurrogate(root)
            ? $"line {lineNo}: a string holds an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF), which cannot be written as UTF-8; drop or fix that escape."
            : null;

    private static bool HasUnpairedSurrogate(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                try { _ = e.GetString(); return false; }
                catch (InvalidOperationException) { return true; }
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    try { _ = p.Name; }
                    catch (InvalidOperationException) { return true; }
                    if (HasUnpairedSurrogate(p.Value)) return true;
                }
                return false;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) if (HasUnpairedSurrogate(x)) return true;
                return false;
            default:
                return false;
        }
    }
}

/// <summary>Reads '\n'-terminated lines as bytes (a trailing '\r' is dropped).</summary>
internal sealed class ByteLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof;
    private readonly MemoryStream _line = new();

    public ReadOnlyMemory<byte>? ReadLine()
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                if (_eof) break;
                _start = 0;
                _end = stream.Read(_buffer, 0, _buffer.Length);
                if (_end == 0) { _eof = true; break; }
            }
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                _line.Write(_buffer, _start, nl - _start);
                _start = nl + 1;
                return Trim();
            }
            _line.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
        // The cast matters: a bare null would convert to an empty ReadOnlyMemory through the array conversion.
        return _line.Length == 0 ? (ReadOnlyMemory<byte>?)null : Trim();
    }

    private ReadOnlyMemory<byte> Trim()
    {
        int len = (int)_line.Length;
        var buf = _line.GetBuffer();
        if (len > 0 && buf[len - 1] == (byte)'\r') len--;
        return new ReadOnlyMemory<byte>(buf, 0, len);
    }
}
