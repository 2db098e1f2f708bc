namespace StanceKit;

/// <summary>Entity types of the annotation guide (§2).</summary>
public enum EntityType
{
    /// <summary>People, without titles.</summary>
    Person = 0,
    /// <summary>Organisations, governments as bodies, armies, ministries, parties, media, alliances.</summary>
    Org = 1,
    /// <summary>Countries, regions, cities, geographic places.</summary>
    Loc = 2,
    /// <summary>Nationalities, religious or political groups.</summary>
    Norp = 3,
}

/// <summary>Conversions between <see cref="EntityType"/> and its wire names.</summary>
public static class EntityTypeNames
{
    /// <summary>The wire name: PERSON, ORG, LOC or NORP.</summary>
    public static string ToWireName(this EntityType type) => type switch
    {
        EntityType.Person => "PERSON",
        EntityType.Org => "ORG",
        EntityType.Loc => "LOC",
        EntityType.Norp => "NORP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown entity type."),
    };

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out EntityType type)
    {
        switch (name)
        {
            case "PERSON": type = EntityType.Person; return true;
            case "ORG": type = EntityType.Org; return true;
            case "LOC": type = EntityType.Loc; return true;
            case "NORP": type = EntityType.Norp; return true;
            default: type = default; return false;
        }
    }
}
