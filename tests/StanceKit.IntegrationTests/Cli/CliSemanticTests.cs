using System.Text.Json;
using StanceKit.Semantic;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary><c>stancekit analyze --semantic</c> and <c>evaluate --semantic</c>: the linear model combined with the MiniLM heads.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class CliSemanticTests
{
    [Test]
    public void AnalyzeSemanticScoresWithTheCombinedScorer()
    {
        var (exit, stdout, stderr) = Repo.RunCli(null, "analyze", Repo.Path("samples", "article.txt"), "--semantic", "--format", "json");
        Assert.That(exit, Is.Zero, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.That(doc.RootElement.GetProperty("model").GetProperty("name").GetString(), Is.EqualTo(SemanticStanceScorer.Default.ModelName));
        var expected = new StanceAnalyzer(SemanticStanceScorer.Default).Analyze(File.ReadAllText(Repo.Path("samples", "article.txt")));
        var labels = doc.RootElement.GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("label").GetString()).ToList();
        Assert.That(labels, Is.EqualTo(expected.Sentences.Select(s => s.Stance.ToWireName()).ToList()));
    }

    [Test]
    public void EvaluateSemanticNeedsNoModelAndNamesTheCombination()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-semantic");
        try
        {
            var data = Path.Combine(dir.FullName, "part.jsonl");
            File.WriteAllLines(data, File.ReadLines(Repo.Path("data", "stance", "test", "articles.jsonl")).Take(20));
            var (exit, stdout, stderr) = Repo.RunCli(null, "evaluate", "--semantic", "--articles", "--data", data);
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stdout, Does.Contain("+minilm-heads").And.Contain("macro-F1"));
            (exit, _, stderr) = Repo.RunCli(null, "evaluate", "--data", data);
            Assert.That(exit, Is.EqualTo(2), "without --semantic, --model is still required: " + stderr);
        }
        finally { dir.Delete(true); }
    }
}
