using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// Featurizer v2: each new family adds the features it names and nothing when switched off; with every v2 family off the
/// features are v1's; models record which featurizer they need; scoring stays allocation-free.
/// </summary>
[TestFixture]
public class FeaturizerV2Tests
{
    private static readonly FeatureRecipe s_v2 = new();

    private static List<string> Trace(FeatureRecipe settings, string text, string target)
    {
        var f = new StanceFeaturizer(settings, Gazetteer.Default);
        var trace = new List<(int, string)>();
        f.Featurize(text, target, StanceFeaturizer.GetScratch(), out _, trace);
        return trace.Select(t => t.Item2).ToList();
    }

    private static List<(int, float)> Features(FeatureRecipe settings, string text, string target)
    {
        var f = new StanceFeaturizer(settings, Gazetteer.Default);
        var s = StanceFeaturizer.GetScratch();
        int d = f.Featurize(text, target, s, out _);
        return Enumerable.Range(0, d).Select(k => (s.Indices[k], s.Values[k])).ToList();
    }

    private const string Denial = "The ministry dismissed the Amnesty report on torture as biased.";
    private const string ThirdParty = "Washington said the crackdown ordered by Beijing was unacceptable and alarming.";
    private const string Narrator = "Authorities loyal to the president rammed through a deeply flawed constitution.";
    private const string Concessive = "While critics accused the government of rigging the vote, the commission said the count was fair.";
    private const string Dateline = "MOSCOW (Reuters) - The Kremlin said on Tuesday it had not been consulted.";

    [Test]
    public void SpeakerFamilyNamesTheSpeakerItsActAndWhatItSays()
    {
        var t = Trace(s_v2, Denial, "China");
        Assert.That(t, Does.Contain("spk=tgt/main"));
        Assert.That(t, Does.Contain("spk=tgt×deny/main"));
        Assert.That(t, Has.Some.StartsWith("spk=tgt×@"));
        var third = Trace(s_v2, ThirdParty, "China");
        Assert.That(third, Does.Contain("spk=third×say/main"));
        Assert.That(third, Does.Contain("spk=third×@evaluative/main"));
        Assert.That(Trace(s_v2 with { SpeakerFeatures = false }, Denial, "China"), Has.None.StartsWith("spk="));
    }

    [Test]
    public void TargetRoleFamily()
    {
        Assert.That(Trace(s_v2, "Amnesty International accused the ministry of torturing detainees.", "China"), Does.Contain("tgt=object/main"));
        Assert.That(Trace(s_v2, ThirdParty, "China"), Has.Some.StartsWith("tgt=object"));
        Assert.That(Trace(s_v2 with { TargetRoleFeatures = false }, ThirdParty, "China"), Has.None.StartsWith("tgt="));
    }

    [Test]
    public void ClauseFamilyMarksTheConcessiveClauseSubordinate()
    {
        var t = Trace(s_v2, Concessive, "Zimbabwe");
        Assert.That(t, Does.Contain("sub:@accuse"));
        Assert.That(t, Does.Contain("spk=ngo×accuse/sub"));
        Assert.That(t, Does.Contain("spk=tgt×say/main"));
        Assert.That(Trace(s_v2 with { ClauseFeatures = false }, Concessive, "Zimbabwe"), Has.None.StartsWith("sub:").And.None.StartsWith("main:"));
    }

    [Test]
    public void NarratorFamilyAndPhraseCues()
    {
        var t = Trace(s_v2, Narrator, "Tunisia");
        // Cue features name the word that fired since the explanation change of issue 13 ("@descriptor(loyal to)").
        Assert.That(t, Has.Some.StartsWith("@descriptor"));
        Assert.That(t, Does.Contain("narrator×@descriptor/main"));
        Assert.That(Trace(s_v2 with { NarratorFeatures = false }, Narrator, "Tunisia"), Has.None.StartsWith("narrator"));
        Assert.That(Trace(s_v2 with { ExtendedCues = false }, Narrator, "Tunisia"), Has.None.Contains("@descriptor"));
    }

    [Test]
    public void DatelineFamilyCollapsesTheDateline()
    {
        var t = Trace(s_v2, Dateline, "Russia");
        Assert.That(t, Does.Contain("dateline=other"));
        Assert.That(t, Has.None.Contains("reuters"));
        var off = Trace(s_v2 with { Datelines = false }, Dateline, "Russia");
        Assert.That(off, Has.None.StartsWith("dateline="));
    }

    [Test]
    public void ParseStructureFamilyReadsTheSubjectAndClauseFromTheParse()
    {
        var withParse = s_v2 with { ParseStructure = true };
        var t = Trace(withParse, Denial, "China");
        Assert.That(t, Does.Contain("parse:spk=tgt×deny/main"));
        var c = Trace(withParse, Concessive, "Zimbabwe");
        Assert.That(c, Does.Contain("parse:spk=tgt×say/main"));
        Assert.That(c, Has.Some.StartsWith("parse:sub:"), "the while-clause hangs off the main verb as advcl");
        Assert.That(Trace(s_v2, Denial, "China"), Has.None.StartsWith("parse:"), "off by default");
        var weights = new float[withParse.Buckets * 3];
        var classifier = new StanceClassifier(new StanceModel(withParse, weights, [0f, 0f, 0f], 1f));
        var p = new float[3];
        for (int i = 0; i < 10; i++) classifier.Score(Concessive, p, "Zimbabwe");
        Assert.That(Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 100; i++) classifier.Score(Concessive, p, "Zimbabwe");
        }), Is.Zero);
    }

    [Test]
    public void EveryFamilySwitchChangesTheFeaturesOfASentenceItConcerns()
    {
        var cases = new (string Name, FeatureRecipe Off, string Text, string Target)[]
        {
            ("speaker", s_v2 with { SpeakerFeatures = false }, Denial, "China"),
            ("target-role", s_v2 with { TargetRoleFeatures = false }, ThirdParty, "China"),
            ("clause", s_v2 with { ClauseFeatures = false }, Concessive, "Zimbabwe"),
            ("narrator", s_v2 with { NarratorFeatures = false }, Narrator, "Tunisia"),
            ("extended-cues", s_v2 with { ExtendedCues = false }, Narrator, "Tunisia"),
            ("datelines", s_v2 with { Datelines = false }, Dateline, "Russia"),
        };
        foreach (var (name, off, text, target) in cases)
            Assert.That(Features(off, text, target), Is.Not.EqualTo(Features(s_v2, text, target)), name);
    }

    [Test]
    public void WithEveryV2FamilyOffTheFeaturesAreV1s()
    {
        // The shipped model is v2 since stancekit-default v2; a v1 model file's settings are what every-v2-family-off
        // must reproduce, read back from a saved v1 model (the v1 features themselves are pinned by FeaturizerGoldenTests).
        var v1Model = new StanceModel(new FeatureRecipe().WithoutV2(), new float[new FeatureRecipe().Buckets * 3], [0f, 0f, 0f], 1f);
        using var ms = new MemoryStream();
        v1Model.Save(ms);
        var v1 = StanceModel.Load(new MemoryStream(ms.ToArray())).Recipe;
        Assert.That(v1.Id, Is.EqualTo(FeatureRecipe.V1Id), "a v1 model file");
        Assert.That(s_v2.WithoutV2(), Is.EqualTo(v1 with { }));
        foreach (var s in new[] { Denial, ThirdParty, Narrator, Concessive, Dateline })
            Assert.That(Features(s_v2.WithoutV2(), s, "China"), Is.EqualTo(Features(v1, s, "China")));
    }

    [Test]
    public void ModelFilesNameTheFeaturizerTheyNeed()
    {
        foreach (var (settings, id) in new[] { (new FeatureRecipe { BucketBits = 10 }, FeatureRecipe.CurrentId), (new FeatureRecipe { BucketBits = 10 }.WithoutV2(), FeatureRecipe.V1Id) })
        {
            var model = new StanceModel(settings, new float[settings.Buckets * 3], [0f, 0f, 0f], 1f);
            using var ms = new MemoryStream();
            model.Save(ms);
            var bytes = ms.ToArray();
            Assert.That(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(id)), Is.GreaterThan(0));
            Assert.That(StanceModel.Load(new MemoryStream(bytes)).Recipe, Is.EqualTo(settings));
        }
    }

    [Test]
    public void AV1FileClaimingV2OptionsIsRefused()
    {
        var settings = new FeatureRecipe { BucketBits = 10 };
        var model = new StanceModel(settings, new float[settings.Buckets * 3], [0f, 0f, 0f], 1f);
        using var ms = new MemoryStream();
        model.Save(ms);
        var bytes = ms.ToArray();
        var id = System.Text.Encoding.UTF8.GetBytes(FeatureRecipe.CurrentId);
        int at = bytes.AsSpan().IndexOf(id);
        bytes[at + id.Length - 1] = (byte)'1'; // "stancekit-hash-v1" with v2 flags
        int body = bytes.Length - 8;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(body), StanceKit.Internal.Checksum.Compute(bytes.AsSpan(0, body)));
        var e = Assert.Throws<InvalidModelException>(() => StanceModel.Load(new MemoryStream(bytes)))!;
        Assert.That(e.Message, Does.Contain("v2 options"));
    }

    [Test]
    public void ScoringWithAV2ModelAllocatesNothingAfterWarmUp()
    {
        var weights = new float[s_v2.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 5) * 0.01f;
        var classifier = new StanceClassifier(new StanceModel(s_v2, weights, [0f, 0f, 0f], 1f));
        var p = new float[3];
        foreach (var s in new[] { Denial, ThirdParty, Narrator, Concessive, Dateline })
        {
            for (int i = 0; i < 10; i++) classifier.Score(s, p, "China");
            Assert.That(Allocations.InSteadyState(() =>
            {
                for (int i = 0; i < 200; i++) classifier.Score(s, p, "China");
            }), Is.Zero, s);
        }
    }

    [Test]
    public void LongAndOddInputsStayWithinTheFeatureBound()
    {
        var f = new StanceFeaturizer(s_v2, Gazetteer.Default);
        var s = StanceFeaturizer.GetScratch();
        foreach (var text in new[] { "", " ", ",", "said said said", string.Join(", ", Enumerable.Repeat("the ministry said, but critics said, while officials denied", 200)), "MOSCOW (", "( ) - : ;", new string('"', 500) })
        {
            int d = f.Featurize(text, "Russia", s, out _);
            Assert.That(d, Is.LessThanOrEqualTo(f.MaxFeatureCount(text.Length)));
        }
    }
}
