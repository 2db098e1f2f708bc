using System.Runtime.CompilerServices;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// Role-aware actor classes of the featurizer (<see cref="FeatureRecipe.ActorRoles"/>), after annotation note N5:
/// a politician speaks for the state only while in office; officials of international bodies are third parties,
/// never the target's voice. Works on the featurizer's units after their first classification and changes only
/// the units it has a reason to: people (role history, "former"/"ex-"/"then-" markers, international offices),
/// "RSF" (Reporters Without Borders in press contexts), and adds lower-case state bodies named after a country
/// ("Iraq's foreign ministry", "the Eritrean army"). Allocation-free.
/// </summary>
internal sealed class ActorRoles
{
    private const string EuropeanUnion = "European Union";

    private static readonly ConditionalWeakTable<Gazetteer, ActorRoles> s_byGazetteer = new();

    private readonly Gazetteer _gazetteer;
    private readonly int _rsf = -1, _reportersWithoutBorders = -1;

    /// <summary>Generic lower-case state bodies; their country comes from the country named just before them.</summary>
    private readonly GazetteerEntry[] _bodies =
    [
        Body("foreign ministry", EntityKind.GovernmentBody), Body("defence ministry", EntityKind.GovernmentBody),
        Body("interior ministry", EntityKind.GovernmentBody), Body("foreign office", EntityKind.GovernmentBody),
        Body("government", EntityKind.GovernmentBody), Body("authorities", EntityKind.GovernmentBody),
        Body("cabinet", EntityKind.GovernmentBody), Body("parliament", EntityKind.GovernmentBody),
        Body("presidency", EntityKind.GovernmentBody), Body("junta", EntityKind.GovernmentBody),
        Body("regime", EntityKind.GovernmentBody), Body("embassy", EntityKind.GovernmentBody),
        Body("army", EntityKind.Military), Body("military", EntityKind.Military), Body("armed forces", EntityKind.Military),
        Body("navy", EntityKind.Military), Body("air force", EntityKind.Military), Body("coast guard", EntityKind.Military),
        Body("police", EntityKind.Security), Body("security forces", EntityKind.Security),
        Body("state media", EntityKind.StateMedia), Body("state television", EntityKind.StateMedia),
    ];
    // The bodies' words, split once: a body matches when the tokens spell these words in order.
    private readonly string[][] _bodyWords;

    private static GazetteerEntry Body(string name, EntityKind kind) => new(-1, name, EntityType.Org, kind, null);

    private ActorRoles(Gazetteer gazetteer)
    {
        _gazetteer = gazetteer;
        if (gazetteer.TryResolveId("Rapid Support Forces", out int rsf)) _rsf = rsf;
        if (gazetteer.TryResolveId("Reporters Without Borders", out int rwb)) _reportersWithoutBorders = rwb;
        _bodyWords = _bodies.Select(b => b.Canonical.Split(' ')).ToArray();
    }

    /// <summary>The roles helper of a gazetteer (built once per gazetteer).</summary>
    public static ActorRoles For(Gazetteer gazetteer) => s_byGazetteer.GetValue(gazetteer, g => new ActorRoles(g));

    /// <summary>A generic body by its index (unit ids past the gazetteer and the document's known entities).</summary>
    public GazetteerEntry BodyAt(int index) => _bodies[index];

    /// <summary>
    /// A lower-case state body at token <paramref name="i"/> ("foreign ministry", "army"): returns its index and token
    /// count, or -1. The caller only asks right after a country or demonym (with or without "'s"), so that "the
    /// government" of an unnamed state stays a plain word.
    /// </summary>
    public int MatchBody(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int i, out int length)
    {
        length = 0;
        var first = tokens[i];
        if (first.Kind != TokenKind.Word || !char.IsAsciiLetterLower(text[first.Start])) return -1;
        for (int b = 0; b < _bodyWords.Length; b++)
        {
            var words = _bodyWords[b];
            if (i + words.Length > tokens.Length) continue;
            bool all = true;
            for (int k = 0; k < words.Length && all; k++)
            {
                var t = tokens[i + k];
                all = t.Kind == TokenKind.Word && IsWord(text.Slice(t.Start, t.Length), words[k]);
            }
            if (!all) continue;
            length = words.Length;
            return b;
        }
        return -1;
    }

    /// <summary>"defence" matches "defense" too: the rest compare exactly (lower case).</summary>
    private static bool IsWord(ReadOnlySpan<char> token, string word)
        => token.SequenceEqual(word) || (word == "defence" && token.SequenceEqual("defense"));

    /// <summary>Whether a unit (by its entry) is a country or people that a following lower-case body belongs to.</summary>
    public static bool OwnsBody(GazetteerEntry e) => e.Country is not null && e.Kind.IsPlaceOrPeople();

    /// <summary>
    /// Re-classifies the people and "RSF" units of a sentence. Unit ids below the gazetteer's count are its entries,
    /// the next <paramref name="known"/>.Length ids the document's entities, the rest generic bodies (left as they are).
    /// </summary>
    public void Adjust(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ReadOnlySpan<int> unitToken, ReadOnlySpan<int> unitEntry,
        int m, string? target, Span<byte> unitRel, ReadOnlySpan<KnownEntity> known)
    {
        int g = _gazetteer.Entries.Count;
        for (int u = 0; u < m; u++)
        {
            int id = unitEntry[u];
            if (id < 0 || id >= g + known.Length) continue;
            var e = id < g ? _gazetteer[id] : known[id - g].Entry;
            if (id == _rsf && IsRsfAcronym(text, tokens[unitToken[u]]) && IsPressContext(text, tokens))
            {
                unitRel[u] = (byte)TargetRelation.Ngo;
                continue;
            }
            if (e.Type != EntityType.Person) continue;
            // A document entity is a gazetteer entry too (its id names it) unless it was built elsewhere.
            int gid = id < g ? id : e.Id >= 0 && e.Id < g && ReferenceEquals(_gazetteer[e.Id], e) ? e.Id : -1;
            var kind = gid >= 0 ? _gazetteer.RoleAt(gid, null) : e.Kind;
            switch (MarkerBefore(text, tokens, unitToken[u]))
            {
                case Marker.Former when kind.IsStateVoice() || kind == EntityKind.Intergovernmental:
                    kind = EntityKind.Other;
                    break;
                case Marker.ThenOpposition:
                    kind = EntityKind.OppositionFigure;
                    break;
                case Marker.ThenOffice:
                    // In office at the time of the sentence: an international office stays international.
                    if (!kind.IsStateVoice() && kind != EntityKind.Intergovernmental)
                        kind = (gid >= 0 ? StateRoleInHistory(gid) : null) ?? EntityKind.Official;
                    break;
            }
            TargetRelation rel;
            if (kind == EntityKind.Intergovernmental) rel = TargetRelation.International;
            else if (kind.IsStateVoice() && e.Country is null) rel = TargetRelation.International; // UN, IAEA, WHO, ICC officials
            else if (kind.IsStateVoice() && e.Country == EuropeanUnion && !string.Equals(target, EuropeanUnion, StringComparison.Ordinal))
                rel = TargetRelation.International;
            else rel = TargetRelations.Classify(kind, e.Country, target);
            unitRel[u] = (byte)rel;
        }
    }

    /// <summary>The first office (state or international) in an entry's role history, if any.</summary>
    private EntityKind? StateRoleInHistory(int id)
    {
        foreach (var p in _gazetteer.RolesOf(id))
            if (p.Kind.IsStateVoice() || p.Kind == EntityKind.Intergovernmental) return p.Kind;
        return null;
    }

    private static bool IsRsfAcronym(ReadOnlySpan<char> text, Token t) => text.Slice(t.Start, t.Length).SequenceEqual("RSF");

    /// <summary>
    /// Whether "RSF" here is Reporters Without Borders: the sentence has more press words (journalists, media,
    /// press freedom index...) than Sudan-war words (Sudan, Darfur, paramilitary, SAF, Hemedti...). Ties go to the
    /// gazetteer's reading (the Rapid Support Forces).
    /// </summary>
    internal static bool IsPressContext(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens)
    {
        int press = 0, war = 0;
        foreach (var t in tokens)
        {
            if (t.Kind != TokenKind.Word) continue;
            var w = text.Slice(t.Start, t.Length);
            if (s_pressWords.Contains(w)) press++;
            else if (s_sudanWords.Contains(w)) war++;
        }
        return press > war;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_pressWords = EntityWords.Set(
        "journalist", "journalists", "journalism", "press", "media", "reporter", "reporters", "correspondent", "correspondents",
        "newspaper", "newspapers", "editor", "editors", "broadcaster", "broadcasters", "freedom", "index", "ranking", "ranked",
        "ranks", "censorship", "watchdog", "Borders", "Frontières", "Frontieres", "bloggers", "photojournalist", "outlets");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_sudanWords = EntityWords.Set(
        "Sudan", "Sudanese", "Khartoum", "Omdurman", "Darfur", "Kordofan", "Fasher", "Geneina", "Gezira", "Wad", "paramilitary",
        "paramilitaries", "SAF", "Burhan", "Dagalo", "Hemedti", "fighters", "militia", "militiamen", "army", "shelling",
        "offensive", "siege", "troops", "forces");

    private enum Marker : byte { None, Former, ThenOpposition, ThenOffice }

    /// <summary>
    /// The out-of-office or at-the-time marker right before a name or its title: "former (Pakistani) prime minister",
    /// "ex-president", "ousted", "then-opposition leader", "then-President". Looks back over at most six title,
    /// role and capitalised words, hyphens and "'s".
    /// </summary>
    private static Marker MarkerBefore(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int start)
    {
        bool opposition = false;
        for (int k = start - 1, steps = 0; k >= 0 && steps < 6; k--, steps++)
        {
            var t = tokens[k];
            var w = text.Slice(t.Start, t.Length);
            if (t.Kind == TokenKind.Punct)
            {
                if (w is "-" or "\u2010" or "\u2011") continue;
                return Marker.None;
            }
            if (t.Kind != TokenKind.Word) return Marker.None;
            if (s_outOfOffice.Contains(w)) return Marker.Former;
            if (w.Equals("then", StringComparison.OrdinalIgnoreCase))
                return opposition ? Marker.ThenOpposition : steps > 0 ? Marker.ThenOffice : Marker.None;
            if (s_oppositionWords.Contains(w)) { opposition = true; continue; }
            if (EntityWords.English.TitleCore.Contains(w) || EntityWords.English.TitleModifier.Contains(w) || EntityWords.English.RoleNoun.Contains(w)
                || char.IsUpper(w[0]) || s_titleGlue.Contains(w))
                continue;
            return Marker.None;
        }
        return Marker.None;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_outOfOffice = EntityWords.Set(
        "former", "ex", "ousted", "deposed", "exiled", "toppled", "overthrown", "erstwhile", "onetime", "one-time", "late");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_oppositionWords = EntityWords.Set(
        "opposition", "dissident", "candidate", "challenger", "activist", "rebel", "exile");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_titleGlue = EntityWords.Set(
        "prime", "vice", "deputy", "foreign", "defence", "defense", "interior", "finance", "of", "state", "affairs", "army", "party");
}
