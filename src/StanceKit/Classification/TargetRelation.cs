namespace StanceKit;

/// <summary>
/// How a mention relates to the target state actor. The classifier sees these classes
/// instead of names, so that "&lt;other state&gt; accused &lt;target&gt;" generalises across countries.
/// </summary>
internal enum TargetRelation : byte
{
    TargetPlace, TargetPeople, TargetVoice, TargetOpposition, TargetOther,
    OtherPlace, OtherPeople, OtherVoice, OtherOpposition, OtherOther,
    International, Ngo, Media, ArmedGroup, Group, Place, Company, Other, Voice,
}

internal static class TargetRelations
{
    // Stable token texts: they are hashed into features, so changing one changes the featurizer id.
    private static readonly string[] s_tokens =
    [
        "@tgt_place", "@tgt_people", "@tgt_voice", "@tgt_opposition", "@tgt_other",
        "@oth_place", "@oth_people", "@oth_voice", "@oth_opposition", "@oth_other",
        "@intl", "@ngo", "@media", "@armed", "@group", "@place", "@company", "@other", "@voice",
    ];

    public static string Token(this TargetRelation r) => s_tokens[(int)r];

    public static TargetRelation Classify(GazetteerEntry entry, string? target) => Classify(entry, entry.Country, target);

    /// <summary>Classifies with an effective country (a generic body such as "Foreign Ministry" takes its country from context).</summary>
    public static TargetRelation Classify(GazetteerEntry entry, string? country, string? target) => Classify(entry.Kind, country, target);

    /// <summary>Classifies a kind (an entry's, or a person's role at the time) with an effective country.</summary>
    public static TargetRelation Classify(EntityKind kind, string? country, string? target)
    {
        switch (kind)
        {
            case EntityKind.Intergovernmental: return TargetRelation.International;
            case EntityKind.Ngo: return TargetRelation.Ngo;
            case EntityKind.Media: return TargetRelation.Media;
            case EntityKind.ArmedGroup: return TargetRelation.ArmedGroup;
            case EntityKind.Company: return TargetRelation.Company;
            case EntityKind.Group when country is null: return TargetRelation.Group;
        }
        if (country is null)
            return kind.IsPlaceOrPeople() ? TargetRelation.Place : kind.IsStateVoice() ? TargetRelation.Voice : TargetRelation.Other;

        bool isTarget = target is not null && string.Equals(country, target, StringComparison.Ordinal);
        if (kind is EntityKind.Demonym or EntityKind.Group) return isTarget ? TargetRelation.TargetPeople : TargetRelation.OtherPeople;
        if (kind.IsPlaceOrPeople()) return isTarget ? TargetRelation.TargetPlace : TargetRelation.OtherPlace;
        if (kind.IsStateVoice()) return isTarget ? TargetRelation.TargetVoice : TargetRelation.OtherVoice;
        if (kind is EntityKind.OppositionFigure or EntityKind.Activist or EntityKind.OppositionParty)
            return isTarget ? TargetRelation.TargetOpposition : TargetRelation.OtherOpposition;
        return isTarget ? TargetRelation.TargetOther : TargetRelation.OtherOther;
    }
}
