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

    [Test]
    public void NeuralModelMeetsTheIssueBarOnDev()
    {
        // models/parser/neural-parser.bin (optional, not embedded): measured dev 0.9526 / 0.8867 / 0.8550, test (scored once)
        // 0.9546 / 0.8880 / 0.8599. The gate is the issue's bar itself (UAS 0.88, LAS 0.85), not a margin below the model.
        if (!File.Exists(DevPath)) Assert.Ignore($"UD English EWT not found at {DevPath}.");
        var parser = DependencyParser.Load(Repo.Path("models", "parser", "neural-parser.bin"));
        Assert.That(parser.Neural, Is.Not.Null);
        var predicted = Path.Combine(Directory.CreateTempSubdirectory("stancekit-ewt").FullName, "dev.neural.conllu");
        var scores = ParserTrainer.Evaluate(parser, Conllu.Read(DevPath), predicted, DevPath);
        TestContext.Out.WriteLine(scores);
        Assert.That(scores.Words, Is.EqualTo(25147));
        Assert.That(scores.Upos, Is.GreaterThanOrEqualTo(0.94));
        Assert.That(scores.Uas, Is.GreaterThanOrEqualTo(0.88));
        Assert.That(scores.Las, Is.GreaterThanOrEqualTo(0.85));
    }
}
