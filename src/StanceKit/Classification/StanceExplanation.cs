using System.Globalization;
using System.Text;

namespace StanceKit;

/// <summary>Why the classifier decided as it did.</summary>
public sealed class StanceExplanation
{
    /// <summary>Creates a <see cref="StanceExplanation"/>.</summary>
    /// <param name="prediction">The prediction explained.</param>
    /// <param name="topFeatures">Features that pushed most toward the predicted stance, strongest first.</param>
    /// <param name="against">Features that pushed most against it, strongest first.</param>
    public StanceExplanation(StancePrediction prediction, IReadOnlyList<FeatureContribution> topFeatures, IReadOnlyList<FeatureContribution> against)
    {
        ArgumentNullException.ThrowIfNull(topFeatures);
        ArgumentNullException.ThrowIfNull(against);
        Prediction = prediction;
        TopFeatures = topFeatures;
        Against = against;
    }

    /// <summary>The prediction explained.</summary>
    public StancePrediction Prediction { get; }

    /// <summary>Features that pushed most toward the predicted stance, strongest first.</summary>
    public IReadOnlyList<FeatureContribution> TopFeatures { get; }

    /// <summary>Features that pushed most against it, strongest first.</summary>
    public IReadOnlyList<FeatureContribution> Against { get; }

    /// <summary>
    /// A readable summary: the label with its probability and target, then the features for and against it with their
    /// contributions, e.g. <c>critical (p = 0.99) toward Myanmar; for: @accuse(accused) +1.37, ...; against: ...</c>.
    /// </summary>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var p = Prediction;
        sb.Append(p.Stance.ToWireName()).Append(" (p = ").Append(p.Scores[p.Stance].ToString("F2", ci)).Append(')');
        sb.Append(p.Target is null ? " with no target" : " toward " + p.Target);
        Append(sb, "; for: ", TopFeatures);
        Append(sb, "; against: ", Against);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string heading, IReadOnlyList<FeatureContribution> features)
    {
        sb.Append(heading);
        if (features.Count == 0) { sb.Append("(none)"); return; }
        for (int i = 0; i < features.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(features[i].Feature).Append(' ').Append(features[i].Contribution.ToString("+0.00;-0.00", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Which features an explanation shows as reasons.</summary>
internal static class ExplanationFeatures
{
    // Words that carry no stance of their own: shown as a reason ("the" +1.61) they read as noise, although the model
    // does weigh them (mostly as a proxy for sentence length and register).
    private static readonly HashSet<string> s_functionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into", "and", "or", "but", "nor",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall",
        "should", "can", "could", "may", "might", "must", "it", "its", "this", "that", "these", "those", "he", "she", "they",
        "them", "his", "her", "their", "we", "our", "you", "your", "i", "me", "my", "there", "which", "who", "whom", "whose",
        "than", "then", "so", "if", "also", "some", "any", "all", "both", "each", "s", "'s", "<s>", "</s>",
    };

    /// <summary>
    /// False for a feature made only of function words, boundary marks and punctuation ("the", "has", "of the", ". &lt;/s&gt;"):
    /// they are real inputs of the model but no reason a reader can use.
    /// </summary>
    public static bool IsReadableReason(string feature)
    {
        if (feature.StartsWith('@') || feature.StartsWith("char:", StringComparison.Ordinal)) return true;
        foreach (var part in feature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (s_functionWords.Contains(part)) continue;
            if (part.All(ch => !char.IsLetterOrDigit(ch))) continue;
            return true;
        }
        return false;
    }
}
