using StanceKit.Internal;

namespace StanceKit.ML;

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
    public static IReadOnlyList<EntityExample> ReadJsonl(string path) => AnnotatedLine.ReadFile(path, ParseLine);

    /// <summary>Parses one JSON line.</summary>
    public static EntityExample ParseLine(string json)
    {
        var line = AnnotatedLine.Parse(json);
        string? group = line.StringOrNull("set") ?? line.StringOrNull("article") ?? line.StringOrNull("id");
        return new EntityExample(line.Text, line.Entities.ToArray(), group);
    }
}
