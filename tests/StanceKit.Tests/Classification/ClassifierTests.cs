using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

public class ClassifierTests
{
    private static readonly StanceClassifier s_classifier = StanceClassifier.Default;

    [Test]
    public void ScoringASentenceThroughTheSpanApiAllocatesNothingAfterWarmUp()
    {
        const string sentence = "The Foreign Ministry said the drills were routine and posed no threat to anyone, a claim rights groups rejected.";
        var p = new float[3];
        for (int i = 0; i < 10; i++) s_classifier.Score(sentence, p, "China");
        long allocated = Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 1000; i++) s_classifier.Score(sentence, p, "China");
        });
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ProbabilitiesAreFiniteAndSumToOne()
    {
        Span<float> p = stackalloc float[3];
        foreach (var s in new[] { "", " ", "Hello.", "The ministry said the strikes hit only military targets.", new string('x', 5000), "\uD800 \u0000 \u202E" })
        {
            s_classifier.Score(s, p);
            Assert.That(float.IsFinite(p[0]) && float.IsFinite(p[1]) && float.IsFinite(p[2]), Is.True);
            Assert.That(p[0] + p[1] + p[2], Is.EqualTo(1f).Within(1e-5));
        }
    }

    [Test]
    public void TooShortProbabilitySpanIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => s_classifier.Score("x", new float[2]));
    }

    [Test]
    public void BatchAndParallelBatchEqualSingleCalls()
    {
        var sentences = Enumerable.Range(0, 5000).Select(i => $"Officials said {i} people were detained after the protest, a figure the opposition disputed.").ToList();
        var seq = new float[sentences.Count * 3];
        var seqStances = new Stance[sentences.Count];
        s_classifier.ScoreBatch(sentences, seq, seqStances, "Russia");
        var par = new float[sentences.Count * 3];
        var parStances = new Stance[sentences.Count];
        s_classifier.ScoreBatchParallel(sentences, par, parStances, "Russia");
        Assert.That(par, Is.EqualTo(seq));
        Assert.That(parStances, Is.EqualTo(seqStances));
        Span<float> p = stackalloc float[3];
        s_classifier.Score(sentences[1234], p, "Russia");
        Assert.That(seq[1234 * 3 + 1], Is.EqualTo(p[1]));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void ParallelBatchWithALimitedDegreeEqualsTheSequentialBatch(int maxDegreeOfParallelism)
    {
        var sentences = Enumerable.Range(0, 4096).Select(i => $"The ministry said {i} drones were shot down overnight; Kyiv called the claim absurd.").ToList();
        var seq = new float[sentences.Count * 3];
        var seqStances = new Stance[sentences.Count];
        s_classifier.ScoreBatch(sentences, seq, seqStances, "Russia");
        var par = new float[sentences.Count * 3];
        var parStances = new Stance[sentences.Count];
        s_classifier.ScoreBatchParallel(sentences, par, parStances, "Russia", maxDegreeOfParallelism);
        Assert.That(par, Is.EqualTo(seq));
        Assert.That(parStances, Is.EqualTo(seqStances));
    }

    [Test]
    public void ParallelBatchRefusesADegreeBelowOne()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => s_classifier.ScoreBatchParallel(["One sentence."], new float[3], new Stance[1], "Russia", 0));
        Assert.That(ex!.ParamName, Is.EqualTo("maxDegreeOfParallelism"));
    }

    [TestCase("US", "United States")]
    [TestCase("U.S.", "United States")]
    [TestCase("Kremlin", "Russia")]
    [TestCase("China", "China")]
    [TestCase("  Narnia  ", "Narnia")]
    public void TargetAliasesResolveToCanonicalStates(string alias, string expected)
    {
        Assume.That(Gazetteer.Default.Entries, Is.Not.Empty, "gazetteer data required");
        Assert.That(s_classifier.ResolveTarget(alias), Is.EqualTo(expected));
    }

    [Test]
    public void ExplainListsFeaturesThatPushTowardThePrediction()
    {
        var x = s_classifier.Explain("Rights groups accused the government of torturing detainees.", "Egypt", top: 5);
        Assert.That(x.TopFeatures, Is.Not.Empty);
        Assert.That(x.TopFeatures.Count, Is.LessThanOrEqualTo(5));
        Assert.That(x.TopFeatures.Select(f => f.Contribution), Is.Ordered.Descending);
        Assert.That(x.TopFeatures.All(f => f.Contribution > 0), Is.True);
    }
}
