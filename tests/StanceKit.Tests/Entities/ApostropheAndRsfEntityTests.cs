namespace StanceKit.Tests.Entities;

/// <summary>Entities behind curly and modifier apostrophes, and "RSF" linked by its document.</summary>
public class ApostropheAndRsfEntityTests
{
    private static readonly EntityExtractor s_extractor = EntityExtractor.Default;

    private static List<(string Text, EntityType Type, string? Canonical)> Mentions(string text)
        => s_extractor.Extract(text).Select(m => (m.Span.Slice(text).ToString(), m.Type, (string?)m.Canonical)).ToList();

    [TestCase('\u2019')]
    [TestCase('\u2018')]
    [TestCase('\u02BC')]
    public void PossessiveWithAnyApostropheFindsTheSameEntities(char apostrophe)
    {
        const string straight = "Xi's envoy met Russia's foreign minister in Kazakhstan's capital.";
        var curly = straight.Replace('\'', apostrophe);
        var expected = Mentions(straight);
        Assert.That(expected.Select(m => m.Canonical), Does.Contain("Xi Jinping").And.Contain("Russia"));
        Assert.That(Mentions(curly), Is.EqualTo(expected));
    }

    [Test]
    public void RsfIsReportersWithoutBordersInAPressStory()
    {
        var m = s_extractor.Extract("Journalists face jail, RSF said, as the country fell in its press freedom index.");
        Assert.That(m.Where(x => x.Span.Slice("Journalists face jail, RSF said, as the country fell in its press freedom index.").SequenceEqual("RSF")).Select(x => x.Canonical), Is.EqualTo(new[] { "Reporters Without Borders" }));
    }

    [Test]
    public void RsfIsTheRapidSupportForcesInASudanStory()
    {
        const string text = "RSF fighters shelled Omdurman as the Sudanese army advanced in Khartoum.";
        var m = s_extractor.Extract(text);
        Assert.That(m.Where(x => x.Span.Slice(text).SequenceEqual("RSF")).Select(x => x.Canonical), Is.EqualTo(new[] { "Rapid Support Forces" }));
    }

    [Test]
    public void RsfFollowsTheLongFormTheDocumentGave()
    {
        const string text = "Reporters Without Borders condemned the arrest. RSF said the two were held in Khartoum.";
        var m = s_extractor.Extract(text);
        Assert.That(m.Where(x => x.Span.Slice(text).SequenceEqual("RSF")).Select(x => x.Canonical), Is.EqualTo(new[] { "Reporters Without Borders" }));
    }
}
