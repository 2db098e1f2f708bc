using static StanceKit.Tests.Entities.EntityTestHelpers;

namespace StanceKit.Tests.Entities;

/// <summary>One test per rule of the annotation guide §2 as implemented by the extractor.</summary>
public class EntityRuleTests
{
    [Test]
    public void TitleIsNotPartOfTheName()
    {
        Assert.That(Spans("President Vladimir Putin said the talks had stalled."), Is.EqualTo(new[] { "Vladimir Putin/PERSON" }));
    }

    [Test]
    public void MultiWordMilitaryTitleBeforeUnknownName()
    {
        Assert.That(Spans("Senior Colonel Xiao Gan told reporters the drills were routine."), Is.EqualTo(new[] { "Xiao Gan/PERSON" }));
    }

    [Test]
    public void AbbreviatedTitlesWithPeriods()
    {
        Assert.That(Spans("Lt. Gen. Tarek Osmani said the road was open."), Is.EqualTo(new[] { "Tarek Osmani/PERSON" }));
    }

    [Test]
    public void LowerCaseRoleNounBeforeUnknownName()
    {
        Assert.That(Spans("The ministry's spokesman Baraka Odhiambo declined to comment."), Is.EqualTo(new[] { "Baraka Odhiambo/PERSON" }));
    }

    [Test]
    public void PersonListAfterOfficialsLike()
    {
        Assert.That(Spans("Officials like Xiao Gan have repeated the line for years."), Is.EqualTo(new[] { "Xiao Gan/PERSON" }));
    }

    [Test]
    public void DemonymBeforeTitleIsSeparate()
    {
        Assert.That(Spans("Chinese President Xi Jinping arrived on Monday."), Is.EqualTo(new[] { "Chinese/NORP", "Xi Jinping/PERSON" }));
    }

    [Test]
    public void OrganisationInsideTitleIsAnnotated()
    {
        Assert.That(Spans("Kremlin spokesman Dmitry Peskov declined to comment."), Is.EqualTo(new[] { "Kremlin/ORG", "Dmitry Peskov/PERSON" }));
    }

    [TestCase("The Ministry of Water Resources said the dam was safe.", "Ministry of Water Resources/ORG")]
    [TestCase("The Atomic Energy Organization of Iran said enrichment would continue.", "Atomic Energy Organization of Iran/ORG", "")]
    [TestCase("The Zamfara Vigilance Council met on Monday.", "Zamfara Vigilance Council/ORG")]
    [TestCase("The Northern Lakes Development Agency issued a warning.", "Northern Lakes Development Agency/ORG")]
    [TestCase("The Kivu Liberation Front claimed the attack.", "Kivu Liberation Front/ORG")]
    [TestCase("The Patriotic Renewal Movement boycotted the vote.", "Patriotic Renewal Movement/ORG")]
    [TestCase("The Coastal Workers Party won two seats.", "Coastal Workers Party/ORG")]
    [TestCase("The Ministry of Economy, Trade and Industry approved the plan.", "Ministry of Economy, Trade and Industry/ORG")]
    [TestCase("The Committee to Protect Journalists counted 12 arrests.", "Committee to Protect Journalists/ORG")]
    public void OrganisationPatterns(string text, string expected, string ignored = "")
    {
        Assert.That(Spans(text).Where(s => s.EndsWith("/ORG", StringComparison.Ordinal)), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void PossessiveInsideAnOrganisationName()
    {
        Assert.That(Spans("The Kivu People's Defence Army denied it."), Is.EqualTo(new[] { "Kivu People's Defence Army/ORG" }));
    }

    [Test]
    public void AcronymAfterUnknownLongFormGivesTwoOrgSpans()
    {
        Assert.That(Spans("The Tana River Development Authority (TRDA) said the works were finished."),
            Is.EqualTo(new[] { "Tana River Development Authority/ORG", "TRDA/ORG" }));
    }

    [Test]
    public void AcronymCoveringADemonymMergesItIntoTheName()
    {
        Assert.That(Spans("The Sudanese Armed Forces (SAF) said they had repelled the attack."),
            Is.EqualTo(new[] { "Sudanese Armed Forces/ORG", "SAF/ORG" }));
    }

    [Test]
    public void AcronymInitialsMaySkipConnectors()
    {
        Assert.That(Spans("The Coordinator of Government Activities in the Territories (COGAT) said 200 trucks entered."),
            Is.EqualTo(new[] { "Coordinator of Government Activities in the Territories/ORG", "COGAT/ORG" }));
    }

    [TestCase("Putin's spokesman said no.", "Putin/PERSON")]
    [TestCase("Macron\u2019s office confirmed the trip.", "Macron/PERSON")]
    [TestCase("Russia's Defense Ministry said 30 drones were downed.", "Russia/LOC", "Defense Ministry/ORG")]
    public void PossessivesAreStripped(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("General Abdel-Fattah al-Burhan said the army would fight on.", "Abdel-Fattah al-Burhan/PERSON")]
    [TestCase("Commissioner Ursula von der Leyen spoke first.", "Ursula von der Leyen/PERSON")]
    [TestCase("President Ferdinand Marcos Jr. said the country would not yield.", "Ferdinand Marcos Jr./PERSON", "")]
    [TestCase("Minister Farid Ahmed Jong-un said so.", "Farid Ahmed Jong-un/PERSON")]
    [TestCase("Judge Khalid bin Rashid ruled on Monday.", "Khalid bin Rashid/PERSON")]
    public void HyphenatedAndParticledNames(string text, string expected, string ignored = "")
    {
        Assert.That(Spans(text).Where(s => s.EndsWith("/PERSON", StringComparison.Ordinal)), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void KnownNameAtSentenceStart()
    {
        Assert.That(Spans("Putin said the talks had stalled."), Is.EqualTo(new[] { "Putin/PERSON" }));
    }

    [TestCase("BEIJING \u2014 China announced new export controls.", "BEIJING/LOC", "China/LOC")]
    [TestCase("NEW DELHI \u2014 India said the talks went well.", "NEW DELHI/LOC", "India/LOC")]
    [TestCase("KYIV, Ukraine \u2014 Sirens sounded overnight.", "KYIV/LOC", "Ukraine/LOC")]
    [TestCase("GORE-TOWN \u2014 Flooding cut the road.", "GORE-TOWN/LOC")]
    public void AllCapsDatelines(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("Georgia's ruling party suspended talks with the bloc.", "Georgia/LOC")]
    [TestCase("Jordan intercepted drones over its territory.", "Jordan/LOC")]
    [TestCase("Chad expelled the foreign troops.", "Chad/LOC")]
    [TestCase("Turkey said it would not ratify the accession.", "Turkey/LOC")]
    [TestCase("Jordan Bardella said the party would oppose the budget.", "Jordan Bardella/PERSON")]
    [TestCase("The speech by Chad Wolf drew applause.", "Chad Wolf/PERSON")]
    [TestCase("Families roasted turkey for the holiday.")]
    [TestCase("France 24 reported that the convoy had arrived.", "France 24/ORG")]
    [TestCase("France recalled its ambassador.", "France/LOC")]
    public void AmbiguousNamesByContext(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("Pro-Russian forces held the town.", "Russian/NORP")]
    [TestCase("The US-led coalition struck targets.", "US/LOC")]
    [TestCase("Russia-US talks ended without agreement.", "Russia/LOC", "US/LOC")]
    [TestCase("Anti-Western rhetoric intensified.", "Western/NORP")]
    public void NamesInsideCompounds(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("The Iranian Foreign Ministry dismissed the resolution.", "Iranian/NORP", "Foreign Ministry/ORG")]
    [TestCase("The Russian Defense Ministry said a depot was destroyed.", "Russian/NORP", "Defense Ministry/ORG")]
    [TestCase("The Korean Central News Agency said the launch succeeded.", "Korean Central News Agency/ORG")]
    [TestCase("The China Coast Guard said it expelled the vessels.", "China Coast Guard/ORG")]
    public void DemonymBeforeOrganisation(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [Test]
    public void LeadingTheIsExcludedExceptInPlaceNames()
    {
        Assert.That(Spans("The Hague court ruled against the government."), Is.EqualTo(new[] { "The Hague/LOC" }));
        Assert.That(Spans("The Kremlin said so."), Is.EqualTo(new[] { "Kremlin/ORG" }));
    }

    [Test]
    public void EmbassiesAndTreatiesAreNotAnnotatedButNamesInsideAre()
    {
        Assert.That(Spans("Protesters gathered outside the Russian Embassy."), Is.EqualTo(new[] { "Russian/NORP" }));
        Assert.That(Spans("The Helsinki Accords were signed in 1975."), Is.EqualTo(new[] { "Helsinki/LOC" }));
    }

    [Test]
    public void LowerCaseBodiesAndFunctionWordsAreNotEntities()
    {
        Assert.That(Spans("The foreign ministry said on Thursday that the army would stay."), Is.Empty);
    }

    [Test]
    public void EmptyAndPunctuationOnlyTextGiveNothing()
    {
        Assert.That(Spans(""), Is.Empty);
        Assert.That(Spans(" \u2014 ... !"), Is.Empty);
    }

    [Test]
    public void SpansAreInTextOrderAndDoNotOverlap()
    {
        const string text = "The Shanghai Cooperation Organization (SCO) met in Astana as Chinese President Xi Jinping and Putin's aides watched.";
        var buffer = new EntitySpan[32];
        int n = EntityExtractor.Default.Extract(text.AsSpan(), buffer);
        for (int i = 1; i < n; i++) Assert.That(buffer[i].Span.Start, Is.GreaterThanOrEqualTo(buffer[i - 1].Span.End));
        Assert.That(n, Is.EqualTo(6));
    }

    [Test]
    public void SmallDestinationStopsWhenFull()
    {
        var buffer = new EntitySpan[2];
        int n = EntityExtractor.Default.Extract("Russia, China, India and Brazil met.".AsSpan(), buffer);
        Assert.That(n, Is.EqualTo(2));
        Assert.That(buffer[1].Type, Is.EqualTo(EntityType.Loc));
    }
}
