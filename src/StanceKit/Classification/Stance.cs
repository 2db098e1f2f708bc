namespace StanceKit;

/// <summary>
/// The stance of a sentence toward the narrative of a target state actor
/// (see the annotation guide shipped with the repository).
/// </summary>
public enum Stance
{
    /// <summary>Reports facts without adopting or challenging a framing (wire name <c>neutral</c>).</summary>
    Neutral = 0,

    /// <summary>Relays or advances the target's own framing (wire name <c>state-framing</c>).</summary>
    StateFraming = 1,

    /// <summary>Challenges the target's framing or reports criticism of it (wire name <c>critical</c>).</summary>
    Critical = 2,
}

/// <summary>Conversions between <see cref="Stance"/> and its wire names.</summary>
public static class StanceNames
{
    /// <summary>The number of stance classes.</summary>
    public const int Count = 3;

    /// <summary>Wire name of <see cref="Stance.Neutral"/>.</summary>
    public const string Neutral = "neutral";

    /// <summary>Wire name of <see cref="Stance.StateFraming"/>.</summary>
    public const string StateFraming = "state-framing";

    /// <summary>Wire name of <see cref="Stance.Critical"/>.</summary>
    public const string Critical = "critical";

    /// <summary>All stances in enum order.</summary>
    public static IReadOnlyList<Stance> All { get; } = [Stance.Neutral, Stance.StateFraming, Stance.Critical];

    /// <summary>The wire name of a stance.</summary>
    public static string ToWireName(this Stance stance) => stance switch
    {
        Stance.Neutral => Neutral,
        Stance.StateFraming => StateFraming,
        Stance.Critical => Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(stance), stance, "Unknown stance."),
    };

    /// <summary>Parses a wire name (<c>neutral</c>, <c>state-framing</c>, <c>critical</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out Stance stance)
    {
        if (name.SequenceEqual(Neutral)) { stance = Stance.Neutral; return true; }
        if (name.SequenceEqual(StateFraming)) { stance = Stance.StateFraming; return true; }
        if (name.SequenceEqual(Critical)) { stance = Stance.Critical; return true; }
        stance = default;
        return false;
    }

    /// <summary>Parses a wire name or throws <see cref="FormatException"/>.</summary>
    public static Stance Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var s) ? s : throw new FormatException($"'{name}' is not a stance label; expected neutral, state-framing or critical.");
    }
}
