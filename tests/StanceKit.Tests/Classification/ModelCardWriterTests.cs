using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// The model card's prose lives in <see cref="ModelCardWriter"/>, apart from the training logic. A card written for
/// a run shaped like the shipped model's (selection set, test split, three extra test sets) must have the shipped card's
/// sections in the same order, and every line of it without a figure must be a line of the shipped card: the prose
/// cannot drift unnoticed. (The card of a real tiny training run was compared byte for byte when the writer moved.)
/// </summary>
public class ModelCardWriterTests
{
    private static string ShippedCard => File.ReadAllText(Repo.Path("models", "default", "card.md"));

    private static string WriteCard()
    {
        var model = StanceModel.Default;
        var classifier = new StanceClassifier(model);
        var test = StanceCorpus.Load(Repo.Path("data", "stance", "test", "sentences.jsonl")).Take(40).ToList();
        var select = StanceCorpus.Load(Repo.Path("data", "realistic-eval", "dev", "sentences.jsonl")).Take(30).ToList();
        string[] extraPaths = ["data/realistic-eval/test", "data/newsshape/test", "data/contrast/test"];
        var extras = extraPaths.Select(p => (p, StanceCorpus.Load(Repo.Path([.. p.Split('/'), "sentences.jsonl"])).Take(30).ToList())).ToList();
        var corpus = StanceCorpus.Load(Repo.Path("data", "stance", "raw", "asia.jsonl")).ToList();
        var evaluation = StanceTraining.Evaluate(classifier, test);
        var selectEvaluation = StanceTraining.Evaluate(classifier, select);
        var best = new StanceTraining.CvResult(StanceTraining.DefaultGrid[0], 0.8, 0.85, evaluation, evaluation) { SelectMacroF1 = 0.82 };
        var other = new StanceTraining.CvResult(StanceTraining.DefaultGrid[1], 0.7, double.NaN, evaluation, new StanceEvaluation()) { SelectMacroF1 = 0.75 };
        var options = new TrainingOptions
        {
            DataPath = "data/stance",
            OutputPath = "models/default",
            SelectPath = "data/realistic-eval/dev",
            ExtraTestPaths = extraPaths,
            // The shipped card's own command line (the Reproduce section copies it).
            Command = ShippedCard.Split('\n').First(l => l.StartsWith("dotnet run ", StringComparison.Ordinal)).TrimEnd('\r'),
        };
        var run = new ModelCardRun(options, model, best, [best, other], selectEvaluation, selectEvaluation, evaluation, evaluation, evaluation,
            corpus, corpus.Take(200).ToList(), corpus.Skip(200).ToList(), test, select, [.. extras.Select(e => (e.p, e.Item2, StanceTraining.Evaluate(classifier, e.Item2)))]);
        return ModelCardWriter.Markdown(run, CancellationToken.None);
    }

    private static IEnumerable<string> Headings(string markdown) =>
        markdown.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('#'))
            .TakeWhile(l => !l.StartsWith("## Notes added after the run", StringComparison.Ordinal))
            .Select(l => l.StartsWith("# Model card:", StringComparison.Ordinal) ? "# Model card" : l);

    [Test]
    public void CardHasTheShippedCardsSectionsInOrder()
    {
        Assert.That(Headings(WriteCard()), Is.EqualTo(Headings(ShippedCard)));
    }

    [Test]
    public void EveryLineWithoutAFigureIsALineOfTheShippedCard()
    {
        var shipped = ShippedCard.Split('\n').Select(l => l.TrimEnd('\r')).ToHashSet(StringComparer.Ordinal);
        var prose = WriteCard().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.Any(char.IsAsciiDigit)).ToList();
        Assert.That(prose, Has.Count.GreaterThan(20));
        Assert.That(prose.Where(l => !shipped.Contains(l)), Is.Empty);
    }
}
