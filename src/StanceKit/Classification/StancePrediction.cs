namespace StanceKit;

/// <summary>The stance of one sentence.</summary>
/// <param name="Stance">The most probable stance.</param>
/// <param name="Scores">Calibrated probabilities.</param>
/// <param name="Target">The canonical target the stance is relative to (null when none was given or found).</param>
public readonly record struct StancePrediction(Stance Stance, StanceScores Scores, string? Target);

/// <summary>One feature's contribution to a decision.</summary>
/// <param name="Feature">What the feature is, e.g. <c>accused</c>, <c>@accuse(accused)</c> (a cue class and the word that fired it) or <c>char:&lt;cla</c>.</param>
/// <param name="Value">The feature's value in the normalised vector.</param>
/// <param name="Contribution">Value × weight toward the predicted stance minus the mean over the other stances.</param>
public readonly record struct FeatureContribution(string Feature, float Value, float Contribution);
