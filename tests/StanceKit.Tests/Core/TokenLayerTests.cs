using StanceKit.ML;
using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Core;

/// <summary>
/// The document's one token and gazetteer layer (<see cref="TokenLayer"/>, issue 14 "annotate once") gives every stage
/// exactly what it made for itself before: the featurizer the features of the sentence tokenized and matched alone, the
/// entity rules their mentions, the gazetteer's one walk both of its matches. (The shipped model's document scores are
/// pinned by <c>FeaturizerSpeedGoldenTests.DocumentScoresAreBitIdentical</c>.)
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class TokenLayerTests
{
    // Texts where a sentence boundary falls next to what the tokenizer decides by looking around: a possessive right
    // after a sentence end, abbreviations and numbers at the boundary, quotes, no spaces between sentences.
    private static readonly string[] s_edgeTexts =
    [
        "Officials in the U.S. said so. The U.S. Embassy in Beijing denied it.\"China's foreign ministry disagreed.\"",
        "He left.'s is not a word. It said 3.5 percent.5 more were held.Kursk region officials said nothing.",
        "BEIJING, March 3 (Reuters) - THE FOREIGN MINISTRY said. U.N. envoys met.Xi Jinping spoke.",
        "Russia\u2019s Foreign Ministry said.\u2019s Kremlin. \u201CThe Kremlin\u2019s view,\u201D he said.U.K.",
    ];

    private static IEnumerable<string> Documents()
    {
        yield return File.ReadAllText(Repo.Path("samples", "article.txt"));
        foreach (var t in s_edgeTexts) yield return t;
        var records = StanceCorpus.Load(Repo.Path("data", "stance", "articles"));
        foreach (var group in records.GroupBy(r => r.Group, StringComparer.Ordinal).Take(60))
            yield return string.Join(" ", group.Select(r => r.Text));
        // Sentences run together without spaces: the worst case for the boundary checks.
        yield return string.Concat(records.Take(80).Select(r => r.Text));
    }

    private static (int[] Indices, float[] Values, string? Used) Features(StanceFeaturizer featurizer, string sentence, string? target, SentenceTokens annotated)
    {
        var scratch = StanceFeaturizer.GetScratch();
        int d = featurizer.Featurize(sentence, target, scratch, out var used, annotated: annotated);
        return (scratch.Indices[..d], scratch.Values[..d], used);
    }

    [TestCase("shipped", SentenceSegmenter.DefaultMaxSentenceLength)]
    [TestCase("shipped", SentenceSegmenter.MinMaxSentenceLength)]
    [TestCase("folded", SentenceSegmenter.DefaultMaxSentenceLength)]
    [TestCase("other-gazetteer", SentenceSegmenter.DefaultMaxSentenceLength)]
    public void FeaturesFromTheLayerAreThoseOfTheSentenceAlone(string recipe, int maxSentenceLength)
    {
        var shipped = StanceClassifier.Default.Featurizer;
        var featurizer = recipe switch
        {
            "folded" => new StanceFeaturizer(shipped.Recipe with { FoldSpelling = true, DateClasses = true, ActorRoles = true }, Gazetteer.Default),
            _ => shipped,
        };
        // The extractor's gazetteer: the featurizer's own, or (other-gazetteer) one without names, so the layer holds no
        // featurizer matches and the featurizer matches the layer's tokens itself.
        var extractorGazetteer = recipe == "other-gazetteer" ? Gazetteer.LoadEmbeddedWithoutNames() : Gazetteer.Default;
        var segmenter = new SentenceSegmenter(maxSentenceLength);
        int sentences = 0, fromLayer = 0;
        foreach (var text in Documents())
        {
            var layer = new TokenLayer();
            layer.Annotate(text, extractorGazetteer, featurizer.MatchedGazetteer, default);
            Assert.That(layer.FeatureGazetteer, recipe == "other-gazetteer" ? Is.Null : Is.SameAs(Gazetteer.Default));
            int cursor = 0;
            foreach (var span in segmenter.EnumerateSentences(text))
            {
                var annotated = DocumentScorer.SentenceTokensOf(layer, span, ref cursor);
                var sentence = text.Substring(span.Start, span.Length);
                sentences++;
                if (annotated.Layer is null) continue;
                fromLayer++;
                Assert.That(layer.Tokens.AsSpan(annotated.First, annotated.Count).ToArray().Select(t => new Token(t.Start - span.Start, t.Length, t.Kind)),
                    Is.EqualTo(Tokenize(sentence)), sentence);
                foreach (var target in new[] { "China", null })
                {
                    var alone = Features(featurizer, sentence, target, default);
                    var read = Features(featurizer, sentence, target, annotated);
                    Assert.That(read.Used, Is.EqualTo(alone.Used), sentence);
                    Assert.That(read.Indices, Is.EqualTo(alone.Indices), sentence);
                    Assert.That(read.Values.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(alone.Values.Select(BitConverter.SingleToInt32Bits)), sentence);
                }
            }
        }
        TestContext.Out.WriteLine($"{fromLayer} of {sentences} sentences read the layer");
        Assert.That(sentences, Is.GreaterThan(500), "the corpus is needed");
        // Only sentences cut inside a token, or starting with a glued "'s", are tokenized alone.
        Assert.That(fromLayer, Is.GreaterThan(sentences * 9 / 10));
    }

    private static Token[] Tokenize(string text)
    {
        var tokens = new Token[text.Length + 1];
        return tokens[..NewsTokenizer.Tokenize(text, tokens)];
    }

    [Test]
    public void ASentenceCutInsideATokenIsTokenizedAlone()
    {
        const string text = "The U.S. said 3.5 percent. China's envoy left.";
        var layer = new TokenLayer();
        layer.Annotate(text, Gazetteer.Default, Gazetteer.Default, default);
        int cursor = 0;
        // Ends inside "U.S.": the document's token runs past the end.
        Assert.That(DocumentScorer.SentenceTokensOf(layer, new TextSpan(0, 6), ref cursor).Layer, Is.Null);
        // Starts inside "3.5".
        cursor = 0;
        Assert.That(DocumentScorer.SentenceTokensOf(layer, TextSpan.FromBounds(text.IndexOf(".5", StringComparison.Ordinal) + 1, text.Length), ref cursor).Layer, Is.Null);
        // Starts at the possessive glued to "China": alone it would be an apostrophe and a word.
        cursor = 0;
        Assert.That(DocumentScorer.SentenceTokensOf(layer, TextSpan.FromBounds(text.IndexOf("'s", StringComparison.Ordinal), text.Length), ref cursor).Layer, Is.Null);
        // Whole sentences read the layer, in order and out of order.
        cursor = 0;
        int second = text.IndexOf("China", StringComparison.Ordinal);
        var b = DocumentScorer.SentenceTokensOf(layer, TextSpan.FromBounds(second, text.Length), ref cursor);
        var a = DocumentScorer.SentenceTokensOf(layer, TextSpan.FromBounds(0, second - 1), ref cursor);
        Assert.That((a.Layer, a.First, a.Offset), Is.EqualTo((layer, 0, 0)));
        Assert.That((b.Layer, b.First, b.Count, b.Offset), Is.EqualTo((layer, a.Count, layer.Count - a.Count, second)));
    }

    [Test]
    public void OneGazetteerWalkGivesBothMatches()
    {
        var gazetteer = Gazetteer.Default;
        int tokens = 0, differ = 0;
        foreach (var text in Documents().Concat(Documents().Take(20).Select(t => t.ToUpperInvariant())))
        {
            var all = Tokenize(text);
            for (int i = 0; i < all.Length; i++)
            {
                int proper = gazetteer.MatchLongest(text, all, i, out int properLength, properNamesOnly: true);
                int any = gazetteer.MatchLongest(text, all, i, out int anyLength, properNamesOnly: false);
                int both = gazetteer.MatchLongestBoth(text, all, i, out int bothProperLength, out int bothAny, out int bothAnyLength);
                Assert.That((both, proper >= 0 ? bothProperLength : 0, bothAny, any >= 0 ? bothAnyLength : 0),
                    Is.EqualTo((proper, proper >= 0 ? properLength : 0, any, any >= 0 ? anyLength : 0)), $"{text} @ token {i}");
                tokens++;
                if (proper != any) differ++;
            }
        }
        TestContext.Out.WriteLine($"{tokens} tokens, {differ} where the proper-name match differs");
        Assert.That(differ, Is.GreaterThan(0), "a generic alias (\"Kursk region\") must be in the texts");
    }

    [Test]
    public void TheLayerGivesTheFeaturizersMatchInAnyOrder()
    {
        var gazetteer = Gazetteer.Default;
        foreach (var text in Documents())
        {
            var layer = new TokenLayer();
            layer.Annotate(text, gazetteer, gazetteer, default);
            var all = layer.Tokens[..layer.Count];
            // Ascending (as sentences ask), then descending and every other token (the cursor finds its place again).
            var order = Enumerable.Range(0, all.Length).Concat(Enumerable.Range(0, all.Length).Reverse()).Concat(Enumerable.Range(0, all.Length).Where(i => i % 2 == 1));
            foreach (int i in order)
            {
                int expected = gazetteer.MatchLongest(text, all, i, out int expectedLength);
                int alias = layer.FeatureAliasAt(i, out int length);
                Assert.That((alias, alias >= 0 ? length : 0), Is.EqualTo((expected, expected >= 0 ? expectedLength : 0)), $"{text} @ token {i}");
            }
        }
    }

    [Test]
    public void ExtractionFromTheLayerFindsTheSameMentions()
    {
        var extractor = EntityExtractor.Default;
        foreach (var text in Documents())
        {
            var layer = new TokenLayer();
            layer.Annotate(text, extractor.Gazetteer, Gazetteer.Default, default);
            var fromLayer = extractor.Extract(text.AsSpan(), layer, default);
            Assert.That(fromLayer, Is.EqualTo(extractor.Extract(text)), text);
        }
    }
}
