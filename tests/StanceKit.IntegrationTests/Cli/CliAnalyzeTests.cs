using System.Diagnostics;
using System.Text;
using System.Text.Json;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary><c>stancekit analyze</c>: HTML reports, CSV for spreadsheets, JSON Lines streaming, help and progress.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class CliAnalyzeTests
{
    private static readonly StanceAnalyzer s_analyzer = StanceAnalyzer.Default;

    private static List<JsonElement> Lines(string output) => Repo.JsonLines(output);

    private static string Jsonl(IEnumerable<(int Id, string Text)> docs) =>
        string.Concat(docs.Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text }) + "\n"));

    [Test]
    public void AnalyzeFileAsHtmlWritesTheReport()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-html");
        try
        {
            var path = Path.Combine(dir.FullName, "report.html");
            var (exit, stdout, stderr) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"), "--format", "html", "--out", path);
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stdout, Is.Empty);
            var dom = ReportDom.Parse(File.ReadAllText(path));
            ReportDom.AssertMatches(dom, 0, ReportDom.Sample);
            Assert.That(dom.QuerySelector("#doc-0 .doc-title")!.TextContent, Does.EndWith("article.txt"));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void AnalyzeFolderAsHtmlHasOneSectionPerFileAndACorpusSummary()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-corpus");
        try
        {
            var texts = new[]
            {
                File.ReadAllText(Repo.Path("samples", "article.txt")),
                "The Kremlin said the strikes hit only military targets. Rights groups said civilians died.",
                "Prices rose 2% in May, the statistics office said.",
            };
            for (int i = 0; i < texts.Length; i++) File.WriteAllText(Path.Combine(dir.FullName, $"{i}.txt"), texts[i]);
            var (exit, stdout, stderr) = Repo.RunCli(null, "analyze", dir.FullName, "--format", "html");
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stderr, Is.Empty, "no progress bar when standard error is not a terminal");
            var dom = ReportDom.Parse(stdout);
            Assert.That(dom.QuerySelectorAll("section.doc"), Has.Count.EqualTo(texts.Length));
            for (int i = 0; i < texts.Length; i++) ReportDom.AssertMatches(dom, i, s_analyzer.Analyze(texts[i]));
            Assert.That(ReportDom.Int(dom.QuerySelector("#corpus [data-documents]")!, "data-documents"), Is.EqualTo(texts.Length));
            Assert.That(ReportDom.Int(dom.QuerySelector("#corpus [data-sentences]")!, "data-sentences"), Is.EqualTo(texts.Sum(t => s_analyzer.Analyze(t).Sentences.Count)));
        }
        finally { dir.Delete(true); }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void EvaluateWritesOnePredictionPerScoredSentenceThatAddsUpToTheReport(bool articles)
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-predictions");
        try
        {
            var path = Path.Combine(dir.FullName, "predictions.jsonl");
            var data = Repo.Path("data", "stance", "test", articles ? "articles.jsonl" : "sentences.jsonl");
            var args = new List<string> { "evaluate", "--model", Repo.Path("models", "default", "stance.skm"), "--data", data, "--predictions", path };
            if (articles) args.Add("--articles");
            var (exit, stdout, stderr) = Repo.RunCli(null, args.ToArray());
            Assert.That(exit, Is.Zero, stderr);
            var lines = Lines(File.ReadAllText(path));
            var records = StanceKit.ML.StanceCorpus.Load(data).Where(r => !articles || r.Id.Contains('#', StringComparison.Ordinal)).ToList();
            Assert.That(lines.Select(l => l.GetProperty("id").GetString()), Is.EqualTo(records.Select(r => r.Id)));
            Assert.That(lines.Select(l => l.GetProperty("label").GetString()), Is.EqualTo(records.Select(r => r.Label.ToWireName())));
            // The report's accuracy is the share of lines whose prediction is the label.
            double accuracy = lines.Count(l => l.GetProperty("label").GetString() == l.GetProperty("predicted").GetString()) / (double)lines.Count;
            var reported = stdout.Split('\n').Single(l => l.StartsWith("accuracy", StringComparison.Ordinal));
            Assert.That(reported, Does.Contain(accuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var l in lines)
            {
                var sc = l.GetProperty("scores");
                Assert.That(sc.GetProperty("state-framing").GetDouble() + sc.GetProperty("critical").GetDouble() + sc.GetProperty("neutral").GetDouble(), Is.EqualTo(1).Within(1e-5));
            }
        }
        finally { dir.Delete(true); }
    }

    [TestCase("analyze", "--document-prior", "9")]
    [TestCase("analyze", "--document-prior", "abc")]
    [TestCase("analyze", "--document-prior", "-1")]
    [TestCase("evaluate", "--document-prior", "1")]
    [TestCase("evaluate", "--no-carry-speakers", null)]
    public void DocumentOptionsOutOfRangeOrOutOfPlaceAreUsageErrors(string command, string option, string? value)
    {
        var args = command == "analyze"
            ? new List<string> { "analyze", Repo.Path("samples", "article.txt") }
            : new List<string> { "evaluate", "--model", Repo.Path("models", "default", "stance.skm"), "--data", Repo.Path("data", "stance", "test", "articles.jsonl") };
        args.Add(option);
        if (value is not null) args.Add(value);
        var (exit, stdout, stderr) = Repo.RunCli(null, args.ToArray());
        Assert.That(exit, Is.EqualTo(2), stderr);
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.StartWith("stancekit: " + option));
    }

    [Test]
    public void AnalyzeWithoutPriorAndCarryGivesTheSentenceScoresOfTheDocument()
    {
        // --document-prior 0 --no-carry-speakers: each sentence as the document scorer reads it alone (its names placed by
        // the document); the defaults weigh the sentences on each other, so some scores differ.
        var text = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var (exit, stdout, stderr) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"), "--format", "jsonl", "--document-prior", "0", "--no-carry-speakers");
        Assert.That(exit, Is.Zero, stderr);
        var alone = new StanceAnalyzer(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = 0f, CarrySpeakers = false }).Analyze(text);
        var lines = Lines(stdout);
        Assert.That(lines.Select(l => l.GetProperty("label").GetString()), Is.EqualTo(alone.Sentences.Select(s => s.Stance.ToWireName())));
        var (exit2, stdout2, _) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"), "--format", "jsonl");
        Assert.That(exit2, Is.Zero);
        Assert.That(Lines(stdout2).Select(l => l.GetProperty("scores").GetProperty("neutral").GetDouble()),
            Is.Not.EqualTo(lines.Select(l => l.GetProperty("scores").GetProperty("neutral").GetDouble())));
    }

    [TestCase("analyze", "--format")]
    [TestCase("segment", "--jsonl")]
    [TestCase("entities", "--jsonl")]
    [TestCase("classify", "--explain")]
    [TestCase("train", "--data")]
    [TestCase("evaluate", "--no-target")]
    [TestCase("evaluate", "--no-carry-speakers")]
    [TestCase("analyze", "--no-carry-speakers")]
    [TestCase("calibrate", "--out")]
    public void EveryCommandHasItsOwnHelpWithExitCodes(string command, string option)
    {
        foreach (var args in new[] { new[] { command, "--help" }, new[] { command, "-h" }, new[] { "help", command } })
        {
            var (exit, stdout, stderr) = Repo.RunCli(null, args);
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stdout, Does.StartWith("Usage:").And.Contain("stancekit " + command).And.Contain(option));
            Assert.That(stdout, Does.Contain("Exit codes:").And.Contain("130"));
            var others = new[] { "analyze", "segment", "entities", "classify", "train", "evaluate" }.Where(c => c != command);
            Assert.That(others.Where(c => stdout.Contains("stancekit " + c + " ", StringComparison.Ordinal)), Is.Empty, "only this command's usage");
        }
    }

    [Test]
    public void BadArgumentsOfACommandPrintThatCommandsUsage()
    {
        var (exit, _, stderr) = Repo.RunCli(null, "analyze", "--format", "pdf", Repo.Path("samples", "article.txt"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("Unknown format 'pdf'").And.Contain("stancekit analyze").And.Not.Contain("stancekit segment"));
    }

    /// <summary>Splits RFC 4180 CSV into rows of fields.</summary>
    private static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else field.Append(c);
        }
        Assert.That(quoted, Is.False, "unterminated quote");
        Assert.That(field.Length + row.Count, Is.Zero, "the last row ends with CRLF");
        return rows;
    }

    [Test]
    public void CsvIsSafeToOpenInASpreadsheet()
    {
        const string text = "=HYPERLINK(\"http://x.invalid\",\"click\") said the ministry.\n\n+1 analysts, \"quoted\", agreed.\n\n-2 percent fell.\n\n@SUM(A1) was cited.\n\n  =1+1 with spaces came next.\n\n＝1+1 in full width ended it.";
        var bytes = Encoding.UTF8.GetBytes(text);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Repo.CliDll, "analyze", "-", "--format", "csv" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        var err = p.StandardError.ReadToEndAsync();
        p.StandardInput.BaseStream.Write(bytes);
        p.StandardInput.Close();
        Assert.That(p.WaitForExit(120_000), Is.True);
        copy.Wait();
        Assert.That(p.ExitCode, Is.Zero, err.Result);

        var raw = output.ToArray();
        Assert.That(raw.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 byte-order mark, so spreadsheets read UTF-8");
        var rows = ParseCsv(Encoding.UTF8.GetString(raw, 3, raw.Length - 3));
        var header = rows[0];
        Assert.That(header, Is.EqualTo("file,index,start,end,label,p_state_framing,p_critical,p_neutral,target,entities,text".Split(',')));
        var doc = s_analyzer.Analyze(text);
        Assert.That(rows, Has.Count.EqualTo(doc.Sentences.Count + 1));
        Assert.That(rows.Select(r => r.Count), Is.All.EqualTo(header.Count));
        int textCol = header.IndexOf("text");
        for (int i = 1; i < rows.Count; i++)
        {
            var sentence = doc.Sentences[i - 1].Text;
            foreach (var field in rows[i])
                Assert.That(field.TrimStart(' '), Does.Not.Match("^[=+\\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]"), $"row {i}: a formula-like field is neutralised");
            var shown = rows[i][textCol];
            Assert.That(shown == sentence || shown == "'" + sentence, Is.True, $"row {i}: the text is kept: {shown}");
            Assert.That(rows[i][4], Is.EqualTo(doc.Sentences[i - 1].Stance.ToWireName()));
        }
        Assert.That(rows.Skip(1).Count(r => r[textCol].StartsWith('\'')), Is.GreaterThanOrEqualTo(5), "the formula-like sentences were prefixed");
    }

    [Test]
    public void AnalyzeJsonlStreamsOneDocumentPerLineInInputOrder()
    {
        var sample = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var texts = Enumerable.Range(0, 60).Select(i => (i, i % 3 == 0 ? sample : i % 3 == 1 ? "The Kremlin said the strikes hit only military targets. Rights groups disagreed." : $"Document {i} has no actor at all.")).ToList();
        var (exit, stdout, stderr) = Repo.RunCli(Jsonl(texts), "analyze", "--jsonl", "-");
        Assert.That(exit, Is.Zero, stderr);
        var lines = Lines(stdout);
        Assert.That(lines.Select(l => l.GetProperty("id").GetInt32()), Is.EqualTo(Enumerable.Range(0, 60)));
        foreach (var i in new[] { 0, 1, 2, 57 })
        {
            var expected = s_analyzer.Analyze(texts[i].Item2);
            var line = lines[i];
            Assert.That(line.GetProperty("text").GetString(), Is.EqualTo(texts[i].Item2));
            var sentences = line.GetProperty("sentences").EnumerateArray().ToList();
            Assert.That(sentences.Select(s => s.GetProperty("label").GetString()), Is.EqualTo(expected.Sentences.Select(s => s.Stance.ToWireName())));
            Assert.That(sentences.Select(s => s.GetProperty("start").GetInt32()), Is.EqualTo(expected.Sentences.Select(s => s.Span.Start)));
            Assert.That(line.GetProperty("summary").GetProperty("sentences").GetInt32(), Is.EqualTo(expected.Summary.Sentences));
            Assert.That(line.GetProperty("target").ValueKind == JsonValueKind.Null ? null : line.GetProperty("target").GetString(), Is.EqualTo(expected.Target));
        }
    }

    [Test]
    public void AnalyzeJsonlTargetOptionAppliesToEveryDocument()
    {
        var (exit, stdout, stderr) = Repo.RunCli(Jsonl([(1, "The Kremlin said the strikes hit only military targets.")]), "analyze", "--jsonl", "--target", "Ukraine");
        Assert.That(exit, Is.Zero, stderr);
        var line = Lines(stdout).Single();
        Assert.That((line.GetProperty("target").GetString(), line.GetProperty("targetInferred").GetBoolean()), Is.EqualTo(("Ukraine", false)));
    }

    [Test]
    public void AnalyzeJsonlMalformedLineKeepsTheDocumentsBeforeIt()
    {
        var input = Jsonl([(1, "One sentence here."), (2, "Two sentences. Here.")]) + "{\"text\": oops}\n" + Jsonl([(4, "Never reached.")]);
        var (exit, stdout, stderr) = Repo.RunCli(input, "analyze", "--jsonl");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("line 3"));
        Assert.That(Lines(stdout).Select(l => l.GetProperty("id").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void AnalyzeJsonlDoesNotTakeAFormat()
    {
        var (exit, _, stderr) = Repo.RunCli("", "analyze", "--jsonl", "--format", "html");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--format does not apply"));
    }

    [Test]
    public void ProgressBarWithRateAndEtaIsDrawnOnATerminal()
    {
        if (!File.Exists("/usr/bin/script")) Assert.Ignore("util-linux 'script' (to give the CLI a terminal) is not installed.");
        var dir = Directory.CreateTempSubdirectory("stancekit-progress");
        try
        {
            var input = Path.Combine(dir.FullName, "in.jsonl");
            var sample = File.ReadAllText(Repo.Path("samples", "article.txt"));
            File.WriteAllText(input, Jsonl(Enumerable.Range(0, 3000).Select(i => (i, sample))));
            var output = Path.Combine(dir.FullName, "out.jsonl");
            var command = $"dotnet '{Repo.CliDll}' analyze --jsonl '{input}' --out '{output}'";
            var psi = new ProcessStartInfo("/usr/bin/script", ["-qefc", command, "/dev/null"]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            psi.Environment["TERM"] = "xterm";
            using var p = Process.Start(psi)!;
            var terminal = p.StandardOutput.ReadToEndAsync();
            var err = p.StandardError.ReadToEndAsync();
            p.StandardInput.Close();
            Assert.That(p.WaitForExit(300_000), Is.True);
            Assert.That(p.ExitCode, Is.Zero, terminal.Result + err.Result);
            Assert.That(terminal.Result, Does.Contain("documents").And.Contain("/s").And.Contain("ETA").And.Match(@"\[#*-*\]\s+\d+%"));
            Assert.That(File.ReadLines(output).Count(), Is.EqualTo(3000));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void ProgressIsSilentWhenStandardErrorIsRedirected()
    {
        var sample = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var (exit, stdout, stderr) = Repo.RunCli(Jsonl(Enumerable.Range(0, 1500).Select(i => (i, sample))), "analyze", "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stderr, Is.Empty);
        Assert.That(Lines(stdout), Has.Count.EqualTo(1500));
    }
}
