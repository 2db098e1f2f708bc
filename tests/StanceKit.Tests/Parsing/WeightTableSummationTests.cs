using StanceKit.Parsing;
using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

/// <summary>
/// The two ways of adding the 16-bit rows of a weight table (<see cref="QuantizedSummation"/>) add the same integers
/// in other orders: the scores, and so every tag, head and relation, must be the same.
/// </summary>
public class WeightTableSummationTests
{
    private static string ModelPath => Repo.Path("models", "parser", "parser.bin");
    private static string DevPath => Path.GetFullPath(Repo.Path("..", "shared", "ud-english-ewt", "en_ewt-ud-dev.conllu"));

    [TestCase(3)]
    [TestCase(5)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(22)]
    [TestCase(25)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(40)]
    [TestCase(48)]
    [TestCase(51)]
    [TestCase(61)]
    [TestCase(64)]
    [TestCase(70)]
    public void EverySummationGivesTheScoresOfAPlainSum(int stride)
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
            foreach (var summation in Enum.GetValues<QuantizedSummation>())
            {
                table.Quantize(summation);
                actual[stride] = 12345f;
                table.Score(features.AsSpan(0, count), actual);
                Assert.That(actual[..stride], Is.EqualTo(expected), $"{summation}, {count} features");
                Assert.That(actual[stride], Is.EqualTo(12345f), "a score past the stride was written");
            }
        }
    }

    [TestCase(17)]
    [TestCase(22)]
    [TestCase(25)]
    [TestCase(40)]
    [TestCase(51)]
    [TestCase(61)]
    [TestCase(64)]
    public void ArgMaxOfSumsIsTheFirstLargestPlainSumWithEitherLayout(int stride)
    {
        // The block layout (SplitRows) and the plain rows must choose the same index, ties included (the first).
        const int bits = 8;
        var random = new Random(stride * 7);
        var weights = new float[(1 << bits) * stride];
        // Few distinct values, so equal sums (ties) happen.
        for (int i = 0; i < weights.Length; i++) weights[i] = random.Next(3) == 0 ? 0f : random.Next(-3, 4) / 3f;
        var table = new WeightTable(bits, stride, weights);
        var features = new ulong[40];
        var expected = new float[stride];
        Span<int> sums = stackalloc int[WeightTable.MaxArgMaxStride];
        bool split = WeightTable.SplitLayout;
        try
        {
            for (int trial = 0; trial < 200; trial++)
            {
                int count = random.Next(1, features.Length + 1);
                for (int k = 0; k < count; k++) features[k] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
                if (trial % 5 == 0) features[0] = ulong.MaxValue; // the last row
                PlainSum(weights, stride, features.AsSpan(0, count), expected);
                int skip = trial % 3 == 0 ? random.Next(stride) : -1;
                int best = -1;
                for (int c = 0; c < stride; c++)
                    if (c != skip && (best < 0 || expected[c] > expected[best])) best = c;
                foreach (bool layout in new[] { false, true })
                {
                    WeightTable.SplitLayout = layout;
                    table.Quantize();
                    Assert.That(table.ArgMaxOfSums(features.AsSpan(0, count), sums, skip), Is.EqualTo(best), $"split {layout}, {count} features, skip {skip}");
                }
            }
        }
        finally
        {
            WeightTable.SplitLayout = split;
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
    public void EverySummationParsesTheSame()
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

        // A parser of its own: re-quantizing the default parser's tables would race with other tests using it.
        var parser = DependencyParser.Load(ModelPath);
        var tables = new[] { parser.Model.Tags, parser.Model.Moves, parser.Model.Labels };
        List<ParsedToken>? reference = null;
        foreach (var summation in Enum.GetValues<QuantizedSummation>())
        {
            foreach (var t in tables) t.Quantize(summation);
            var parsed = new List<ParsedToken>();
            foreach (var text in texts)
                foreach (var sentence in SentenceSegmenter.Default.Segment(text)) parsed.AddRange(parser.Parse(text, sentence));
            if (reference is null) reference = parsed;
            else Assert.That(parsed, Is.EqualTo(reference), $"{summation}");
        }
        TestContext.Out.WriteLine($"{texts.Count} texts, {reference!.Count} words, the same with every summation");
    }
}
