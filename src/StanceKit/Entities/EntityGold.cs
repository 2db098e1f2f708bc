namespace StanceKit;

/// <summary>
/// A gold entity: a span of the clean text and its type. The one shape of an annotated entity: the corpus reader gives
/// it (<c>EntityExample.Entities</c> and <c>StanceRecord.Entities</c> in StanceKit.ML), the tagger trains on it
/// and <c>EntityEvaluation</c> (StanceKit.ML) scores the extractor against it. The extractor's own output is
/// <see cref="EntitySpan"/> (it adds the gazetteer entry) and <see cref="EntityMention"/> (linked).
/// </summary>
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
