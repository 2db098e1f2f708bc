namespace StanceKit;

/// <summary>One known entity of the gazetteer.</summary>
/// <remarks>Equal when every property is equal.</remarks>
public sealed class GazetteerEntry : IEquatable<GazetteerEntry>
{
    /// <summary>Creates an entry.</summary>
    /// <param name="id">Index of the entry in its gazetteer.</param>
    /// <param name="canonical">The canonical name reported by linking.</param>
    /// <param name="type">The entity type.</param>
    /// <param name="kind">What the entity is.</param>
    /// <param name="country">The canonical country it belongs to or refers to; <see langword="null"/> when none.</param>
    public GazetteerEntry(int id, string canonical, EntityType type, EntityKind kind, string? country)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        Id = id;
        Canonical = canonical;
        Type = type;
        Kind = kind;
        Country = country;
    }

    /// <summary>Index of the entry in its gazetteer.</summary>
    public int Id { get; }

    /// <summary>The canonical name reported by linking.</summary>
    public string Canonical { get; }

    /// <summary>The entity type.</summary>
    public EntityType Type { get; }

    /// <summary>What the entity is.</summary>
    public EntityKind Kind { get; }

    /// <summary>The canonical country it belongs to or refers to; <see langword="null"/> when none.</summary>
    public string? Country { get; }

    /// <summary>The same entry under another index (the gazetteer numbers entries as it builds).</summary>
    internal GazetteerEntry WithId(int id) => new(id, Canonical, Type, Kind, Country);

    /// <inheritdoc />
    public bool Equals(GazetteerEntry? other) => other is not null && Id == other.Id && Type == other.Type && Kind == other.Kind
        && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal) && string.Equals(Country, other.Country, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GazetteerEntry);

    /// <summary>Whether two entries are equal (both null counts as equal).</summary>
    public static bool operator ==(GazetteerEntry? left, GazetteerEntry? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two entries differ.</summary>
    public static bool operator !=(GazetteerEntry? left, GazetteerEntry? right) => !(left == right);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Type, Kind, StringComparer.Ordinal.GetHashCode(Canonical));

    /// <summary>The canonical name, type and kind, e.g. <c>Vladimir Putin (PERSON, HeadOfState)</c>.</summary>
    public override string ToString() => $"{Canonical} ({Type.ToWireName()}, {Kind})";
}
