using System.Globalization;
using System.Text;
using StanceKit.Internal;

namespace StanceKit.ML;

/// <summary>Classification metrics over gold and predicted stances.</summary>
public sealed class StanceEvaluation
{
    /// <summary>Confusion counts: [gold, predicted] in <see cref="Stance"/> order.</summary>
    public int[,] Confusion { get; } = new int[3, 3];

    /// <summary>Number of examples.</summary>
    public int Count { get; private set; }

    private double _nll;
    private readonly List<(float Confidence, bool Correct)> _confidence = new();

    /// <summary>Adds one example.</summary>
    public void Add(Stance gold, Stance predicted, StanceScores? scores = null)
    {
        Confusion[(int)gold, (int)predicted]++;
        Count++;
        if (scores is { } s)
        {
            _nll -= Math.Log(Math.Max(1e-7, s[gold]));
            _confidence.Add((s[predicted], gold == predicted));
        }
    }

    /// <summary>Accuracy.</summary>
    public double Accuracy => Count == 0 ? 0 : Enumerable.Range(0, 3).Sum(i => Confusion[i, i]) / (double)Count;

    /// <summary>Precision of a class.</summary>
    public double Precision(Stance s) => CountsOf(s).Precision;

    /// <summary>Recall of a class.</summary>
    public double Recall(Stance s) => CountsOf(s).Recall;

    /// <summary>F1 of a class.</summary>
    public double F1(Stance s) => CountsOf(s).F1;

    /// <summary>One class against the rest: hits, other classes predicted as it, it predicted as another class.</summary>
    private PrecisionRecall CountsOf(Stance s)
    {
        int c = (int)s;
        int hits = Confusion[c, c];
        int predicted = Enumerable.Range(0, 3).Sum(g => Confusion[g, c]);
        int gold = Enumerable.Range(0, 3).Sum(p => Confusion[c, p]);
        return new PrecisionRecall(hits, predicted - hits, gold - hits);
    }

    /// <summary>Unweighted mean of the three F1 scores.</summary>
    public double MacroF1 => StanceNames.All.Average(F1);

    /// <summary>Mean negative log-likelihood of the gold class (when scores were given).</summary>
    public double LogLoss => _confidence.Count == 0 ? double.NaN : _nll / _confidence.Count;

    /// <summary>Expected calibration error over 10 equal-width confidence bins (when scores were given).</summary>
    public double ExpectedCalibrationError
    {
        get
        {
            if (_confidence.Count == 0) return double.NaN;
            double ece = 0;
            for (int b = 0; b < 10; b++)
            {
                var bin = _confidence.Where(c => Math.Min(9, (int)(c.Confidence * 10)) == b).ToList();
                if (bin.Count == 0) continue;
                ece += bin.Count / (double)_confidence.Count * Math.Abs(bin.Average(c => c.Confidence) - bin.Average(c => c.Correct ? 1.0 : 0.0));
            }
            return ece;
        }
    }

    /// <summary>A printable report: macro-F1, per-class P/R/F1, confusion matrix.</summary>
    public string ToReport()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"examples   {Count}");
        sb.AppendLine(ci, $"accuracy   {Accuracy:F4}");
        sb.AppendLine(ci, $"macro-F1   {MacroF1:F4}");
        if (_confidence.Count > 0) sb.AppendLine(ci, $"log-loss   {LogLoss:F4}   ECE {ExpectedCalibrationError:F4}");
        sb.AppendLine();
        sb.AppendLine("class            precision  recall   F1      support");
        foreach (var s in StanceNames.All)
        {
            int support = Enumerable.Range(0, 3).Sum(p => Confusion[(int)s, p]);
            sb.AppendLine(ci, $"{s.ToWireName(),-16} {Precision(s),9:F4}  {Recall(s),6:F4}  {F1(s),6:F4}  {support,7}");
        }
        sb.AppendLine();
        sb.AppendLine("confusion (rows gold, columns predicted)");
        sb.AppendLine(ci, $"{"",-16} {"neutral",9} {"state-fr.",9} {"critical",9}");
        foreach (var g in StanceNames.All)
            sb.AppendLine(ci, $"{g.ToWireName(),-16} {Confusion[(int)g, 0],9} {Confusion[(int)g, 1],9} {Confusion[(int)g, 2],9}");
        return sb.ToString();
    }
}
