using StanceKit.ML;
using StanceKit.Tests.Support;
using static StanceKit.Tests.Entities.EntityTestHelpers;

namespace StanceKit.Tests.Entities;

/// <summary>
/// Issue 15: names no table knows. Rules for results and rosters, given names and all-capitals headlines, and the
/// held-out CoNLL-like check (data/entities/test/conll-like.jsonl, 1996 wire and sport style, never trained on), scored
/// with the gazetteer and without its people, places and organisations.
/// </summary>
public class UnseenNameTests
{
    [TestCase("Leeds 0 Manchester United 4", "Leeds/ORG", "Manchester United/ORG")]
    [TestCase("Kelvara Rovers 2 Ostrik 1", "Kelvara Rovers/ORG", "Ostrik/ORG")]
    [TestCase("Japan beat Uzbekistan 2-1 in Al Ain on Saturday .", "Japan/LOC", "Uzbekistan/LOC", "Al Ain/LOC")]
    public void ClubsBeforeScoresAreOrganisationsAndNationalTeamsPlaces(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [Test]
    public void TableRowIsAClub()
    {
        Assert.That(Spans("Bayern Munich 6 5 1 0 14 4 16"), Is.EqualTo(new[] { "Bayern Munich/ORG" }));
    }

    [Test]
    public void ChannelNumberStillMakesAnOutlet()
    {
        Assert.That(Spans("France 24 reported the strike."), Is.EqualTo(new[] { "France 24/ORG" }));
    }

    [Test]
    public void NameBeforeABracketedCountryIsAPerson()
    {
        Assert.That(Spans("Dravko Kelsinov ( Bulgaria ) beat Tamor Ostrikova ( Ukraine ) 6-3 6-4"),
            Is.EqualTo(new[] { "Dravko Kelsinov/PERSON", "Bulgaria/LOC", "Tamor Ostrikova/PERSON", "Ukraine/LOC" }));
    }

    [Test]
    public void GivenNameOpensAnUnknownPerson()
    {
        Assert.That(Spans("The contract was signed by Hanna Vostrikova on Friday."), Is.EqualTo(new[] { "Hanna Vostrikova/PERSON" }));
    }

    [Test]
    public void RoleWordBeforeAGivenNameIsNotPartOfThePerson()
    {
        Assert.That(Spans("Assistant Pieter van Dijk will take charge ."), Is.EqualTo(new[] { "Pieter van Dijk/PERSON" }));
    }

    [Test]
    public void CommonWordsInAnAllCapitalsHeadlineAreNotNames()
    {
        var spans = Spans("SOCCER - JAPAN SCRAPE LATE WIN , SYRIA HELD TO DRAW .");
        Assert.That(spans, Is.EqualTo(new[] { "JAPAN/LOC", "SYRIA/LOC" }));
    }

    [Test]
    public void ConllLikeHeldOutWithAndWithoutGazetteer()
    {
        var path = Repo.Path("data", "entities", "test", "conll-like.jsonl");
        Assume.That(File.Exists(path), "held-out check file required");
        var set = EntityCorpus.ReadJsonl(path);
        var full = EntityEvaluation.Evaluate(EntityExtractor.Default, set);
        var bareGazetteer = Gazetteer.LoadEmbeddedWithoutNames();
        var bareTagger = EntityTagger.Load(new MemoryStream(File.ReadAllBytes(Repo.Path("models", "entity-tagger", "entity-tagger.bin"))), bareGazetteer);
        var bare = EntityEvaluation.Evaluate(new EntityExtractor(bareGazetteer, bareTagger), set);
        TestContext.Out.WriteLine("with the gazetteer:");
        TestContext.Out.Write(full.ToReport());
        TestContext.Out.WriteLine(EntityTaggerTrainer.PerOrgLocLine(full));
        TestContext.Out.WriteLine("gazetteer-free (countries and demonyms only):");
        TestContext.Out.Write(bare.ToReport());
        TestContext.Out.WriteLine(EntityTaggerTrainer.PerOrgLocLine(bare));
        // The issue-15 bar on CoNLL-2003 is PER/ORG/LOC micro-F1 >= 0.70 with PERSON recall >= 0.75; this set is our proxy.
        Assert.That(PerOrgLocF1(full), Is.GreaterThanOrEqualTo(0.80));
        Assert.That(full[EntityType.Person].Recall, Is.GreaterThanOrEqualTo(0.75));
        Assert.That(PerOrgLocF1(bare), Is.GreaterThanOrEqualTo(0.70));
    }

    private static double PerOrgLocF1(EntityEvaluation e)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var t in new[] { EntityType.Person, EntityType.Org, EntityType.Loc })
        {
            tp += e[t].TruePositives;
            fp += e[t].FalsePositives;
            fn += e[t].FalseNegatives;
        }
        return new EntityScore(tp, fp, fn).F1;
    }
}
