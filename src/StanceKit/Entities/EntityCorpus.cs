using System.Text.Json;
using StanceKit.Internal;

namespace StanceKit;

/// <summary>A gold entity: a span of the clean text and its type.</summary>
public readonly record struct EntityGold
{
    /// <summary>Creates a gold entity.</summary>
    /// <param name="span">UTF-16 offsets into the clean text.</param>
    /// <param name="type">The entity type.</param>
    public EntityGold(TextSpan span, EntityType type)
    {
        Span = span;
        Type = type;
    }

    /// <summary>UTF-16 offsets into the clean text.</summary>
    public TextSpan Span { get; }

    /// <summary>The entity type.</summary>
    public EntityType Type { get; }
}

/// <summary>An annotated sentence (or document): clean text, gold entities and the group it belongs to.</summary>
public sealed class EntityExample
{
    /// <summary>Creates an example.</summary>
    /// <param name="text">The clean text.</param>
    /// <param name="entities">Gold entities, in text order.</param>
    /// <param name="group">The story cluster (<c>set</c>) or <c>article</c> it belongs to; splits are made by group.</param>
    public EntityExample(string text, IReadOnlyList<EntityGold> entities, string? group)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(entities);
        Text = text;
        Entities = entities;
        Group = group;
    }

    /// <summary>The clean text.</summary>
    public string Text { get; }

    /// <summary>Gold entities, in text order.</summary>
    public IReadOnlyList<EntityGold> Entities { get; }

    /// <summary>The story cluster (<c>set</c>) or <c>article</c> it belongs to; splits are made by group.</summary>
    public string? Group { get; }
}

/// <summary>
/// Reads annotated JSONL: either <c>"text"</c> (clean) with gold <c>"entities": [{"start","end","type"}]</c>,
/// or the corpus' inline markup <c>[[surface|TYPE]]</c> in <c>"text"</c> (docs/corpus-format.md).
/// </summary>
public static class EntityCorpus
{
    /// <summary>Reads every non-empty line of a JSONL file.</summary>
    /// <exception cref="FormatException">A line is not valid; the message names the file and line.</exception>
    public static IReadOnlyList<EntityExample> ReadJsonl(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var list = new List<EntityExample>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try { list.Add(ParseLine(line)); }
            catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNo}: {ex.Message}", ex);
            }
        }
        return list;
    }

    /// <summary>Parses one JSON line.</summary>
    public static EntityExample ParseLine(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var raw = root.GetProperty("text").GetString() ?? throw new FormatException("\"text\" is null.");
        string? group = root.TryGetProperty("set", out var set) && set.ValueKind == JsonValueKind.String ? set.GetString()
            : root.TryGetProperty("article", out var art) && art.ValueKind == JsonValueKind.String ? art.GetString()
            : root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (root.TryGetProperty("entities", out var ents) && ents.ValueKind == JsonValueKind.Array)
        {
            var gold = new List<EntityGold>();
            foreach (var e in ents.EnumerateArray())
            {
                int start = e.GetProperty("start").GetInt32();
                int end = e.GetProperty("end").GetInt32();
                var typeName = e.GetProperty("type").GetString() ?? "";
                if (start < 0 || end <= start || end > raw.Length) throw new FormatException($"Entity [{start}, {end}) is outside the text.");
                if (!EntityTypeNames.TryParse(typeName, out var type))
                {
                    if (typeName == "EVENT") continue; // optional, not scored
                    throw new FormatException($"Unknown entity type '{typeName}'.");
                }
                gold.Add(new EntityGold(TextSpan.FromBounds(start, end), type));
            }
            gold.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
            return new EntityExample(raw, gold, group);
        }
        var (text, spans) = EntityMarkup.Parse(raw);
        return new EntityExample(text, spans.Select(s => new EntityGold(s.Span, s.Type)).ToArray(), group);
    }
}
