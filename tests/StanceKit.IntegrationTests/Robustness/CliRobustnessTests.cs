using System.Diagnostics;
using System.Text;
using System.Text.Json;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// The CLI under hostile input and hostile surroundings: every malformed line ends with a clear message naming it and
/// exit code 1; a closed stdout (broken pipe) ends with exit code 4; Ctrl-C (SIGINT) ends with 130; output already
/// written is always whole JSON Lines; no run ever ends in an unhandled exception; --out never leaves a partial file.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class CliRobustnessTests
{
    private static void NoCrash(string stderr)
    {
        Assert.That(stderr, Does.Not.Contain("Unhandled exception"));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    private static int ValidJsonLines(string stdout)
    {
        var lines = stdout.Split('\n');
        Assert.That(lines[^1], Is.Empty, "the output ends with a complete line");
        // Blank input lines give blank output lines (one output line per input line); they are not records.
        foreach (var l in lines[..^1].Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(l);
            Assert.That(doc.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
        }
        return lines[..^1].Count(l => l.Length > 0);
    }

    [TestCase("segment", "{\"text\": \"unterminated", "malformed JSON")]
    [TestCase("segment", "{\"text\":\"a\"} trailing", "malformed JSON")]
    [TestCase("segment", "{\"text\":\"a\",}", "malformed JSON")]
    [TestCase("segment", "\"just a string\"", "expected a JSON object")]
    [TestCase("segment", "null", "expected a JSON object")]
    [TestCase("entities", "{}", "missing the \"text\" field")]
    [TestCase("entities", "{\"Text\":\"case matters\"}", "missing the \"text\" field")]
    [TestCase("classify", "{\"text\":null}", "must be a string")]
    [TestCase("classify", "{\"text\":[\"a\"]}", "must be a string")]
    [TestCase("classify", "{\"text\":{\"nested\":1}}", "must be a string")]
    [TestCase("classify", "{\"text\":\"ok\",\"target\":5}", "\"target\" must be a string")]
    [TestCase("analyze", "{\"id\":1}", "missing the \"text\" field")]
    public void BadLineGivesExitCode1AndEarlierLinesStayValid(string command, string badLine, string message)
    {
        string input = "{\"id\":0,\"text\":\"The talks ended. A deal was signed.\"}\n" + badLine + "\n{\"text\":\"Never reached.\"}\n";
        string[] args = [command, "--jsonl"];
        var (exit, stdout, stderr) = Repo.RunCli(input, args);
        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain("line 2").And.Contain(message));
        NoCrash(stderr);
        Assert.That(ValidJsonLines(stdout), Is.EqualTo(1));
    }

    [Test]
    public void ValidSurrogatePairsEmojiControlsAndHugeLinesAreFine()
    {
        var sb = new StringBuilder("\uFEFF"); // a byte order mark at the start of the stream is skipped
        sb.Append("{\"text\":\"\\ud83d\\ude00 Putin met Xi.\\u0000\\u202e Moscow \\u2028 said.\"}\n");
        sb.Append("{\"text\":\"").Append('x', 2_000_000).Append("\"}\n");
        sb.Append("{\"text\":\"A byte order mark \uFEFF inside a string is just a character.\"}\n");
        sb.Append("\n   \n");
        sb.Append("{\"text\":\"\",\"id\":[1,{\"a\":null}]}\n");
        foreach (var command in new[] { "segment", "entities", "classify" })
        {
            var (exit, stdout, stderr) = Repo.RunCli(sb.ToString(), command, "--jsonl");
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(ValidJsonLines(stdout), Is.EqualTo(4), command);
        }
    }

    [Test]
    public void InvalidUtf8InPlainTextInputIsExitCode1()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("Valid start. "), 0xFF, 0xFE, 0xC0, 0x80]);
            var (exit, _, stderr) = Repo.RunCli(null, "analyze", path);
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("UTF-8"));
            NoCrash(stderr);
        }
        finally { File.Delete(path); }
    }

    // ------------------------------------------------------------------ broken pipe and Ctrl-C

    private static Process Start(params string[] args) => Repo.StartCli(args);

    /// <summary>Feeds JSON lines until the process stops reading (or <paramref name="max"/> lines).</summary>
    private static Task Feed(Process p, int max, bool close = true) => Task.Run(() =>
    {
        try
        {
            var line = "{\"id\":1,\"text\":\"President Putin met Xi Jinping in Moscow. The Kremlin said the talks went well. Critics disagreed.\"}\n";
            for (int i = 0; i < max; i++) p.StandardInput.Write(line);
            if (close) p.StandardInput.Close();
        }
        catch (IOException) { /* the CLI exited: expected */ }
    });

    private static void WaitForExit(Process p) => Repo.WaitForExit(p);

    private static void Interrupt(Process p) => Repo.Interrupt(p);

    [Test]
    public void ClosedStdoutIsExitCode4WithoutACrash()
    {
        using var p = Start("segment", "--jsonl");
        var stderr = p.StandardError.ReadToEndAsync();
        var feed = Feed(p, 500_000);
        var first = p.StandardOutput.ReadLine();
        Assert.That(first, Does.StartWith("{\"id\":1"));
        p.StandardOutput.Close(); // like `| head -1`
        WaitForExit(p);
        feed.Wait(TimeSpan.FromMinutes(1));
        Assert.That(p.ExitCode, Is.EqualTo(4), stderr.Result);
        Assert.That(stderr.Result, Does.Contain("output closed"));
        NoCrash(stderr.Result);
    }

    [Test]
    public void CtrlCMidRunIsExitCode130AndTheOutputIsWholeLines()
    {
        using var p = Start("classify", "--jsonl");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = new StringBuilder();
        var feed = Feed(p, 2_000_000);
        for (int i = 0; i < 20; i++) stdout.Append(p.StandardOutput.ReadLine()).Append('\n');
        Interrupt(p);
        stdout.Append(p.StandardOutput.ReadToEnd());
        WaitForExit(p);
        feed.Wait(TimeSpan.FromMinutes(1));
        Assert.That(p.ExitCode, Is.EqualTo(130), stderr.Result);
        Assert.That(stderr.Result, Does.Contain("cancelled"));
        NoCrash(stderr.Result);
        Assert.That(ValidJsonLines(stdout.ToString()), Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public void CtrlCWhileWaitingForInputIsExitCode130()
    {
        using var p = Start("segment", "--jsonl");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.Write("{\"text\":\"One line, then nothing more for a long time.\"}\n");
        p.StandardInput.Flush();
        Thread.Sleep(1500); // the CLI is now blocked reading standard input, which stays open
        Interrupt(p);
        WaitForExit(p);
        Assert.That(p.ExitCode, Is.EqualTo(130), stderr.Result);
        NoCrash(stderr.Result);
        Assert.That(ValidJsonLines(stdout.Result), Is.EqualTo(1), "the line read before Ctrl-C is written");
    }

    [Test]
    public void CtrlCWithOutLeavesNoFileUnderTheFinalName()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-sigint");
        try
        {
            var path = Path.Combine(dir.FullName, "out.jsonl");
            using var p = Start("entities", "--jsonl", "--out", path);
            var stderr = p.StandardError.ReadToEndAsync();
            var feed = Feed(p, 2_000_000);
            var deadline = Stopwatch.StartNew();
            while (dir.GetFiles().All(f => f.Length == 0) && deadline.Elapsed < TimeSpan.FromMinutes(1)) Thread.Sleep(50);
            Assert.That(dir.GetFiles().Single().Name, Does.StartWith(".out.jsonl.").And.EndWith(".tmp"), "output goes to a temporary file first");
            Interrupt(p);
            WaitForExit(p);
            feed.Wait(TimeSpan.FromMinutes(1));
            Assert.That(p.ExitCode, Is.EqualTo(130), stderr.Result);
            Assert.That(File.Exists(path), Is.False, "an interrupted run leaves nothing under the final name");
            Assert.That(dir.GetFiles(), Is.Empty, "and removes its temporary file");
        }
        finally { dir.Delete(true); }
    }
}
