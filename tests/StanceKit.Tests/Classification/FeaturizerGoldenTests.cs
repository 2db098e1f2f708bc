using System.Security.Cryptography;
using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// Speed work on the featurizer must not change a single output: the features (bucket, value bits) of every corpus
/// sentence, with its target and with none, the target used, and the calibrated probabilities (bits) hash to a digest
/// recorded before the optimisations.
/// </summary>
[TestFixture]
public class FeaturizerGoldenTests
{
    // The shipped model's outputs (features with its settings, target used, calibrated probabilities). History:
    // B432143937EAE41A65D6A8A26FEEFC1DD9B3E25C3FA72915E957AB3869742B64 was the v1 model (recorded on 951d128 before the
    // featurizer speed-ups, held through them); replaced deliberately when stancekit-default v2 (featurizer v2, issue 12)
    // was shipped (F2359301... for the first v2 default with the parse family, now models/parse); 565CCCC2... was
    // stancekit-default v2, replaced deliberately by stancekit-default v3 (session 4: the same recipe trained with the
    // structural pairs corpus, data/stance/pairs); 86845DED... was stancekit-default v3, replaced deliberately by
    // stancekit-default v4 (session 5: trained with data/stance/realnews, temperature 2.30 fitted on real news); DD48D3B4...
    // was v4, replaced deliberately by stancekit-default v5 (session 11: + the narrator-voice sentences nv1-nv5 counted
    // twice, temperature 2.10). The featurizer is unchanged; the weights and temperature are new. Update only with a new
    // shipped model, and say so in the commit message.
    private const string GoldenDigest = "4F1A023DF64A31D441A75AA6CC2C302D78C29F85602DE4C3A2287CFC4DC18DBD";

    // Featurizer v1 settings (every v2 family off): the features v1 model files are scored with. Recorded when the v2
    // model was shipped, on code whose v1 outputs still matched the v1 model digest above; must never change.
    private const string GoldenDigestV1 = "E58B9869A43A663DAE67F9FCDEB4221A96024CB7B85BAEF71484C5F7A961D64C";

    private static IEnumerable<string> EdgeCases()
    {
        yield return "";
        yield return " ";
        yield return "BEIJING (Reuters) - China's Foreign Ministry said on Monday the U.S.-led drills were \u201Cprovocative\u201D.";
        yield return "Kremlin spokesman Dmitry Peskov said Russia\u2019s forces liberated 3,500 km\u00B2 \u2014 a claim Kyiv denied.";
        yield return "THE UNITED STATES AND THE EUROPEAN UNION CONDEMNED THE CRACKDOWN IN HONG KONG.";
        yield return "al-Assad and von der Leyen met bin Salman; de Gaulle's heirs were not there.";
        yield return "\uD800 \u0000 \u202E \u0130stanbul \u00C9lys\u00E9e 123.45 1,000 U.N. E.U";
        yield return string.Join(' ', Enumerable.Repeat("The Chinese Defense Ministry accused Taiwan of provocations, killing civilians.", 40));
    }

    // The sentences the digests were recorded on: the team corpus and test split. The realistic corpus (data/stance/realistic,
    // merged later) is not part of them, so adding training data does not move a digest that guards the featurizer.
    // Same files in the same (ordinal path) order as loading data/stance before the realistic corpus existed.
    private static IEnumerable<StanceRecord> GoldenCorpus() =>
        new[] { "articles", "raw", "test" }.SelectMany(d => StanceCorpus.Load(Repo.Path("data", "stance", d)));

    private static string DigestOfAllOutputs(out int count)
    {
        var classifier = StanceClassifier.Default;
        return Digest(classifier.Featurizer, classifier, out count);
    }

    /// <summary>
    /// Hashes, for every corpus sentence and edge case, with its target and with none: the features (count, bucket and
    /// value bits), the target used and, when a classifier is given, its calibrated probabilities (bits).
    /// </summary>
    private static string Digest(StanceFeaturizer featurizer, StanceClassifier? classifier, out int count)
    {
        var scratch = StanceFeaturizer.GetScratch();
        var inputs = GoldenCorpus().Select(r => (r.Text, (string?)r.Target)).Concat(EdgeCases().Select(s => (s, (string?)"China")));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> b = stackalloc byte[4];
        Span<float> p = stackalloc float[3];
        count = 0;
        foreach (var (text, target) in inputs)
        {
            foreach (var t in new[] { target, null })
            {
                int d = featurizer.Featurize(text, t, scratch, out var used);
                BitConverter.TryWriteBytes(b, d);
                hash.AppendData(b);
                for (int k = 0; k < d; k++)
                {
                    BitConverter.TryWriteBytes(b, scratch.Indices[k]);
                    hash.AppendData(b);
                    BitConverter.TryWriteBytes(b, BitConverter.SingleToInt32Bits(scratch.Values[k]));
                    hash.AppendData(b);
                }
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(used ?? "<null>"));
                if (classifier is not null)
                {
                    classifier.Score(text, p, t);
                    for (int k = 0; k < 3; k++)
                    {
                        BitConverter.TryWriteBytes(b, BitConverter.SingleToInt32Bits(p[k]));
                        hash.AppendData(b);
                    }
                }
                count++;
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    // Featurizer v2 (stancekit-hash-v2, default settings), recorded when v2 was introduced (issue 12, branch 'stance'):
    // the shipped v1 model and the digest above are untouched by v2; this pins the v2 features the same way. A deliberate
    // change of the v2 features updates it (say so in the commit message).
    private const string GoldenDigestV2 = "C50266DC8920E00F78AC985E25AAF80E4E351DFCD7969617C480FC3BF9A3670D";

    private static string DigestOfFeatures(FeatureRecipe settings, out int count) =>
        Digest(new StanceFeaturizer(settings, Gazetteer.Default), classifier: null, out count);

    [Test]
    public void V2FeaturesOfEveryCorpusSentenceAreBitIdenticalToTheRecordedDigest()
    {
        var digest = DigestOfFeatures(new FeatureRecipe(), out int count);
        TestContext.Out.WriteLine($"{count} featurizations, v2 digest {digest}");
        Assert.That(count, Is.GreaterThan(1000), "the corpus is needed");
        Assert.That(digest, Is.EqualTo(GoldenDigestV2));
    }

    [Test]
    public void V1FeaturesOfEveryCorpusSentenceAreBitIdenticalToTheRecordedDigest()
    {
        var digest = DigestOfFeatures(new FeatureRecipe().WithoutV2(), out int count);
        TestContext.Out.WriteLine($"{count} featurizations, v1 digest {digest}");
        Assert.That(count, Is.GreaterThan(1000), "the corpus is needed");
        Assert.That(digest, Is.EqualTo(GoldenDigestV1));
    }

    [Test]
    public void FeaturesAndProbabilitiesOfEveryCorpusSentenceAreBitIdenticalToTheRecordedDigest()
    {
        var digest = DigestOfAllOutputs(out int count);
        TestContext.Out.WriteLine($"{count} featurizations, digest {digest}");
        Assert.That(count, Is.GreaterThan(1000), "the corpus is needed");
        Assert.That(digest, Is.EqualTo(GoldenDigest));
    }
}
