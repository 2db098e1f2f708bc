namespace StanceKit.Tests.Classification;

/// <summary>
/// The speaker finder of featurizer v2 (issue 12, "whose voice"): each form a speaker takes in news, in both
/// directions (the target speaking vs the target spoken about), read through the featurizer's unit stream.
/// </summary>
[TestFixture]
public class SpeakerFinderTests
{
    private static readonly StanceFeaturizer s_featurizer = new(new FeatureRecipe(), Gazetteer.Default);

    private sealed record Analysis(List<(string Speaker, string Act, string Level, string Verb)> Events, List<(string Role, string Level)> Roles, string? Dateline);

    private static Analysis Analyze(string text, string target)
    {
        var scratch = StanceFeaturizer.GetScratch();
        s_featurizer.Featurize(text, target, scratch, out _);
        var sp = scratch.Speakers;
        var tokens = scratch.Tokens;
        var events = new List<(string, string, string, string)>();
        for (int e = 0; e < sp.EventCount; e++)
        {
            var t = tokens[scratch.UnitToken[sp.EventVerb[e]]];
            events.Add((SpeakerFinder.Name(sp.EventClass[e]), sp.EventAct[e].ToString().ToLowerInvariant(), sp.SegLevel[sp.UnitSeg[sp.EventVerb[e]]] == 0 ? "main" : "sub", text.Substring(t.Start, t.Length)));
        }
        var roles = new List<(string, string)>();
        for (int s = 0; s < sp.SegCount; s++)
            if (sp.SegRole[s] != 0) roles.Add((((TargetRole)sp.SegRole[s]).ToString().ToLowerInvariant(), sp.SegLevel[s] == 0 ? "main" : "sub"));
        return new Analysis(events, roles, sp.HasDateline ? SpeakerFinder.Name(sp.DatelineClass) : null);
    }

    private static (string Speaker, string Act, string Level, string Verb) Only(Analysis a)
    {
        Assert.That(a.Events, Has.Count.EqualTo(1), string.Join("; ", a.Events));
        return a.Events[0];
    }

    [Test]
    public void LowerCaseBodyRejectingAnNgoReportIsTheTargetDenying()
    {
        var a = Analyze("The ministry rejected the Amnesty report as biased and politically motivated.", "China");
        Assert.That(Only(a), Is.EqualTo(("tgt", "deny", "main", "rejected")));
    }

    [Test]
    public void NgoAccusingTheMinistryMakesTheTargetTheObject()
    {
        var a = Analyze("Amnesty International accused the ministry of torturing detainees.", "China");
        Assert.That(Only(a), Is.EqualTo(("ngo", "accuse", "main", "accused")));
        Assert.That(a.Roles, Does.Contain(("object", "main")));
    }

    [Test]
    public void CapitalAsVoice_TargetDismissingVersusThirdStateCondemningTheTarget()
    {
        var dismissed = Analyze("Beijing dismissed the accusations as groundless smears.", "China");
        Assert.That(Only(dismissed), Is.EqualTo(("tgt", "deny", "main", "dismissed")));

        var condemned = Analyze("Washington condemned Beijing for the crackdown in Hong Kong.", "China");
        Assert.That(Only(condemned), Is.EqualTo(("third", "accuse", "main", "condemned")));
        Assert.That(condemned.Roles, Does.Contain(("object", "main")));

        // The same sentence for the other target: the speaker is now the target, accusing another state.
        var flipped = Analyze("Washington condemned Beijing for the crackdown in Hong Kong.", "United States");
        Assert.That(Only(flipped).Speaker, Is.EqualTo("tgt"));
        Assert.That(flipped.Roles, Does.Contain(("agent", "main")));
    }

    [Test]
    public void DisputedIsADenialWhenTheStateSpeaks()
    {
        var a = Analyze("Moscow has repeatedly disputed the figures published by the United Nations.", "Russia");
        Assert.That(Only(a), Is.EqualTo(("tgt", "deny", "main", "disputed")));
    }

    [Test]
    public void AccordingToTheArmyVersusAccordingToARightsGroup()
    {
        Assert.That(Only(Analyze("Three villages were liberated overnight, according to the army.", "Russia")).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze("At least 40 civilians were killed, according to Human Rights Watch.", "Russia")).Speaker, Is.EqualTo("ngo"));
    }

    [Test]
    public void AgencyDatelineIsFoundAndClassedByTheAgency()
    {
        Assert.That(Analyze("MOSCOW (Reuters) - The Kremlin said on Tuesday it had not been consulted.", "Russia").Dateline, Is.EqualTo("other"));
        Assert.That(Analyze("MOSCOW (TASS) - The Kremlin said on Tuesday it had not been consulted.", "Russia").Dateline, Is.EqualTo("tgtmedia"));
        Assert.That(Analyze("KYIV, Ukraine \u2014 Air raid sirens sounded across the capital overnight.", "Russia").Dateline, Is.EqualTo("none"));
        Assert.That(Analyze("Moscow said on Tuesday it had not been consulted.", "Russia").Dateline, Is.Null);
    }

    [Test]
    public void DatelineIsNotTheSpeaker()
    {
        var a = Analyze("MOSCOW (Reuters) - Amnesty International accused Russian forces of executing prisoners.", "Russia");
        Assert.That(Only(a).Speaker, Is.EqualTo("ngo"));
    }

    [Test]
    public void AppositionDecidesWhoTheSpeakerIsFor()
    {
        var forTarget = Analyze("Ivan Petrovsky, a spokesman for the Russian Defence Ministry, said the strikes hit only military targets.", "Russia");
        Assert.That(Only(forTarget).Speaker, Is.EqualTo("tgt"));
        var forUn = Analyze("Maria Lindqvist, a spokeswoman for the United Nations, said the strikes hit a hospital.", "Russia");
        Assert.That(Only(forUn).Speaker, Is.EqualTo("intl"));
    }

    [Test]
    public void InvertedAttributionAfterAQuote()
    {
        var a = Analyze("\"These are fabrications,\" said the foreign ministry.", "China");
        Assert.That(Only(a), Is.EqualTo(("tgt", "say", "main", "said")));
        var b = Analyze("\"This is deeply alarming,\" said Human Rights Watch.", "China");
        Assert.That(Only(b).Speaker, Is.EqualTo("ngo"));
    }

    [Test]
    public void PronounOpenerResolvesToTheTargetWhenNoOtherStateIsNamed()
    {
        Assert.That(Only(Analyze("He said the operation would continue until its goals were met.", "Russia")).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze("They denied that any civilians had been harmed.", "Israel")).Speaker, Is.EqualTo("tgt"));
        // A pronoun after a named third party's speech goes to that speaker.
        var a = Analyze("France condemned the strikes, and it warned that further sanctions were possible.", "Russia");
        Assert.That(a.Events.Select(e => e.Speaker), Is.All.EqualTo("third"));
    }

    [Test]
    public void PossessivePronounWithSpokesman()
    {
        Assert.That(Only(Analyze("Its spokesman denied the report.", "Iran")).Speaker, Is.EqualTo("tgt"));
    }

    [Test]
    public void MainClauseWinsOverConcessiveClause()
    {
        var a = Analyze("While critics accused the government of rigging the vote, the election commission said the count was fair.", "Zimbabwe");
        Assert.That(a.Events, Has.Count.EqualTo(2));
        Assert.That(a.Events[0], Is.EqualTo(("ngo", "accuse", "sub", "accused")));
        Assert.That(a.Events[1].Level, Is.EqualTo("main"));
        Assert.That(a.Events[1].Speaker, Is.EqualTo("tgt"));
    }

    [Test]
    public void ButMakesTheSecondClauseTheMainOne()
    {
        var a = Analyze("The ministry said the raids targeted only militants, but Amnesty International said dozens of civilians died.", "Nigeria");
        Assert.That(a.Events, Has.Count.EqualTo(2));
        Assert.That(a.Events[0], Is.EqualTo(("tgt", "say", "sub", "said")));
        Assert.That(a.Events[1], Is.EqualTo(("ngo", "say", "main", "said")));
    }

    [Test]
    public void RelativeClauseIsSubordinate()
    {
        var a = Analyze("The minister, whom critics blame for the crisis, called the report a lie.", "Hungary");
        Assert.That(a.Events.Single(e => e.Verb == "called"), Is.EqualTo(("tgt", "claim", "main", "called")));
        Assert.That(a.Events.Single(e => e.Verb == "blame").Level, Is.EqualTo("sub"));
    }

    [Test]
    public void InternationalOfficialsAreNeverTheTargetsVoice()
    {
        Assert.That(Only(Analyze("IAEA officials said inspectors had been denied access to the site.", "Iran")).Speaker, Is.EqualTo("intl"));
        Assert.That(Only(Analyze("UN officials warned that the blockade was pushing the region toward famine.", "Ethiopia")).Speaker, Is.EqualTo("intl"));
    }

    [Test]
    public void OwnedBodiesTakeTheirOwnersClass()
    {
        Assert.That(Only(Analyze("Russian officials said the convoy had been attacked.", "Russia")).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze("Ukrainian officials said the convoy had been attacked.", "Russia")).Speaker, Is.EqualTo("third"));
        Assert.That(Only(Analyze("Russian state media reported that the town had been liberated.", "Russia")).Speaker, Is.EqualTo("tgtmedia"));
        Assert.That(Only(Analyze("Rights groups said the trial was a sham.", "Belarus")).Speaker, Is.EqualTo("ngo"));
        Assert.That(Only(Analyze("Opposition leader Anna Kovacs accused the government of fraud.", "Hungary")).Speaker, Is.EqualTo("opp"));
    }

    [Test]
    public void LowerCaseStateBodiesWithNoOwner()
    {
        foreach (var s in new[] { "Prosecutors said the defendants had planned a coup.", "The presidency said the decree was lawful.", "The coalition said its strikes hit only military targets.", "A senior official denied the report." })
            Assert.That(Only(Analyze(s, "Saudi Arabia")).Speaker, Is.EqualTo("tgt"), s);
    }

    [Test]
    public void TargetAccusingOthersIsAgent()
    {
        var a = Analyze("The Chinese foreign ministry accused Manila of provoking the confrontation.", "China");
        Assert.That(Only(a).Speaker, Is.EqualTo("tgt"));
        Assert.That(a.Roles, Does.Contain(("agent", "main")));
    }

    [Test]
    public void PassiveAccusationMakesTheTargetTheObject()
    {
        var a = Analyze("The army was accused by Human Rights Watch of burning villages.", "Myanmar");
        Assert.That(Only(a).Speaker, Is.EqualTo("ngo"));
        Assert.That(a.Roles, Does.Contain(("object", "main")));
    }

    [Test]
    public void NoSpeakerIsTheNarrator()
    {
        Assert.That(Analyze("Authorities loyal to the president pushed through a deeply flawed constitution.", "Tunisia").Events, Is.Empty);
        Assert.That(Analyze("The so-called referendum drew few voters.", "Russia").Events, Is.Empty);
    }

    [Test]
    public void CapitalisedTitlesAndInternationalOfficials()
    {
        Assert.That(Only(Analyze("Security Minister Gustavo Villatoro said the emergency powers had made the country safe.", "El Salvador")).Speaker, Is.EqualTo("tgt"));
        Assert.That(Analyze("The UN refugee agency's chief, Filippo Grandi, said the camps were overwhelmed.", "Italy").Events[0].Speaker, Is.EqualTo("intl"));
        Assert.That(Only(Analyze("The UN special rapporteur on Eritrea told the council that detainees were held without charge.", "Eritrea")).Speaker, Is.EqualTo("intl"));
        Assert.That(Only(Analyze("UN human rights experts said the law criminalised peaceful dissent.", "Egypt")).Speaker, Is.EqualTo("intl"));
    }

    [Test]
    public void CoordinatedVerbsAndParticiplesShareTheSpeaker()
    {
        var a = Analyze("Opposition politicians called the charges absurd and accused the president of criminalising hunger.", "Nigeria");
        Assert.That(a.Events.Select(e => e.Speaker).ToArray(), Is.EqualTo(new[] { "opp", "opp" }));
        Assert.That(a.Roles, Does.Contain(("object", "main")));
        var b = Analyze("The police rejected the account, calling the casualty figures exaggerated.", "Nigeria");
        Assert.That(b.Events.Select(e => (e.Speaker, e.Act)).ToArray(), Is.EqualTo(new[] { ("tgt", "deny"), ("tgt", "claim") }));
        var c = Analyze("Nigeria's government on Monday defended the arrests, saying the protests had been hijacked.", "Nigeria");
        Assert.That(Only(c).Speaker, Is.EqualTo("tgt"));
    }

    [Test]
    public void AnaphoricGroupAndPronounAfterANamedActor()
    {
        var a = Analyze("Human Rights Watch has documented what it calls a campaign to silence critics abroad.", "Rwanda");
        Assert.That(Only(a).Speaker, Is.EqualTo("ngo"));
    }
}
