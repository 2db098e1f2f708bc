namespace StanceKit;

/// <summary>
/// Resolution of a target name as a user types it ("US", "the EU", "EU institutions", "Brussels", "Chinese
/// government", "Xi Jinping", "Kremlin") to the canonical state actor the gazetteer's country column uses. Names only
/// a target can mean live here rather than in the gazetteer, so they never change how text is matched: in text
/// "Brussels" is Belgium's capital, as a target it is the European Union.
/// </summary>
internal static class TargetNames
{
    private const string EuropeanUnion = "European Union";

    // Target-only aliases: what users type for a target that is not (or not only) a text alias.
    private static readonly Dictionary<string, string> s_targetAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EU institutions"] = EuropeanUnion, ["EU institution"] = EuropeanUnion, ["European institutions"] = EuropeanUnion,
        ["Brussels"] = EuropeanUnion, ["EU Commission"] = EuropeanUnion, ["European Union institutions"] = EuropeanUnion,
        ["EU27"] = EuropeanUnion, ["EU-27"] = EuropeanUnion, ["Europe"] = EuropeanUnion,
        ["Cote d'Ivoire"] = "Ivory Coast", ["Congo-Kinshasa"] = "Democratic Republic of the Congo",
        ["Congo Kinshasa"] = "Democratic Republic of the Congo", ["DR Congo"] = "Democratic Republic of the Congo",
        ["Congo-Brazzaville"] = "Republic of the Congo", ["Holland"] = "Netherlands", ["Persia"] = "Iran",
        ["Great Britain"] = "United Kingdom", ["England"] = "United Kingdom", ["KSA"] = "Saudi Arabia",
    };

    // Words after a state's name that still mean the state ("Chinese government", "US administration").
    private static readonly string[] s_stateSuffixes =
        [" government", " authorities", " administration", " regime", " state", " leadership", " junta", " officials"];

    /// <summary>Resolves a target name; false (and <paramref name="canonical"/> the trimmed name) when no state actor is found.</summary>
    public static bool TryResolve(Gazetteer gazetteer, string? name, out string canonical)
    {
        canonical = "";
        if (name is null) return false;
        var t = Clean(name);
        canonical = t;
        if (t.Length == 0) return false;
        if (TryOne(gazetteer, t, out canonical)) return true;
        foreach (var suffix in s_stateSuffixes)
        {
            if (t.Length > suffix.Length && t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && TryOne(gazetteer, Clean(t[..^suffix.Length]), out canonical))
                return true;
        }
        canonical = t;
        return false;
    }

    private static string Clean(string name)
    {
        var t = name.Trim().Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u02BC', '\'');
        if (t.StartsWith("the ", StringComparison.OrdinalIgnoreCase)) t = t[4..].TrimStart();
        if (t.EndsWith("'s", StringComparison.Ordinal)) t = t[..^2].TrimEnd();
        return t;
    }

    private static bool TryOne(Gazetteer gazetteer, string t, out string canonical)
    {
        if (s_targetAliases.TryGetValue(t, out var alias)) { canonical = alias; return true; }
        canonical = t;
        if (!gazetteer.TryResolve(t, out var e)) return false;
        if (e.Kind is EntityKind.Country or EntityKind.Territory) { canonical = e.Canonical; return true; }
        if (e.Country is null) return false; // the UN, NGOs, international officials: not a state actor
        canonical = e.Country;
        return true;
    }
}
