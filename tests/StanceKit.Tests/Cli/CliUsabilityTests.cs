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
}
