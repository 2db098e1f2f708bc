using System.Runtime.Intrinsics;
using StanceKit.Parsing;
using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

/// <summary>
/// The 8-bit tables (<see cref="WeightTable.Quantize"/> with eightBit, the experiment of
/// <see cref="ParserModel.EightBitParseTables"/>): every layout adds the integers of the 8-bit quantization written out,
/// the best index is the first largest of them, and a parser with 8-bit move and relation tables allocates nothing.
/// </summary>
public class EightBitTableTests
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
    public void EverySummationGivesTheScoresOfAPlainEightBitSum(int stride)
    {
        const int bits = 8;
        var random = new Random(stride + 1000);
        var weights = new float[(1 << bits) * stride];
        for (int i = 0; i < weights.Length; i++) weights[i] = random.Next(4) == 0 ? 0f : (float)(random.NextDouble() * 2 - 1);
        weights[random.Next(weights.Length)] = -1.5f; // the largest magnitude: maps to -127
        var table = new WeightTable(bits, stride, weights);
        var features = new ulong[40];
        var expected = new float[stride];
        var actual = new float[stride + 1];
        for (int trial = 0; trial < 50; trial++)
        {
            int count = random.Next(features.Length + 1);
            for (int k = 0; k < count; k++) features[k] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            if (count > 0) features[0] = ulong.MaxValue; // the last row: a read past its end must not count anything
            PlainSum(weights, stride, features.AsSpan(0, count), expected);
            foreach (var summation in Enum.GetValues<QuantizedSummation>())
            {
                table.Quantize(summation, eightBit: true);
                Assert.That(table.IsEightBit, Is.True);
                actual[stride] = 12345f;
                table.Score(features.AsSpan(0, count), actual);
                Assert.That(actual[..stride], Is.EqualTo(expected), $"{summation}, {count} features");
                Assert.That(actual[stride], Is.EqualTo(12345f), "a score past the stride was written");
            }
        }
    }

    [TestCase(3)]
    public void SumRows3AddsTheEightBitRows(int stride)
    {
        const int bits = 8;
        var random = new Random(77);
        var weights = new float[(1 << bits) * stride];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() * 2 - 1);
        var table = new WeightTable(bits, stride, weights);
        table.Quantize(eightBit: true);
        var features = new ulong[30];
        var expected = new float[stride];
        for (int trial = 0; trial < 50; trial++)
        {
            int count = random.Next(features.Length + 1);
            for (int k = 0; k < count; k++) features[k] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            if (count > 0) features[0] = ulong.MaxValue;
            PlainSum(weights, stride, features.AsSpan(0, count), expected);
            Assert.That(table.RowBytes3, Is.True);
            var sums = table.SumRows3Bytes(features.AsSpan(0, count));
            for (int c = 0; c < 3; c++) Assert.That(sums.GetElement(c) * table.QuantizedScale, Is.EqualTo(expected[c]));
        }
    }

    [TestCase(17)]
    [TestCase(40)]
    [TestCase(51)]
    [TestCase(61)]
    [TestCase(64)]
    public void ArgMaxOfSumsIsTheFirstLargestPlainEightBitSum(int stride)
    {
        const int bits = 8;
        var random = new Random(stride * 11);
        var weights = new float[(1 << bits) * stride];
        for (int i = 0; i < weights.Length; i++) weights[i] = random.Next(3) == 0 ? 0f : random.Next(-3, 4) / 3f; // ties happen
        var table = new WeightTable(bits, stride, weights);
        table.Quantize(eightBit: true);
        var features = new ulong[40];
        var expected = new float[stride];
        Span<int> sums = stackalloc int[WeightTable.MaxArgMaxStride];
        for (int trial = 0; trial < 200; trial++)
        {
            int count = random.Next(1, features.Length + 1);
            for (int k = 0; k < count; k++) features[k] = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            if (trial % 5 == 0) features[0] = ulong.MaxValue;
            PlainSum(weights, stride, features.AsSpan(0, count), expected);
            int skip = trial % 3 == 0 ? random.Next(stride) : -1;
            int best = -1;
            for (int c = 0; c < stride; c++)
                if (c != skip && (best < 0 || expected[c] > expected[best])) best = c;
            Assert.That(table.ArgMaxOfSums(features.AsSpan(0, count), sums, skip), Is.EqualTo(best), $"{count} features, skip {skip}");
        }
    }

    /// <summary>The 8-bit quantization written out (the largest magnitude maps to ±127), summed one weight at a time.</summary>
    private static void PlainSum(float[] weights, int stride, ReadOnlySpan<ulong> features, float[] scores)
    {
        float max = weights.Max(Math.Abs);
        float toFixed = 127f / max, scale = max / 127f;
        for (int c = 0; c < stride; c++)
        {
            int sum = 0;
            foreach (ulong f in features)
            {
                int q = (int)MathF.Round(weights[(int)(f >> (64 - 8)) * stride + c] * toFixed);
                Assert.That(q, Is.InRange(-127, 127));
                sum += q;
            }
            scores[c] = sum * scale;
        }
    }

    /// <summary>A parser of its own with 8-bit move and relation tables (the default parser is shared by other tests).</summary>
    private static DependencyParser EightBitParser()
    {
        var parser = DependencyParser.Load(ModelPath);
        parser.Model.Moves.Quantize(eightBit: true);
        parser.Model.Labels.Quantize(eightBit: true);
        return parser;
    }

    [Test]
    public void EverySummationParsesTheSameWithEightBitTables()
    {
        var texts = new List<string>
        {
            "Chinese President Xi Jinping met Senior Colonel Xiao Gan in Beijing on Monday.",
            "“We’ll respond,” said General Abdel-Fattah al-Burhan, whose army retook Wad Madani in January.",
        };
        if (File.Exists(DevPath))
        {
            foreach (var line in File.ReadLines(DevPath).Take(4000))
                if (line.StartsWith("# text = ", StringComparison.Ordinal)) texts.Add(line["# text = ".Length..]);
        }
        var parser = DependencyParser.Load(ModelPath);
        var tables = new[] { parser.Model.Moves, parser.Model.Labels };
        List<ParsedToken>? reference = null;
        foreach (var summation in Enum.GetValues<QuantizedSummation>())
        {
            // Memory keeps the 8-bit integers in shorts; Registers reads bytes.
            foreach (var t in tables) t.Quantize(summation, eightBit: true);
            var parsed = new List<ParsedToken>();
            foreach (var text in texts)
                foreach (var sentence in SentenceSegmenter.Default.Segment(text)) parsed.AddRange(parser.Parse(text, sentence));
            if (reference is null) reference = parsed;
            else Assert.That(parsed, Is.EqualTo(reference), $"{summation}");
        }
    }

    [Test]
    public void SpanApiAllocatesNothingWithEightBitTables()
    {
        var parser = EightBitParser();
        Assert.That(parser.Model.Moves.IsEightBit && parser.Model.Labels.IsEightBit && !parser.Model.Tags.IsEightBit, Is.True);
        string[] sentences =
        [
            "Chinese President Xi Jinping met Senior Colonel Xiao Gan in Beijing on Monday.",
            "KYIV, Ukraine \u2014 Pro-Russian forces shelled Kupiansk overnight, Ukraine's Defense Ministry said.",
        ];
        var buffer = new ParsedToken[128];
        foreach (var s in sentences) parser.Parse(s.AsSpan(), new TextSpan(0, s.Length), buffer);
        int total = 0;
        long allocated = Allocations.InSteadyState(() =>
        {
            total = 0;
            for (int round = 0; round < 100; round++)
                foreach (var s in sentences) total += parser.Parse(s.AsSpan(), new TextSpan(0, s.Length), buffer);
        });
        Assert.That(total, Is.GreaterThan(100 * sentences.Length * 10));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ModelsLoadWithEightBitMoveAndRelationTablesByDefault()
    {
        Assert.That(ParserModel.EightBitParseTables, Is.True);
        var parser = DependencyParser.Load(ModelPath);
        Assert.That(parser.Model.Moves.IsEightBit, Is.True);
        Assert.That(parser.Model.Labels.IsEightBit, Is.True);
        Assert.That(parser.Model.Tags.IsEightBit, Is.False, "the tag table stays 16-bit");
    }
}
