using System.Diagnostics;
using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>`stancekit train` promises the same model from the same data: fixed seed, one thread.</summary>
public class TrainingDeterminismTests
{
    [Test]
    public void TwoFitsOnTheSameDataGiveByteIdenticalModels()
    {
        var corpus = StanceCorpus.Load(Repo.Path("data", "stance", "raw"));
        var sample = corpus.Where((_, i) => i % 5 == 0).ToList();
        var settings = new FeatureRecipe();
        foreach (var spec in new[] { new TrainerOptions { Algorithm = "lbfgs", L2 = 0.03f, Iterations = 100 }, new TrainerOptions { Algorithm = "sdca", L2 = 1e-4f, Iterations = 10 } })
        {
            byte[] Train()
            {
                var model = new StanceTrainer().Fit(sample, settings, spec);
                using var ms = new MemoryStream();
                model.Save(ms);
                return ms.ToArray();
            }
            var first = Train();
            var second = Train();
            Assert.That(second, Is.EqualTo(first), spec.ToString());
        }
    }

    [Test]
    public void TheBaselineRecipeScoresTheSameTwice()
    {
        // Its score is written to card.json and into the model's metadata. Log-loss is compared exactly: it moves with
        // any change of a weight, where macro-F1 at four decimals would hide a small one.
        var corpus = StanceCorpus.Load(Repo.Path("data", "stance", "raw"));
        var train = corpus.Where((_, i) => i % 20 == 0).ToList();
        var test = corpus.Where((_, i) => i % 20 == 1).ToList();
        var first = StanceTraining.EvaluateBaselineRecipe(train, test);
        var second = StanceTraining.EvaluateBaselineRecipe(train, test);
        Assert.That(second.LogLoss, Is.EqualTo(first.LogLoss));
        Assert.That(second.ToReport(), Is.EqualTo(first.ToReport()));
    }

    /// <summary>
    /// A full <c>stancekit train</c> run (model selection over an LBFGS and an SDCA configuration, calibration, test
    /// evaluation, the baseline recipe) on a small slice of the corpus, twice, each in its own process and folder with
    /// the same arguments: every file it writes (stance.skm, card.json, card.md) and everything it prints are the same
    /// bytes. Two processes, not two calls, so that per-process state (string hash seeds, thread pool, JIT tiering)
    /// cannot hide. The run writes no time, so nothing is masked.
    /// </summary>
    [Test]
    public void TwoTrainRunsInSeparateProcessesWriteByteIdenticalFiles()
    {
        Assume.That(File.Exists(Repo.CliDll), "the CLI is built with the solution");
        var root = Directory.CreateTempSubdirectory("stancekit-determinism");
        try
        {
            var runs = new[] { "a", "b" }.Select(name => Directory.CreateDirectory(Path.Combine(root.FullName, name)).FullName).ToArray();
            foreach (var run in runs) WriteSlice(run);
            var outputs = runs.Select(run => RunTrain(run)).ToArray();

            Assert.That(outputs[1], Is.EqualTo(outputs[0]), "what train printed");
            var files = runs.Select(run => Directory.GetFiles(Path.Combine(run, "model")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()).ToArray();
            Assert.That(files[0], Is.EqualTo(new[] { "card.json", "card.md", "stance.skm" }));
            Assert.That(files[1], Is.EqualTo(files[0]));
            foreach (var file in files[0])
            {
                var a = File.ReadAllBytes(Path.Combine(runs[0], "model", file!));
                var b = File.ReadAllBytes(Path.Combine(runs[1], "model", file!));
                Assert.That(b, Is.EqualTo(a), file);
            }
            // The card says the model was calibrated on dev and scored on the test slice: the comparison covered those steps.
            var card = File.ReadAllText(Path.Combine(runs[0], "model", "card.json"));
            Assert.That(card, Does.Contain("\"devEceAfter\"").And.Contain("\"baselineRecipeTestMacroF1\": 0."));
        }
        finally { root.Delete(true); }
    }

    /// <summary>About 1 in 20 corpus sentences (enough for train's minimum: labels, targets, folds) and 1 in 8 test sentences.</summary>
    private static void WriteSlice(string folder)
    {
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var test = Directory.CreateDirectory(Path.Combine(data, "test")).FullName;
        foreach (var file in Directory.GetFiles(Repo.Path("data", "stance", "raw"), "*.jsonl").Order(StringComparer.Ordinal))
            File.WriteAllLines(Path.Combine(data, Path.GetFileName(file)), File.ReadLines(file).Where((_, i) => i % 20 == 0));
        File.WriteAllLines(Path.Combine(test, "sentences.jsonl"), File.ReadLines(Repo.Path("data", "stance", "test", "sentences.jsonl")).Where((_, i) => i % 8 == 0));
    }

    private static string RunTrain(string workingDirectory)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Repo.CliDll, "train", "--data", "data", "--test", Path.Combine("data", "test"), "--out", "model", "--grid", "lbfgs-l2=0.1,sdca-l2=1e-4" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); Assert.Fail("train did not finish in 5 minutes"); }
        Assert.That(p.ExitCode, Is.Zero, stdout.Result + stderr.Result);
        return stdout.Result + stderr.Result;
    }
}
