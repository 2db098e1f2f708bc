using StanceKit.Internal;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// The vocabulary families (issue 16): inflection folding of word n-grams and cue lookups, and word-cluster features
/// crossed with speaker, clause level, negation and target role. Each adds what it names, nothing when switched off,
/// and allocates nothing after warm-up.
/// </summary>
public class VocabularyFamiliesTests
{
    private static readonly FeatureRecipe s_v2 = new();
    private static readonly FeatureRecipe s_folded = new() { FoldInflections = true };
    private static readonly FeatureRecipe s_clustered = new() { WordClusterFeatures = true };

    /// <summary>A hand-made cluster table: a few words of criticism in one fine and coarse cluster, of official acts in another.</summary>
    private sealed class TinyClusters : IWordClusterLookup
    {
        private static readonly Dictionary<string, (int Fine, int Coarse)> s_words = new(StringComparer.Ordinal)
        {
            ["lambasted"] = (7, 2), ["castigated"] = (7, 2), ["excoriated"] = (7, 2), ["berated"] = (8, 2),
            // Two accusation cue words of CueLexicon share fine cluster 7 with the words above; one praise word with a doubt word.
            ["condemned"] = (7, 2), ["denounced"] = (7, 2), ["hailed"] = (40, 7), ["doubted"] = (40, 7),
            ["heavy-handed"] = (9, 2), ["disproportionate"] = (9, 2),
            ["signed"] = (20, 5), ["ratified"] = (20, 5), ["decree"] = (21, 5),
            ["policy"] = (30, 6), ["law"] = (30, 6),
        };

        public bool TryGet(ReadOnlySpan<char> word, out int fine, out int coarse)
        {
            // Allocation-free lookup of a lower-case span in a string-keyed table.
            Span<char> lower = stackalloc char[Math.Min(word.Length, 64)];
            int n = word[..lower.Length].ToLowerInvariant(lower);
            if (s_lookup.TryGetValue(lower[..n], out var c)) { fine = c.Fine; coarse = c.Coarse; return true; }
            fine = coarse = -1;
            return false;
        }

        private static readonly Dictionary<string, (int Fine, int Coarse)>.AlternateLookup<ReadOnlySpan<char>> s_lookup = s_words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static StanceFeaturizer Featurizer(FeatureRecipe recipe) => new(recipe, Gazetteer.Default, recipe.WordClusterFeatures || recipe.ClusterCues ? new TinyClusters() : null);

    private static (int[] Indices, float[] Values) Features(StanceFeaturizer f, string text, string? target)
    {
        var scratch = StanceFeaturizer.GetScratch();
        int d = f.Featurize(text, target, scratch, out _);
        return (scratch.Indices[..d], scratch.Values[..d]);
    }

    private static List<string> Trace(FeatureRecipe recipe, string text, string? target)
    {
        var trace = new List<(int Bucket, string Feature)>();
        Featurizer(recipe).Featurize(text, target, StanceFeaturizer.GetScratch(), out _, trace);
        return trace.Select(t => t.Feature).ToList();
    }

    [TestCase("lambasts", "lambast")]
    [TestCase("lambasted", "lambast")]
    [TestCase("lambasting", "lambast")]
    [TestCase("lambast", "lambast")]
    [TestCase("denies", "deny")]
    [TestCase("denied", "deny")]
    [TestCase("denying", "deny")]
    [TestCase("criticises", "criticis")]
    [TestCase("criticised", "criticis")]
    [TestCase("criticise", "criticis")]
    [TestCase("violating", "violat")]
    [TestCase("violates", "violat")]
    [TestCase("shipped", "ship")]
    [TestCase("shipping", "ship")]
    [TestCase("watches", "watch")]
    [TestCase("touted", "tout")]
    [TestCase("touts", "tout")]
    [TestCase("castigated", "castigat")]
    [TestCase("castigates", "castigat")]
    public void RegularInflectionsFoldToOneForm(string word, string folded)
        => Assert.That(InflectionFolder.Fold(word), Is.EqualTo(folded));

    [TestCase("press")]
    [TestCase("campus")]
    [TestCase("crisis")]
    [TestCase("agreed")]
    [TestCase("speed")]
    [TestCase("bring")]
    [TestCase("used")]
    [TestCase("was")]
    [TestCase("heavy-handed")]
    [TestCase("naïve")]
    [TestCase("")]
    public void ShortWordsProtectedEndingsAndNonLettersStay(string word)
        => Assert.That(InflectionFolder.Fold(word), Is.EqualTo(word));

    [Test]
    public void AVeryLongWordIsLeftAsItIs()
    {
        var word = new string('a', InflectionFolder.MaxLength + 5) + "ing";
        Assert.That(InflectionFolder.Fold(word), Is.EqualTo(word));
    }

    [Test]
    public void InflectionsGiveIdenticalFeaturesWithTheSwitchOnly()
    {
        const string a = "Critics ridiculed the ministry over the detentions.";
        const string b = "Critics ridiculing the ministry over the detention.";
        Assert.That(Features(Featurizer(s_folded), a, "China"), Is.EqualTo(Features(Featurizer(s_folded), b, "China")));
        Assert.That(Features(Featurizer(s_v2), a, "China"), Is.Not.EqualTo(Features(Featurizer(s_v2), b, "China")));
    }

    [Test]
    public void AnInflectionOfACueWordTakesItsClass()
    {
        // "lambasted" is an accusation cue; "lambasting" is not listed, but folds to the same form.
        const string s = "Opposition leaders were lambasting the ministry over the detentions.";
        Assert.That(Trace(s_folded, s, "China"), Does.Contain("@accuse(lambasting)"));
        Assert.That(Trace(s_v2, s, "China"), Has.None.StartsWith("@accuse("));
    }

    [Test]
    public void WithTheSwitchOffFeaturesAreUnchanged()
    {
        // Neither family touches a sentence's features when off: the recipe default computes exactly what it did.
        const string s = "The ministry denied that troops had shelled villages, while rights groups lambasted the heavy-handed decree.";
        var plain = Features(Featurizer(s_v2), s, "China");
        var again = Features(new StanceFeaturizer(new FeatureRecipe { FoldInflections = false, WordClusterFeatures = false }, Gazetteer.Default), s, "China");
        Assert.That(again, Is.EqualTo(plain));
        Assert.That(Trace(s_v2, s, "China"), Has.None.StartsWith("cl:"));
    }

    [Test]
    public void ClusterFamilyGivesUnseenSynonymsTheSameFeatures()
    {
        // "castigated" and "excoriated" (no cue or speech verb of ours) share a fine cluster: the cluster features of the two
        // sentences are the same.
        var a = Trace(s_clustered, "Rights groups castigated the ministry.", "China").Where(t => t.StartsWith("cl:", StringComparison.Ordinal)).Select(t => t.Split('(')[0]).ToList();
        var b = Trace(s_clustered, "Rights groups excoriated the ministry.", "China").Where(t => t.StartsWith("cl:", StringComparison.Ordinal)).Select(t => t.Split('(')[0]).ToList();
        Assert.That(a, Is.Not.Empty);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Does.Contain("cl:f7"));
    }

    [Test]
    public void ClusterContextNamesSpeakerNarratorLevelNegationAndRole()
    {
        var third = Trace(s_clustered, "Washington said the crackdown ordered by Beijing was disproportionate.", "China");
        Assert.That(third, Does.Contain("cl:c2×spk=third/main"));
        var narrator = Trace(s_clustered, "The heavy-handed decree was signed on Tuesday.", "China");
        // "heavy-handed" is three units (the hyphen is its own); the table knows the parts it is given only.
        Assert.That(narrator, Does.Contain("cl:c5×narrator/main"));
        var negated = Trace(s_clustered, "The ministry said the law was not disproportionate.", "China");
        Assert.That(negated, Does.Contain("cl:c2×spk=tgt/main/neg"));
        var concessive = Trace(s_clustered, "While critics castigated the policy, the ministry said it was lawful.", "China");
        Assert.That(concessive, Has.Some.Matches<string>(t => t!.StartsWith("cl:c2×", StringComparison.Ordinal) && t.Contains("/sub", StringComparison.Ordinal)));
        var role = Trace(s_clustered, "Amnesty International lambasted the ministry over the decree.", "China");
        Assert.That(role, Has.Some.StartsWith("cl:c5×tgt=object"));
    }

    [Test]
    public void ClusterCuesGiveAWordTheCueClassOfItsCluster()
    {
        // "excoriated" is in no cue list; its cluster holds "lambasted", "condemned", "denounced" (accusation cues).
        var cues = new FeatureRecipe { ClusterCues = true };
        const string s = "Rights groups excoriated the ministry over the detentions.";
        var on = Trace(cues, s, "China");
        Assert.That(on, Does.Contain("@accuse(excoriated)"));
        Assert.That(on, Does.Contain("main:@accuse"));
        Assert.That(on, Has.None.StartsWith("cl:"));
        Assert.That(Trace(s_v2, s, "China"), Has.None.StartsWith("@accuse("));
        // A cluster with one praise and one doubt word has no majority class: no cue.
        var table = StanceFeaturizer.BuildClusterCues(cues, new TinyClusters());
        Assert.That(table[7], Is.EqualTo((byte)CueLexicon.Cue.Accuse));
        Assert.That(table.Length <= 40 || table[40] == 0, Is.True);
    }

    [Test]
    public void FunctionWordsAndNamesGetNoCluster()
    {
        var t = Trace(s_clustered, "The policy of the government was signed by Mr Okonkwo.", "Nigeria").Where(x => x.StartsWith("cl:f", StringComparison.Ordinal)).ToList();
        Assert.That(t, Is.EquivalentTo(new[] { "cl:f30(policy)", "cl:f20(signed)" }));
    }

    [Test]
    public void TheProductFeaturizerUsesTheEmbeddedClusters()
    {
        // No table given: the embedded clusters (models/clusters) give the words of the sentence their clusters.
        var trace = new List<(int Bucket, string Feature)>();
        new StanceFeaturizer(s_clustered, Gazetteer.Default).Featurize("Rights groups condemned the harsh sentences.", "China", StanceFeaturizer.GetScratch(), out _, trace);
        Assert.That(trace.Select(t => t.Feature), Has.Some.StartsWith("cl:f").And.Some.Contains("(condemned)"));
        Assert.That(StanceKit.Text.WordClusters.Default.TryGet("condemned", out int fine, out _), Is.True);
        Assert.That(trace.Select(t => t.Feature), Does.Contain($"cl:f{fine}(condemned)"));
    }

    [Test]
    public void TheSwitchesRoundTripThroughTheModelFile()
    {
        foreach (var recipe in new[] { s_folded, new FeatureRecipe { FoldInflections = true, FoldSpelling = true }, new FeatureRecipe { WordClusterFeatures = true, FoldInflections = true }, new FeatureRecipe { ClusterCues = true } })
        {
            Assert.That(recipe.Flags & ~FeatureRecipe.KnownFlags, Is.Zero);
            Assert.That(new FeatureRecipe().WithFlags(recipe.Flags), Is.EqualTo(recipe));
            Assert.That(recipe.Id, Is.EqualTo(FeatureRecipe.CurrentId));
            Assert.That(recipe.WithoutV2().Flags & FeatureRecipe.V2Flags, Is.Zero);
        }
        Assert.That(s_folded.ToString(), Does.Contain("fold-inflections=True"));
        Assert.That(s_clustered.ToString(), Does.Contain("word-clusters=True"));
        Assert.That(new FeatureRecipe { ClusterCues = true }.ToString(), Does.Contain("cluster-cues=True"));
        Assert.That(s_v2.ToString(), Does.Not.Contain("fold-inflections").And.Not.Contain("word-clusters"));
        var weights = new float[s_folded.Buckets * 3];
        var model = new StanceModel(s_folded, weights, [0f, 0f, 0f], 1f);
        using var ms = new MemoryStream();
        model.Save(ms);
        ms.Position = 0;
        Assert.That(StanceModel.Load(ms).Recipe, Is.EqualTo(s_folded));
    }

    [Test]
    public void FoldingWithSpellingFoldsBoth()
    {
        var f = Featurizer(new FeatureRecipe { FoldInflections = true, FoldSpelling = true });
        Assert.That(Features(f, "Critics ridiculed the program.", "China"), Is.EqualTo(Features(f, "Critics ridiculing the programme.", "China")));
    }

    [Test]
    public void FeaturizingWithBothFamiliesAllocatesNothingAfterWarmUp()
    {
        var f = Featurizer(new FeatureRecipe { FoldInflections = true, WordClusterFeatures = true, ClusterCues = true });
        var scratch = StanceFeaturizer.GetScratch();
        var sentences = new[]
        {
            "Rights groups castigated the ministry's heavy-handed decree, which critics said was disproportionate.",
            "While critics lambasted the policy, the ministry said it was not disproportionate and denied abuses.",
            "MOSCOW (Reuters) - The Kremlin signed and ratified the law on Tuesday.",
        };
        foreach (var s in sentences)
        {
            for (int i = 0; i < 10; i++) f.Featurize(s, "China", scratch, out _);
            Assert.That(Allocations.InSteadyState(() =>
            {
                for (int i = 0; i < 200; i++) f.Featurize(s, "China", scratch, out _);
            }), Is.Zero, s);
        }
    }

    [Test]
    public void LongAndOddInputsStayWithinTheFeatureBound()
    {
        var f = Featurizer(new FeatureRecipe { FoldInflections = true, WordClusterFeatures = true });
        var s = StanceFeaturizer.GetScratch();
        foreach (var text in new[] { "", " ", "lambasted", string.Join(" ", Enumerable.Repeat("castigated disproportionate decree signed policies", 400)), new string('s', 5000) })
        {
            int d = f.Featurize(text, "Russia", s, out _);
            Assert.That(d, Is.LessThanOrEqualTo(f.MaxFeatureCount(text.Length)));
        }
    }
}
