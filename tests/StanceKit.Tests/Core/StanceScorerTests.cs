namespace StanceKit.Tests.Core;

/// <summary><see cref="StanceScorer"/>: another model plugs into the analyzer, and gets the document context the built-in classifier gets.</summary>
public class StanceScorerTests
{
    /// <summary>Calls every sentence critical when the document placed one of its names, neutral otherwise.</summary>
    private sealed class ContextCountingScorer() : StanceScorer(Gazetteer.Default)
    {
        public int Calls;
        public int PlacedNames;

        public override string ModelName => "context-counter";

        protected override Stance ScoreCore(ReadOnlySpan<char> sentence, Span<float> probabilities, string? target, DocumentContext context, out string? usedTarget)
        {
            Interlocked.Increment(ref Calls);
            Interlocked.Add(ref PlacedNames, context.Count);
            for (int i = 0; i < context.Count; i++)
                Assert.That(context.GetSpan(i).End, Is.LessThanOrEqualTo(sentence.Length), "context spans are in sentence offsets");
            var stance = context.Count > 0 ? Stance.Critical : Stance.Neutral;
            probabilities[..3].Clear();
            probabilities[(int)stance] = 1f;
            usedTarget = target;
            return stance;
        }
    }

    [Test]
    public void AnotherScorerPlugsIntoTheAnalyzer()
    {
        var scorer = new ContextCountingScorer();
        var analyzer = new StanceAnalyzer(scorer);
        // "Baghaei" alone is placed by the document, which named Esmaeil Baghaei in full before.
        var doc = analyzer.Analyze("Iran's foreign ministry spokesman Esmaeil Baghaei spoke on Monday. Baghaei said the talks would go on.", "Iran");
        Assert.That(scorer.Calls, Is.EqualTo(doc.Sentences.Count));
        Assert.That(doc.ModelName, Is.EqualTo("context-counter"));
        Assert.That(doc.Sentences.Select(s => s.Target), Is.All.EqualTo("Iran"));
        Assert.That(scorer.PlacedNames, Is.GreaterThan(0), "the document context reaches a custom scorer");
        Assert.That(doc.Sentences[^1].Stance, Is.EqualTo(Stance.Critical));
        Assert.That(analyzer.Scorer, Is.SameAs(scorer));
        Assert.Throws<InvalidOperationException>(() => _ = analyzer.Classifier);
        Assert.That(analyzer.TryGetClassifier(out var none), Is.False);
        Assert.That(none, Is.Null);
    }

    [Test]
    public void TheBuiltInClassifierIsReachableWithoutAnException()
    {
        Assert.That(StanceAnalyzer.Default.TryGetClassifier(out var classifier), Is.True);
        Assert.That(classifier, Is.SameAs(StanceAnalyzer.Default.Classifier));
        Assert.That(new StanceAnalyzer(StanceModel.Default).TryGetClassifier(out var fromModel), Is.True);
        Assert.That(fromModel!.Model, Is.SameAs(StanceModel.Default));
    }

    [Test]
    public void ThePublicOverloadsCheckBeforeTheCore()
    {
        var scorer = new ContextCountingScorer();
        Assert.Throws<ArgumentException>(() => scorer.Score("A sentence.", new float[2]));
        Assert.That(scorer.Calls, Is.Zero);
        var p = scorer.Predict("The ministry said so.", "Kremlin");
        Assert.That((p.Stance, p.Target), Is.EqualTo((Stance.Neutral, "Russia")), "Predict resolves the target before the core");
    }

    [Test]
    public void TheBuiltInClassifierScoresTheSameThroughTheSeam()
    {
        StanceScorer scorer = StanceClassifier.Default;
        Span<float> a = stackalloc float[3];
        Span<float> b = stackalloc float[3];
        var s1 = scorer.Score("Rights groups accused the army of abuses.", a, "Myanmar");
        var s2 = scorer.Score("Rights groups accused the army of abuses.", b, "Myanmar", default);
        Assert.That((s1, a.ToArray()), Is.EqualTo((s2, b.ToArray())));
    }
}
