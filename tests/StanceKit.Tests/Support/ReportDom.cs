using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace StanceKit.Tests.Support;

/// <summary>Reads an HTML stance report as a DOM and checks it against the documents it was made from.</summary>
internal static class ReportDom
{
    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static StanceDocument Sample { get; } = StanceAnalyzer.Default.Analyze(File.ReadAllText(Repo.Path("samples", "article.txt")));

    public static int Int(IElement e, string attribute) => int.Parse(e.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    /// <summary>The sentence elements of one document section, in order.</summary>
    public static List<IElement> Sentences(IDocument dom, int docIndex) =>
        dom.QuerySelectorAll($"#doc-{docIndex} [data-sentence-index]").ToList();

    /// <summary>
    /// Every sentence element carries the stance class, label and index of its sentence, and the
    /// summary panel's numbers (stance counts, per-actor counts, target) are the document's.
    /// </summary>
    public static void AssertMatches(IDocument dom, int docIndex, StanceDocument doc, int maxActors = HtmlReportOptions.DefaultMaxActors)
    {
        var sentences = Sentences(dom, docIndex);
        Assert.That(sentences, Has.Count.EqualTo(doc.Sentences.Count), "one element per sentence");
        for (int i = 0; i < sentences.Count; i++)
        {
            var e = sentences[i];
            var wire = doc.Sentences[i].Stance.ToWireName();
            Assert.That(Int(e, "data-sentence-index"), Is.EqualTo(i));
            Assert.That(e.ClassList.Where(c => c.StartsWith("stance-", StringComparison.Ordinal)), Is.EqualTo(new[] { "stance-" + wire }), $"sentence {i} has exactly its stance class");
            Assert.That(e.GetAttribute("tabindex"), Is.EqualTo("0"), "keyboard-reachable");
            Assert.That(e.GetAttribute("dir"), Is.EqualTo("auto"));
            Assert.That(e.QuerySelector(".lbl")?.TextContent, Is.EqualTo(wire), "stance shown as text, not colour alone");
            Assert.That(e.QuerySelector(".tip")?.TextContent, Does.Contain(doc.Sentences[i].Scores.Critical.ToString("0.00", CultureInfo.InvariantCulture)));
        }

        var shares = dom.QuerySelector($"#summary-{docIndex} table.shares")!;
        Assert.That(shares, Is.Not.Null);
        foreach (var st in StanceNames.All)
        {
            var cell = shares.QuerySelector($"tr[data-stance='{st.ToWireName()}'] td[data-count]")!;
            Assert.That(Int(cell, "data-count"), Is.EqualTo(doc.Summary.Count(st)), st.ToWireName());
            Assert.That(cell.TextContent, Is.EqualTo(doc.Summary.Count(st).ToString("N0", CultureInfo.InvariantCulture)));
        }
        Assert.That(Int(shares.QuerySelector("tfoot td[data-count]")!, "data-count"), Is.EqualTo(doc.Summary.Sentences));

        var rows = dom.QuerySelectorAll($"#summary-{docIndex} table.states tbody tr").ToList();
        var expected = doc.Summary.ByState.Take(maxActors).ToList();
        Assert.That(rows.Select(r => r.GetAttribute("data-state")), Is.EqualTo(expected.Select(a => a.State)));
        for (int i = 0; i < rows.Count; i++)
        {
            var (r, a) = (rows[i], expected[i]);
            Assert.That((Int(r, "data-sentences"), Int(r, "data-state-framing"), Int(r, "data-critical"), Int(r, "data-neutral")),
                Is.EqualTo((a.Sentences, a.StateFraming, a.Critical, a.Neutral)), a.State);
        }

        var target = dom.QuerySelector($"#summary-{docIndex} .target")!;
        Assert.That(target.GetAttribute("data-target"), Is.EqualTo(doc.Target ?? ""));
        Assert.That(target.GetAttribute("data-target-inferred"), Is.EqualTo(doc.TargetInferred ? "true" : "false"));
    }

    /// <summary>The article's text as a reader sees it, without the labels, tooltips and entity badges the report adds.</summary>
    public static string ArticleText(IDocument dom, int docIndex)
    {
        var article = (IElement)dom.QuerySelector($"#doc-{docIndex} article")!.Clone(deep: true);
        foreach (var added in article.QuerySelectorAll(".lbl, .tip, .etype").ToList()) added.Remove();
        return article.TextContent;
    }
}
