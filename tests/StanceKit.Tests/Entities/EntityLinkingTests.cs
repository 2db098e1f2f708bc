namespace StanceKit.Tests.Entities;

public class EntityLinkingTests
{
    private static IReadOnlyList<EntityMention> Extract(string text) => EntityExtractor.Default.Extract(text);

    private static EntityMention Mention(IReadOnlyList<EntityMention> mentions, string text, string surface)
        => mentions.Single(m => m.Span.GetText(text) == surface);

    [Test]
    public void BareSurnameLinksToEarlierFullName()
    {
        const string text = "Senior Colonel Xiao Gan spoke first. Later, Xiao said the patrols would continue.";
        var m = Extract(text);
        Assert.That(m.Where(x => x.Type == EntityType.Person).Select(x => x.Canonical), Is.EqualTo(new[] { "Xiao Gan", "Xiao Gan" }));
    }

    [Test]
    public void KnownSurnameTakesTheGazetteerCanonical()
    {
        const string text = "President Vladimir Putin spoke. Putin said the talks had stalled.";
        var m = Extract(text);
        Assert.That(m.Where(x => x.Type == EntityType.Person).Select(x => x.Canonical).Distinct(), Is.EqualTo(new[] { "Vladimir Putin" }));
    }

    [Test]
    public void AcronymAndLongFormShareOneCanonical()
    {
        const string text = "The Tana River Development Authority (TRDA) opened the dam. The TRDA said it was safe.";
        var m = Extract(text);
        var orgs = m.Where(x => x.Type == EntityType.Org).ToList();
        Assert.That(orgs, Has.Count.EqualTo(3));
        Assert.That(orgs.Select(o => o.Canonical).Distinct(), Is.EqualTo(new[] { "Tana River Development Authority" }));
    }

    [Test]
    public void KnownAcronymLinksToGazetteerLongForm()
    {
        const string text = "The SCO met in Astana. The Shanghai Cooperation Organization said it would expand.";
        var m = Extract(text);
        Assert.That(Mention(m, text, "SCO").Canonical, Is.EqualTo(Mention(m, text, "Shanghai Cooperation Organization").Canonical));
    }

    [Test]
    public void CountryAliasesShareOneCanonical()
    {
        const string text = "The U.S. and the United States of America are one country; the US said so, and America agreed.";
        var m = Extract(text);
        var canon = m.Where(x => x.Type == EntityType.Loc).Select(x => x.Canonical).Distinct().ToList();
        Assert.That(canon, Is.EqualTo(new[] { "United States" }));
    }

    [Test]
    public void DemonymCarriesItsCountryAndGroupsUnderIt()
    {
        const string text = "Russian officials said Moscow would respond.";
        var m = Extract(text);
        var russian = Mention(m, text, "Russian");
        Assert.That(russian.Type, Is.EqualTo(EntityType.Norp));
        Assert.That(russian.Country, Is.EqualTo("Russia"));
        Assert.That(russian.ActorKey, Is.EqualTo("Russia"));
    }

    [Test]
    public void DatelineLinksToTheCity()
    {
        const string text = "BEIJING \u2014 Beijing said the drills were routine.";
        var m = Extract(text);
        Assert.That(m.Select(x => x.Canonical).Distinct(), Is.EqualTo(new[] { "Beijing" }));
    }

    [Test]
    public void UnknownNamesKeepTheirSurface()
    {
        const string text = "Residents of Zorvania Flats were evacuated, said Tomasz Wielgo.";
        var m = Extract(text);
        foreach (var x in m) Assert.That(x.Canonical, Is.EqualTo(x.Span.GetText(text)));
    }

    [Test]
    public void EverySpanOfTheSpanApiIsAMention()
    {
        const string text = "Kremlin spokesman Dmitry Peskov said the Russian Defense Ministry would report to Putin.";
        var buffer = new EntitySpan[16];
        int n = EntityExtractor.Default.Extract(text.AsSpan(), buffer);
        var m = Extract(text);
        Assert.That(m.Select(x => (x.Span, x.Type)), Is.EqualTo(buffer.Take(n).Select(x => (x.Span, x.Type))));
    }
}
