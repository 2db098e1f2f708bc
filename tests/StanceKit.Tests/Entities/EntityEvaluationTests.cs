using StanceKit.ML;

namespace StanceKit.Tests.Entities;

public class EntityEvaluationTests
{
    [Test]
    public void MarkupLineParsesToCleanTextAndSpans()
    {
        var ex = EntityCorpus.ParseLine("{\"set\":\"s1\",\"text\":\"President [[Vladimir Putin|PERSON]] visited [[Beijing|LOC]].\"}");
        Assert.That(ex.Text, Is.EqualTo("President Vladimir Putin visited Beijing."));
        Assert.That(ex.Group, Is.EqualTo("s1"));
        Assert.That(ex.Entities.Select(e => (e.Span.GetText(ex.Text), e.Type)),
            Is.EqualTo(new[] { ("Vladimir Putin", EntityType.Person), ("Beijing", EntityType.Loc) }));
    }

    [Test]
    public void OffsetLineParsesAndSkipsEvents()
    {
        var ex = EntityCorpus.ParseLine("{\"article\":\"a1\",\"text\":\"NATO met in Riga.\",\"entities\":[{\"start\":12,\"end\":16,\"type\":\"LOC\"},{\"start\":0,\"end\":4,\"type\":\"ORG\"},{\"start\":0,\"end\":8,\"type\":\"EVENT\"}]}");
        Assert.That(ex.Group, Is.EqualTo("a1"));
        Assert.That(ex.Entities.Select(e => (e.Span.Start, e.Span.End, e.Type)),
            Is.EqualTo(new[] { (0, 4, EntityType.Org), (12, 16, EntityType.Loc) }));
    }

    [Test]
    public void BadLinesAreRejected()
    {
        Assert.That(() => EntityCorpus.ParseLine("{\"text\":\"x\",\"entities\":[{\"start\":0,\"end\":9,\"type\":\"LOC\"}]}"), Throws.InstanceOf<FormatException>());
        Assert.That(() => EntityCorpus.ParseLine("{\"text\":\"[[x|WHAT]]\"}"), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void StrictScoringCountsOnlyExactSpanAndType()
    {
        // Gold: Putin PERSON, Kremlin ORG, Russia LOC. The extractor finds the first two exactly;
        // gold "Russian Federation" vs predicted "Russian Federation" typed LOC is exact too, so we
        // give gold a deliberately wrong span to force one miss and one false positive.
        var ex = new EntityExample("Putin and the Kremlin spoke for Russia.",
        [
            new EntityGold(TextSpan.FromBounds(0, 5), EntityType.Person),
            new EntityGold(TextSpan.FromBounds(14, 21), EntityType.Org),
            new EntityGold(TextSpan.FromBounds(32, 37), EntityType.Loc),
        ], null);
        var ev = EntityEvaluation.Evaluate(EntityExtractor.Default, [ex]);
        Assert.That(ev[EntityType.Person], Is.EqualTo(new EntityScore(1, 0, 0)));
        Assert.That(ev[EntityType.Org], Is.EqualTo(new EntityScore(1, 0, 0)));
        Assert.That(ev[EntityType.Loc], Is.EqualTo(new EntityScore(0, 1, 1)));
        Assert.That(ev.Micro, Is.EqualTo(new EntityScore(2, 1, 1)));
        Assert.That(ev.Micro.Precision, Is.EqualTo(2.0 / 3).Within(1e-9));
        Assert.That(ev.Micro.Recall, Is.EqualTo(2.0 / 3).Within(1e-9));
        Assert.That(ev.Errors, Has.Count.EqualTo(2));
        Assert.That(ev.ToReport(), Does.Contain("micro").And.Contain("PERSON").And.Contain("0.667"));
    }

    [Test]
    public void ScoreOfNothingIsZeroNotNaN()
    {
        var s = new EntityScore(0, 0, 0);
        Assert.That((s.Precision, s.Recall, s.F1), Is.EqualTo((0.0, 0.0, 0.0)));
    }

    [Test]
    public void SplitIsByGroupNotBySentence()
    {
        var a = new EntityExample("One.", [], "set-42");
        var b = new EntityExample("Two.", [], "set-42");
        for (double f = 0.1; f < 0.9; f += 0.1)
            Assert.That(EntityTaggerTrainer.IsDev(a, f), Is.EqualTo(EntityTaggerTrainer.IsDev(b, f)));
    }
}
