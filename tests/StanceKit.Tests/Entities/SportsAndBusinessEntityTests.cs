using static StanceKit.Tests.Entities.EntityTestHelpers;

namespace StanceKit.Tests.Entities;

/// <summary>
/// Issue 15, session 5: shapes a real-text probe of 1996-style wire copy showed the extractor missing. Clubs are ORG even
/// when named after their city (CoNLL convention), but only with a club word or in a sports sentence with a club cue;
/// national teams and cities in plain news stay LOC. Sentences written for these tests.
/// </summary>
public class SportsAndBusinessEntityTests
{
    [TestCase("Schalke coach Rudi Brenner praised his defence after the 2-0 win .", "Schalke/ORG", "Rudi Brenner/PERSON")]
    [TestCase("Feyenoord 3 Vitesse 1 , Ajax 2 Twente 2", "Feyenoord/ORG", "Vitesse/ORG", "Ajax/ORG", "Twente/ORG")]
    [TestCase("The Orioles won their fifth straight game on Friday .", "Orioles/ORG")]
    [TestCase("Real Madrid signed the Brazilian winger on a five-year deal .", "Real Madrid/ORG", "Brazilian/NORP")]
    [TestCase("BASEBALL - ORIOLES CLIMB TO SECOND PLACE", "ORIOLES/ORG")]
    public void ClubWordsMakeClubs(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [Test]
    public void ClubPrefixNeedsANameAfterIt()
    {
        Assert.That(Spans("Real wages fell for a third year ."), Is.Empty);
    }

    [TestCase("Leeds were relegated after a 3-1 defeat at home to Everton .", "Leeds/ORG", "Everton/ORG")]
    [TestCase("Stuttgart coach Dieter Krauss said the 2-2 draw was fair .", "Stuttgart/ORG", "Dieter Krauss/PERSON")]
    [TestCase("Coventry took the lead in the 17th minute through a header .", "Coventry/ORG")]
    public void CityIsItsClubInASportsSentence(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("Moscow drew sharp criticism from European governments on Tuesday .", "Moscow/LOC", "European/NORP")]
    [TestCase("Prague hosted a summit of central European leaders .", "Prague/LOC", "European/NORP")]
    [TestCase("Japan beat Uzbekistan 2-1 in Al Ain on Saturday .", "Japan/LOC", "Uzbekistan/LOC", "Al Ain/LOC")]
    public void CityOutsideSportsAndNationalTeamsStayPlaces(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("J. Hartley c Okafor b Mensah 42", "J. Hartley/PERSON")]
    [TestCase("R. Lindqvist not out 17", "R. Lindqvist/PERSON")]
    public void InitialAndSurnameIsAPerson(string text, string first)
    {
        Assert.That(Spans(text)[0], Is.EqualTo(first));
    }

    [TestCase("Drug maker Kelpharm said profits rose .", "Kelpharm/ORG")]
    [TestCase("Shares of cement maker Duvnik Cements rose 4 percent .", "Duvnik Cements/ORG")]
    [TestCase("Construction firm Harmon & Cole won the contract .", "Harmon & Cole/ORG")]
    [TestCase("The Vesnik newspaper said the minister would resign .", "Vesnik/ORG")]
    [TestCase("The policy maker Anna Brandt spoke first .", "Anna Brandt/PERSON")]
    public void OrganisationNounsMakeCompaniesAndPapers(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [Test]
    public void StateTelevisionIsNotAPaperName()
    {
        Assert.That(Spans("State television said the vote was calm ."), Is.Empty);
    }

    [TestCase("Naomi Osaka beat her compatriot in straight sets .", "Naomi Osaka/PERSON")]
    [TestCase("Flights to Osaka were cancelled .", "Osaka/LOC")]
    public void GivenNameBeforeACityIsOnePerson(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("Second baseman Luis Ortega made two errors .", "Luis Ortega/PERSON")]
    [TestCase("Danish teenager Mads Holm reached the final .", "Danish/NORP", "Mads Holm/PERSON")]
    [TestCase("TENNIS - SELES EASES INTO THIRD ROUND", "SELES/PERSON")]
    public void SportsRolesAndHeadlineVerbs(string text, params string[] expected)
    {
        Assert.That(Spans(text), Is.EqualTo(expected));
    }

    [TestCase("Men 's singles , second round")]
    [TestCase("Scoreboard on the second day :")]
    public void ResultsPageLabelsAreNotNames(string text)
    {
        Assert.That(Spans(text), Is.Empty);
    }
}
