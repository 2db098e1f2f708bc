using System.Diagnostics;
using System.Text.Json;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary>What a new user trips over (issue 13): shared output files, exit codes, warnings, the JSON Lines contract.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class CliUsabilityTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stancekit-usability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs a bash script in <paramref name="dir"/> with <c>$CLI</c> set to the built CLI.</summary>
    private static (int Exit, string Err) Shell(string dir, string script)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.Environment["CLI"] = "dotnet " + Repo.CliDll;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail("the shell did not finish"); }
        return (p.ExitCode, stderr.Result);
    }

    [Test]
    public void CommandsSharingOneRedirectedFileKeepEveryLine()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "needs bash");
        var dir = TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, "t.jsonl"), "{\"id\":1,\"text\":\"The talks ended. A deal was signed.\"}\n");
            var (exit, err) = Shell(dir, "{ echo HEADER; $CLI segment --jsonl t.jsonl; $CLI segment --jsonl t.jsonl; echo FOOTER; } > log && $CLI classify --jsonl t.jsonl >> log");
            Assert.That(exit, Is.Zero, err);
            var lines = File.ReadAllLines(Path.Combine(dir, "log"));
            Assert.That(lines, Has.Length.EqualTo(5));
            Assert.That(lines[0], Is.EqualTo("HEADER"));
            Assert.That(lines[3], Is.EqualTo("FOOTER"));
            foreach (var i in new[] { 1, 2 })
                Assert.That(JsonDocument.Parse(lines[i]).RootElement.GetProperty("sentences").GetArrayLength(), Is.EqualTo(2));
            Assert.That(JsonDocument.Parse(lines[4]).RootElement.GetProperty("label").GetString(), Is.AnyOf("state-framing", "critical", "neutral"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestCase("classify", "--jsonl", "--model", "no/such/model.skm")]
    [TestCase("analyze", "samples/article.txt", "--model", "no/such/model.skm")]
    [TestCase("evaluate", "--model", "no/such/model.skm", "--data", "no/such/data.jsonl")]
    public void AMissingModelFileExits3WithOneLine(params string[] args)
    {
        var (exit, _, stderr) = Repo.RunCli("{\"text\":\"Hello.\"}\n", args.Select(a => a == "samples/article.txt" ? Repo.Path("samples", "article.txt") : a).ToArray());
        Assert.That(exit, Is.EqualTo(3), stderr);
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain("no/such/model.skm").And.Not.Contain("Usage"));
    }

    [TestCase("analyze", "no/such/article.txt")]
    [TestCase("segment", "--jsonl", "no/such/input.jsonl")]
    [TestCase("train", "--data", "no/such/corpus", "--out", "no/such/out")]
    [TestCase("evaluate-entities", "--data", "no/such/input.jsonl")]
    public void AMissingInputIsOneLineWithoutUsage(params string[] args)
    {
        var (exit, _, stderr) = Repo.RunCli(null, args);
        Assert.That(exit, Is.EqualTo(2), stderr);
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain("no/such/").And.Not.Contain("Usage"));
    }

    [Test]
    public void TrainOnABadRecordExits1NamingFileAndLine()
    {
        var dir = TempDir();
        try
        {
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "mine.jsonl"),
                "{\"id\":\"m-1\",\"set\":\"s1\",\"text\":\"[[Russia|LOC]] held drills.\",\"label\":\"neutral\",\"target\":\"Russia\"}\n" +
                "{\"id\":\"m-2\",\"set\":\"s1\",\"text\":\"[[Russia|LOC]] did well.\",\"label\":\"positive\",\"target\":\"Russia\"}\n");
            var (exit, _, stderr) = Repo.RunCli(null, "train", "--data", data, "--out", Path.Combine(dir, "model"), "--quick");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("mine.jsonl:2").And.Not.Contain(" at StanceKit").And.Not.Contain("Unhandled"));
            Assert.That(Directory.Exists(Path.Combine(dir, "model")), Is.False);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void UnknownTargetsAreWarnedOncePerName()
    {
        var input = "{\"text\":\"The ministry praised the talks.\",\"target\":\"Narnia\"}\n{\"text\":\"Officials met.\",\"target\":\"Narnia\"}\n{\"text\":\"Officials met.\",\"target\":\"Kremlin\"}\n";
        var (exit, stdout, stderr) = Repo.RunCli(input, "classify", "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(Repo.JsonLines(stdout), Has.Count.EqualTo(3));
        Assert.That(CountOf(stderr, "'Narnia'"), Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Not.Contain("target 'Kremlin'"));

        (exit, _, stderr) = Repo.RunCli("{\"text\":\"Officials met.\"}\n", "classify", "--jsonl", "--target", "Atlantis");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(CountOf(stderr, "'Atlantis'"), Is.EqualTo(1), stderr);

        (exit, _, stderr) = Repo.RunCli("Officials in the capital met on Monday.", "analyze", "--target", "Atlantis");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(CountOf(stderr, "'Atlantis'"), Is.EqualTo(1), stderr);
    }

    [Test]
    public void ClassifyTargetOptionAppliesWhenARecordGivesNone()
    {
        var input = "{\"text\":\"The ministry said the strikes hit only military sites.\"}\n{\"text\":\"The ministry said the strikes hit only military sites.\",\"target\":\"China\"}\n";
        var (exit, stdout, stderr) = Repo.RunCli(input, "classify", "--jsonl", "--target", "Russia");
        Assert.That(exit, Is.Zero, stderr);
        var lines = Repo.JsonLines(stdout);
        Assert.That(lines.Select(l => l.GetProperty("target").GetString()), Is.EqualTo(new[] { "Russia", "China" }));
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [Test]
    public void ClassifyWarnsOnceAboutSeveralSentencesAndSegmentLabelsEach()
    {
        const string text = "The ministry said the strikes hit only military sites. Rights groups accused the army of killing civilians.";
        var input = $"{{\"text\":\"{text}\",\"target\":\"Russia\"}}\n{{\"text\":\"{text}\",\"target\":\"Russia\"}}\n";
        var (exit, stdout, stderr) = Repo.RunCli(input, "classify", "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(CountOf(stderr, "--segment"), Is.EqualTo(1), stderr);
        Assert.That(Repo.JsonLines(stdout)[0].GetProperty("label").GetString(), Is.Not.Null);

        (exit, stdout, stderr) = Repo.RunCli(input, "classify", "--jsonl", "--segment");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stderr, Does.Not.Contain("--segment"));
        var line = Repo.JsonLines(stdout)[0];
        Assert.That(line.TryGetProperty("label", out _), Is.False);
        var sentences = line.GetProperty("sentences").EnumerateArray().ToList();
        Assert.That(sentences, Has.Count.EqualTo(2));
        var clf = StanceClassifier.Default;
        foreach (var s in sentences)
        {
            var sentence = s.GetProperty("text").GetString()!;
            Assert.That(text[s.GetProperty("start").GetInt32()..s.GetProperty("end").GetInt32()], Is.EqualTo(sentence));
            Assert.That(s.GetProperty("label").GetString(), Is.EqualTo(clf.Predict(sentence, "Russia").Stance.ToWireName()));
        }
        Assert.That(line.GetProperty("target").GetString(), Is.EqualTo("Russia"));
    }

    [TestCase("segment")]
    [TestCase("entities")]
    [TestCase("classify")]
    [TestCase("analyze")]
    public void BlankLinesGiveBlankLinesAndSkipInvalidWritesErrorRecords(string command)
    {
        var input = "{\"id\":1,\"text\":\"Officials met.\"}\n\n{\"text\": oops}\n{\"id\":4,\"text\":\"Talks ended.\"}\n";
        var (exit, stdout, stderr) = Repo.RunCli(input, command, "--jsonl", "--skip-invalid");
        Assert.That(exit, Is.Zero, stderr);
        var lines = stdout.Split('\n');
        Assert.That(lines, Has.Length.EqualTo(5), stdout); // four lines, each ended by '\n'
        Assert.That(JsonDocument.Parse(lines[0]).RootElement.GetProperty("id").GetInt32(), Is.EqualTo(1));
        Assert.That(lines[1], Is.Empty);
        var error = JsonDocument.Parse(lines[2]).RootElement;
        Assert.That(error.GetProperty("line").GetInt32(), Is.EqualTo(3));
        Assert.That(error.GetProperty("error").GetString(), Does.Contain("malformed JSON"));
        Assert.That(JsonDocument.Parse(lines[3]).RootElement.GetProperty("id").GetInt32(), Is.EqualTo(4));

        // Without the flag the same input stops at line 3 (fail-fast), after writing lines 1 and 2.
        (exit, stdout, stderr) = Repo.RunCli(input, command, "--jsonl");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("line 3").And.Not.Contain("LineNumber"));
        Assert.That(stdout.Split('\n'), Has.Length.EqualTo(3));
    }

    [Test]
    public void AnalyzeJsonLinesKeepsInputFieldOrder()
    {
        var (exit, stdout, stderr) = Repo.RunCli("{\"z\":1,\"text\":\"Officials in Russia met.\",\"a\":2}\n", "analyze", "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        var names = Repo.JsonLines(stdout).Single().EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(names.Take(3), Is.EqualTo(new[] { "z", "text", "a" }));
        Assert.That(names, Does.Contain("sentences"));
    }

    [TestCase("segment")]
    [TestCase("classify")]
    [TestCase("analyze")]
    public void LoneSurrogateEscapesAreReplacedWithOneWarning(string command)
    {
        var input = "{\"text\":\"Officials \\ud800met in Russia.\"}\n{\"text\":\"Talks \\udc00ended.\"}\n{\"text\":\"A pair \\ud83d\\ude00 stays.\"}\n";
        var (exit, stdout, stderr) = Repo.RunCli(input, command, "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        var lines = Repo.JsonLines(stdout);
        Assert.That(lines.Select(l => l.GetProperty("text").GetString()),
            Is.EqualTo(new[] { "Officials \uFFFDmet in Russia.", "Talks \uFFFDended.", "A pair \U0001F600 stays." }));
        Assert.That(CountOf(stderr, "surrogate"), Is.EqualTo(1), stderr);
        if (command == "segment")
            Assert.That(lines[0].GetProperty("sentences")[0].GetProperty("end").GetInt32(), Is.EqualTo("Officials \uFFFDmet in Russia.".Length));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void EmptyTextGetsNoLabel(string text)
    {
        var (exit, stdout, stderr) = Repo.RunCli($"{{\"text\":\"{text}\"}}\n", "classify", "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        var line = Repo.JsonLines(stdout).Single();
        Assert.That(line.GetProperty("label").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(line.GetProperty("scores").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    // Written for this test: an ordinary French news paragraph.
    private const string French = "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs touchés par la sécheresse. "
        + "Selon le ministre, les aides seront versées avant la fin du mois, mais les syndicats jugent ces montants très insuffisants et appellent à manifester samedi devant la préfecture.";

    [Test]
    public void NonEnglishTextGetsOneWarning()
    {
        var input = $"{{\"text\":\"{French}\"}}\n{{\"text\":\"{French}\"}}\n";
        var (exit, _, stderr) = Repo.RunCli(input, "classify", "--jsonl", "--segment");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(CountOf(stderr, "English-only"), Is.EqualTo(1), stderr);

        (exit, _, stderr) = Repo.RunCli(French, "analyze");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stderr, Does.Contain("English-only"));
    }

    [Test]
    public void EnglishNewsGetsNoLanguageWarning()
    {
        var (exit, _, stderr) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"));
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stderr, Does.Not.Contain("English"));
    }

    [Test]
    public void TrainRefusesAFolderThatHoldsAModelUnlessForced()
    {
        var dir = TempDir();
        try
        {
            var model = Path.Combine(dir, "model");
            Directory.CreateDirectory(model);
            File.WriteAllText(Path.Combine(model, "stance.skm"), "the user's model");
            var (exit, _, stderr) = Repo.RunCli(null, "train", "--data", Repo.Path("data", "stance", "test"), "--out", model, "--quick");
            Assert.That(exit, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain("--force").And.Not.Contain("Usage"));
            Assert.That(File.ReadAllText(Path.Combine(model, "stance.skm")), Is.EqualTo("the user's model"));

            var (_, help, _) = Repo.RunCli(null, "train", "--help");
            Assert.That(help, Does.Contain("default models/custom"));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static string Record(int i, string label, string target, bool withSet = true) =>
        $"{{\"id\":\"m-{i:D4}\",{(withSet ? $"\"set\":\"s{i / 10}\"," : "")}\"text\":\"[[{target}|LOC]] officials met on day {i}.\",\"label\":\"{label}\",\"target\":\"{target}\"}}\n";

    [Test]
    public void TrainRefusesTooLittleDataSayingWhatIsMissing()
    {
        var dir = TempDir();
        try
        {
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            // 30 rows, one target, two labels: each a reason to refuse.
            File.WriteAllText(Path.Combine(data, "tiny.jsonl"), string.Concat(Enumerable.Range(0, 30).Select(i => Record(i, i % 2 == 0 ? "neutral" : "critical", "Russia"))));
            var (exit, _, stderr) = Repo.RunCli(null, "train", "--data", data, "--out", Path.Combine(dir, "model"), "--quick");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("not enough data").And.Contain("30 training sentences").And.Contain("0 sentences labelled state-framing")
                .And.Contain("1 distinct targets").And.Contain("docs/corpus-format.md"));
            Assert.That(Directory.Exists(Path.Combine(dir, "model")), Is.False);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void TrainWarnsAboutRecordsWithoutSetOrMarkup()
    {
        var dir = TempDir();
        try
        {
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            string[] targets = ["Russia", "China", "France", "Brazil", "Kenya", "Japan"];
            string[] labels = ["neutral", "critical", "state-framing"];
            var lines = Enumerable.Range(0, 180).Select(i => Record(i, labels[i / 6 % 3], targets[i % targets.Length], withSet: i % 2 == 0).Replace($"[[{targets[i % targets.Length]}|LOC]]", targets[i % targets.Length]));
            File.WriteAllText(Path.Combine(data, "mine.jsonl"), string.Concat(lines));
            var (exit, _, stderr) = Repo.RunCli(null, "train", "--data", data, "--out", Path.Combine(dir, "model"), "--quick");
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stderr, Does.Contain("90 of 180 records have no \"set\""));
            Assert.That(stderr, Does.Contain("180 of 180 records have no [[surface|TYPE]] entity markup"));
            Assert.That(File.Exists(Path.Combine(dir, "model", "stance.skm")), Is.True);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void TrainRefusesDataWhereALabelBelongsToOneTarget()
    {
        var dir = TempDir();
        try
        {
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            string[] targets = ["Russia", "China", "France", "Brazil", "Kenya", "Japan"];
            string[] labels = ["neutral", "critical", "state-framing"];
            // Every state-framing sentence is about Russia: the fold that holds Russia out trains without that label.
            var lines = Enumerable.Range(0, 180).Select(i => Record(i, i % 6 == 0 ? "state-framing" : labels[i % 2], targets[i % 6]));
            File.WriteAllText(Path.Combine(data, "mine.jsonl"), string.Concat(lines));
            var (exit, _, stderr) = Repo.RunCli(null, "train", "--data", data, "--out", Path.Combine(dir, "model"), "--quick");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("Russia").And.Contain("no sentence is labelled state-framing").And.Not.Contain("Unhandled"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
