using System.Globalization;

namespace StanceKit;

/// <summary>
/// Writes a self-contained HTML stance report: one page with inline CSS and SVG, no script and no
/// external resource. Each sentence is tinted by its stance and labelled (probabilities on hover and
/// keyboard focus), entities are marked with a type badge, and a summary panel gives the stance shares
/// and the stance counts of the sentences mentioning each actor. Everything taken from the input is
/// HTML-escaped. Work is linear in the size of the documents.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes a report of one document.</summary>
    /// <param name="writer">Where the page is written (UTF-8 is expected; the page declares it).</param>
    /// <param name="document">The analysed document.</param>
    /// <param name="options">Report options; null for the defaults.</param>
    public static void Write(TextWriter writer, StanceDocument document, HtmlReportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(document);
        new HtmlReportWriter(writer, options ?? HtmlReportOptions.Default).Write([(null, document)]);
    }

    /// <summary>Writes a report of one document with the default options.</summary>
    /// <param name="writer">Where the page is written.</param>
    /// <param name="document">The analysed document.</param>
    public static void Write(TextWriter writer, StanceDocument document) => Write(writer, document, null);

    /// <summary>
    /// Writes a report of several documents: a corpus summary (stance shares over all sentences,
    /// one row per document, per-actor counts over the corpus) and one collapsible section per document.
    /// </summary>
    /// <param name="writer">Where the page is written.</param>
    /// <param name="documents">The documents with their names (e.g. file names), in report order.</param>
    /// <param name="options">Report options; null for the defaults.</param>
    public static void Write(TextWriter writer, IReadOnlyList<(string Name, StanceDocument Document)> documents, HtmlReportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(documents);
        var docs = new List<(string?, StanceDocument)>(documents.Count);
        foreach (var (name, doc) in documents)
        {
            ArgumentNullException.ThrowIfNull(doc, nameof(documents));
            docs.Add((name, doc));
        }
        new HtmlReportWriter(writer, options ?? HtmlReportOptions.Default).Write(docs);
    }

    /// <summary>Writes a report of several documents with the default options.</summary>
    /// <param name="writer">Where the page is written.</param>
    /// <param name="documents">The documents with their names, in report order.</param>
    public static void Write(TextWriter writer, IReadOnlyList<(string Name, StanceDocument Document)> documents) => Write(writer, documents, null);

    /// <summary>Renders a report of one document to a string.</summary>
    /// <param name="document">The analysed document.</param>
    /// <param name="options">Report options; null for the defaults.</param>
    public static string ToHtml(StanceDocument document, HtmlReportOptions? options = null)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        Write(w, document, options);
        return w.ToString();
    }
}

/// <summary>The writer behind <see cref="HtmlReport"/>: one instance per page.</summary>
internal sealed class HtmlReportWriter(TextWriter w, HtmlReportOptions options)
{
    /// <summary>Sentences per rendering block: blocks off screen are skipped by the browser's layout.</summary>
    private const int SentencesPerBlock = 200;

    private static readonly CultureInfo s_ci = CultureInfo.InvariantCulture;
    private static readonly EntityType[] s_entityTypes = [EntityType.Person, EntityType.Org, EntityType.Loc, EntityType.Norp];

    /// <summary>Stances in display order: the two framings first, neutral last.</summary>
    private static readonly Stance[] s_displayOrder = [Stance.StateFraming, Stance.Critical, Stance.Neutral];

    public void Write(IReadOnlyList<(string? Name, StanceDocument Doc)> docs)
    {
        bool corpus = docs.Count > 1;
        bool expand = options.ExpandDocuments ?? !corpus;
        string title = options.Title ?? (docs.Count == 1 && docs[0].Name is { } n ? "Stance report: " + n : corpus ? $"Stance report: {docs.Count} documents" : "Stance report");

        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Defence in depth: even if something slipped through escaping, nothing could run or be fetched.
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        w.Write("<meta name=\"generator\" content=\"StanceKit ");
        Text(typeof(HtmlReport).Assembly.GetName().Version?.ToString(3) ?? "");
        w.Write("\">\n<title>");
        Text(title);
        w.Write("</title>\n<style>\n");
        w.Write(Css);
        w.Write("</style>\n</head>\n<body>\n");
        w.Write("<a class=\"skip\" href=\"#");
        w.Write(corpus ? "corpus" : "summary-0");
        w.Write("\">Skip to the summary</a>\n<header class=\"page\">\n<h1>");
        Text(title);
        w.Write("</h1>\n");
        WriteModels(docs);
        w.Write("</header>\n");
        WriteLegend();
        w.Write("<main>\n");
        if (corpus) WriteCorpus(docs);
        for (int i = 0; i < docs.Count; i++) WriteDocument(i, docs[i].Name, docs[i].Doc, expand, corpus);
        w.Write("</main>\n<footer class=\"page\"><p>Made by StanceKit. Stances are model predictions relative to the target state actor, with calibrated probabilities; read them as a guide to the text, not as a verdict on it.</p></footer>\n</body>\n</html>\n");
        w.Flush();
    }

    // ---- header: model and its measured accuracy -------------------------------------------------

    private void WriteModels(IReadOnlyList<(string? Name, StanceDocument Doc)> docs)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var (_, d) in docs)
        {
            if (!seen.Add((d.ModelName, d.ModelVersion))) continue;
            w.Write("<p class=\"model\" data-model-name=\"");
            Attr(d.ModelName);
            w.Write("\" data-model-version=\"");
            Attr(d.ModelVersion);
            w.Write("\">Model <strong>");
            Text(d.ModelName);
            w.Write("</strong> version ");
            Text(d.ModelVersion);
            w.Write(" · ");
            var scores = new List<(string Label, string Key, string Value)>();
            foreach (var (key, label) in s_accuracyKeys)
                if (d.ModelMetadata.TryGetValue(key, out var v) && v.Length > 0) scores.Add((label, key, v));
            if (scores.Count == 0) w.Write("no accuracy recorded in the model");
            else
            {
                w.Write("accuracy measured when it was trained (macro-F1): ");
                for (int i = 0; i < scores.Count; i++)
                {
                    if (i > 0) w.Write(", ");
                    w.Write("<span class=\"acc\" data-metric=\"");
                    Attr(scores[i].Key);
                    w.Write("\">");
                    Text(scores[i].Label);
                    w.Write(" <strong>");
                    Text(scores[i].Value);
                    w.Write("</strong></span>");
                }
                if (!d.ModelMetadata.ContainsKey("test-macro-f1")) w.Write(" (no held-out test set)");
                // These sets were written by the team that trained the model: say so, so no one reads them as accuracy
                // on news in general (real news scores lower).
                w.Write(" · measured on text written by the StanceKit team, not on news in general");
            }
            w.Write("</p>\n");
        }
    }

    private static readonly (string Key, string Label)[] s_accuracyKeys =
    [
        ("test-macro-f1", "team-written test split"),
        ("selection-macro-f1", "team-written realistic dev split"),
        ("grouped-cv-macro-f1", "cross-validation grouped by story"),
        ("dev-macro-f1", "development set"),
    ];

    // ---- legend ---------------------------------------------------------------------------------

    private void WriteLegend()
    {
        w.Write("<section class=\"legend\" aria-labelledby=\"legend-h\">\n<h2 id=\"legend-h\">Legend</h2>\n<ul class=\"legend-stances\">\n");
        foreach (var s in s_displayOrder)
        {
            w.Write("<li><span class=\"sent-sample stance-");
            w.Write(s.ToWireName());
            w.Write("\">sentence<span class=\"lbl\">");
            w.Write(s.ToWireName());
            w.Write("</span></span> ");
            w.Write(s switch
            {
                Stance.StateFraming => "relays or advances the target state's own framing",
                Stance.Critical => "challenges the target's framing or reports criticism of it",
                _ => "reports facts without adopting or challenging a framing",
            });
            w.Write("</li>\n");
        }
        w.Write("</ul>\n<ul class=\"legend-entities\">\n");
        foreach (var t in s_entityTypes)
        {
            w.Write("<li><mark class=\"ent ent-");
            w.Write(TypeClass(t));
            w.Write("\">name<span class=\"etype\">");
            w.Write(t.ToWireName());
            w.Write("</span></mark> ");
            w.Write(t switch
            {
                EntityType.Person => "person",
                EntityType.Org => "organisation",
                EntityType.Loc => "place",
                _ => "nationality or group",
            });
            w.Write("</li>\n");
        }
        w.Write("</ul>\n<p>Hover over a sentence, or reach it with the Tab key, to see the probabilities of the three stances and the full names of the entities it mentions.</p>\n</section>\n");
    }

    // ---- corpus summary -------------------------------------------------------------------------

    private void WriteCorpus(IReadOnlyList<(string? Name, StanceDocument Doc)> docs)
    {
        int sf = 0, cr = 0, ne = 0, sentences = 0, entities = 0;
        var states = new Dictionary<string, StateTotals>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, d) in docs)
        {
            var s = d.Summary;
            sf += s.StateFraming; cr += s.Critical; ne += s.Neutral; sentences += s.Sentences; entities += d.Entities.Count;
            foreach (var (canonical, shown) in EntityDisplay.Build(d).Names) names.TryAdd(canonical, shown);
            foreach (var a in s.ByState)
            {
                if (!states.TryGetValue(a.State, out var t)) states[a.State] = t = new StateTotals(a.State, states.Count);
                t.Add(a);
            }
        }
        w.Write("<section class=\"corpus panel\" id=\"corpus\" aria-labelledby=\"corpus-h\">\n<h2 id=\"corpus-h\">Corpus summary</h2>\n");
        W($"<p class=\"totals\"><span data-documents=\"{docs.Count}\">{docs.Count:N0} documents</span>, <span data-sentences=\"{sentences}\">{sentences:N0} sentences</span>, <span data-entities=\"{entities}\">{entities:N0} entity mentions</span>.</p>\n");
        WriteShares("corpus", sf, cr, ne, sentences);

        w.Write("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Documents\">\n<table class=\"docs\">\n<caption>Documents</caption>\n<thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Target</th><th scope=\"col\" class=\"num\">Sentences</th>");
        foreach (var st in s_displayOrder) { w.Write("<th scope=\"col\" class=\"num\">"); w.Write(st.ToWireName()); w.Write("</th>"); }
        w.Write("<th scope=\"col\">Mix</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < docs.Count; i++)
        {
            var (name, d) = docs[i];
            var s = d.Summary;
            W($"<tr data-doc=\"{i}\"><th scope=\"row\"><a href=\"#doc-{i}\">");
            Text(name ?? $"Document {i + 1}");
            w.Write("</a></th><td>");
            Text(d.Target ?? "none");
            W($"</td><td class=\"num\">{s.Sentences:N0}</td><td class=\"num\">{s.StateFraming:N0}</td><td class=\"num\">{s.Critical:N0}</td><td class=\"num\">{s.Neutral:N0}</td><td>");
            Mix(s.StateFraming, s.Critical, s.Neutral);
            w.Write("</td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n</div>\n");

        var ranked = states.Values.OrderByDescending(a => a.Sentences).ThenBy(a => a.Order).ToList();
        WriteStates("corpus", ranked.Select(a => a.ToSummary()).ToList(), "over all documents", mix: true, c => names.GetValueOrDefault(c, c));
        w.Write("</section>\n");
    }

    private sealed class StateTotals(string state, int order)
    {
        public int Order { get; } = order;
        public int Mentions, Sentences, StateFraming, Critical, Neutral;
        private readonly List<string> _names = [];

        public void Add(StateStanceSummary a)
        {
            Mentions += a.Mentions; Sentences += a.Sentences; StateFraming += a.StateFraming; Critical += a.Critical; Neutral += a.Neutral;
            foreach (var n in a.NamedAs) if (!_names.Contains(n)) _names.Add(n);
        }

        public StateStanceSummary ToSummary() => new(state, _names, Mentions, Sentences, StateFraming, Critical, Neutral);
    }

    // ---- one document ---------------------------------------------------------------------------

    private void WriteDocument(int index, string? name, StanceDocument d, bool expand, bool corpus)
    {
        var s = d.Summary;
        W($"<section class=\"doc\" id=\"doc-{index}\" data-doc=\"{index}\" data-sentences=\"{s.Sentences}\">\n<details class=\"doc-details\"");
        if (expand) w.Write(" open");
        w.Write("><summary><h2 class=\"doc-title\" dir=\"auto\">");
        Text(name ?? (corpus ? $"Document {index + 1}" : "Article"));
        W($"</h2> <span class=\"doc-counts\">{s.Sentences:N0} sentences: {s.StateFraming:N0} state-framing, {s.Critical:N0} critical, {s.Neutral:N0} neutral</span></summary>\n");
        w.Write("<div class=\"doc-body\">\n");
        WriteDocumentPanel(index, d);
        WriteArticle(index, d, EntityDisplay.Build(d));
        w.Write("</div>\n</details>\n</section>\n");
    }

    private void WriteDocumentPanel(int index, StanceDocument d)
    {
        var s = d.Summary;
        W($"<aside class=\"panel\" id=\"summary-{index}\" aria-label=\"Summary\">\n<h3>Summary</h3>\n<p class=\"target\" data-target=\"");
        Attr(d.Target ?? "");
        w.Write("\" data-target-inferred=\"");
        w.Write(d.TargetInferred ? "true" : "false");
        w.Write("\">");
        if (d.Target is null)
            w.Write("No target state actor was given or found: each sentence is read relative to the state actor it mentions.");
        else
        {
            w.Write("Target: <strong dir=\"auto\">");
            Text(d.Target);
            w.Write("</strong> ");
            w.Write(d.TargetInferred ? "(inferred from the text: the state actor mentioned most)" : "(given)");
        }
        w.Write("</p>\n");
        WriteShares(index.ToString(s_ci), s.StateFraming, s.Critical, s.Neutral, s.Sentences);
        var display = EntityDisplay.Build(d);
        WriteLeaders(s.ByState);
        WriteStates(index.ToString(s_ci), s.ByState, "in this document", mix: false, display.Name);
        w.Write("</aside>\n");
    }

    /// <summary>The stance shares: an SVG stacked bar and a table with the same numbers in text.</summary>
    private void WriteShares(string scope, int sf, int cr, int ne, int total)
    {
        w.Write("<svg class=\"bar\" viewBox=\"0 0 1000 28\" preserveAspectRatio=\"none\" width=\"100%\" height=\"28\" role=\"img\" aria-label=\"");
        W($"Stance shares: state-framing {Pct(sf, total)}, critical {Pct(cr, total)}, neutral {Pct(ne, total)}");
        w.Write("\">");
        double x = 0;
        foreach (var st in s_displayOrder)
        {
            int c = st switch { Stance.StateFraming => sf, Stance.Critical => cr, _ => ne };
            if (c == 0 || total == 0) continue;
            double width = 1000.0 * c / total;
            W($"<rect class=\"fill-{st.ToWireName()}\" x=\"{x:0.##}\" y=\"0\" width=\"{width:0.##}\" height=\"28\"><title>{st.ToWireName()}: {c:N0} of {total:N0} sentences ({Pct(c, total)})</title></rect>");
            x += width;
        }
        if (total == 0) w.Write("<rect class=\"fill-empty\" x=\"0\" y=\"0\" width=\"1000\" height=\"28\"><title>no sentences</title></rect>");
        w.Write("</svg>\n");
        w.Write("<table class=\"shares\" data-scope=\"");
        w.Write(scope);
        w.Write("\">\n<caption>Sentences by stance</caption>\n<thead><tr><th scope=\"col\">Stance</th><th scope=\"col\" class=\"num\">Sentences</th><th scope=\"col\" class=\"num\">Share</th></tr></thead>\n<tbody>\n");
        foreach (var st in s_displayOrder)
        {
            int c = st switch { Stance.StateFraming => sf, Stance.Critical => cr, _ => ne };
            var wire = st.ToWireName();
            W($"<tr data-stance=\"{wire}\"><th scope=\"row\"><span class=\"swatch fill-{wire}\" aria-hidden=\"true\"></span>{wire}</th><td class=\"num\" data-count=\"{c}\">{c:N0}</td><td class=\"num\" data-share=\"{(total == 0 ? 0 : (double)c / total):0.####}\">{Pct(c, total)}</td></tr>\n");
        }
        W($"</tbody>\n<tfoot><tr><th scope=\"row\">all</th><td class=\"num\" data-count=\"{total}\">{total:N0}</td><td class=\"num\">{(total == 0 ? "–" : "100%")}</td></tr></tfoot>\n</table>\n");
    }

    /// <summary>The states named most often in state-framing and in critical sentences.</summary>
    private void WriteLeaders(IReadOnlyList<StateStanceSummary> actors)
    {
        if (actors.Count == 0) return;
        w.Write("<dl class=\"leaders\">\n");
        Leader("States named most often in state-framing sentences", actors, a => a.StateFraming);
        Leader("States named most often in critical sentences", actors, a => a.Critical);
        w.Write("</dl>\n");
    }

    private void Leader(string label, IReadOnlyList<StateStanceSummary> actors, Func<StateStanceSummary, int> count)
    {
        w.Write("<dt>");
        w.Write(label);
        w.Write("</dt><dd>");
        // A single linear pass for the top three, so a document with thousands of actors costs no sort.
        var top = new List<StateStanceSummary>(4);
        foreach (var a in actors)
        {
            if (count(a) == 0) continue;
            int i = top.Count;
            while (i > 0 && count(top[i - 1]) < count(a)) i--;
            if (i < 3) { top.Insert(i, a); if (top.Count > 3) top.RemoveAt(3); }
        }
        if (top.Count == 0) w.Write("none");
        for (int i = 0; i < top.Count; i++)
        {
            if (i > 0) w.Write(", ");
            w.Write("<span dir=\"auto\">");
            Text(top[i].State);
            w.Write("</span>");
            W($" ({count(top[i]):N0})");
        }
        w.Write("</dd>\n");
    }

    /// <summary>How many actor names a row of the state table lists before "and N more".</summary>
    private const int NamesPerState = 3;

    private void WriteStates(string scope, IReadOnlyList<StateStanceSummary> states, string where, bool mix, Func<string, string> name)
    {
        if (states.Count == 0)
        {
            w.Write("<p class=\"no-actors\">No state named: no country, capital speaking for one, or official or body of one.</p>\n");
            return;
        }
        int shown = Math.Min(states.Count, Math.Max(0, options.MaxActors));
        // The counts are of sentences naming each state; their stance is toward the document's target, not toward that state.
        // The title stands outside the scrolling wrapper (a caption would scroll away with a wide table) and labels both.
        W($"<p class=\"caption\" id=\"states-{scope}\">States named in the text {where}: sentences naming each state (the country, its capital speaking for it, its officials or bodies), by their stance toward the target</p>\n");
        W($"<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"states-{scope}\">\n<table class=\"states\" aria-labelledby=\"states-{scope}\" data-scope=\"{scope}\">\n<thead><tr><th scope=\"col\">State</th><th scope=\"col\">Named as</th><th scope=\"col\" class=\"num\">Sentences</th>");
        foreach (var st in s_displayOrder) { w.Write("<th scope=\"col\" class=\"num\">"); w.Write(st.ToWireName()); w.Write("</th>"); }
        w.Write(mix ? "<th scope=\"col\">Mix</th></tr></thead>\n<tbody>\n" : "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < shown; i++)
        {
            var a = states[i];
            w.Write("<tr data-state=\"");
            Attr(a.State);
            W($"\" data-sentences=\"{a.Sentences}\" data-state-framing=\"{a.StateFraming}\" data-critical=\"{a.Critical}\" data-neutral=\"{a.Neutral}\"><th scope=\"row\" dir=\"auto\">");
            Text(a.State);
            w.Write("</th><td class=\"named\">");
            for (int k = 0; k < Math.Min(NamesPerState, a.NamedAs.Count); k++)
            {
                if (k > 0) w.Write(", ");
                w.Write("<span dir=\"auto\">");
                Text(name(a.NamedAs[k]));
                w.Write("</span>");
            }
            if (a.NamedAs.Count > NamesPerState) W($" and {a.NamedAs.Count - NamesPerState:N0} more");
            W($"</td><td class=\"num\">{a.Sentences:N0}</td><td class=\"num\">{a.StateFraming:N0}</td><td class=\"num\">{a.Critical:N0}</td><td class=\"num\">{a.Neutral:N0}</td>");
            if (mix)
            {
                w.Write("<td>");
                Mix(a.StateFraming, a.Critical, a.Neutral);
                w.Write("</td>");
            }
            w.Write("</tr>\n");
        }
        w.Write("</tbody>\n</table>\n</div>\n");
        if (shown < states.Count)
            W($"<p class=\"note\" data-actors-total=\"{states.Count}\" data-actors-shown=\"{shown}\">Showing the {shown:N0} states named in the most sentences, of {states.Count:N0}. The JSON output (<code>stancekit analyze --format json</code>) lists every entity.</p>\n");
    }

    /// <summary>A small stacked bar of three counts, in CSS (widths in percent).</summary>
    private void Mix(int sf, int cr, int ne)
    {
        int total = sf + cr + ne;
        w.Write("<span class=\"mix\" aria-hidden=\"true\">");
        if (total > 0)
        {
            foreach (var (st, c) in new[] { (Stance.StateFraming, sf), (Stance.Critical, cr), (Stance.Neutral, ne) })
            {
                if (c == 0) continue;
                W($"<span class=\"fill-{st.ToWireName()}\" style=\"width:{100.0 * c / total:0.##}%\"></span>");
            }
        }
        w.Write("</span>");
    }

    // ---- the article ----------------------------------------------------------------------------

    private void WriteArticle(int index, StanceDocument d, EntityDisplay display)
    {
        var text = d.Text;
        w.Write("<article class=\"article\" dir=\"auto\" lang=\"\" aria-label=\"Text with sentence stances\"><div class=\"blk\">");
        int cursor = 0;
        var sentences = d.Sentences;
        for (int i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            if (i > 0 && i % SentencesPerBlock == 0) w.Write("</div><div class=\"blk\">");
            int start = Math.Clamp(s.Span.Start, cursor, text.Length);
            int end = Math.Clamp(s.Span.End, start, text.Length);
            Text(text.AsSpan(cursor, start - cursor));
            WriteSentence(index, d, s, start, end, display);
            cursor = end;
        }
        Text(text.AsSpan(cursor));
        // No white space inside the article: it is rendered as pre-wrap text.
        w.Write("</div></article>\n");
    }

    private void WriteSentence(int docIndex, StanceDocument d, StanceSentence s, int start, int end, EntityDisplay display)
    {
        var text = d.Text;
        var wire = s.Stance.ToWireName();
        W($"<span class=\"sent stance-{wire}\" id=\"d{docIndex}-s{s.Index}\" data-sentence-index=\"{s.Index}\" data-stance=\"{wire}\" tabindex=\"0\" dir=\"auto\">");
        int cursor = start;
        if (options.ShowEntities)
        {
            foreach (var e in s.Entities)
            {
                // Overlapping or out-of-sentence spans are left as plain text rather than breaking the markup.
                if (e.Span.Start < cursor || e.Span.End > end || e.Span.Length == 0) continue;
                Text(text.AsSpan(cursor, e.Span.Start - cursor));
                var type = display.Type(e);
                w.Write("<mark class=\"ent ent-");
                w.Write(TypeClass(type));
                w.Write("\" title=\"");
                Attr(display.Name(e.Canonical));
                w.Write(" (");
                w.Write(type.ToWireName());
                w.Write(")\">");
                Text(text.AsSpan(e.Span.Start, e.Span.Length));
                w.Write("<span class=\"etype\">");
                w.Write(type.ToWireName());
                w.Write("</span></mark>");
                cursor = e.Span.End;
            }
        }
        Text(text.AsSpan(cursor, end - cursor));
        w.Write("<span class=\"lbl\" aria-hidden=\"true\">");
        w.Write(wire);
        w.Write("</span><span class=\"tip\" role=\"tooltip\">");
        var p = s.Scores;
        W($"<strong>{wire}</strong> · state-framing {p.StateFraming:0.00} · critical {p.Critical:0.00} · neutral {p.Neutral:0.00}");
        if (options.ShowEntities && s.Entities.Count > 0)
        {
            w.Write("<br>");
            for (int k = 0; k < s.Entities.Count; k++)
            {
                var e = s.Entities[k];
                if (k > 0) w.Write("; ");
                w.Write(display.Type(e).ToWireName());
                w.Write(' ');
                Text(display.Name(e.Canonical));
            }
        }
        w.Write("</span></span>");
    }

    // ---- escaping -------------------------------------------------------------------------------

    /// <summary>Writes trusted markup with numbers formatted in the invariant culture.</summary>
    private void W(FormattableString markup) => w.Write(markup.ToString(s_ci));

    private void Text(string s) => Escape(s.AsSpan());

    private void Text(ReadOnlySpan<char> s) => Escape(s);

    private void Attr(string s) => Escape(s.AsSpan());

    /// <summary>
    /// Escapes text for element content and double- or single-quoted attribute values alike:
    /// &amp; &lt; &gt; " ' become character references; NUL and other control characters
    /// (except tab, line feed and carriage return) become U+FFFD.
    /// </summary>
    private void Escape(ReadOnlySpan<char> s)
    {
        int run = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            string? rep = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => null,
                < ' ' or (>= '\u007F' and <= '\u009F') => "\uFFFD",
                _ => null,
            };
            if (rep is null) continue;
            if (i > run) w.Write(s[run..i]);
            w.Write(rep);
            run = i + 1;
        }
        if (run < s.Length) w.Write(s[run..]);
    }

    private static string TypeClass(EntityType t) => t switch
    {
        EntityType.Person => "person",
        EntityType.Org => "org",
        EntityType.Loc => "loc",
        _ => "norp",
    };

    private static string Pct(int count, int total) => total == 0 ? "0%" : ((double)count / total).ToString("P0", s_ci).Replace(" ", "", StringComparison.Ordinal);

    // ---- style ----------------------------------------------------------------------------------

    // Colours: text #111827 on the tints and entity backgrounds (contrast above 12:1); white on the
    // label colours (#1d4ed8 6.7:1, #b91c1c 6.5:1, #4b5563 7.6:1): all above WCAG AA's 4.5:1.
    // Stance is never shown by colour alone: every sentence has a text label and its own underline style.
    private const string Css = """
        :root{color-scheme:light;--ink:#111827;--muted:#374151;--sf:#1d4ed8;--sf-bg:#dbeafe;--cr:#b91c1c;--cr-bg:#fee2e2;--ne:#4b5563;--ne-bg:#f3f4f6;
          --person:#e9d5ff;--person-b:#7e22ce;--org:#a5f3fc;--org-b:#0e7490;--loc:#fed7aa;--loc-b:#c2410c;--norp:#fbcfe8;--norp-b:#be185d}
        *{box-sizing:border-box}
        body{margin:0;padding:0 clamp(.75rem,3vw,1.5rem) 2rem;overflow-wrap:break-word;word-break:normal;hyphens:auto;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew",sans-serif;color:var(--ink);background:#fff}
        h1{font-size:clamp(1.2rem,.9rem + 1.6vw,1.6rem);line-height:1.25;margin:1rem 0 .25rem}h2{font-size:clamp(1.05rem,.95rem + .6vw,1.25rem);margin:.5rem 0}h3{font-size:1.05rem;margin:0 0 .5rem}
        a{color:#1e40af}
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:20}.skip:focus{left:.5rem}
        header.page .model{margin:.2rem 0;color:var(--muted)}
        .legend{border:1px solid #d1d5db;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0;font-size:.92rem}
        .legend h2{font-size:1rem;margin:.25rem 0}.legend ul{list-style:none;margin:.25rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
        .legend p{margin:.25rem 0;color:var(--muted)}
        .panel{border:1px solid #d1d5db;border-radius:.5rem;padding:.75rem 1rem;background:#fafafa}
        .corpus{margin:1rem 0}
        .doc{margin:1rem 0}
        .doc-details>summary{cursor:pointer;padding:.5rem .25rem;border-bottom:1px solid #d1d5db}
        .doc-details>summary:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
        .doc-title{display:inline;font-size:clamp(1.05rem,.95rem + .5vw,1.2rem);margin:0 .5rem 0 0}.doc-counts{color:var(--muted);font-size:.92rem}
        .doc-body{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,30rem);grid-template-areas:"article panel";gap:1.5rem;margin-top:1rem}
        .doc-body>.panel{grid-area:panel;position:sticky;top:.5rem;align-self:start;max-height:calc(100vh - 1rem);overflow:auto}
        .doc-body>.article{grid-area:article}
        @media (max-width:900px){.doc-body{grid-template-columns:1fr;grid-template-areas:"panel" "article"}.doc-body>.panel{position:static;max-height:none}}
        .article{white-space:pre-wrap;overflow-wrap:break-word;word-break:normal;hyphens:auto;font-size:1.02rem;line-height:2.1;max-width:52rem}
        .blk{content-visibility:auto;contain-intrinsic-block-size:auto 40rem}
        .sent{position:relative;border-radius:.2rem;padding:.1em 0;border-bottom:2px solid transparent;-webkit-box-decoration-break:clone;box-decoration-break:clone}
        .sent:focus{outline:3px solid var(--ink);outline-offset:2px}
        .stance-state-framing{background:var(--sf-bg);border-bottom:2px solid var(--sf)}
        .stance-critical{background:var(--cr-bg);border-bottom:2px dashed var(--cr)}
        .stance-neutral{background:var(--ne-bg);border-bottom:2px dotted var(--ne)}
        .lbl{display:inline-block;font:600 .68rem/1.3 system-ui,sans-serif;color:#fff;border-radius:.3rem;padding:0 .35em;margin-inline-start:.3em;vertical-align:.15em;white-space:nowrap;letter-spacing:.02em}
        .stance-state-framing>.lbl{background:var(--sf)}.stance-critical>.lbl{background:var(--cr)}.stance-neutral>.lbl{background:var(--ne)}
        .tip{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
        .sent:hover>.tip,.sent:focus>.tip,.sent:focus-within>.tip{width:auto;height:auto;overflow:visible;clip-path:none;white-space:normal;left:0;top:calc(100% + .3rem);z-index:10;min-width:min(16rem,80vw);max-width:min(28rem,90vw);
          background:var(--ink);color:#fff;font:.8rem/1.4 system-ui,sans-serif;padding:.35rem .5rem;border-radius:.3rem;box-shadow:0 2px 8px rgba(0,0,0,.25)}
        .ent{color:var(--ink);border-radius:.25rem;padding:.05em .25em;border:1px solid;box-decoration-break:clone;-webkit-box-decoration-break:clone}
        .ent-person{background:var(--person);border-color:var(--person-b)}.ent-org{background:var(--org);border-color:var(--org-b)}
        .ent-loc{background:var(--loc);border-color:var(--loc-b)}.ent-norp{background:var(--norp);border-color:var(--norp-b)}
        .etype{font:700 .6rem/1 system-ui,sans-serif;margin-inline-start:.3em;vertical-align:.15em;letter-spacing:.03em}
        .etype-cell{font:700 .7rem/1 system-ui,sans-serif;padding:.15em .35em;border-radius:.25rem;border:1px solid}
        .sent-sample{padding:.1em .3em;border-radius:.2rem}
        svg.bar{display:block;border:1px solid #9ca3af;border-radius:.25rem;margin:.5rem 0}
        .fill-state-framing{fill:var(--sf);background:var(--sf)}.fill-critical{fill:var(--cr);background:var(--cr)}.fill-neutral{fill:#6b7280;background:#6b7280}.fill-empty{fill:#e5e7eb}
        .swatch{display:inline-block;width:.8em;height:.8em;margin-inline-end:.4em;border-radius:.15em;vertical-align:-.05em}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.88rem}
        caption,p.caption{text-align:start;font-weight:600;padding:.25rem 0}p.caption{margin:.5rem 0 0;font-size:.88rem}.panel p.caption{font-size:.82rem}
        .panel table.states{font-size:.82rem}.panel table.states th,.panel table.states td{padding:.2rem .25rem}
        .scroll{max-width:100%;overflow-x:auto;margin:.25rem 0 1rem}.scroll>table{margin:0}.scroll:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
        table.states .named{font-size:.92em;color:var(--muted);min-width:6rem}
        th,td{padding:.2rem .4rem;border-bottom:1px solid #e5e7eb;text-align:start;vertical-align:middle}
        thead th{border-bottom:2px solid #9ca3af;font-weight:600}
        .num{text-align:end;font-variant-numeric:tabular-nums}
        .mix{display:flex;width:5rem;height:.7rem;background:#e5e7eb;border-radius:.15rem;overflow:hidden}
        .mix>span{display:block;height:100%}
        .leaders{font-size:.9rem;margin:.5rem 0}.leaders dt{font-weight:600}.leaders dd{margin:0 0 .4rem}
        .target{margin:.25rem 0 .5rem}.note{font-size:.85rem;color:var(--muted)}
        footer.page{margin-top:2rem;font-size:.85rem;color:var(--muted)}
        @media (max-width:480px){.panel{padding:.5rem .6rem}.legend{padding:.4rem .6rem}table{font-size:.8rem}th,td{padding:.15rem .25rem}.article{font-size:.98rem;line-height:1.9}}
        @media print{.tip{display:none}.doc-body>.panel{position:static}}

        """;
}
