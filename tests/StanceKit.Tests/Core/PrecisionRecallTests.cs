using StanceKit.Internal;
using StanceKit.ML;

namespace StanceKit.Tests.Core;

public class PrecisionRecallTests
{
    [Test]
    public void CountsGivePrecisionRecallAndHarmonicMean()
    {
        var counts = new PrecisionRecall(truePositives: 6, falsePositives: 2, falseNegatives: 4);
        Assert.That(counts.Precision, Is.EqualTo(0.75));
        Assert.That(counts.Recall, Is.EqualTo(0.6));
        Assert.That(counts.F1, Is.EqualTo(2 * 0.75 * 0.6 / 1.35).Within(1e-15));
    }

    [Test]
    public void EmptyCountsGiveZeroNotNaN()
    {
        Assert.That(new PrecisionRecall(0, 0, 0).F1, Is.EqualTo(0));
        Assert.That(new PrecisionRecall(0, 3, 0).Precision, Is.EqualTo(0));
        Assert.That(new PrecisionRecall(0, 0, 3).Recall, Is.EqualTo(0));
        Assert.That(PrecisionRecall.Ratio(5, 0), Is.EqualTo(0));
    }

    [Test]
    public void StanceAndEntityEvaluationsReadTheSameCounts()
    {
        // Gold critical twice (one hit, one predicted neutral), neutral predicted critical once: critical has
        // TP 1, FP 1, FN 1 -- the entity score with those counts must give the same figures.
        var evaluation = new StanceEvaluation();
        evaluation.Add(Stance.Critical, Stance.Critical);
        evaluation.Add(Stance.Critical, Stance.Neutral);
        evaluation.Add(Stance.Neutral, Stance.Critical);
        evaluation.Add(Stance.StateFraming, Stance.StateFraming);
        var entity = new EntityScore(1, 1, 1);
        Assert.That((evaluation.Precision(Stance.Critical), evaluation.Recall(Stance.Critical), evaluation.F1(Stance.Critical)),
            Is.EqualTo((entity.Precision, entity.Recall, entity.F1)));
        Assert.That(entity.F1, Is.EqualTo(0.5));
        Assert.That(evaluation.F1(Stance.StateFraming), Is.EqualTo(1.0));
    }
}
