namespace StanceKit;

/// <summary>
/// How a report shows the entities of one document: one type per entity throughout (the type most of its mentions got,
/// ties to the gazetteer's type, then to the first mention's), and its canonical name in the text's own spelling when
/// the text writes a listed spelling variant of it ("Kiev" in a text that writes "Kyiv" is shown "Kyiv"; "Defense
/// Ministry", not "Defence Ministry").
/// </summary>
internal sealed class EntityDisplay
{
    private readonly Dictionary<string, EntityType> _types;

    private EntityDisplay(Dictionary<string, EntityType> types, Dictionary<string, string> names)
    {
        _types = types;
        Names = names;
    }

    /// <summary>Canonical name → the name shown, for the canonicals whose shown name differs.</summary>
    public IReadOnlyDictionary<string, string> Names { get; }

    /// <summary>The name shown for a canonical name.</summary>
    public string Name(string canonical) => Names.TryGetValue(canonical, out var shown) ? shown : canonical;

    /// <summary>The one type shown for the entity a mention refers to.</summary>
    public EntityType Type(EntityMention mention) => _types.TryGetValue(mention.Canonical, out var t) ? t : mention.Type;

    public static EntityDisplay Build(StanceDocument document)
    {
        var text = document.Text;
        var votes = new Dictionary<string, (int[] Counts, EntityType First)>(StringComparer.Ordinal);
        var spellings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var m in document.Entities)
        {
            if (!votes.TryGetValue(m.Canonical, out var v)) votes[m.Canonical] = v = (new int[4], m.Type);
            v.Counts[(int)m.Type & 3]++;
            if (m.Span.End <= text.Length)
            {
                if (!spellings.TryGetValue(m.Canonical, out var list)) spellings[m.Canonical] = list = [];
                list.Add(text.Substring(m.Span.Start, m.Span.Length));
            }
        }

        var types = new Dictionary<string, EntityType>(StringComparer.Ordinal);
        foreach (var (canonical, (counts, first)) in votes)
        {
            int best = counts.Max();
            bool listed = Gazetteer.Default.TryResolve(canonical, out var entry) && entry.Canonical == canonical;
            types[canonical] = listed && counts[(int)entry.Type & 3] == best ? entry.Type
                : counts[(int)first & 3] == best ? first
                : Enum.GetValues<EntityType>().First(t => counts[(int)t & 3] == best);
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, surfaces) in spellings)
        {
            if (surfaces.Any(s => string.Equals(s, canonical, StringComparison.OrdinalIgnoreCase))) continue;
            var variant = surfaces.Where(s => IsSpellingVariant(s, canonical))
                .GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            if (variant is not null) names[canonical] = variant;
        }
        return new EntityDisplay(types, names);
    }

    /// <summary>
    /// The same name spelt another way, as the gazetteer lists it: an alias of the same entry with as many words, a few
    /// letters apart ("Kyiv"/"Kiev", "Defense"/"Defence"), not a short form ("Putin") or another name ("Peking"), and not
    /// written in capitals (a dateline).
    /// </summary>
    private static bool IsSpellingVariant(string surface, string canonical)
    {
        if (surface.Any(char.IsLower) is false) return false;
        if (!Gazetteer.Default.TryResolve(surface, out var entry) || entry.Canonical != canonical) return false;
        if (surface.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != canonical.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length) return false;
        return EditDistance(surface, canonical) <= 2;
    }

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2) return 3;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
