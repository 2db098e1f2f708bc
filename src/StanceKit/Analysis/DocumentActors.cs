using System.Buffers;

namespace StanceKit;

/// <summary>
/// Who the people of one document are, as far as the document says: a person the gazetteer knows, or one the document
/// introduces by role ("Iranian government spokeswoman Fatemeh Mohajerani", "Human Rights Watch researcher ...").
/// Every mention of that person in the document, a lone surname included, then counts as that actor when its sentence
/// is scored, instead of an unknown name.
/// </summary>
internal sealed class DocumentActors
{
    private readonly Dictionary<string, GazetteerEntry> _people;

    private DocumentActors(Dictionary<string, GazetteerEntry> people) => _people = people;

    /// <summary>The longest stretch of role words between an actor and the name it introduces.</summary>
    private const int MaxRoleGap = 60;

    // Role words that make a person speak for the state named just before ("the Chinese foreign ministry spokesman").
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_stateRoles = EntityWords.Set(
        "spokesman", "spokeswoman", "spokesperson", "minister", "ministry", "official", "officials", "ambassador", "envoy",
        "president", "premier", "prime", "chancellor", "secretary", "governor", "commander", "general", "colonel",
        "admiral", "lieutenant", "major", "adviser", "advisor", "diplomat", "representative", "government", "foreign",
        "defence", "defense", "interior", "army", "military", "police", "deputy", "vice", "chief", "head", "senior",
        "state", "national", "security", "cabinet", "presidential", "justice", "attorney", "prosecutor");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_oppositionRoles = EntityWords.Set("opposition", "dissident", "exiled");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_activistRoles = EntityWords.Set("activist", "activists", "campaigner", "rights");

    // Words allowed in the gap besides role words: articles, possessives, prepositions.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_glue = EntityWords.Set("the", "a", "an", "'s", "\u2019s", "of", "for", "to", "and", "'", "\u2019", "s");

    // A clause or quote boundary in the gap: what follows is not a role phrase of the name before it.
    private static readonly SearchValues<char> s_clauseOrQuoteBoundary = SearchValues.Create(".;:!?\"()[]\u201C\u201D");

    public static DocumentActors Build(ReadOnlySpan<char> text, IReadOnlyList<EntityMention> mentions, Gazetteer gazetteer)
    {
        var people = new Dictionary<string, GazetteerEntry>(StringComparer.Ordinal);
        for (int i = 0; i < mentions.Count; i++)
        {
            var m = mentions[i];
            if (m.Type != EntityType.Person || people.ContainsKey(m.Canonical)) continue;
            if (gazetteer.TryResolve(m.Canonical, out var known) && known.Type == EntityType.Person)
            {
                people[m.Canonical] = known;
                continue;
            }
            if (i > 0 && ByRole(text, mentions, i) is { } role) people[m.Canonical] = role;
        }
        return new DocumentActors(people);
    }

    /// <summary>The actor the mention just before person <paramref name="i"/> makes of it, through the role words between them.</summary>
    private static GazetteerEntry? ByRole(ReadOnlySpan<char> text, IReadOnlyList<EntityMention> mentions, int i)
    {
        var m = mentions[i];
        var before = mentions[i - 1];
        if (before.Span.End > m.Span.Start || m.Span.Start - before.Span.End > MaxRoleGap) return null;
        var gap = text[before.Span.End..m.Span.Start];
        if (gap.IndexOfAny(s_clauseOrQuoteBoundary) >= 0) return null; // a clause or quote boundary: not a role phrase
        bool state = false, opposition = false, activist = false;
        int other = 0;
        foreach (var range in gap.SplitAny(" ,\t\u00A0"))
        {
            var word = gap[range];
            if (word.IsEmpty) continue;
            if (s_stateRoles.Contains(word)) state = true;
            else if (s_oppositionRoles.Contains(word)) opposition = true;
            else if (s_activistRoles.Contains(word)) activist = true;
            else if (!s_glue.Contains(word)) other++;
        }
        string canonical = m.Canonical;
        var kind = before.Kind;
        bool bodyVoice = kind.IsStateVoice()
            || kind is EntityKind.Ngo or EntityKind.Media or EntityKind.Intergovernmental or EntityKind.OppositionParty or EntityKind.ArmedGroup;
        if (bodyVoice && (state || opposition || activist || other > 0) && other <= 3)
        {
            // A body's people speak for it; a generic body without a country keeps none, so the sentence gives it one as it does the body.
            string? country = before.Country;
            if (country is null && kind.IsStateVoice() && i > 1 && mentions[i - 2] is { Country: not null } owner && owner.Kind.IsPlaceOrPeople()
                && before.Span.Start - owner.Span.End <= 3)
                country = owner.Country;
            return new GazetteerEntry(-1, canonical, EntityType.Person, kind, country);
        }
        if (kind.IsPlaceOrPeople() && before.Country is not null && other == 0)
        {
            if (opposition) return new GazetteerEntry(-1, canonical, EntityType.Person, EntityKind.OppositionFigure, before.Country);
            if (activist) return new GazetteerEntry(-1, canonical, EntityType.Person, EntityKind.Activist, before.Country);
            if (state) return new GazetteerEntry(-1, canonical, EntityType.Person, EntityKind.Official, before.Country);
        }
        return null;
    }

    /// <summary>The mentions of a sentence that name a person this document placed, as offsets into the sentence.</summary>
    public KnownEntity[] InSentence(IReadOnlyList<EntityMention> inside, int sentenceStart)
    {
        if (_people.Count == 0) return [];
        List<KnownEntity>? known = null;
        foreach (var m in inside)
        {
            if (m.Type != EntityType.Person || !_people.TryGetValue(m.Canonical, out var entry)) continue;
            (known ??= []).Add(new KnownEntity(m.Span.Start - sentenceStart, m.Span.End - sentenceStart, entry));
        }
        return known is null ? [] : [.. known];
    }
}
