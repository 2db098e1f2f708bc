using System.Diagnostics;
using System.Globalization;
using AngleSharp.Dom;
using StanceKit.Tests.Robustness;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Reporting;

/// <summary>The HTML stance report, read back as a DOM.</summary>
public class HtmlReportTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;

    private static string Render(StanceDocument doc, HtmlReportOptions? options = null)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReport.Write(w, doc, options);
        return w.ToString();
    }

    private static string Render(IReadOnlyList<(string, StanceDocument)> docs, HtmlReportOptions? options = null)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReport.Write(w, docs, options);
        return w.ToString();
    }

    [Test]
    public void SampleReportHasEverySentenceWithItsStanceAndTheDocumentsSummary()
    {
        var doc = ReportDom.Sample;
        var dom = ReportDom.Parse(Render(doc));
        ReportDom.AssertMatches(dom, 0, doc);
        Assert.That(ReportDom.ArticleText(dom, 0), Is.EqualTo(doc.Text.ReplaceLineEndings("\n")), "the article's text is rendered whole, in order");
        Assert.That(dom.QuerySelector("details.doc-details")!.HasAttribute("open"), Is.True, "a single document starts expanded");
    }

    [Test]
    public void ModelNameVersionAndMeasuredAccuracyComeFromTheModel()
    {
        var doc = ReportDom.Sample;
        var dom = ReportDom.Parse(Render(doc));
        var model = dom.QuerySelector("header .model")!;
        Assert.That((model.GetAttribute("data-model-name"), model.GetAttribute("data-model-version")), Is.EqualTo((doc.ModelName, doc.ModelVersion)));
        Assert.That(doc.ModelMetadata.ContainsKey("grouped-cv-macro-f1"), Is.True, "the default model records its grouped cross-validation score");
        foreach (var acc in model.QuerySelectorAll(".acc"))
            Assert.That(acc.QuerySelector("strong")!.TextContent, Is.EqualTo(doc.ModelMetadata[acc.GetAttribute("data-metric")!]));
        Assert.That(model.QuerySelectorAll(".acc").Select(a => a.GetAttribute("data-metric")), Does.Contain("grouped-cv-macro-f1"));
    }

    [Test]
    public void EntitiesAreMarkedWithTypeBadgeAndCanonicalName()
    {
        var doc = ReportDom.Sample;
        Assume.That(doc.Entities, Is.Not.Empty, "gazetteer data required");
        var dom = ReportDom.Parse(Render(doc));
        var marks = dom.QuerySelectorAll("article mark.ent").ToList();
        var expected = doc.Sentences.SelectMany(s => s.Entities).ToList();
        Assert.That(marks, Has.Count.EqualTo(expected.Count));
        for (int i = 0; i < marks.Count; i++)
        {
            // The type and name shown are the entity's for the whole document (see OneEntityHasOneTypeThroughoutTheReport
            // and CanonicalNamesKeepTheTextsSpelling); in the sample every mention already has its entity's type.
            var e = expected[i];
            var display = EntityDisplay.Build(doc);
            Assert.That(display.Type(e), Is.EqualTo(e.Type));
            Assert.That(marks[i].ClassList, Does.Contain("ent-" + e.Type.ToWireName().ToLowerInvariant()));
            Assert.That(marks[i].QuerySelector(".etype")!.TextContent, Is.EqualTo(e.Type.ToWireName()));
            Assert.That(marks[i].GetAttribute("title"), Is.EqualTo($"{display.Name(e.Canonical)} ({e.Type.ToWireName()})"));
        }
    }

    [Test]
    public void HostileInputIsEscapedAndNothingIsInterpreted()
    {
        const string hostile = "Officials in Russia said <script>alert(1)</script> was fine. " +
            "A second line \"onerror=alert(2) x=\" and 'onload=alert(3)' followed. " +
            "Then </style><img src=x onerror=alert(4)><style> closed it. " +
            "Finally <a href=\"javascript:alert(5)\">click</a> &amp; <!-- comment --> <![CDATA[x]]> ended.";
        var metadata = new Dictionary<string, string> { ["name"] = "</style><script>alert(6)</script>", ["version"] = "\"><img src=x onerror=alert(7)>", ["test-macro-f1"] = "<b onmouseover=alert(8)>1</b>" };
        var analyzer = new StanceAnalyzer(StanceModel.Default.With(1f, metadata));
        var doc = analyzer.Analyze(hostile, target: "<script>alert(9)</script>");
        var html = Render([("\"><script>alert(10)</script>.txt", doc), ("<style>", s_analyzer.Analyze("Plain."))], new HtmlReportOptions { Title = "</title><script>alert(11)</script>" });
        var dom = ReportDom.Parse(html);

        Assert.That(dom.QuerySelectorAll("script"), Is.Empty, "no script element");
        Assert.That(dom.QuerySelectorAll("img, a[href^='javascript'], iframe, object, embed, link, b"), Is.Empty, "no injected element");
        var handlers = dom.All.SelectMany(e => e.Attributes.Select(a => a.Name)).Where(n => n.StartsWith("on", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(handlers, Is.Empty, "no event-handler attribute");
        var styles = dom.QuerySelectorAll("style").ToList();
        Assert.That(styles, Has.Count.EqualTo(1));
        Assert.That(styles[0].TextContent, Does.Not.Contain("alert").And.Not.Contain("img"));
        Assert.That(dom.Title, Is.EqualTo("</title><script>alert(11)</script>"));
        Assert.That(ReportDom.ArticleText(dom, 0), Is.EqualTo(hostile), "the hostile text is shown as text, exactly");
        Assert.That(dom.QuerySelector("#doc-0 .doc-title")!.TextContent, Is.EqualTo("\"><script>alert(10)</script>.txt"));
        Assert.That(dom.QuerySelector("#summary-0 .target")!.GetAttribute("data-target"), Is.EqualTo("<script>alert(9)</script>"));
        Assert.That(dom.QuerySelector("header .model")!.GetAttribute("data-model-name"), Is.EqualTo("</style><script>alert(6)</script>"));
        Assert.That(dom.QuerySelectorAll("section.doc"), Has.Count.EqualTo(2), "the page structure survived");
    }

    [Test]
    public void ControlCharactersAreReplacedNotEmitted()
    {
        var doc = s_analyzer.Analyze("Nul\u0000 and escape\u001b[31m and bell\u0007 here.");
        var html = Render(doc);
        Assert.That(html.Any(c => c < ' ' && c is not ('\n' or '\r' or '\t')), Is.False);
        Assert.That(ReportDom.ArticleText(ReportDom.Parse(html), 0), Is.EqualTo("Nul\uFFFD and escape\uFFFD[31m and bell\uFFFD here."));
    }

    [Test]
    public void PageIsSelfContainedWithoutScriptOrExternalResource()
    {
        var html = Render(ReportDom.Sample);
        var dom = ReportDom.Parse(html);
        Assert.That(dom.QuerySelectorAll("script, link, img, iframe, object, embed, video, audio, source"), Is.Empty);
        var urls = dom.All.SelectMany(e => e.Attributes).Where(a => a.Name is "href" or "src" or "action" or "xlink:href").Select(a => a.Value).ToList();
        Assert.That(urls, Is.Not.Empty.And.All.StartsWith("#"), "links only within the page");
        var css = dom.QuerySelector("style")!.TextContent;
        Assert.That(css, Does.Not.Contain("url(").And.Not.Contain("@import"));
        var csp = dom.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content");
        Assert.That(csp, Does.StartWith("default-src 'none'"));
        Assert.That(dom.QuerySelector("svg.bar"), Is.Not.Null, "stance shares drawn as inline SVG");
    }

    [Test]
    public void RightToLeftTextGetsAutomaticDirection()
    {
        const string arabic = "قالت وزارة الخارجية إن المناورات روتينية. وانتقدت منظمات حقوقية الحملة.";
        var doc = s_analyzer.Analyze(arabic);
        var dom = ReportDom.Parse(Render(doc));
        Assert.That(dom.QuerySelector("article")!.GetAttribute("dir"), Is.EqualTo("auto"));
        Assert.That(ReportDom.Sentences(dom, 0).Select(e => e.GetAttribute("dir")), Is.All.EqualTo("auto"));
        Assert.That(ReportDom.ArticleText(dom, 0), Is.EqualTo(arabic));
    }

    [Test]
    public void SeveralDocumentsGetSectionsAndACorpusSummary()
    {
        var docs = new List<(string, StanceDocument)>
        {
            ("a.txt", ReportDom.Sample),
            ("b.txt", s_analyzer.Analyze("The Kremlin said the strikes hit only military targets. Rights groups said civilians died.")),
            ("empty.txt", s_analyzer.Analyze("")),
        };
        var dom = ReportDom.Parse(Render(docs));
        for (int i = 0; i < docs.Count; i++) ReportDom.AssertMatches(dom, i, docs[i].Item2);
        Assert.That(dom.QuerySelectorAll("details.doc-details[open]"), Is.Empty, "several documents start collapsed");
        var corpus = dom.QuerySelector("#corpus table.shares")!;
        foreach (var st in StanceNames.All)
            Assert.That(ReportDom.Int(corpus.QuerySelector($"tr[data-stance='{st.ToWireName()}'] td[data-count]")!, "data-count"), Is.EqualTo(docs.Sum(d => d.Item2.Summary.Count(st))));
        Assert.That(ReportDom.Int(dom.QuerySelector("#corpus [data-sentences]")!, "data-sentences"), Is.EqualTo(docs.Sum(d => d.Item2.Sentences.Count)));
        Assert.That(dom.QuerySelectorAll("#corpus table.docs tbody tr a").Select(a => a.GetAttribute("href")), Is.EqualTo(new[] { "#doc-0", "#doc-1", "#doc-2" }));
        var china = dom.QuerySelector("#corpus table.states tr[data-state='China']");
        Assume.That(china, Is.Not.Null, "gazetteer data required");
        Assert.That(ReportDom.Int(china!, "data-sentences"), Is.EqualTo(docs.Sum(d => d.Item2.Summary.ByState.Where(a => a.State == "China").Sum(a => a.Sentences))));
    }

    [Test]
    public void LongArticleStaysUsableAndLinear()
    {
        var paragraph = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 120));
        var doc = s_analyzer.Analyze(text);
        Assume.That(doc.Sentences.Count, Is.GreaterThan(2000));
        string html = "";
        // The sample names a few states, not the dozens of entities MaxActors = 5 was chosen for. A hang guard, not a
        // speed check: rendering is one pass; a quadratic step over 2,000+ sentences would exceed the guard's minutes.
        RobustAssert.Finishes(() => html = Render(doc, new HtmlReportOptions { MaxActors = 2 }));
        var dom = ReportDom.Parse(html);
        ReportDom.AssertMatches(dom, 0, doc, maxActors: 2);
        Assert.That(dom.QuerySelectorAll("article .blk"), Has.Count.EqualTo((doc.Sentences.Count + 199) / 200), "sentences in blocks the browser can skip");
        var note = dom.QuerySelector("#summary-0 .note[data-actors-total]")!;
        Assert.That(ReportDom.Int(note, "data-actors-total"), Is.EqualTo(doc.Summary.ByState.Count));
        Assert.That(html.Length, Is.LessThan(text.Length * 40), "output size proportional to the input");
    }

    [Test]
    public void ArgumentsAreChecked()
    {
        Assert.That(() => HtmlReport.Write(null!, ReportDom.Sample), Throws.ArgumentNullException);
        Assert.That(() => HtmlReport.Write(TextWriter.Null, (StanceDocument)null!), Throws.ArgumentNullException);
        Assert.That(() => HtmlReport.Write(TextWriter.Null, new List<(string, StanceDocument)> { ("x", null!) }), Throws.ArgumentNullException);
    }

    [Test]
    public void EntitiesCanBeLeftUnmarked()
    {
        var dom = ReportDom.Parse(Render(ReportDom.Sample, new HtmlReportOptions { ShowEntities = false }));
        Assert.That(dom.QuerySelectorAll("article mark"), Is.Empty);
        Assert.That(ReportDom.ArticleText(dom, 0), Is.EqualTo(ReportDom.Sample.Text.ReplaceLineEndings("\n")));
    }

    [Test]
    public void DefaultTargetOfTheAnalyzerIsUsedWhenACallGivesNone()
    {
        var analyzer = s_analyzer.WithDefaultTarget("Philippines");
        var doc = analyzer.Analyze(ReportDom.Sample.Text);
        Assert.That((doc.Target, doc.TargetInferred), Is.EqualTo(("Philippines", false)));
        Assert.That(analyzer.Analyze(ReportDom.Sample.Text, "China").Target, Is.EqualTo("China"));
        Assert.That(s_analyzer.DefaultTarget, Is.Null, "the original is unchanged");
        IElement target = ReportDom.Parse(Render(doc)).QuerySelector("#summary-0 .target")!;
        Assert.That(target.TextContent, Does.Contain("Philippines").And.Contain("(given)"));
    }
}
