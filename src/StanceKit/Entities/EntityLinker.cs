using StanceKit.Text;
namespace StanceKit;

/// <summary>
/// Document-level linking: gives every mention a canonical name. A bare surname links to a full
/// name seen in the document ("Putin" → "Vladimir Putin"); an acronym in parentheses links to its
/// long form ("SCO" ↔ "Shanghai Cooperation Organization") and later uses of either follow; known
/// names take the gazetteer's canonical entry (so country aliases share one name); a demonym
/// carries its country.
/// </summary>
internal static class EntityLinker
{
    private readonly record struct LinkInfo(string Canonical, EntityKind Kind, string? Country);

    public static IReadOnlyList<EntityMention> Link(ReadOnlySpan<char> text, EntitySpan[] spans, Gazetteer g, CancellationToken cancellationToken = default)
    {
        // 0. Type consistency: an unknown one-word name that repeats a word of an earlier full person name is that person
        //    ("Senior Colonel Xiao Gan ... Later, Xiao said").
        //    The words of earlier full names are kept in a set, so this stays linear in the number of spans.
        var earlierNameWords = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        for (int i = 0; i < spans.Length; i++)
        {
            if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (spans[i].EntryId < 0 && spans[i].Type != EntityType.Person)
            {
                var surface = Surface(text, spans[i]);
                if (!surface.Contains(' ') && !LooksLikeAcronym(surface.AsSpan()) && earlierNameWords.Contains(surface))
                    spans[i] = spans[i] with { Type = EntityType.Person };
            }
            if (spans[i].Type == EntityType.Person)
            {
                keys.Clear();
                FullNameKeys(Surface(text, spans[i]), keys);
                earlierNameWords.UnionWith(keys);
            }
        }

        var links = new LinkInfo?[spans.Length];
        var surfaceLinks = new Dictionary<(string, EntityType), LinkInfo>();

        // 1. Known entries, and exact-name resolution of unknown spans.
        for (int i = 0; i < spans.Length; i++)
        {
            if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var sp = spans[i];
            if (sp.EntryId >= 0)
            {
                var e = g[sp.EntryId];
                if (e.Type == sp.Type || sp.Type == EntityType.Person && e.Type == EntityType.Person
                    || (sp.Type is EntityType.Org or EntityType.Loc && e.Type is EntityType.Org or EntityType.Loc))
                {
                    links[i] = new LinkInfo(e.Canonical, e.Kind, e.Country);
                    continue;
                }
            }
            var surface = Surface(text, sp);
            if (g.TryResolve(surface, out var entry) && entry.Type == sp.Type)
                links[i] = new LinkInfo(entry.Canonical, entry.Kind, entry.Country);
        }

        ReadRsfByContext(text, spans, links);

        // 2. Acronym in parentheses right after its long form: both share one canonical name.
        for (int i = 0; i + 1 < spans.Length; i++)
        {
            var a = spans[i];
            var b = spans[i + 1];
            if (!IsParenthesised(text, a.Span.End, b.Span) || !LooksLikeAcronym(b.Span.Slice(text))) continue;
            if (a.Type != b.Type) continue;
            LinkInfo shared = links[i] ?? links[i + 1] ?? new LinkInfo(Surface(text, a), EntityKind.Unknown, null);
            links[i] = shared;
            links[i + 1] = shared;
            surfaceLinks[(Surface(text, b), b.Type)] = shared;
            surfaceLinks[(Surface(text, a), a.Type)] = shared;
        }

        // 3. Unknown names: reuse a link made for the same surface, a bare surname's full name, or the surface itself.
        // Full-name lookups go through indexes (word -> span index), so linking stays linear in the number of spans:
        // pass 0 asks for the nearest earlier full name, pass 1 for the nearest later one.
        var result = new EntityMention[spans.Length];
        var lastFullName = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<string, List<int>>? laterFullNames = null;
        Dictionary<string, List<int>>? orgsByInitials = null;
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
            {
                laterFullNames = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (int j = 0; j < spans.Length; j++)
                {
                    foreach (var key in PersonKeys(text, spans[j], links[j], keys))
                    {
                        if (!laterFullNames.TryGetValue(key, out var list)) laterFullNames[key] = list = [];
                        if (list.Count == 0 || list[^1] != j) list.Add(j);
                    }
                }
            }
            for (int i = 0; i < spans.Length; i++)
            {
                // links[i - 1] is final for this pass: index it for the spans after it.
                if (pass == 0 && i > 0) foreach (var key in PersonKeys(text, spans[i - 1], links[i - 1], keys)) lastFullName[key] = i - 1;
                if (links[i] is not null) continue;
                var sp = spans[i];
                var surface = Surface(text, sp);
                if (surfaceLinks.TryGetValue((surface, sp.Type), out var same)) { links[i] = same; continue; }
                if (sp.Type == EntityType.Person && !surface.Contains(' '))
                {
                    // Earlier full names first (pass 0), then later ones (pass 1).
                    int found = -1;
                    if (pass == 0)
                    {
                        if (lastFullName.TryGetValue(surface, out int j)) found = j;
                    }
                    else if (laterFullNames!.TryGetValue(surface, out var later))
                    {
                        int k = later.BinarySearch(i + 1);
                        if (k < 0) k = ~k;
                        if (k < later.Count) found = later[k];
                    }
                    if (found >= 0)
                    {
                        links[i] = links[found] ?? new LinkInfo(Surface(text, spans[found]), EntityKind.Unknown, null);
                        continue;
                    }
                    if (pass == 0) continue;
                }
                if (sp.Type == EntityType.Org && LooksLikeAcronym(surface.AsSpan()))
                {
                    // An acronym used without parentheses: the unknown organisation whose initials it spells.
                    if (orgsByInitials is null)
                    {
                        orgsByInitials = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                        for (int j = 0; j < spans.Length; j++)
                        {
                            if (spans[j].Type != EntityType.Org) continue;
                            var initials = Initials(Surface(text, spans[j]));
                            if (!orgsByInitials.TryGetValue(initials, out var list)) orgsByInitials[initials] = list = [];
                            list.Add(j);
                        }
                    }
                    if (orgsByInitials.TryGetValue(surface, out var orgs))
                    {
                        foreach (int j in orgs)
                        {
                            if (j == i) continue;
                            links[i] = links[j] ?? new LinkInfo(Surface(text, spans[j]), EntityKind.Unknown, null);
                            break;
                        }
                    }
                    if (links[i] is not null) continue;
                }
                if (pass == 0 && sp.Type == EntityType.Person) continue;
                var own = new LinkInfo(surface, EntityKind.Unknown, null);
                links[i] = own;
                surfaceLinks.TryAdd((surface, sp.Type), own);
            }
        }

        for (int i = 0; i < spans.Length; i++)
        {
            if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var l = links[i]!.Value;
            result[i] = new EntityMention(spans[i].Span, spans[i].Type, l.Canonical, l.Kind, l.Country);
        }
        return result;
    }

    /// <summary>
    /// "RSF" is listed for Sudan's Rapid Support Forces; it is Reporters Without Borders where the document names that
    /// long form, or where the words around it (about a sentence either side) are about the press rather than Sudan's war.
    /// </summary>
    private static void ReadRsfByContext(ReadOnlySpan<char> text, EntitySpan[] spans, LinkInfo?[] links)
    {
        const string RapidSupportForces = "Rapid Support Forces", ReportersWithoutBorders = "Reporters Without Borders";
        bool longForm = false, any = false;
        LinkInfo? rwb = null;
        for (int i = 0; i < spans.Length; i++)
        {
            if (links[i] is { Canonical: ReportersWithoutBorders } l) { longForm = true; rwb = l; }
            else if (links[i] is { Canonical: RapidSupportForces } && spans[i].Span.Slice(text).SequenceEqual("RSF")) any = true;
        }
        if (!any) return;
        rwb ??= new LinkInfo(ReportersWithoutBorders, EntityKind.Ngo, null);
        Span<Token> tokens = stackalloc Token[128];
        for (int i = 0; i < spans.Length; i++)
        {
            if (links[i] is not { Canonical: RapidSupportForces } || !spans[i].Span.Slice(text).SequenceEqual("RSF")) continue;
            int start = Math.Max(0, spans[i].Span.Start - 200), end = Math.Min(text.Length, spans[i].Span.End + 200);
            int n = NewsTokenizer.Tokenize(text[start..end], tokens);
            if (longForm || ActorRoles.IsPressContext(text[start..end], tokens[..n])) links[i] = rwb;
        }
    }

    private static string Surface(ReadOnlySpan<char> text, EntitySpan sp)
    {
        var s = sp.Span.Slice(text).ToString().Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u02BC', '\'');
        return s.Contains('\n') || s.Contains("  ", StringComparison.Ordinal) ? string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : s;
    }

    /// <summary>
    /// The one-word forms under which a full person name can be referred to ("Kim Jong-un" → "Kim", "Jong-un", "un";
    /// "Abdel-Fattah al-Burhan" → "Burhan", "al-Burhan"): every word, and the part after the last hyphen of a
    /// hyphenated word. None for a one-word name.
    /// </summary>
    private static void FullNameKeys(string name, List<string> keys)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) return;
        foreach (var w in words)
        {
            keys.Add(w);
            int dash = w.LastIndexOf('-');
            if (dash > 0) keys.Add(w[(dash + 1)..]);
        }
    }

    /// <summary>The bare names a person span (by its link's canonical name, else its surface) is the full name of.</summary>
    private static List<string> PersonKeys(ReadOnlySpan<char> text, EntitySpan candidate, LinkInfo? link, List<string> keys)
    {
        keys.Clear();
        if (candidate.Type == EntityType.Person) FullNameKeys(link?.Canonical ?? Surface(text, candidate), keys);
        return keys;
    }

    private static bool IsParenthesised(ReadOnlySpan<char> text, int longEnd, TextSpan acr)
    {
        int k = longEnd;
        while (k < acr.Start && char.IsWhiteSpace(text[k])) k++;
        if (k >= acr.Start || text[k] != '(') return false;
        k++;
        while (k < acr.Start && char.IsWhiteSpace(text[k])) k++;
        if (k != acr.Start) return false;
        int e = acr.End;
        while (e < text.Length && char.IsWhiteSpace(text[e])) e++;
        return e < text.Length && text[e] == ')';
    }

    private static bool LooksLikeAcronym(ReadOnlySpan<char> s)
    {
        if (s.Length is < 2 or > 10) return false;
        int upper = 0;
        foreach (char c in s)
        {
            if (char.IsUpper(c)) upper++;
            else if (c == ' ') return false;
        }
        return upper >= 2;
    }

    private static string Initials(string name)
    {
        Span<char> buf = stackalloc char[16];
        int n = 0;
        foreach (var w in name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (char.IsUpper(w[0]) && n < buf.Length) buf[n++] = w[0];
        }
        return new string(buf[..n]);
    }
}
