using StanceKit.ML.Parsing;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Parsing;

/// <summary>The embedded parser on UD English EWT dev (gold tokenisation); skipped when ../shared is absent.</summary>
public class EwtAccuracyTests
{
    private static string DevPath => Path.GetFullPath(Repo.Path("..", "shared", "ud-english-ewt", "en_ewt-ud-dev.conllu"));

    [Test]
    public void DevAccuracyMeetsTheBar()
    {
        if (!File.Exists(DevPath)) Assert.Ignore($"UD English EWT not found at {DevPath}.");
        var predicted = Path.Combine(Directory.CreateTempSubdirectory("stancekit-ewt").FullName, "dev.pred.conllu");
        var scores = ParserTrainer.Evaluate(DependencyParser.Default, Conllu.Read(DevPath), predicted, DevPath);
        TestContext.Out.WriteLine(scores);
        Assert.That(scores.Words, Is.EqualTo(25147));
        // A little below the measured dev scores (models/parser/card.md), so the gate catches a broken model, not noise.
        Assert.That(scores.Upos, Is.GreaterThanOrEqualTo(DevUposBar));
        Assert.That(scores.Uas, Is.GreaterThanOrEqualTo(DevUasBar));
        Assert.That(scores.Las, Is.GreaterThanOrEqualTo(DevLasBar));
    }

    private const double DevUposBar = 0.946, DevUasBar = 0.833, DevLasBar = 0.797;
}
