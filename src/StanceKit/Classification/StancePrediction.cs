namespace StanceKit;

/// <summary>The stance of one sentence.</summary>
/// <param name="Stance">The most probable stance.</param>
/// <param name="Scores">Calibrated probabilities.</param>
/// <param name="Target">The canonical target the stance is relative to (null when none was given or found).</param>
public readonly record struct StancePrediction(Stance Stance, StanceScores Scores, string? Target);

/// <summary>One feature's contribution to a decision.</summary>
/// <param name="Feature">What the feature is, e.g. <c>@oth_voice accused</c> or <c>char:&lt;cla</c>.</param>
/// <param name="Value">The feature's value in the normalised vector.</param>
/// <param name="Contribution">Value × weight toward the predicted stance minus the mean over the other stances.</param>
public readonly record struct FeatureContribution(string Feature, float Value, float Contribution);

/// <summary>Why the classifier decided as it did.</summary>
/// <param name="Prediction">The prediction explained.</param>
/// <param name="TopFeatures">Features that pushed most toward the predicted stance, strongest first.</param>
/// <param name="Against">Features that pushed most against it, strongest first.</param>
public sealed record StanceExplanation(StancePrediction Prediction, IReadOnlyList<FeatureContribution> TopFeatures, IReadOnlyList<FeatureContribution> Against);
