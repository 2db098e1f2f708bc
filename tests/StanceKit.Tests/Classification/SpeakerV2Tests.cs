using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// <see cref="FeatureRecipe.SpeakerV2"/> (issue 16, speaker structure on real news): each rule in both directions (the
/// target speaking vs the target spoken about, a speaker form vs a look-alike that is none), and with the switch off the
/// finder decides as before. Sentences written by the StanceKit team.
/// </summary>
[TestFixture]
public class SpeakerV2Tests
{
    private static readonly StanceFeaturizer s_on = new(new FeatureRecipe { SpeakerV2 = true }, Gazetteer.Default);
    private static readonly StanceFeaturizer s_off = new(new FeatureRecipe(), Gazetteer.Default);

    private sealed record Event(string Speaker, string Act, string Level, string Verb, bool Passive, string Object);

    private static (List<Event> Events, List<string> Roles) Analyze(StanceFeaturizer f, string text, string target)
    {
        var scratch = StanceFeaturizer.GetScratch();
        f.Featurize(text, target, scratch, out _);
        var sp = scratch.Speakers;
        var events = new List<Event>();
        for (int e = 0; e < sp.EventCount; e++)
        {
            var t = scratch.Tokens[scratch.UnitToken[sp.EventVerb[e]]];
            events.Add(new Event(SpeakerFinder.Name(sp.EventClass[e]), sp.EventAct[e].ToString().ToLowerInvariant(),
                sp.SegLevel[sp.UnitSeg[sp.EventVerb[e]]] == 0 ? "main" : "sub", text.Substring(t.Start, t.Length), sp.EventPassive[e], SpeakerFinder.Name(sp.EventObject[e])));
        }
        var roles = new List<string>();
        for (int s = 0; s < sp.SegCount; s++)
            if (sp.SegRole[s] != 0) roles.Add(((TargetRole)sp.SegRole[s]).ToString().ToLowerInvariant());
        return (events, roles);
    }

    private static Event Only(List<Event> events)
    {
        Assert.That(events, Has.Count.EqualTo(1), string.Join("; ", events));
        return events[0];
    }

    private static List<string> Trace(StanceFeaturizer f, string text, string target)
    {
        var trace = new List<(int Bucket, string Feature)>();
        f.Featurize(text, target, StanceFeaturizer.GetScratch(), out _, trace);
        return trace.Select(t => t.Feature).ToList();
    }

    [Test]
    public void HeadlineVerbInTitleCaseIsASpeechAct_CapitalAccusingVersusAccused()
    {
        const string headline = "Baku Slams Yerevan Over Shelling Of Border Villages";
        var own = Only(Analyze(s_on, headline, "Azerbaijan").Events);
        Assert.That((own.Speaker, own.Act, own.Verb, own.Object), Is.EqualTo(("tgt", "accuse", "Slams", "third")));

        var other = Analyze(s_on, headline, "Armenia");
        Assert.That((Only(other.Events).Speaker, Only(other.Events).Object), Is.EqualTo(("third", "tgt")));
        Assert.That(other.Roles, Does.Contain("object"));

        Assert.That(Analyze(s_off, headline, "Azerbaijan").Events, Is.Empty, "switch off: a title-case verb is a name, as before");
    }

    [Test]
    public void PresentTenseHeadlineVerbs()
    {
        var slams = Only(Analyze(s_on, "Tehran slams new sanctions as illegal", "Iran").Events);
        Assert.That((slams.Speaker, slams.Act), Is.EqualTo(("tgt", "accuse")));
        var defends = Only(Analyze(s_on, "Despite criticism, the White House defends the new tariffs", "United States").Events);
        Assert.That((defends.Speaker, defends.Act), Is.EqualTo(("tgt", "claim")));
        // A word of the new lists that is not a verb here stays nothing.
        Assert.That(Analyze(s_on, "The slam of the door woke the village.", "Iran").Events, Is.Empty);
        Assert.That(Analyze(s_off, "Tehran slams new sanctions as illegal", "Iran").Events, Is.Empty);
    }

    [Test]
    public void LeadingColonAttribution_VoiceVersusTopic()
    {
        var kremlin = Only(Analyze(s_on, "Kremlin: Western weapons deliveries only prolong the war", "Russia").Events);
        Assert.That((kremlin.Speaker, kremlin.Act, kremlin.Level, kremlin.Verb), Is.EqualTo(("tgt", "say", "main", ":")));
        var ngo = Only(Analyze(s_on, "Amnesty: Detainees were beaten in custody", "Russia").Events);
        Assert.That(ngo.Speaker, Is.EqualTo("ngo"));
        // A place before the colon is the topic, not a voice.
        Assert.That(Analyze(s_on, "Gaza: Aid trucks wait for days at the crossing", "Israel").Events, Is.Empty);
        Assert.That(Analyze(s_on, "Exclusive: the talks collapsed after midnight", "Russia").Events, Is.Empty);
        Assert.That(Analyze(s_off, "Kremlin: Western weapons deliveries only prolong the war", "Russia").Events, Is.Empty);
    }

    [Test]
    public void TrailingDashAttribution_VoiceVersusHyphen()
    {
        var army = Only(Analyze(s_on, "Troops shelled the market in the old town - Human Rights Watch", "Russia").Events);
        Assert.That((army.Speaker, army.Act, army.Verb), Is.EqualTo(("ngo", "say", "-")));
        var ministry = Only(Analyze(s_on, "Talks with the rebels will resume next week: foreign ministry", "Sudan").Events);
        Assert.That(ministry.Speaker, Is.EqualTo("tgt"));
        // A hyphen inside a compound, and a dash before a long clause, are no attribution.
        Assert.That(Analyze(s_on, "The talks on a US-led plan resume next week", "Russia").Events, Is.Empty);
        Assert.That(Analyze(s_on, "Prices rose again - bread now costs twice as much as last spring", "Russia").Events, Is.Empty);
        Assert.That(Analyze(s_off, "Troops shelled the market in the old town - Human Rights Watch", "Russia").Events, Is.Empty);
    }

    [Test]
    public void BracketedAcronymAfterTheSpeakersName()
    {
        var hrw = Only(Analyze(s_on, "Human Rights Watch (HRW) said the detainees were beaten.", "Egypt").Events);
        Assert.That(hrw.Speaker, Is.EqualTo("ngo"));
        Assert.That(Only(Analyze(s_off, "Human Rights Watch (HRW) said the detainees were beaten.", "Egypt").Events).Speaker, Is.EqualTo("other"), "switch off: the bracket is the head, as before");

        const string commission = "The Zimbabwe Electoral Commission (ZEC) said turnout was high.";
        Assert.That(Only(Analyze(s_on, commission, "Zimbabwe").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, commission, "South Africa").Events).Speaker, Is.EqualTo("third"));
    }

    [Test]
    public void PassiveAccusationWithoutAuxiliary_AccusedIsTheObject()
    {
        const string headline = "Manila accused of stoking tensions in the South China Sea";
        var asTarget = Analyze(s_on, headline, "Philippines");
        var e = Only(asTarget.Events);
        Assert.That((e.Act, e.Passive, e.Object), Is.EqualTo(("accuse", true, "tgt")));
        Assert.That(asTarget.Roles, Does.Contain("object"));

        var other = Analyze(s_on, headline, "China");
        Assert.That(Only(other.Events).Object, Is.EqualTo("third"));
        Assert.That(other.Roles, Does.Not.Contain("object"));

        // Active use with its object after the verb stays active; "warned of" is no passive.
        Assert.That(Only(Analyze(s_on, "Manila accused Beijing of stoking tensions.", "Philippines").Events).Passive, Is.False);
        Assert.That(Only(Analyze(s_on, "The ministry warned of new attacks on the border.", "Philippines").Events).Passive, Is.False);

        // Switch off: the accused is read as the accuser, as before.
        var off = Only(Analyze(s_off, headline, "Philippines").Events);
        Assert.That((off.Speaker, off.Passive), Is.EqualTo(("tgt", false)));
    }

    [Test]
    public void WhoAccusesWhom_TargetAccusingAnotherStateVersusAccused()
    {
        var own = Only(Analyze(s_on, "The foreign ministry condemned Japan for the naval drills.", "China").Events);
        Assert.That((own.Speaker, own.Act, own.Object), Is.EqualTo(("tgt", "accuse", "third")));
        var accused = Only(Analyze(s_on, "Tokyo condemned Beijing for the naval drills.", "China").Events);
        Assert.That((accused.Speaker, accused.Act, accused.Object), Is.EqualTo(("third", "accuse", "tgt")));
        var rebuttal = Only(Analyze(s_on, "The ministry rejected the Amnesty report on prisons.", "China").Events);
        Assert.That((rebuttal.Speaker, rebuttal.Act, rebuttal.Object), Is.EqualTo(("tgt", "deny", "ngo")));

        Assert.That(Trace(s_on, "The foreign ministry condemned Japan for the naval drills.", "China"), Does.Contain("who=tgt×accuse→third/main"));
        Assert.That(Trace(s_on, "Tokyo condemned Beijing for the naval drills.", "China"), Does.Contain("who=third×accuse→tgt/main"));
        Assert.That(Trace(s_off, "The foreign ministry condemned Japan for the naval drills.", "China").Where(f => f.StartsWith("who=", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void TitlesAndStatementsSpeakForTheState()
    {
        Assert.That(Only(Analyze(s_on, "The PM said the reforms would continue.", "United Kingdom").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "The top general said the drills had ended.", "Iran").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "The statement said three camps were destroyed.", "Nigeria").Events).Speaker, Is.EqualTo("tgt"));
        // Owned by someone else, they are not the target's.
        Assert.That(Only(Analyze(s_on, "Amnesty's statement said three camps were destroyed.", "Nigeria").Events).Speaker, Is.EqualTo("ngo"));
        Assert.That(Only(Analyze(s_on, "The Japanese PM said the drills were a threat.", "China").Events).Speaker, Is.EqualTo("third"));
        Assert.That(Only(Analyze(s_off, "The PM said the reforms would continue.", "United Kingdom").Events).Speaker, Is.EqualTo("other"));
    }

    [Test]
    public void TheyAndTheGroupWithNothingToStandForAreNotTheState()
    {
        Assert.That(Only(Analyze(s_on, "They said the detainees had been beaten in custody.", "Egypt").Events).Speaker, Is.EqualTo("other"));
        Assert.That(Only(Analyze(s_on, "The group said the detainees had been beaten in custody.", "Egypt").Events).Speaker, Is.EqualTo("other"));
        // With an actor before them they stand for it, and "he" stays the state's voice by default (N5).
        Assert.That(Analyze(s_on, "Amnesty International reported the arrests, and they said the detainees had been beaten.", "Egypt").Events.Last().Speaker, Is.EqualTo("ngo"));
        Assert.That(Only(Analyze(s_on, "He said the detainees were terrorists.", "Egypt").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_off, "They said the detainees had been beaten in custody.", "Egypt").Events).Speaker, Is.EqualTo("tgt"));
    }

    [Test]
    public void LoneNameSpeaksForTheState_UnlessASourceAnAcronymOrDescribed()
    {
        // A surname alone, mid-sentence, inverted, after "As", or first in the sentence: the target's voice by default (N5).
        Assert.That(Only(Analyze(s_on, "The sanctions violated international law, Karimzadeh said.", "Iran").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "As Karimzadeh stated, the vessel had turned back.", "China").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "Karimzadeh said the sanctions violated international law.", "Iran").Events).Speaker, Is.EqualTo("tgt"));
        // Not a quantifier first in the sentence, a source after "according to", an acronym, or a name with its description.
        Assert.That(Only(Analyze(s_on, "Many said the sanctions violated international law.", "Iran").Events).Speaker, Is.EqualTo("other"));
        Assert.That(Only(Analyze(s_on, "Migrants told reporters the guards had beaten them.", "Tunisia").Events).Speaker, Is.EqualTo("other"));
        Assert.That(Only(Analyze(s_on, "The blackout went on for a second day, according to Netwatcher.", "Iran").Events).Speaker, Is.EqualTo("other"));
        Assert.That(Only(Analyze(s_on, "The blackout went on for a second day, said Karimzadeh, a researcher at Amnesty International.", "Iran").Events).Speaker, Is.Not.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_off, "The sanctions violated international law, Karimzadeh said.", "Iran").Events).Speaker, Is.EqualTo("other"));
        Assert.That(Only(Analyze(s_off, "Karimzadeh said the sanctions violated international law.", "Iran").Events).Speaker, Is.EqualTo("other"));
    }

    [Test]
    public void MoreVerbsOfSpeech()
    {
        var e = Only(Analyze(s_on, "The ministry acknowledged delays in the aid deliveries.", "Sudan").Events);
        Assert.That((e.Speaker, e.Act), Is.EqualTo(("tgt", "say")));
        e = Only(Analyze(s_on, "The ministry complained about the new tariffs.", "China").Events);
        Assert.That((e.Speaker, e.Act), Is.EqualTo(("tgt", "accuse")));
        Assert.That(Analyze(s_on, "The acknowledged leader of the movement arrived.", "Sudan").Events, Is.Empty, "an adjective after a determiner");
        Assert.That(Analyze(s_off, "The ministry acknowledged delays in the aid deliveries.", "Sudan").Events, Is.Empty);
    }

    [Test]
    public void PossessiveOwnerBeforeAPlaceInTheTitle()
    {
        const string text = "China's Taiwan affairs office spokesman Lin Wei said the drills were necessary.";
        Assert.That(Only(Analyze(s_on, text, "China").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, text, "Taiwan").Events).Speaker, Is.EqualTo("third"));
    }

    [Test]
    public void DescribedSubjectSpeaks()
    {
        Assert.That(Only(Analyze(s_on, "The Italian government, led by its prime minister, announced new reception centres.", "Italy").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "Amnesty International, founded in London decades ago, announced a new report.", "Italy").Events).Speaker, Is.EqualTo("ngo"));
        Assert.That(Only(Analyze(s_off, "The Italian government, led by its prime minister, announced new reception centres.", "Italy").Events).Speaker, Is.Not.EqualTo("tgt"));
    }

    [Test]
    public void CoordinatedVerbSharesTheSentenceSubject()
    {
        Assert.That(Only(Analyze(s_on, "The junta leader visited the base on Sunday and acknowledged shortcomings.", "Burkina Faso").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "Amnesty International visited the prison on Sunday and condemned the conditions.", "Egypt").Events).Speaker, Is.EqualTo("ngo"));
    }

    [Test]
    public void VoiceWithNoCountryIsTheTargetsUnlessAnotherStateComesFirst()
    {
        Assert.That(Only(Analyze(s_on, "Foreign Ministry condemns US sanctions on officials", "Iran").Events).Speaker, Is.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_on, "After talks with the United States, the Foreign Ministry condemned the sanctions.", "Iran").Events).Speaker, Is.Not.EqualTo("tgt"));
        Assert.That(Only(Analyze(s_off, "Foreign Ministry condemns US sanctions on officials", "Iran").Events).Speaker, Is.Not.EqualTo("tgt"));
    }

    [Test]
    public void SwitchRoundTripsThroughTheModelFlags()
    {
        var recipe = new FeatureRecipe { SpeakerV2 = true };
        Assert.That(new FeatureRecipe().WithFlags(recipe.Flags), Is.EqualTo(recipe));
        Assert.That(recipe.Id, Is.EqualTo(FeatureRecipe.CurrentId));
        Assert.That(recipe.WithoutV2().SpeakerV2, Is.False);
        Assert.That(recipe.ToString(), Does.Contain("speaker-v2=True"));
        Assert.That(new FeatureRecipe().ToString(), Does.Not.Contain("speaker-v2"));
    }

    [Test]
    public void FeaturizingWithTheSwitchAllocatesNothingAfterWarmUpAndStaysInBound()
    {
        var scratch = StanceFeaturizer.GetScratch();
        var sentences = new[]
        {
            "Baku Slams Yerevan Over Shelling Of Border Villages",
            "Kremlin: Western weapons deliveries only prolong the war",
            "Troops shelled the market in the old town - Human Rights Watch",
            "Manila accused of stoking tensions, while the ministry (MFA) condemned Japan for the drills and the PM said so.",
        };
        foreach (var s in sentences)
        {
            for (int i = 0; i < 10; i++) s_on.Featurize(s, "China", scratch, out _);
            Assert.That(Allocations.InSteadyState(() =>
            {
                for (int i = 0; i < 200; i++) s_on.Featurize(s, "China", scratch, out _);
            }), Is.Zero, s);
        }
        foreach (var text in new[] { "", ":", "- X", "X:", "accused of", "(", ")", string.Join(" ", Enumerable.Repeat("Kremlin: the ministry (MFA) slams Japan - Amnesty", 300)) })
        {
            int d = s_on.Featurize(text, "Russia", scratch, out _);
            Assert.That(d, Is.LessThanOrEqualTo(s_on.MaxFeatureCount(text.Length)), text.Length > 40 ? "long" : text);
        }
    }
}
