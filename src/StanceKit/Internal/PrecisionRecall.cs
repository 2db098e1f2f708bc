namespace StanceKit.Internal;

/// <summary>
/// Precision, recall and F1 from true positive, false positive and false negative counts. The stance, entity and
/// parser evaluations all compute their figures here, so they agree on the arithmetic and on what an empty count
/// gives (0, never NaN).
/// </summary>
internal readonly struct PrecisionRecall
{
    public PrecisionRecall(int truePositives, int falsePositives, int falseNegatives)
    {
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        FalseNegatives = falseNegatives;
    }

    public int TruePositives { get; }

    public int FalsePositives { get; }

    public int FalseNegatives { get; }

    /// <summary>TP / (TP + FP); 0 when nothing was predicted.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when there is nothing to find.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1
    {
        get
        {
            double precision = Precision, recall = Recall;
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    /// <summary><paramref name="part"/> / <paramref name="whole"/>, 0 for an empty whole (an accuracy, a precision or a recall).</summary>
    public static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
