namespace StanceKit;

/// <summary>One entity mention, linked to its canonical entity within the document.</summary>
/// <remarks>Equal when every property is equal.</remarks>
public sealed class EntityMention : IEquatable<EntityMention>
{
    /// <summary>Creates a mention.</summary>
    /// <param name="span">UTF-16 offsets of the mention in the caller's text.</param>
    /// <param name="type">The entity type.</param>
    /// <param name="canonical">The canonical name of the entity this mention refers to.</param>
    /// <param name="kind">What the entity is, when known.</param>
    /// <param name="country">The canonical country the entity belongs to or refers to; null when none.</param>
    public EntityMention(TextSpan span, EntityType type, string canonical, EntityKind kind, string? country)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        Span = span;
        Type = type;
        Canonical = canonical;
        Kind = kind;
        Country = country;
    }

    /// <summary>UTF-16 offsets of the mention in the caller's text.</summary>
    public TextSpan Span { get; }

    /// <summary>The entity type.</summary>
    public EntityType Type { get; }

    /// <summary>The canonical name of the entity this mention refers to.</summary>
    public string Canonical { get; }

    /// <summary>What the entity is, when known.</summary>
    public EntityKind Kind { get; }

    /// <summary>The canonical country the entity belongs to or refers to ("Russian" gives "Russia"); null when none.</summary>
    public string? Country { get; }

    /// <summary>The key that groups mentions of one actor: a demonym groups under its country.</summary>
    public string ActorKey => Type == EntityType.Norp && Kind == EntityKind.Demonym && Country is not null ? Country : Canonical;

    /// <summary>The same mention <paramref name="offset"/> code units further on (window offsets to document offsets).</summary>
    internal EntityMention Shift(int offset) => new(new TextSpan(Span.Start + offset, Span.Length), Type, Canonical, Kind, Country);

    /// <inheritdoc />
    public bool Equals(EntityMention? other) => other is not null && Span == other.Span && Type == other.Type
        && Kind == other.Kind && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal)
        && string.Equals(Country, other.Country, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EntityMention);

    /// <summary>Whether two mentions are equal (both null counts as equal).</summary>
    public static bool operator ==(EntityMention? left, EntityMention? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two mentions differ.</summary>
    public static bool operator !=(EntityMention? left, EntityMention? right) => !(left == right);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Span, Type, Kind, StringComparer.Ordinal.GetHashCode(Canonical));

    /// <summary>The type, canonical name and span, e.g. <c>PERSON Vladimir Putin [12, 18)</c>.</summary>
    public override string ToString() => $"{Type.ToWireName()} {Canonical} [{Span.Start}, {Span.End})";
}

/// <summary>An unlinked entity span, as produced by the allocation-free extraction API.</summary>
/// <param name="Span">UTF-16 offsets of the mention.</param>
/// <param name="Type">The entity type.</param>
/// <param name="EntryId">The gazetteer entry id, or -1 when the name is not in the gazetteer.</param>
public readonly record struct EntitySpan(TextSpan Span, EntityType Type, int EntryId);
