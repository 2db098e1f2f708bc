namespace StanceKit.Semantic;

/// <summary>
/// The per-piece flags a token head reads beside the token states: whether a word piece lies inside a mention (found by
/// <see cref="EntityExtractor.Default"/> in the sentence alone) of (0) the target state (its country, capital, demonym,
/// leaders, ministers, officials, government bodies, military, security forces, ruling party or state media), (1) another
/// state (same kinds) or (2) a third party (an intergovernmental body, NGO, opposition figure or party, activist).
/// Deterministic; lower-case bodies ("the army") are not flagged.
/// </summary>
internal static class TokenFlags
{
    /// <summary>Flags per piece: target, other state, third party.</summary>
    public const int Count = 3;

    private static readonly HashSet<EntityKind> s_stateKinds =
    [
        EntityKind.Country, EntityKind.Territory, EntityKind.Capital, EntityKind.Demonym, EntityKind.HeadOfState, EntityKind.HeadOfGovernment,
        EntityKind.Minister, EntityKind.Official, EntityKind.GovernmentBody, EntityKind.Military, EntityKind.Security, EntityKind.RulingParty,
        EntityKind.StateMedia,
    ];

    private static readonly HashSet<EntityKind> s_thirdKinds =
        [EntityKind.Intergovernmental, EntityKind.Ngo, EntityKind.OppositionFigure, EntityKind.Activist, EntityKind.OppositionParty];

    /// <summary>The flags of <paramref name="pieces"/> (pieces × <see cref="Count"/>, 0 or 1) for <paramref name="text"/> toward <paramref name="target"/> (a name or alias, resolved with the default gazetteer; null for none).</summary>
    public static double[] Compute(string text, string? target, TokenEncoder.Piece[] pieces)
    {
        string? tgt = null;
        if (target is not null && TargetNames.TryResolve(Gazetteer.Default, target, out var canon)) tgt = canon;
        // Only the pieces the encoder kept are flagged: past them, a long text is cut (with a margin wider than any
        // mention, so the mentions over the kept pieces are found as in the whole text).
        int end = 0;
        foreach (var p in pieces) end = Math.Max(end, p.End);
        if (text.Length > end + 2 * CutMargin) text = text[..(end + CutMargin)];
        var spans = new List<(int Start, int End, int Flag)>();
        foreach (var m in EntityExtractor.Default.Extract(text))
        {
            string? country = m.Kind is EntityKind.Country or EntityKind.Territory ? (m.Country ?? m.Canonical) : m.Country;
            int flag = -1;
            if (s_stateKinds.Contains(m.Kind) && country is not null)
                flag = tgt is not null && (country == tgt || m.Canonical == tgt) ? 0 : 1;
            else if (s_thirdKinds.Contains(m.Kind)) flag = 2;
            else if (tgt is not null && m.Canonical == tgt) flag = 0;
            if (flag >= 0) spans.Add((m.Span.Start, m.Span.End, flag));
        }
        var flags = new double[pieces.Length * Count];
        for (int t = 0; t < pieces.Length; t++)
        {
            if (pieces[t].Start < 0) continue;
            foreach (var (s, e, f) in spans)
                if (pieces[t].Start < e && s < pieces[t].End) flags[t * Count + f] = 1;
        }
        return flags;
    }

    private const int CutMargin = 1000;
}
