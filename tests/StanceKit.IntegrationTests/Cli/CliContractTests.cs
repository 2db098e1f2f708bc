using System.Text;
using System.Text.Json;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary>The machine-readable CLI contract: JSON Lines in, one object per line out, documented exit codes.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class CliContractTests
{
    private static List<JsonElement> Lines(string output) => Repo.JsonLines(output);

    [Test]
    public void SegmentCopiesFieldsAndAddsSentenceOffsets()
    {
        var (exit, stdout, stderr) = Repo.RunCli("{\"id\":7,\"text\":\"The talks ended. A deal was signed.\"}\n", "segment", "--jsonl", "-");
        Assert.That(exit, Is.Zero, stderr);
        var line = Lines(stdout).Single();
        Assert.That(line.GetProperty("id").GetInt32(), Is.EqualTo(7));
        var sentences = line.GetProperty("sentences").EnumerateArray().ToList();
        Assert.That(sentences.Select(s => s.GetProperty("text").GetString()), Is.EqualTo(new[] { "The talks ended.", "A deal was signed." }));
        Assert.That(sentences[1].GetProperty("start").GetInt32(), Is.EqualTo(17));
        Assert.That(sentences[1].GetProperty("end").GetInt32(), Is.EqualTo(35));
    }

    [Test]
    public void EntitiesGiveTypedLinkedSpans()
    {
        var (exit, stdout, stderr) = Repo.RunCli("{\"text\":\"Officials in Russia met.\"}\n", "entities", "--jsonl");
        Assert.That(exit, Is.Zero, stderr);
        var ents = Lines(stdout).Single().GetProperty("entities").EnumerateArray().ToList();
        Assume.That(ents, Is.Not.Empty, "gazetteer data required");
        var russia = ents.Single(e => e.GetProperty("text").GetString() == "Russia");
        Assert.That((russia.GetProperty("start").GetInt32(), russia.GetProperty("end").GetInt32(), russia.GetProperty("type").GetString(), russia.GetProperty("canonical").GetString()),
            Is.EqualTo((13, 19, "LOC", "Russia")));
    }

    [Test]
    public void ClassifyAddsLabelScoresAndTarget()
    {
        var input = "{\"id\":\"a\",\"text\":\"The ministry said the strikes hit only military sites.\",\"target\":\"Kremlin\"}\n{\"id\":\"b\",\"text\":\"Prices rose 2% in May.\"}\n";
        var (exit, stdout, stderr) = Repo.RunCli(input, "classify", "--jsonl", "-");
        Assert.That(exit, Is.Zero, stderr);
        var lines = Lines(stdout);
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines.Select(l => l.GetProperty("id").GetString()), Is.EqualTo(new[] { "a", "b" }));
        foreach (var l in lines)
        {
            Assert.That(l.GetProperty("label").GetString(), Is.AnyOf("state-framing", "critical", "neutral"));
            var scores = l.GetProperty("scores");
            double sum = scores.GetProperty("state-framing").GetDouble() + scores.GetProperty("critical").GetDouble() + scores.GetProperty("neutral").GetDouble();
            Assert.That(sum, Is.EqualTo(1).Within(1e-4));
            Assert.That(l.TryGetProperty("target", out _), Is.True);
        }
    }

    [Test]
    public void MalformedLineNamesTheLineAndEarlierLinesStayValid()
    {
        var (exit, stdout, stderr) = Repo.RunCli("{\"text\":\"One.\"}\n{\"text\": oops}\n{\"text\":\"Three.\"}\n", "segment", "--jsonl");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("line 2"));
        Assert.That(Lines(stdout), Has.Count.EqualTo(1));
    }

    [TestCase("{\"id\":1}", "missing the \"text\" field")]
    [TestCase("{\"text\":42}", "must be a string")]
    [TestCase("[1,2]", "expected a JSON object")]
    public void BadRecordsGiveAClearMessage(string line, string message)
    {
        var (exit, _, stderr) = Repo.RunCli(line + "\n", "entities", "--jsonl");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(message).And.Contain("line 1"));
    }

    [Test]
    public void InvalidUtf8IsReportedWithItsLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\":\"ok\"}\n{\"text\":\"bad ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var (exit, stdout, stderr) = Repo.RunCliBytes(bytes, "segment", "--jsonl");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("UTF-8"));
        Assert.That(Lines(stdout), Has.Count.EqualTo(1));
    }

    [TestCase("frobnicate")]
    [TestCase("analyze", "--format", "pdf", "samples/article.txt")]
    [TestCase("segment")]
    public void BadArgumentsGiveUsageAndExitCode2(params string[] args)
    {
        var (exit, _, stderr) = Repo.RunCli(null, args);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("Usage"));
    }

    [Test]
    public void AnalyzeSampleArticleAsJsonHasEverySentenceWithAStance()
    {
        var (exit, stdout, stderr) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"), "--format", "json");
        Assert.That(exit, Is.Zero, stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        var text = doc.GetProperty("text").GetString()!;
        var sentences = doc.GetProperty("sentences").EnumerateArray().ToList();
        Assert.That(sentences, Has.Count.InRange(15, 40));
        foreach (var s in sentences)
        {
            int start = s.GetProperty("start").GetInt32(), end = s.GetProperty("end").GetInt32();
            Assert.That(text[start..end], Is.EqualTo(s.GetProperty("text").GetString()));
            Assert.That(s.GetProperty("label").GetString(), Is.AnyOf("state-framing", "critical", "neutral"));
        }
        Assert.That(doc.GetProperty("summary").GetProperty("sentences").GetInt32(), Is.EqualTo(sentences.Count));
    }

    [Test]
    public void AnalyzeTextTableHasNoColourWhenRedirected()
    {
        var (exit, stdout, stderr) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"));
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("stance").And.Contain("summary"));
        Assert.That(stdout, Does.Not.Contain("\u001b["));
    }

    [Test]
    public void OutWritesTheFileOnlyWhenComplete()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-out");
        try
        {
            var path = Path.Combine(dir.FullName, "out.jsonl");
            var (exit, _, stderr) = Repo.RunCli("{\"text\":\"One.\"}\n{\"text\": broken\n", "segment", "--jsonl", "--out", path);
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(File.Exists(path), Is.False, "a failed run must not leave a file under the final name");
            Assert.That(dir.GetFiles(), Is.Empty, "the temporary file is removed");
            (exit, _, stderr) = Repo.RunCli("{\"text\":\"One.\"}\n", "segment", "--jsonl", "--out", path);
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(Lines(File.ReadAllText(path)), Has.Count.EqualTo(1));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void MissingModelFileIsAClearError()
    {
        var (exit, _, stderr) = Repo.RunCli("{\"text\":\"x\"}\n", "classify", "--jsonl", "--model", "/nonexistent/model.skm");
        Assert.That(exit, Is.EqualTo(3), "exit code 3: the help documents a missing model file as 3");
        Assert.That(stderr, Does.Contain("not found"));
    }

    [Test]
    public void CorruptModelFileExitsWithCode3()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
            var (exit, _, stderr) = Repo.RunCli("{\"text\":\"x\"}\n", "classify", "--jsonl", "--model", path);
            Assert.That(exit, Is.EqualTo(3));
            Assert.That(stderr, Does.Contain("StanceKit model"));
        }
        finally { File.Delete(path); }
    }
}
