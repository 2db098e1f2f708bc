using StanceKit.Internal;

namespace StanceKit;

/// <summary>A gold entity: a span of the clean text and its type.</summary>
/// <param name="Span">UTF-16 offsets into the clean text.</param>
/// <param name="Type">The entity type.</param>
public readonly record struct EntityGold(TextSpan Span, EntityType Type);

/// <summary>An annotated sentence (or document): clean text, gold entities and the group it belongs to.</summary>
/// <param name="Text">The clean text.</param>
/// <param name="Entities">Gold entities, in text order.</param>
/// <param name="Group">The story cluster (<c>set</c>) or <c>article</c> it belongs to; splits are made by group.</param>
public sealed record EntityExample(string Text, IReadOnlyList<EntityGold> Entities, string? Group);

/// <summary>
/// Reads annotated JSONL: either <c>"text"</c> (clean) with gold <c>"entities": [{"start","end","type"}]</c>,
/// or the corpus' inline markup <c>[[surface|TYPE]]</c> in <c>"text"</c> (docs/corpus-format.md).
/// </summary>
public static class EntityCorpus
{
    /// <summary>Reads every non-empty line of a JSONL file.</summary>
    /// <exception cref="FormatException">A line is not valid; the message names the file and line.</exception>
    public static IReadOnlyList<EntityExample> ReadJsonl(string path) => AnnotatedLine.ReadFile(path, ParseLine);

    /// <summary>Parses one JSON line.</summary>
    public static EntityExample ParseLine(string json)
    {
        var line = AnnotatedLine.Parse(json);
        string? group = line.StringOrNull("set") ?? line.StringOrNull("article") ?? line.StringOrNull("id");
        return new EntityExample(line.Text, line.Entities.Select(s => new EntityGold(s.Span, s.Type)).ToArray(), group);
    }
}
