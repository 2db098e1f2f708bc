namespace StanceKit;

/// <summary>
/// Which mentions of a document name a state actor, and which state: a country (or a self-governing territory), its
/// capital speaking for it ("Beijing said", not "a briefing in Beijing"), its officials, bodies, forces, ruling party and
/// state media, and a demonym directly before a state word ("Chinese officials", "Russian forces"). A region, a sea, a
/// bloc or group adjective ("Western"), a demonym alone ("Chinese ships") and a body of no known state are none.
/// </summary>
internal static class StateActors
{
    // A demonym followed by one of these names the state ("Iranian authorities", "the Chinese Defense Ministry" when the
    // ministry itself was not linked).
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_stateWords = EntityWords.Set(
        "government", "governments", "authorities", "official", "officials", "leader", "leaders", "leadership", "regime",
        "administration", "state", "forces", "troops", "army", "navy", "military", "ministry", "ministries", "minister",
        "president", "premier", "embassy", "ambassador", "envoy", "diplomat", "diplomats", "spokesman", "spokeswoman",
        "spokesperson", "police", "prosecutors", "cabinet", "parliament", "foreign", "defence", "defense", "interior");

    // A capital after one of these is the place, not the government speaking.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_locatives = EntityWords.Set(
        "in", "at", "near", "from", "to", "into", "inside", "outside", "around", "across", "toward", "towards", "via", "through", "visit", "visited", "visiting");

    /// <summary>The state each mention names, by mention index; null where it names none.</summary>
    public static string?[] Resolve(string text, IReadOnlyList<EntityMention> mentions)
    {
        var states = new string?[mentions.Count];
        // A body named without its state ("the Defence Ministry") after the text tied it to one keeps that state.
        Dictionary<string, string>? bodies = null;
        for (int i = 0; i < mentions.Count; i++)
        {
            var m = mentions[i];
            string? state = null;
            if (m.Kind.IsStateVoice())
            {
                state = m.Country ?? Owner(text, mentions, i);
                if (state is not null && m.Country is null) (bodies ??= new(StringComparer.Ordinal))[m.Canonical] = state;
                else if (state is null && bodies is not null && bodies.TryGetValue(m.Canonical, out var earlier)) state = earlier;
            }
            else if (m.Country is null) { }
            else if (m.Kind == EntityKind.Country || (m.Kind == EntityKind.Territory && m.Canonical == m.Country)) state = m.Country;
            else if (m.Kind == EntityKind.Capital && !IsPlace(text, m)) state = m.Country;
            else if (m.Kind == EntityKind.Demonym && s_stateWords.Contains(NextWord(text, m.Span.End))) state = m.Country;
            states[i] = state;
        }
        return states;
    }

    /// <summary>The country or demonym right before a body ("Chinese Defense Ministry", "China's Foreign Ministry").</summary>
    private static string? Owner(string text, IReadOnlyList<EntityMention> mentions, int i)
    {
        if (i == 0) return null;
        var owner = mentions[i - 1];
        if (owner.Country is null || owner.Kind is not (EntityKind.Country or EntityKind.Territory or EntityKind.Demonym or EntityKind.Capital)) return null;
        if (owner.Span.End > mentions[i].Span.Start) return null;
        var gap = text.AsSpan(owner.Span.End, mentions[i].Span.Start - owner.Span.End).Trim();
        return gap.IsEmpty || gap is "'s" or "\u2019s" ? owner.Country : null;
    }

    /// <summary>A capital after a locative word, or a dateline ("MANILA, Philippines —"): the place.</summary>
    private static bool IsPlace(string text, EntityMention m)
    {
        var surface = text.AsSpan(m.Span.Start, m.Span.Length);
        bool upper = true;
        foreach (char c in surface) if (char.IsLower(c)) { upper = false; break; }
        if (upper && surface.Length > 2) return true;
        return s_locatives.Contains(PreviousWord(text, m.Span.Start));
    }

    private static ReadOnlySpan<char> NextWord(string text, int from)
    {
        int s = from;
        while (s < text.Length && char.IsWhiteSpace(text[s])) s++;
        int e = s;
        while (e < text.Length && char.IsLetter(text[e])) e++;
        return text.AsSpan(s, e - s);
    }

    private static ReadOnlySpan<char> PreviousWord(string text, int before)
    {
        int e = before;
        while (e > 0 && char.IsWhiteSpace(text[e - 1])) e--;
        int s = e;
        while (s > 0 && char.IsLetter(text[s - 1])) s--;
        return text.AsSpan(s, e - s);
    }
}
