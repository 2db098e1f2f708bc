using System.Globalization;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Reporting;

/// <summary>The report's state table (states only, mapped through the gazetteer) and how it names and types entities.</summary>
public class HtmlReportStateTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;

    private static AngleSharp.Dom.IDocument Dom(StanceDocument doc) => ReportDom.Parse(HtmlReport.ToHtml(doc));

    private static List<string?> States(AngleSharp.Dom.IDocument dom, int doc = 0) =>
        dom.QuerySelectorAll($"#summary-{doc} table.states tbody tr").Select(r => r.GetAttribute("data-state")).ToList();

    [Test]
    public void OfficialsBodiesAndTheCapitalCountForTheirStatePlacesSeasAndBlocsForNone()
    {
        const string text = "The Kremlin said on Monday that the operation in Donbas was going to plan. "
            + "Putin told reporters that Western governments were prolonging the war. "
            + "The Russian Defence Ministry said its ships had left the Black Sea for drills. "
            + "Analysts in Kyiv doubted the claim.";
        var doc = s_analyzer.Analyze(text);
        Assume.That(doc.Entities.Select(e => e.Canonical), Does.Contain("Kremlin").And.Contain("Donbas"), "gazetteer data required");
        var dom = Dom(doc);

        Assert.That(States(dom), Is.EqualTo(new[] { "Russia" }), "Donbas, the Black Sea, 'Western' and a briefing place are no state");
        var russia = doc.Summary.ByState.Single();
        Assert.That(russia.Sentences, Is.EqualTo(3), "the Kremlin's, Putin's and the Defence Ministry's sentences");
        Assert.That(russia.NamedAs, Does.Contain("Kremlin").And.Contain("Vladimir Putin").And.Contain("Defence Ministry"));
        var row = dom.QuerySelector("#summary-0 table.states tr[data-state='Russia']")!;
        Assert.That(row.QuerySelector("td.named")!.TextContent, Does.Contain("Kremlin").And.Contain("Vladimir Putin"));
        Assert.That(dom.GetElementById(dom.QuerySelector("#summary-0 table.states")!.GetAttribute("aria-labelledby")!)!.TextContent,
            Does.StartWith("States named in the text").And.Contain("stance toward the target"), "the caption says what is counted");
        Assert.That(dom.QuerySelectorAll("#summary-0 table.states th, #summary-0 table.states td").Select(c => c.TextContent),
            Has.None.Contains("Donbas").And.None.Contains("Black Sea").And.None.Contains("Western"));
        Assert.That(dom.QuerySelector("#summary-0 .leaders")!.TextContent, Does.Not.Contain("Donbas").And.Not.Contain("Western"));
    }

    [Test]
    public void TheSampleArticleListsChinaThePhilippinesAndTheUnitedStatesButNoPlace()
    {
        var doc = ReportDom.Sample;
        Assume.That(doc.Entities, Is.Not.Empty, "gazetteer data required");
        var states = States(Dom(doc));
        Assert.That(states, Does.Contain("China").And.Contain("Philippines").And.Contain("United States"));
        Assert.That(states, Has.None.EqualTo("South China Sea").And.None.EqualTo("Palawan").And.None.EqualTo("Second Thomas Shoal")
            .And.None.EqualTo("Beijing").And.None.EqualTo("Manila"), "places are not states; capitals count for theirs");
        var china = doc.Summary.ByState.Single(s => s.State == "China");
        Assert.That(china.NamedAs, Does.Contain("Defence Ministry").And.Contain("Beijing").And.Contain("Mao Ning"), "the Chinese Defense Ministry is China's");
        Assert.That(china.Sentences, Is.LessThanOrEqualTo(doc.Sentences.Count));
    }

    [Test]
    public void CanonicalNamesKeepTheTextsSpelling()
    {
        var doc = ReportDom.Sample; // writes "Defense Ministry"; the gazetteer's canonical name is "Defence Ministry"
        Assume.That(doc.Entities.Select(e => e.Canonical), Does.Contain("Defence Ministry"), "gazetteer data required");
        var dom = Dom(doc);
        var titles = dom.QuerySelectorAll("article mark.ent").Select(m => m.GetAttribute("title")!).ToList();
        Assert.That(titles, Does.Contain("Defense Ministry (ORG)").And.None.Contains("Defence"));
        Assert.That(dom.QuerySelector("#summary-0 tr[data-state='China'] td.named")!.TextContent, Does.Contain("Defense Ministry").And.Not.Contain("Defence"));

        var kyiv = s_analyzer.Analyze("Officials in Kiev said the talks would resume. The Kremlin rejected the offer.");
        Assume.That(kyiv.Entities.Select(e => e.Canonical), Does.Contain("Kyiv"), "gazetteer data required");
        var kyivTitles = Dom(kyiv).QuerySelectorAll("article mark.ent").Select(m => m.GetAttribute("title")!).ToList();
        Assert.That(kyivTitles, Does.Contain("Kiev (LOC)").And.None.Contains("Kyiv"), "a text that writes Kiev is not corrected");
        var dateline = s_analyzer.Analyze("KYIV, Ukraine — The Kremlin rejected the offer.");
        Assume.That(dateline.Entities.Select(e => e.Canonical), Does.Contain("Kyiv"));
        Assert.That(Dom(dateline).QuerySelectorAll("article mark.ent").Select(m => m.GetAttribute("title")), Does.Contain("Kyiv (LOC)"), "capitals are a case, not a spelling");
    }

    [Test]
    public void OneEntityHasOneTypeThroughoutTheReport()
    {
        var analysed = s_analyzer.Analyze("Georgia said the vote was fair. Critics in Georgia disagreed. Georgia will hold talks on Friday.");
        var georgia = analysed.Entities.Where(e => e.Canonical == "Georgia").ToList();
        Assume.That(georgia, Has.Count.EqualTo(3), "gazetteer data required");
        // The extractor typed one mention differently: the report shows the document's majority type everywhere.
        var doc = WithTypes(analysed, m => m == georgia[1] ? new EntityMention(m.Span, EntityType.Org, m.Canonical, m.Kind, m.Country) : m);
        Assert.That(doc.Entities.Where(e => e.Canonical == "Georgia").Select(e => e.Type).Distinct().Count(), Is.EqualTo(2));
        var marks = Dom(doc).QuerySelectorAll("article mark.ent").Where(m => m.GetAttribute("title")!.StartsWith("Georgia ", StringComparison.Ordinal)).ToList();
        Assert.That(marks, Has.Count.EqualTo(3));
        Assert.That(marks.Select(m => m.QuerySelector(".etype")!.TextContent).Distinct(), Is.EqualTo(new[] { "LOC" }));
        Assert.That(marks.SelectMany(m => m.ClassList).Where(c => c.StartsWith("ent-", StringComparison.Ordinal)).Distinct(), Is.EqualTo(new[] { "ent-loc" }));

        // A tie (the third mention left out) goes to the gazetteer's type, LOC for the country, though the first mention was ORG.
        var tie = WithTypes(analysed, m => m == georgia[2] ? null : m == georgia[0] ? new EntityMention(m.Span, EntityType.Org, m.Canonical, m.Kind, m.Country) : m);
        var tieMarks = Dom(tie).QuerySelectorAll("article mark.ent").Where(m => m.GetAttribute("title")!.StartsWith("Georgia ", StringComparison.Ordinal)).ToList();
        Assert.That(tieMarks.Select(m => m.GetAttribute("title")), Is.EqualTo(new[] { "Georgia (LOC)", "Georgia (LOC)" }));
    }

    /// <summary>The same analysis with some mentions retyped (as an extractor might have typed them) or dropped (null).</summary>
    private static StanceDocument WithTypes(StanceDocument source, Func<EntityMention, EntityMention?> retype)
    {
        var doc = new StanceDocument(source.Text, source.Target, source.TargetInferred, s_analyzer.Scorer);
        var entities = source.Entities.Select(retype).OfType<EntityMention>().ToList();
        var sentences = source.Sentences.Select(s => new StanceSentence(doc, s.Index, s.Span, new StancePrediction(s.Stance, s.Scores, source.Target),
            entities.Where(e => e.Span.Start >= s.Span.Start && e.Span.End <= s.Span.End).ToList())).ToList();
        doc.Complete(sentences, entities);
        return doc;
    }
}
