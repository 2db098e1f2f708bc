using StanceKit.Tests.Support;

namespace StanceKit.Tests.Core;

/// <summary>
/// The document prior (<see cref="StanceAnalyzerOptions.DocumentPrior"/>): each sentence's probabilities times the mean
/// probabilities of the document's other sentences raised to the weight, normalised.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class DocumentPriorTests
{
    private const int K = 3; // Neutral, StateFraming, Critical

    private static (float[] P, Stance[] S) Apply(float[][] sentences, float weight)
    {
        var p = sentences.SelectMany(s => s).ToArray();
        var stances = new Stance[sentences.Length];
        DocumentPrior.Apply(p, stances, sentences.Length, weight);
        return (p, stances);
    }

    [Test]
    public void WeightZeroAndOneSentenceDocumentsKeepTheScoresAlone()
    {
        var doc = new[] { new[] { 0.5f, 0.3f, 0.2f }, new[] { 0.1f, 0.1f, 0.8f } };
        var (p, s) = Apply(doc, 0f);
        Assert.That(p, Is.EqualTo(doc.SelectMany(x => x).ToArray()));
        Assert.That(s, Is.EqualTo(new[] { Stance.Neutral, Stance.Critical }));
        foreach (float w in new[] { 0.5f, 1f, 4f })
        {
            var (one, best) = Apply([[0.2f, 0.45f, 0.35f]], w);
            Assert.That(one, Is.EqualTo(new[] { 0.2f, 0.45f, 0.35f }), "a sentence alone has no other sentence to weigh it");
            Assert.That(best, Is.EqualTo(new[] { Stance.StateFraming }));
        }
    }

    [Test]
    public void EachSentenceIsWeighedByTheMeanOfTheOthersOnly()
    {
        // Three sentences; the first one's prior is the mean of the other two: (0.2, 0.7, 0.1).
        var doc = new[] { new[] { 0.40f, 0.35f, 0.25f }, new[] { 0.2f, 0.6f, 0.2f }, new[] { 0.2f, 0.8f, 0.0f } };
        var (p, s) = Apply(doc, 1f);
        double n = 0.40 * 0.2, f = 0.35 * 0.7, c = 0.25 * 0.1, z = n + f + c;
        Assert.That(p[0], Is.EqualTo(n / z).Within(1e-6));
        Assert.That(p[1], Is.EqualTo(f / z).Within(1e-6));
        Assert.That(p[2], Is.EqualTo(c / z).Within(1e-6));
        // Alone it was neutral; among state-framing sentences it is state-framing.
        Assert.That(s[0], Is.EqualTo(Stance.StateFraming));
        // Weight 2 squares the mean.
        var (q, _) = Apply(doc, 2f);
        double n2 = 0.40 * 0.04, f2 = 0.35 * 0.49, c2 = 0.25 * 0.01, z2 = n2 + f2 + c2;
        Assert.That(q[1], Is.EqualTo(f2 / z2).Within(1e-6));
    }

    [Test]
    public void ASureSentenceKeepsItsLabelAgainstItsDocument()
    {
        // A critical quote in a state-media report: the prior leans state-framing, the sentence is sure.
        var report = Enumerable.Repeat(new[] { 0.2f, 0.7f, 0.1f }, 6).Append([0.05f, 0.05f, 0.9f]).ToArray();
        var (_, s) = Apply(report, 1f);
        Assert.That(s[^1], Is.EqualTo(Stance.Critical));
        Assert.That(s[..^1], Is.All.EqualTo(Stance.StateFraming));
    }

    [Test]
    public void PosteriorsAreProbabilitiesEvenWhenAStanceHasNoMassElsewhere()
    {
        // The other sentences give critical exactly 0: a floor keeps the sentence's own evidence from being erased.
        var doc = new[] { new[] { 0.001f, 0.001f, 0.998f }, new[] { 0.5f, 0.5f, 0f }, new[] { 0.5f, 0.5f, 0f } };
        var (p, s) = Apply(doc, 4f);
        for (int i = 0; i < doc.Length; i++)
        {
            var row = p.AsSpan(i * K, K).ToArray();
            Assert.That(row, Is.All.GreaterThanOrEqualTo(0f).And.All.Matches<float>(float.IsFinite));
            Assert.That(row.Sum(), Is.EqualTo(1f).Within(1e-5f));
            Assert.That(s[i], Is.EqualTo(StanceScores.FromSpan(row).Best));
        }
    }

    [Test]
    public void TheAnalyzerAppliesThePriorToTheScoresOfTheDocumentAlone()
    {
        var text = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var alone = new StanceAnalyzer(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = 0f }).Analyze(text);
        var withPrior = StanceAnalyzer.Default.Analyze(text);
        Assert.That(StanceAnalyzer.Default.Options.DocumentPrior, Is.EqualTo(StanceAnalyzerOptions.DefaultDocumentPrior));
        var p = alone.Sentences.SelectMany(s => new[] { s.Scores.Neutral, s.Scores.StateFraming, s.Scores.Critical }).ToArray();
        var stances = new Stance[alone.Sentences.Count];
        DocumentPrior.Apply(p, stances, stances.Length, StanceAnalyzerOptions.DefaultDocumentPrior);
        Assert.That(withPrior.Sentences.Select(s => s.Span), Is.EqualTo(alone.Sentences.Select(s => s.Span)));
        Assert.That(withPrior.Sentences.Select(s => s.Stance), Is.EqualTo(stances));
        Assert.That(withPrior.Sentences.Select(s => s.Scores),
            Is.EqualTo(Enumerable.Range(0, stances.Length).Select(i => StanceScores.FromSpan(p.AsSpan(i * K, K)))));
        // Each sentence's stance is the most probable one of its (new) scores.
        Assert.That(withPrior.Sentences.Select(s => s.Stance), Is.EqualTo(withPrior.Sentences.Select(s => s.Scores.Best)));
    }

    [Test]
    public void AnalyzingWithoutThePriorGivesEachSentenceItsOwnScore()
    {
        // Weight 0 and no document context beyond the names: a sentence whose names need no document scores as alone.
        var text = "The Kremlin said the strikes hit only military targets. Rights groups said civilians died in the strikes.";
        var doc = new StanceAnalyzer(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = 0f }).Analyze(text, "Russia");
        foreach (var s in doc.Sentences)
            Assert.That(s.Scores, Is.EqualTo(StanceClassifier.Default.Predict(s.Text, "Russia").Scores), s.Text);
    }

    [TestCase(-0.1f)]
    [TestCase(4.5f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void AWeightOutsideZeroToFourIsRefused(float weight)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StanceAnalyzer(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = weight }))!;
        Assert.That(e.ParamName, Is.EqualTo(nameof(StanceAnalyzerOptions.DocumentPrior)));
    }
}
