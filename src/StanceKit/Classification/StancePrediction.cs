namespace StanceKit;

/// <summary>The stance of one sentence.</summary>
public readonly record struct StancePrediction
{
    /// <summary>Creates a <see cref="StancePrediction"/>.</summary>
    /// <param name="stance">The most probable stance.</param>
    /// <param name="scores">Calibrated probabilities.</param>
    /// <param name="target">The canonical target the stance is relative to (null when none was given or found).</param>
    public StancePrediction(Stance stance, StanceScores scores, string? target)
    {
        Stance = stance;
        Scores = scores;
        Target = target;
    }

    /// <summary>The most probable stance.</summary>
    public Stance Stance { get; }

    /// <summary>Calibrated probabilities.</summary>
    public StanceScores Scores { get; }

    /// <summary>The canonical target the stance is relative to (null when none was given or found).</summary>
    public string? Target { get; }
}

/// <summary>One feature's contribution to a decision.</summary>
public readonly record struct FeatureContribution
{
    /// <summary>Creates a <see cref="FeatureContribution"/>.</summary>
    /// <param name="feature">What the feature is, e.g. <c>accused</c>, <c>@accuse(accused)</c> (a cue class and the word that fired it) or <c>char:&lt;cla</c>.</param>
    /// <param name="value">The feature's value in the normalised vector.</param>
    /// <param name="contribution">Value × weight toward the predicted stance minus the mean over the other stances.</param>
    public FeatureContribution(string feature, float value, float contribution)
    {
        Feature = feature;
        Value = value;
        Contribution = contribution;
    }

    /// <summary>What the feature is, e.g. <c>accused</c>, <c>@accuse(accused)</c> (a cue class and the word that fired it) or <c>char:&lt;cla</c>.</summary>
    public string Feature { get; }

    /// <summary>The feature's value in the normalised vector.</summary>
    public float Value { get; }

    /// <summary>Value × weight toward the predicted stance minus the mean over the other stances.</summary>
    public float Contribution { get; }
}
