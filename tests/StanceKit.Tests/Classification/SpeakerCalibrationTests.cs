using StanceKit.ML;

namespace StanceKit.Tests.Classification;

/// <summary>
/// The speaker calibration: offsets per main-speaker class stored in a model's metadata, added to the calibrated logits,
/// fitted by <see cref="StanceTraining.FitSpeakerOffsets"/>.
/// </summary>
public class SpeakerCalibrationTests
{
    private static readonly FeatureRecipe s_recipe = new() { BucketBits = 10 };

    // A sentence whose main clause is spoken by the target's own voice, and one nobody speaks in.
    private const string TargetVoice = "China's foreign ministry said the talks were productive.";
    private const string Narrator = "The talks ended on Tuesday.";

    private static StanceModel ZeroModel(float temperature, string? offsets)
    {
        var meta = new Dictionary<string, string> { ["name"] = "zero", ["version"] = "1" };
        if (offsets is not null) meta[SpeakerCalibration.MetadataKey] = offsets;
        return new StanceModel(s_recipe, new float[s_recipe.Buckets * 3], [0f, 0f, 0f], temperature, meta);
    }

    private static float[] Softmax(float a, float b, float c)
    {
        float m = Math.Max(a, Math.Max(b, c));
        float ea = MathF.Exp(a - m), eb = MathF.Exp(b - m), ec = MathF.Exp(c - m);
        float s = ea + eb + ec;
        return [ea / s, eb / s, ec / s];
    }

    [Test]
    public void FormatAndParseRoundTrip()
    {
        var offsets = new float[SpeakerCalibration.Length];
        for (int k = 0; k < offsets.Length; k++) offsets[k] = (k - 13) * 0.125f;
        var text = SpeakerCalibration.Format(offsets);
        Assert.That(text, Does.StartWith("all -1.625,-1.500,-1.375; none "));
        Assert.That(SpeakerCalibration.Parse(new Dictionary<string, string> { [SpeakerCalibration.MetadataKey] = text }), Is.EqualTo(offsets));
        Assert.That(SpeakerCalibration.Parse(new Dictionary<string, string>()), Is.Null);
    }

    [Test]
    public void AGroupLeftOutIsZero()
    {
        var parsed = SpeakerCalibration.Parse(new Dictionary<string, string> { [SpeakerCalibration.MetadataKey] = "tgt 0,1,-1" })!;
        Assert.That(parsed, Has.Length.EqualTo(27));
        Assert.That(parsed[6..9], Is.EqualTo(new[] { 0f, 1f, -1f }), "tgt is the third group: all, none, tgt");
        Assert.That(parsed.Where((_, k) => k is < 6 or >= 9), Is.All.EqualTo(0f));
    }

    [TestCase("tgt 0,1")]
    [TestCase("tgt 0,1,x")]
    [TestCase("tgt 0,1,NaN")]
    [TestCase("tgt 0,1,99")]
    [TestCase("president 0,1,2")]
    [TestCase("tgt 0,0,0; tgt 0,0,0")]
    [TestCase("tgt")]
    public void MalformedOffsetsAreRefused(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => ZeroModel(1f, text))!;
        Assert.That(e.Message, Does.Contain(SpeakerCalibration.MetadataKey));
    }

    [Test]
    public void AModelFileWithMalformedOffsetsIsAnInvalidModel()
    {
        // A valid model is saved, then the offsets in its metadata are edited in place (same length) and the checksum
        // sealed again, so that the offsets are the only thing wrong with the file.
        var good = ZeroModel(1f, "tgt 0,1,2");
        using var ms = new MemoryStream();
        good.Save(ms);
        var bytes = ms.ToArray();
        var needle = System.Text.Encoding.UTF8.GetBytes("tgt 0,1,2");
        int at = bytes.AsSpan().IndexOf(needle);
        Assert.That(at, Is.GreaterThan(0));
        System.Text.Encoding.UTF8.GetBytes("tgt 0,1,z").CopyTo(bytes, at);
        var body = bytes.AsSpan(0, bytes.Length - 8).ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), StanceKit.Internal.Checksum.Compute(body));
        var e = Assert.Throws<InvalidModelException>(() => StanceModel.Load(new MemoryStream(bytes)))!;
        Assert.That(e.Message, Does.Contain("calibration offsets"));
    }

    [Test]
    public void OffsetsOfTheSpeakerClassAreAddedToTheCalibratedLogits()
    {
        // Zero weights: the logits are the offsets alone, whatever the temperature.
        var clf = new StanceClassifier(ZeroModel(2f, "all 0.5,0,0; tgt 0,1,-1; none 0,0,0.25"));
        Assert.That(clf.Model.HasSpeakerCalibration, Is.True);
        Span<float> p = stackalloc float[3];

        clf.Score(TargetVoice, p, "China");
        Assert.That(p.ToArray(), Is.EqualTo(Softmax(0.5f, 1f, -1f)).Within(1e-5f));

        clf.Score(Narrator, p, "China");
        Assert.That(p.ToArray(), Is.EqualTo(Softmax(0.5f, 0f, 0.25f)).Within(1e-5f));

        // The raw softmax (as ML.NET computes it) has no calibration of any kind.
        clf.ScoreUncalibrated(TargetVoice, p, "China");
        Assert.That(p.ToArray(), Is.EqualTo(new[] { 1f / 3, 1f / 3, 1f / 3 }).Within(1e-6f));
    }

    [Test]
    public void WithoutOffsetsScoresAreThoseOfTheTemperatureAlone()
    {
        var plain = new StanceClassifier(StanceModel.Default.With(2f, new Dictionary<string, string>()));
        Assert.That(plain.Model.HasSpeakerCalibration, Is.EqualTo(StanceModel.Default.HasSpeakerCalibration));
        var meta = StanceModel.Default.Metadata.Where(kv => kv.Key != SpeakerCalibration.MetadataKey).ToDictionary(kv => kv.Key, kv => kv.Value);
        var stripped = new StanceModel(StanceModel.Default.Recipe, StanceModel.Default.Weights, StanceModel.Default.Biases, 2f, meta);
        Assert.That(stripped.HasSpeakerCalibration, Is.False);
        var clf = new StanceClassifier(stripped);
        Span<float> p = stackalloc float[3];
        Span<float> raw = stackalloc float[3];
        clf.Score(TargetVoice, p, "China");
        clf.ScoreUncalibrated(TargetVoice, raw, "China");
        var logits = new float[3];
        for (int k = 0; k < 3; k++) logits[k] = MathF.Log(raw[k]) / 2f;
        Assert.That(p.ToArray(), Is.EqualTo(Softmax(logits[0], logits[1], logits[2])).Within(1e-4f));
    }

    [Test]
    public void ExplanationNamesTheCalibration()
    {
        var clf = new StanceClassifier(ZeroModel(1f, "tgt 0,2,-1"));
        var explanation = clf.Explain(TargetVoice, "China");
        Assert.That(explanation.Prediction.Stance, Is.EqualTo(Stance.StateFraming));
        var reason = explanation.TopFeatures.Single(r => r.Feature.StartsWith("calibration", StringComparison.Ordinal));
        Assert.That(reason.Feature, Is.EqualTo("calibration: speaker=tgt"));
        Assert.That(reason.Contribution, Is.EqualTo(2f - (0f - 1f) / 2f).Within(1e-5f));
    }

    [Test]
    public void FittedOffsetsMatchTheLabelMixOfEachSpeakerClass()
    {
        // Zero weights: the fit has only the offsets to explain the labels. The target's voice is state-framing in 3 of
        // 4 sentences, the narrator neutral in 3 of 4; with a small penalty the fitted probabilities come close to those
        // shares, and the fit is the same every time.
        var records = new List<StanceRecord>();
        void Add(string text, Stance label, int count)
        {
            for (int i = 0; i < count; i++)
                records.Add(new StanceRecord($"r{records.Count}", "g", text, label, "China", "", "", "", []));
        }
        Add(TargetVoice, Stance.StateFraming, 30);
        Add(TargetVoice, Stance.Neutral, 10);
        Add(Narrator, Stance.Neutral, 30);
        Add(Narrator, Stance.Critical, 10);
        var clf = new StanceClassifier(ZeroModel(1f, null));
        var offsets = StanceTraining.FitSpeakerOffsets(clf, records, 1f, l2: 0.01);
        Assert.That(StanceTraining.FitSpeakerOffsets(clf, records, 1f, l2: 0.01), Is.EqualTo(offsets));

        var fitted = new StanceClassifier(ZeroModel(1f, SpeakerCalibration.Format(offsets)));
        Span<float> p = stackalloc float[3];
        fitted.Score(TargetVoice, p, "China");
        Assert.That(p[(int)Stance.StateFraming], Is.EqualTo(0.75f).Within(0.05f));
        Assert.That(p[(int)Stance.Neutral], Is.EqualTo(0.25f).Within(0.05f));
        fitted.Score(Narrator, p, "China");
        Assert.That(p[(int)Stance.Neutral], Is.EqualTo(0.75f).Within(0.05f));
        Assert.That(p[(int)Stance.Critical], Is.EqualTo(0.25f).Within(0.05f));
    }

    [Test]
    public void FitRefusesABadTemperatureOrPenalty()
    {
        var clf = new StanceClassifier(ZeroModel(1f, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => StanceTraining.FitSpeakerOffsets(clf, [], 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => StanceTraining.FitSpeakerOffsets(clf, [], 1f, l2: double.NaN));
        Assert.That(StanceTraining.FitSpeakerOffsets(clf, [], 1f), Is.All.EqualTo(0f), "no sentence: no offset");
    }
}
