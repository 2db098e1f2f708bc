namespace StanceKit;

/// <summary>One known entity of the gazetteer.</summary>
/// <param name="Id">Index of the entry in its gazetteer.</param>
/// <param name="Canonical">The canonical name reported by linking.</param>
/// <param name="Type">The entity type.</param>
/// <param name="Kind">What the entity is.</param>
/// <param name="Country">The canonical country it belongs to or refers to; <see langword="null"/> when none.</param>
public sealed record GazetteerEntry(int Id, string Canonical, EntityType Type, EntityKind Kind, string? Country);
