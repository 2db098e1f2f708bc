namespace StanceKit;

/// <summary>What a known entity is, finer than <see cref="EntityType"/>; drives the
/// target-relative features of the stance classifier.</summary>
public enum EntityKind
{
    /// <summary>Not known to the gazetteer (found by rules or the tagger).</summary>
    Unknown = 0,
    /// <summary>A sovereign country.</summary>
    Country,
    /// <summary>A dependent or disputed territory.</summary>
    Territory,
    /// <summary>A capital city.</summary>
    Capital,
    /// <summary>Another city.</summary>
    City,
    /// <summary>A region, sea, disputed area or other geographic place.</summary>
    Region,
    /// <summary>A demonym of a country (Russian, Russians).</summary>
    Demonym,
    /// <summary>A group adjective without one country (Western, Muslim).</summary>
    Group,
    /// <summary>A head of state.</summary>
    HeadOfState,
    /// <summary>A head of government.</summary>
    HeadOfGovernment,
    /// <summary>A minister.</summary>
    Minister,
    /// <summary>Another official: spokesperson, general, envoy.</summary>
    Official,
    /// <summary>An opposition politician.</summary>
    OppositionFigure,
    /// <summary>An activist or dissident.</summary>
    Activist,
    /// <summary>A ministry, presidency, parliament or other state body.</summary>
    GovernmentBody,
    /// <summary>Armed forces, coast guards.</summary>
    Military,
    /// <summary>Police, intelligence and security services.</summary>
    Security,
    /// <summary>The ruling party.</summary>
    RulingParty,
    /// <summary>An opposition party.</summary>
    OppositionParty,
    /// <summary>Another party.</summary>
    Party,
    /// <summary>State-owned or state-run media.</summary>
    StateMedia,
    /// <summary>Independent or private media.</summary>
    Media,
    /// <summary>An intergovernmental organisation (UN bodies, NATO, EU institutions).</summary>
    Intergovernmental,
    /// <summary>A non-governmental organisation: rights groups, watchdogs, think tanks.</summary>
    Ngo,
    /// <summary>A rebel group, militia or insurgency.</summary>
    ArmedGroup,
    /// <summary>A company.</summary>
    Company,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Wire names of <see cref="EntityKind"/> as used in the gazetteer files.</summary>
public static class EntityKindNames
{
    private static readonly string[] s_names =
    [
        "unknown", "country", "territory", "capital", "city", "region", "demonym", "group",
        "head-of-state", "head-of-government", "minister", "official", "opposition-figure", "activist",
        "government-body", "military", "security", "ruling-party", "opposition-party", "party",
        "state-media", "media", "intergovernmental", "ngo", "armed-group", "company", "other",
    ];

    /// <summary>The gazetteer name of a kind.</summary>
    public static string ToWireName(this EntityKind kind) => s_names[(int)kind];

    /// <summary>Parses a gazetteer kind name.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out EntityKind kind)
    {
        for (int i = 0; i < s_names.Length; i++)
        {
            if (name.SequenceEqual(s_names[i])) { kind = (EntityKind)i; return true; }
        }
        kind = EntityKind.Unknown;
        return false;
    }

    /// <summary>Whether the kind speaks for a state (officials, bodies, forces, state media, ruling party).</summary>
    public static bool IsStateVoice(this EntityKind kind) => kind is EntityKind.HeadOfState or EntityKind.HeadOfGovernment
        or EntityKind.Minister or EntityKind.Official or EntityKind.GovernmentBody or EntityKind.Military
        or EntityKind.Security or EntityKind.RulingParty or EntityKind.StateMedia;

    /// <summary>Whether the kind is a place or a people standing for a country.</summary>
    public static bool IsPlaceOrPeople(this EntityKind kind) => kind is EntityKind.Country or EntityKind.Territory
        or EntityKind.Capital or EntityKind.City or EntityKind.Region or EntityKind.Demonym;
}
