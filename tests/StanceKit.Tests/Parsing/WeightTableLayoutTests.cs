using StanceKit.Parsing;
using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

/// <summary>
/// The 16-bit copies of a weight table (<see cref="QuantizedLayout"/>) hold the same integers in other places and sum
/// them in other orders: the scores, and so every tag, head and relation, must be the same in all of them.
/// </summary>
public class WeightTableLayoutTests
{
    private static string ModelPath => Repo.Path("models", "parser", "parser.bin");
    private static string DevPath => Path.GetFullPath(Repo.Path("..", "shared", "ud-english-ewt", "en_ewt-ud-dev.conllu"));

    [TestCase(3)]
    [TestCase(5)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(40)]
    [TestCase(48)]
    [TestCase(51)]
    [TestCase(64)]
    [TestCase(70)]
    public void EveryLayoutGivesTheScoresOfAPlainSum(int stride)
    {
        const int bits = 8;
        var random = new Random(stride);
        var weights = new float[(1 << bits) * stride];
        for (int i = 0; i < weights.Length; i++) weights[i] = random.Next(4) == 0 ? 0f : (float)(random.NextDouble() * 2 - 1);
        weights[random.Next(weights.Length)] = -1.5f; // the largest magnitude: maps to -32767
        var table = new WeightTable(bits, stride, weights);
        // The last row is in every feature set: a vector read past its end must not count anything.
        var features = new ulong[40];
        var expected = new float[stride];
        var actual = new float[stride + 1];
        for (int trial = 0; trial < 50; trial++)
        {
            int count = random.Next(features.Length + 1);
            for (int k = 0; k < count; k++) features[k] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            if (count > 0) features[0] = ulong.MaxValue;
            PlainSum(weights, stride, features.AsSpan(0, count), expected);
            foreach (var layout in Enum.GetValues<QuantizedLayout>())
            {
                table.Quantize(layout);
                actual[stride] = 12345f;
                table.Score(features.AsSpan(0, count), actual);
                Assert.That(actual[..stride], Is.EqualTo(expected), $"layout {layout}, {count} features");
                Assert.That(actual[stride], Is.EqualTo(12345f), "a score past the stride was written");
            }
        }
    }

    /// <summary>The quantization of <see cref="WeightTable.Quantize"/> written out, summed one weight at a time.</summary>
    private static void PlainSum(float[] weights, int stride, ReadOnlySpan<ulong> features, float[] scores)
    {
        float max = weights.Max(Math.Abs);
        float toFixed = 32767f / max, scale = max / 32767f;
        for (int c = 0; c < stride; c++)
        {
            int sum = 0;
            foreach (ulong f in features) sum += (short)MathF.Round(weights[(int)(f >> (64 - 8)) * stride + c] * toFixed);
            scores[c] = sum * scale;
        }
    }

    [Test]
    public void TagFeaturePartsTogetherAreAllTheFeatures()
    {
        var state = new ParseState();
        const string text = "The mayor's office didn't say when the US-led talks would resume.";
        var tokens = new Token[64];
        int nt = NewsTokenizer.Tokenize(text, tokens);
        var words = new WordSpan[64];
        int n = ParserWords.Split(text, tokens.AsSpan(0, nt), words, new int[64]);
        state.SetWords(text, words.AsSpan(0, n), null, ClusterUse.None);
        for (int i = 1; i <= n; i++) state.Tag[i] = i % 17;
        Span<ulong> all = stackalloc ulong[ParseState.MaxTagFeatures], part = stackalloc ulong[ParseState.MaxTagFeatures];
        for (int i = 1; i <= n; i++)
        {
            int na = state.TagFeatures(i, all);
            int nw = state.TagFeatures(i, part, TagFeaturePart.WordsOnly);
            int np = state.TagFeatures(i, part[nw..], TagFeaturePart.PreviousTags);
            Assert.That(nw, Is.GreaterThan(0));
            Assert.That(np, Is.GreaterThan(0));
            Assert.That(part[..(nw + np)].ToArray().Order(), Is.EqualTo(all[..na].ToArray().Order()), $"word {i}");
        }
    }

    [Test]
    public void EveryLayoutParsesTheSame()
    {
        var texts = new List<string>
        {
            "Chinese President Xi Jinping met Senior Colonel Xiao Gan in Beijing on Monday.",
            "“We’ll respond,” said General Abdel-Fattah al-Burhan, whose army retook Wad Madani in January.",
            "Opponents of the president blame his government, which denies it.",
        };
        if (File.Exists(DevPath))
        {
            foreach (var line in File.ReadLines(DevPath))
                if (line.StartsWith("# text = ", StringComparison.Ordinal)) texts.Add(line["# text = ".Length..]);
        }
        else TestContext.Out.WriteLine($"UD English EWT not found at {DevPath}: sample sentences only.");

        // A parser of its own: re-laying out the default parser's tables would race with other tests using it.
        var parser = DependencyParser.Load(ModelPath);
        var tables = new[] { parser.Model.Tags, parser.Model.Moves, parser.Model.Labels };
        List<ParsedToken>? reference = null;
        foreach (var layout in Enum.GetValues<QuantizedLayout>())
        {
            foreach (var t in tables) t.Quantize(layout);
            var parsed = new List<ParsedToken>();
            foreach (var text in texts)
                foreach (var sentence in SentenceSegmenter.Default.Segment(text)) parsed.AddRange(parser.Parse(text, sentence));
            if (reference is null) reference = parsed;
            else Assert.That(parsed, Is.EqualTo(reference), $"layout {layout}");
        }
        TestContext.Out.WriteLine($"{texts.Count} texts, {reference!.Count} words, the same in every layout");
    }

    [Test]
    public void OverlappedParseMakesTheMovesOfTheStepByStepParse()
    {
        var texts = new List<string>
        {
            "Opponents of the president blame his government, which denies it.",
            "KYIV, Ukraine \u2014 Pro-Russian forces shelled Kupiansk overnight, Ukraine's Defense Ministry said.",
        };
        if (File.Exists(DevPath))
        {
            foreach (var line in File.ReadLines(DevPath))
                if (line.StartsWith("# text = ", StringComparison.Ordinal)) texts.Add(line["# text = ".Length..]);
        }
        var model = DependencyParser.Default.Model;
        var overlapped = new ParseState();
        var stepByStep = new ParseState();
        var tokens = new Token[1024];
        var words = new WordSpan[1024];
        var tokenWord = new int[1024];
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<float> scores = stackalloc float[ParseState.MoveCount];
        Span<float> labelScores = stackalloc float[64];
        int sentences = 0, arcs = 0;
        foreach (var text in texts)
        {
            int nt = NewsTokenizer.Tokenize(text, tokens);
            int n = Math.Min(ParserWords.Split(text, tokens.AsSpan(0, nt), words, tokenWord), DependencyParser.MaxSentenceWords);
            if (n == 0) continue;
            overlapped.SetWords(text, words.AsSpan(0, n), null, ClusterUse.None);
            model.Tag(overlapped);
            model.Parse(overlapped);
            // The loop of session 4: every move scored from all its features, every relation chosen before the next move.
            stepByStep.SetWords(text, words.AsSpan(0, n), null, ClusterUse.None);
            model.Tag(stepByStep);
            stepByStep.RichLabels = model.RichLabels;
            stepByStep.StartParse();
            while (!stepByStep.Terminal)
            {
                int move;
                if (stepByStep.Sp == 1) move = ParseState.Shift;
                else if (stepByStep.B > stepByStep.N) move = ParseState.Right;
                else
                {
                    model.Moves.Score(f[..stepByStep.MoveFeatures(f)], scores);
                    move = ParserModel.BestLegal(stepByStep, scores);
                }
                stepByStep.Apply(move, move == ParseState.Shift ? 0 : model.BestLabel(stepByStep, move, f, labelScores));
            }
            for (int i = 1; i <= n; i++)
            {
                Assert.That(overlapped.Tag[i], Is.EqualTo(stepByStep.Tag[i]), text);
                Assert.That(overlapped.Head[i], Is.EqualTo(stepByStep.Head[i]), text);
                Assert.That(overlapped.Label[i], Is.EqualTo(stepByStep.Label[i]), text);
            }
            sentences++;
            arcs += n;
        }
        TestContext.Out.WriteLine($"{sentences} sentences, {arcs} words: the same tags, heads and relations");
    }
}
