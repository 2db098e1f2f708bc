using System.Text;
using System.Text.Json;

namespace StanceKit.Internal;

/// <summary>
/// One line of the annotated JSONL corpora (docs/corpus-format.md), read once for every corpus view: the clean text
/// and its gold entities (inline <c>[[surface|TYPE]]</c> markup in <c>"text"</c>, or <c>"entities"</c> offsets into a
/// clean <c>"text"</c>), the identity fields (<c>"id"</c>, <c>"set"</c>, <c>"article"</c> + <c>"index"</c>) and the
/// other string fields. <c>StanceCorpus</c> and <c>EntityCorpus</c> (both StanceKit.ML) are views of it.
/// </summary>
internal sealed class AnnotatedLine
{
    private readonly JsonElement _root;

    private AnnotatedLine(JsonElement root, string text, IReadOnlyList<EntityGold> entities)
    {
        _root = root;
        Text = text;
        Entities = entities;
    }

    /// <summary>The clean text (markup removed).</summary>
    public string Text { get; }

    /// <summary>Gold entities, in text order. EVENT offsets (optional, never scored) are left out.</summary>
    public IReadOnlyList<EntityGold> Entities { get; }

    /// <summary>A string field, or "" when it is absent or not a string.</summary>
    public string String(string name) => _root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>A string field, or null when it is absent or not a string.</summary>
    public string? StringOrNull(string name) => _root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// Whether the line is a sentence of an article record (it has an <c>"article"</c> field); then the article id and
    /// the sentence's <c>"index"</c> in it, both required.
    /// </summary>
    /// <exception cref="InvalidOperationException">"article" is not a string or "index" not an integer.</exception>
    /// <exception cref="KeyNotFoundException">"index" is missing.</exception>
    public bool IsArticleSentence(out string article, out int index)
    {
        article = "";
        index = 0;
        if (!_root.TryGetProperty("article", out var value)) return false;
        article = value.GetString() ?? throw new FormatException("\"article\" is null.");
        index = _root.GetProperty("index").GetInt32();
        return true;
    }

    /// <summary>Parses one line.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    /// <exception cref="FormatException">Bad markup, an unknown type or an entity outside the text.</exception>
    /// <exception cref="KeyNotFoundException">A required field is missing.</exception>
    /// <exception cref="InvalidOperationException">A field has the wrong JSON kind.</exception>
    public static AnnotatedLine Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement.Clone();
        var raw = root.GetProperty("text").GetString() ?? throw new FormatException("\"text\" is null.");
        if (root.TryGetProperty("entities", out var offsets) && offsets.ValueKind == JsonValueKind.Array)
            return new AnnotatedLine(root, raw, ReadOffsets(offsets, raw));
        var (text, entities) = EntityMarkup.Parse(raw);
        return new AnnotatedLine(root, text, entities);
    }

    private static List<EntityGold> ReadOffsets(JsonElement offsets, string text)
    {
        var gold = new List<EntityGold>();
        foreach (var e in offsets.EnumerateArray())
        {
            int start = e.GetProperty("start").GetInt32();
            int end = e.GetProperty("end").GetInt32();
            var typeName = e.GetProperty("type").GetString() ?? "";
            if (start < 0 || end <= start || end > text.Length) throw new FormatException($"Entity [{start}, {end}) is outside the text.");
            if (!EntityTypeNames.TryParse(typeName, out var type))
            {
                if (typeName == "EVENT") continue; // optional, not scored
                throw new FormatException($"Unknown entity type '{typeName}'.");
            }
            gold.Add(new EntityGold(TextSpan.FromBounds(start, end), type));
        }
        gold.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return gold;
    }

    /// <summary>
    /// Every non-blank line of a JSONL file through <paramref name="view"/>, in file order. A line that is not valid
    /// (for the reader or the view) is a <see cref="FormatException"/> naming the file and the line (numbered from 1,
    /// blank lines included). Lines are split by <see cref="ByteLineReader"/>, as the CLI splits its JSON Lines input,
    /// so both number a file's lines alike; a leading byte order mark is skipped and invalid UTF-8 becomes U+FFFD.
    /// </summary>
    public static List<T> ReadFile<T>(string path, Func<string, T> view)
    {
        ArgumentNullException.ThrowIfNull(path);
        var list = new List<T>();
        int lineNo = 0;
        using var stream = File.OpenRead(path);
        var reader = new ByteLineReader(stream);
        while (reader.ReadLine() is { } bytes)
        {
            lineNo++;
            // Decoded line by line: '\n' is never part of a multi-byte sequence, so this equals decoding the whole file.
            var line = Encoding.UTF8.GetString(bytes.Span);
            if (lineNo == 1 && line.StartsWith('\uFEFF')) line = line[1..];
            if (string.IsNullOrWhiteSpace(line)) continue;
            try { list.Add(view(line)); }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNo}: {e.Message}", e);
            }
        }
        return list;
    }
}
