namespace StanceKit;

/// <summary>Calibrated probabilities of the three stances; they sum to 1.</summary>
/// <param name="Neutral">Probability of <see cref="Stance.Neutral"/>.</param>
/// <param name="StateFraming">Probability of <see cref="Stance.StateFraming"/>.</param>
/// <param name="Critical">Probability of <see cref="Stance.Critical"/>.</param>
public readonly record struct StanceScores(float Neutral, float StateFraming, float Critical)
{
    /// <summary>The probability of one stance.</summary>
    public float this[Stance stance] => stance switch
    {
        Stance.Neutral => Neutral,
        Stance.StateFraming => StateFraming,
        Stance.Critical => Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(stance)),
    };

    /// <summary>The most probable stance (ties go to the lower enum value).</summary>
    public Stance Best
    {
        get
        {
            var best = Stance.Neutral;
            float p = Neutral;
            if (StateFraming > p) { best = Stance.StateFraming; p = StateFraming; }
            if (Critical > p) { best = Stance.Critical; }
            return best;
        }
    }

    /// <summary>Builds scores from a span of probabilities in <see cref="Stance"/> order.</summary>
    public static StanceScores FromSpan(ReadOnlySpan<float> probabilities)
    {
        if (probabilities.Length < StanceNames.Count)
            throw new ArgumentException("Expected three probabilities.", nameof(probabilities));
        return new StanceScores(probabilities[0], probabilities[1], probabilities[2]);
    }
}
