namespace StanceKit;

/// <summary>One entity mention, linked to its canonical entity within the document.</summary>
/// <param name="Span">UTF-16 offsets of the mention in the caller's text.</param>
/// <param name="Type">The entity type.</param>
/// <param name="Canonical">The canonical name of the entity this mention refers to.</param>
/// <param name="Kind">What the entity is, when known.</param>
/// <param name="Country">The canonical country the entity belongs to or refers to ("Russian" gives "Russia"); null when none.</param>
public sealed record EntityMention(TextSpan Span, EntityType Type, string Canonical, EntityKind Kind, string? Country)
{
    /// <summary>The key that groups mentions of one actor: a demonym groups under its country.</summary>
    public string ActorKey => Type == EntityType.Norp && Kind == EntityKind.Demonym && Country is not null ? Country : Canonical;
}

/// <summary>An unlinked entity span, as produced by the allocation-free extraction API.</summary>
/// <param name="Span">UTF-16 offsets of the mention.</param>
/// <param name="Type">The entity type.</param>
/// <param name="EntryId">The gazetteer entry id, or -1 when the name is not in the gazetteer.</param>
public readonly record struct EntitySpan(TextSpan Span, EntityType Type, int EntryId);
