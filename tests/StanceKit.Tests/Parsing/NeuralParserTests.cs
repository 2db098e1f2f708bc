using StanceKit.ML.Parsing;
using StanceKit.Parsing;
using StanceKit.Parsing.Neural;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Parsing;

public class NeuralParserTests
{
    private static readonly NeuralConfig s_small = new(WordDim: 6, AffixDim: 3, ShapeDim: 2, TagDim: 3, Hidden: 5, Layers: 2, ArcDim: 7, RelDim: 4,
        Words: 10, Prefixes: 6, Suffixes: 6, Relations: 5);

    private static float[] RandomWeights(NeuralConfig c, int seed)
    {
        var layout = new NeuralLayout(c);
        var w = new float[layout.Total];
        var rng = new Random(seed);
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() * 2 - 1) * 0.5f;
        return w;
    }

    private static (NeuralInput Input, int[] Heads, int[] Rels) RandomSentence(NeuralConfig c, int n, int seed)
    {
        var rng = new Random(seed);
        var input = new NeuralInput();
        input.Ensure(n + 1);
        var heads = new int[n + 1];
        var rels = new int[n + 1];
        for (int i = 0; i <= n; i++)
        {
            input.Word[i] = i == 0 ? NeuralWords.Root : rng.Next(1, c.Words);
            input.Prefix[i] = i == 0 ? NeuralWords.Root : rng.Next(1, c.Prefixes);
            input.Suffix[i] = i == 0 ? NeuralWords.Root : rng.Next(1, c.Suffixes);
            input.Shape[i] = i == 0 ? NeuralWords.RootShape : rng.Next(0, NeuralConfig.Shapes - 1);
            input.Tag[i] = i == 0 ? NeuralWords.RootTag : rng.Next(0, NeuralConfig.Tags - 1);
            if (i > 0)
            {
                int h;
                do h = rng.Next(0, n + 1); while (h == i);
                heads[i] = h;
                rels[i] = rng.Next(c.Relations);
            }
        }
        return (input, heads, rels);
    }

    private static double LossOf(BiaffineNetwork net, float[] w, NeuralInput input, int[] heads, int[] rels, float dropout)
    {
        net.Forward(w, input, dropout, dropout > 0 ? new Random(99) : null);
        net.ScoreRelations(w, heads);
        return net.Loss(heads, rels);
    }

    /// <summary>The parameter blocks of the small network, one per layer type (name, first index, length).</summary>
    private static IEnumerable<(string Name, int At, int Length)> Blocks(NeuralConfig c)
    {
        var l = new NeuralLayout(c);
        yield return ("word embeddings", l.EWord, c.Words * c.WordDim);
        yield return ("prefix embeddings", l.EPre, c.Prefixes * c.AffixDim);
        yield return ("suffix embeddings", l.ESuf, c.Suffixes * c.AffixDim);
        yield return ("shape embeddings", l.EShape, NeuralConfig.Shapes * c.ShapeDim);
        yield return ("tag embeddings", l.ETag, NeuralConfig.Tags * c.TagDim);
        for (int k = 0; k < 2 * c.Layers; k++)
        {
            yield return ($"LSTM {k} input weights", l.Wx[k], 4 * c.Hidden * l.In[k / 2]);
            yield return ($"LSTM {k} recurrent weights", l.Wh[k], 4 * c.Hidden * c.Hidden);
            yield return ($"LSTM {k} bias", l.B[k], 4 * c.Hidden);
        }
        yield return ("arc dependent MLP", l.ArcDepW, c.ArcDim * 2 * c.Hidden + c.ArcDim);
        yield return ("arc head MLP", l.ArcHeadW, c.ArcDim * 2 * c.Hidden + c.ArcDim);
        yield return ("relation dependent MLP", l.RelDepW, c.RelDim * 2 * c.Hidden + c.RelDim);
        yield return ("relation head MLP", l.RelHeadW, c.RelDim * 2 * c.Hidden + c.RelDim);
        yield return ("arc biaffine", l.U, (c.ArcDim + 1) * c.ArcDim);
        yield return ("relation biaffine", l.RelW, (int)(l.Total - l.RelW));
    }

    [TestCase(0f)]
    [TestCase(0.33f)]
    public void GradientsMatchFiniteDifferences(float dropout)
    {
        var c = s_small;
        var w = RandomWeights(c, 7);
        var (input, heads, rels) = RandomSentence(c, 6, 11);
        var net = new BiaffineNetwork(c);
        LossOf(net, w, input, heads, rels, dropout);
        var grad = new float[w.Length];
        net.Backward(w, grad, input, heads, rels);
        var rng = new Random(5);
        foreach (var (name, at, length) in Blocks(c))
        {
            int checkedCount = 0;
            double worst = 0;
            for (int trial = 0; trial < 40; trial++)
            {
                int i = at + rng.Next(length);
                // Two step sizes: float rounding spoils the small one, a LeakyReLU kink inside the step the large one;
                // a wrong gradient fails both.
                double error = double.MaxValue, numeric = 0;
                foreach (float eps in (float[])[1e-3f, 4e-3f])
                {
                    float keep = w[i];
                    w[i] = keep + eps;
                    double up = LossOf(net, w, input, heads, rels, dropout);
                    w[i] = keep - eps;
                    double down = LossOf(net, w, input, heads, rels, dropout);
                    w[i] = keep;
                    numeric = (up - down) / (2 * eps);
                    error = Math.Min(error, Math.Abs(numeric - grad[i]) / Math.Max(1e-2, Math.Abs(numeric) + Math.Abs(grad[i])));
                }
                worst = Math.Max(worst, error);
                if (grad[i] != 0 || numeric != 0) checkedCount++;
            }
            Assert.That(worst, Is.LessThan(2e-2), $"{name}: worst relative error {worst}");
            if (!name.Contains("embeddings", StringComparison.Ordinal)) Assert.That(checkedCount, Is.GreaterThan(0), name);
        }
    }

    [Test]
    public void EisnerFindsTheBestProjectiveSingleRootTree()
    {
        var rng = new Random(3);
        var decoder = new Eisner();
        for (int round = 0; round < 20; round++)
        {
            int n = 1 + rng.Next(5), t = n + 1;
            var s = new float[t * t];
            for (int i = 0; i < s.Length; i++) s[i] = (float)rng.NextDouble() * 4 - 2;
            var heads = new int[t];
            decoder.Decode(t, new Table(s, t), heads);
            // Brute force over every head assignment.
            double best = double.NegativeInfinity;
            var h = new int[t];
            int total = (int)Math.Pow(t, n);
            for (int code = 0; code < total; code++)
            {
                int x = code;
                for (int i = 1; i < t; i++) { h[i] = x % t; x /= t; }
                if (!IsSingleRootProjectiveTree(h, n)) continue;
                double score = 0;
                for (int i = 1; i < t; i++) score += s[h[i] * t + i];
                best = Math.Max(best, score);
            }
            double got = 0;
            for (int i = 1; i < t; i++) got += s[heads[i] * t + i];
            Assert.That(IsSingleRootProjectiveTree(heads, n), Is.True);
            Assert.That(got, Is.EqualTo(best).Within(1e-4));
        }
    }

    private readonly struct Table(float[] s, int t) : IArcScores
    {
        public float Score(int head, int dependent) => s[head * t + dependent];
    }

    private static bool IsSingleRootProjectiveTree(int[] h, int n)
    {
        int roots = 0;
        for (int i = 1; i <= n; i++)
        {
            if (h[i] == i) return false;
            if (h[i] == 0) roots++;
            int k = i;
            for (int steps = 0; k != 0; steps++)
            {
                if (steps > n) return false;
                k = h[k];
            }
        }
        return roots == 1 && !ParserTrainer.IsNonProjective(h.AsSpan(1, n).ToArray());
    }

    private static NeuralParserModel SmallModel()
    {
        var c = s_small;
        string[] Names(string p, int count) => Enumerable.Range(0, count).Select(i => p + i).ToArray();
        var relations = new[] { DependencyRelation.Root, DependencyRelation.Nsubj, DependencyRelation.Obj, DependencyRelation.Det, DependencyRelation.Punct };
        return new NeuralParserModel(c, Names("w", c.Words - 3), Names("p", c.Prefixes - 3), Names("s", c.Suffixes - 3), relations, RandomWeights(c, 2), "TEST");
    }

    private static (int[] Heads, int[] Labels, float[] Scores) ParseWith(NeuralParserModel model)
    {
        var ctx = new NeuralParseContext(model);
        model.Fill(ctx.Input, ["w0", "The", "cat", "sat", "p1", "."], [1, 2, 3, 4, 5, 6]);
        var heads = new int[7];
        var labels = new int[7];
        model.Parse(ctx, heads, labels);
        var scores = new List<float>();
        for (int i = 1; i < 7; i++) { scores.AddRange(ctx.Network.ArcLogProbabilities(i).ToArray()); scores.AddRange(ctx.Network.RelationLogProbabilities(i).ToArray()); }
        return (heads, labels, scores.ToArray());
    }

    [Test]
    public void SaveAndLoadGiveIdenticalScores()
    {
        var model = SmallModel();
        using var ms = new MemoryStream();
        model.Save(ms);
        var loaded = NeuralParserModel.Load(new MemoryStream(ms.ToArray()));
        var (h1, l1, s1) = ParseWith(model);
        var (h2, l2, s2) = ParseWith(loaded);
        Assert.That(h2, Is.EqualTo(h1));
        Assert.That(l2, Is.EqualTo(l1));
        Assert.That(s2, Is.EqualTo(s1));
        Assert.That(loaded.Relations, Is.EqualTo(model.Relations));
        Assert.That(loaded.TaggerFingerprint, Is.EqualTo("TEST"));
    }

    [Test]
    public void TruncatedOrCorruptFilesAreRefused()
    {
        var model = SmallModel();
        using var ms = new MemoryStream();
        model.Save(ms);
        var bytes = ms.ToArray();
        foreach (int length in new[] { 0, 4, 8, 11, 12, 20, 60, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
            Assert.Throws<InvalidModelException>(() => NeuralParserModel.Load(new MemoryStream(bytes[..length])), $"length {length}");
        for (int at = 0; at < bytes.Length; at += 97)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[at] ^= 0x5A;
            Assert.Throws<InvalidModelException>(() => NeuralParserModel.Load(new MemoryStream(corrupt)), $"byte {at}");
        }
        Assert.Throws<InvalidModelException>(() => NeuralParserModel.Load(new MemoryStream("not a model at all"u8.ToArray())));
    }

    [Test]
    public void ShapesAndKeys()
    {
        Assert.That(NeuralWords.Key("Year-2019"), Is.EqualTo("year-0000"));
        Assert.That(new[] { "cat", "Cat", "CAT", "iPhone", "1999", "A4", "," }.Select(w => NeuralWords.Shape(w)), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void DependencyParserLoadsANeuralModelAndParsesTrees()
    {
        using var ms = new MemoryStream();
        SmallModel().Save(ms);
        var parser = DependencyParser.Load(new MemoryStream(ms.ToArray()));
        Assert.That(parser.Neural, Is.Not.Null);
        const string Text = "The cat didn't sit on the mat, said Mr. Smith.";
        var parsed = parser.Parse(Text);
        Assert.That(parsed.Count, Is.GreaterThan(5));
        Assert.That(parsed.Count(t => t.Head < 0), Is.EqualTo(1));
        foreach (var t in parsed)
        {
            int k = t.Head, steps = 0;
            while (k >= 0 && steps++ <= parsed.Count) k = parsed[k].Head;
            Assert.That(k, Is.EqualTo(-1), "no cycle");
            Assert.That(t.Head < 0 ? t.Relation == DependencyRelation.Root : t.Relation != DependencyRelation.Root, Is.True);
        }
        Assert.That(parser.Parse(Text).Select(t => (t.Head, t.Relation, t.Pos)), Is.EqualTo(parsed.Select(t => (t.Head, t.Relation, t.Pos))));
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(ms.ToArray()[..^3])));
    }

    [Test]
    public void TheShippedNeuralModelLoadsAndParsesTrees()
    {
        var parser = DependencyParser.Load(Repo.Path("models", "parser", "neural-parser.bin"));
        Assert.That(parser.Neural, Is.Not.Null);
        const string Text = "Police detained 250 protesters in Minsk on Sunday, the interior ministry said.";
        var parsed = parser.Parse(Text);
        Assert.That(parsed.Count, Is.EqualTo(14));
        Assert.That(parsed.Count(t => t.Head < 0), Is.EqualTo(1));
        // "said" is the root and "detained" its clausal complement, as EWT analyses reported speech.
        var said = parsed.Single(t => Text[t.Start..t.End] == "said");
        var detained = parsed.Single(t => Text[t.Start..t.End] == "detained");
        Assert.That(said.Head, Is.EqualTo(-1));
        Assert.That(parsed[detained.Head].Start, Is.EqualTo(said.Start));
        Assert.That(detained.Relation, Is.EqualTo(DependencyRelation.Ccomp));
        var police = parsed.Single(t => Text[t.Start..t.End] == "Police");
        Assert.That(parsed[police.Head].Start, Is.EqualTo(detained.Start));
        Assert.That(police.Relation, Is.EqualTo(DependencyRelation.Nsubj));
    }

    [Test]
    public void TheNeuralSpanApiAllocatesNothingPerSentence()
    {
        var parser = DependencyParser.Load(Repo.Path("models", "parser", "neural-parser.bin"));
        string[] sentences =
        [
            "Police detained 250 protesters in Minsk on Sunday, the interior ministry said.",
            "The ministry didn't comment on the report, which rights groups called \"deeply alarming\".",
            "Xinjiang's officials said the US-led sanctions were unjustified.",
        ];
        var buffer = new ParsedToken[256];
        foreach (var s in sentences) parser.Parse(s.AsSpan(), new TextSpan(0, s.Length), buffer);
        int total = 0;
        long allocated = Allocations.InSteadyState(() =>
        {
            total = 0;
            for (int round = 0; round < 20; round++)
                foreach (var s in sentences) total += parser.Parse(s.AsSpan(), new TextSpan(0, s.Length), buffer);
        });
        Assert.That(total, Is.EqualTo(20 * sentences.Sum(s => parser.CountWords(s, new TextSpan(0, s.Length)))));
        Assert.That(allocated, Is.Zero);
    }
}
