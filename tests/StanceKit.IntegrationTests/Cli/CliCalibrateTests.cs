using System.Globalization;
using System.Text.RegularExpressions;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary>
/// <c>stancekit calibrate</c>: fits the temperature on a labelled file, writes a copy of the model whose labels are the
/// same and whose probabilities follow the printed temperature, and never overwrites a file without --force.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public partial class CliCalibrateTests
{
    [GeneratedRegex(@"temperature (\d+\.\d+) -> (\d+\.\d+): ECE")]
    private static partial Regex TemperatureLine();

    private static string LabelledFile(DirectoryInfo dir)
    {
        // Our own realistic development sentences: a labelled file with targets, in the corpus format.
        var lines = File.ReadLines(Repo.Path("data", "realistic-eval", "dev", "sentences.jsonl")).Take(120);
        var path = Path.Combine(dir.FullName, "labelled.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void CalibrateWritesTheSameModelWithTheFittedTemperature()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-calibrate");
        try
        {
            string data = LabelledFile(dir), model = Repo.Path("models", "default", "stance.skm"), output = Path.Combine(dir.FullName, "calibrated.skm");
            var (exit, stdout, stderr) = Repo.RunCli(null, "calibrate", "--model", model, "--data", data, "--out", output);
            Assert.That(exit, Is.Zero, stderr);
            var match = TemperatureLine().Match(stdout);
            Assert.That(match.Success, stdout);
            float printed = float.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);

            var before = StanceModel.Load(model);
            var after = StanceModel.Load(output);
            Assert.That(after.Temperature, Is.EqualTo(printed).Within(0.005f));
            Assert.That(after.Recipe, Is.EqualTo(before.Recipe));
            Assert.That(after.Metadata["calibration"], Does.Contain("labelled.jsonl").And.Contain("120 sentences"));
            Assert.That(after.Name, Is.EqualTo(before.Name));

            // Same weights: same labels everywhere, and probabilities that are the old ones re-tempered.
            var a = new StanceClassifier(before);
            var b = new StanceClassifier(after);
            foreach (var line in File.ReadLines(data).Take(40))
            {
                var text = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;
                var plain = Regex.Replace(text, @"\[\[([^|\]]+)\|[A-Z]+\]\]", "$1");
                var pa = a.Predict(plain, "Russia");
                var pb = b.Predict(plain, "Russia");
                Assert.That(pb.Stance, Is.EqualTo(pa.Stance), plain);
                double ratio = before.Temperature / after.Temperature;
                var expected = Retemper(pa.Scores, ratio);
                Assert.That(pb.Scores.StateFraming, Is.EqualTo(expected[0]).Within(1e-3), plain);
                Assert.That(pb.Scores.Critical, Is.EqualTo(expected[1]).Within(1e-3), plain);
                Assert.That(pb.Scores.Neutral, Is.EqualTo(expected[2]).Within(1e-3), plain);
            }
        }
        finally { dir.Delete(true); }
    }

    private static double[] Retemper(StanceScores p, double ratio)
    {
        // p ∝ exp(z / T0); the same logits at T1 give p' ∝ p^(T0 / T1).
        var raised = new[] { Math.Pow(p.StateFraming, ratio), Math.Pow(p.Critical, ratio), Math.Pow(p.Neutral, ratio) };
        double sum = raised.Sum();
        return [.. raised.Select(x => x / sum)];
    }

    [Test]
    public void SpeakersAddOffsetsPerSpeakerClassAndAPlainRecalibrationDropsThem()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-calibrate");
        try
        {
            string data = LabelledFile(dir), output = Path.Combine(dir.FullName, "speakers.skm"), again = Path.Combine(dir.FullName, "plain.skm");
            var (exit, stdout, stderr) = Repo.RunCli(null, "calibrate", "--model", Repo.Path("models", "default", "stance.skm"), "--data", data, "--out", output, "--speakers");
            Assert.That(exit, Is.Zero, stderr);
            var calibrated = StanceModel.Load(output);
            Assert.That(calibrated.HasSpeakerCalibration, Is.True);
            Assert.That(calibrated.Metadata["calibration"], Does.Contain("speaker offsets"));
            // The offsets printed are the ones stored, and they name every speaker class.
            var stored = calibrated.Metadata[SpeakerCalibration.MetadataKey];
            Assert.That(stdout, Does.Contain("speaker offsets (neutral, state-framing, critical): " + stored));
            foreach (var group in new[] { "all", "none", "tgt", "tgtmedia", "third", "intl", "ngo", "opp", "other" })
                Assert.That(stored, Does.Contain(group + " "));
            Assert.That(stdout, Does.Match(@"macro-F1 \d\.\d{4} -> \d\.\d{4}"));

            // Offsets are fitted at one temperature: calibrating again without --speakers removes them.
            (exit, _, stderr) = Repo.RunCli(null, "calibrate", "--model", output, "--data", data, "--out", again);
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(StanceModel.Load(again).HasSpeakerCalibration, Is.False);
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void AnExistingOutputIsKeptWithoutForce()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-calibrate");
        try
        {
            string data = LabelledFile(dir), output = Path.Combine(dir.FullName, "calibrated.skm");
            File.WriteAllText(output, "keep me");
            var (exit, _, stderr) = Repo.RunCli(null, "calibrate", "--model", Repo.Path("models", "default", "stance.skm"), "--data", data, "--out", output);
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--force"));
            Assert.That(File.ReadAllText(output), Is.EqualTo("keep me"));
        }
        finally { dir.Delete(true); }
    }
}
