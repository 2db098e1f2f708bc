using System.Text.Json;
using System.Text.RegularExpressions;
using StanceKit.Semantic;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Semantic;

/// <summary>
/// StanceKit.Semantic: the embedded heads load, the package reproduces the experiment's probabilities, the combination
/// is what it says (weight 0 the linear model exactly, weight 1 the heads), the scorer is deterministic and thread safe,
/// bad input gives a defined result, and a broken head file is an <see cref="InvalidModelException"/>.
/// </summary>
[TestFixture]
public partial class SemanticStanceScorerTests
{
    [GeneratedRegex(@"\[\[([^|\]]+)\|[A-Z]+\]\]")]
    private static partial Regex EntityMarkup();

    /// <summary>A record of data/stance/test (file, 1-based line) as the experiment read it: markup stripped, its target.</summary>
    private static (string Text, string Target) Record(string file, int line)
    {
        var json = File.ReadLines(Repo.Path("data", "stance", "test", file)).ElementAt(line - 1);
        using var doc = JsonDocument.Parse(json);
        return (EntityMarkup().Replace(doc.RootElement.GetProperty("text").GetString()!, "$1"), doc.RootElement.GetProperty("target").GetString()!);
    }

    // Printed by the experiment before the code moved (branch tokhead-s11 at 9c60f28):
    //   token-head score --model head-v5c-s1.bin,...,head-v5c-s5.bin --in X.jsonl --out Y.jsonl
    // on these records (X: sentences.jsonl lines 3 + 90k, articles.jsonl line 7), six decimals, in neutral /
    // state-framing / critical order.
    [TestCase("sentences.jsonl", 3, 0.011047, 0.955738, 0.033215)]
    [TestCase("sentences.jsonl", 93, 0.012424, 0.395986, 0.591589)]
    [TestCase("sentences.jsonl", 183, 0.001901, 0.95322, 0.044879)]
    [TestCase("sentences.jsonl", 273, 0.00196, 0.92674, 0.0713)]
    [TestCase("sentences.jsonl", 363, 0.205411, 0.000848, 0.793742)]
    [TestCase("sentences.jsonl", 453, 0.908403, 0.00231, 0.089287)]
    [TestCase("sentences.jsonl", 543, 0.005082, 0.006915, 0.988003)]
    [TestCase("sentences.jsonl", 633, 0.000189, 0.985585, 0.014226)]
    [TestCase("sentences.jsonl", 723, 0.996754, 0.00064, 0.002606)]
    [TestCase("sentences.jsonl", 813, 0.973162, 0.001154, 0.025683)]
    [TestCase("articles.jsonl", 7, 0.0266, 0.505813, 0.467587)]
    public void TheEmbeddedHeadsReproduceTheExperiment(string file, int line, double neutral, double stateFraming, double critical)
    {
        var (text, target) = Record(file, line);
        var heads = SemanticStanceScorer.Default.Heads.Score(text, target);
        Assert.That(heads, Is.EqualTo(new[] { neutral, stateFraming, critical }).Within(1e-5));
        // The public scorer with the heads alone gives the same.
        var p = new SemanticStanceScorer(semanticWeight: 1).Predict(text, target).Scores;
        Assert.That(new double[] { p.Neutral, p.StateFraming, p.Critical }, Is.EqualTo(new[] { neutral, stateFraming, critical }).Within(1e-5));
    }

    [Test]
    public void TheDefaultHasTheFiveEmbeddedHeadsOverTheDefaultClassifier()
    {
        var s = SemanticStanceScorer.Default;
        Assert.That(s.HeadCount, Is.EqualTo(5));
        Assert.That(s.Classifier, Is.SameAs(StanceClassifier.Default));
        Assert.That(s.SemanticWeight, Is.EqualTo(0.5));
        Assert.That(s.ModelName, Does.StartWith(StanceClassifier.Default.ModelName));
        Assert.That(s.ModelMetadata["semantic.heads"], Is.EqualTo("5"));
        Assert.That(SemanticStanceScorer.Default, Is.SameAs(s));
    }

    private static readonly string[] s_sentences =
    [
        "Officials said the strikes hit only military sites.",
        "The State Department said Beijing's drills were provocative.",
        "Rights groups accused the army of abuses.",
        "The ministry said the exercises were routine and posed no threat to anyone.",
        "The talks ended on Tuesday.",
        "State media hailed the president's visit as a triumph of diplomacy.",
    ];

    private static readonly string?[] s_targets = ["Russia", "China", "Myanmar", null, null, "China"];

    [Test]
    public void ProbabilitiesSumToOneAndWeightZeroIsTheLinearModelExactly()
    {
        var linearOnly = new SemanticStanceScorer(semanticWeight: 0);
        var headsOnly = new SemanticStanceScorer(semanticWeight: 1);
        Span<float> a = stackalloc float[3], b = stackalloc float[3], c = stackalloc float[3];
        for (int i = 0; i < s_sentences.Length; i++)
        {
            var target = StanceClassifier.Default.ResolveTarget(s_targets[i]);
            var stance = SemanticStanceScorer.Default.Score(s_sentences[i], a, target);
            Assert.That(a[0] + a[1] + a[2], Is.EqualTo(1f).Within(1e-5f), s_sentences[i]);
            Assert.That((int)stance, Is.EqualTo(a.IndexOf(MathF.Max(a[0], MathF.Max(a[1], a[2])))));

            var linearStance = StanceClassifier.Default.Score(s_sentences[i], b, target);
            Assert.That(linearOnly.Score(s_sentences[i], c, target), Is.EqualTo(linearStance));
            Assert.That(c.ToArray(), Is.EqualTo(b.ToArray()), "weight 0 is the linear model, bit for bit");

            var used = StanceClassifier.Default.Predict(s_sentences[i], s_targets[i]).Target;
            var heads = SemanticStanceScorer.Default.Heads.Score(s_sentences[i], used);
            headsOnly.Score(s_sentences[i], c, target);
            Assert.That(c.ToArray(), Is.EqualTo(heads.Select(v => (float)v).ToArray()), "weight 1 is the head ensemble");

            // The default: the renormalised geometric mean of the two.
            double[] g = [Math.Sqrt(b[0] * heads[0]), Math.Sqrt(b[1] * heads[1]), Math.Sqrt(b[2] * heads[2])];
            double z = g.Sum();
            Assert.That(a.ToArray(), Is.EqualTo(g.Select(v => (float)(v / z)).ToArray()).Within(1e-6f));
        }
    }

    [TestCase(-0.01)]
    [TestCase(1.01)]
    [TestCase(double.NaN)]
    public void AWeightOutsideZeroToOneIsRefused(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SemanticStanceScorer(semanticWeight: weight));

    [Test]
    public void ScoringIsDeterministic()
    {
        var other = new SemanticStanceScorer();
        foreach (var s in s_sentences)
        {
            var p1 = SemanticStanceScorer.Default.Predict(s, "China").Scores;
            var p2 = SemanticStanceScorer.Default.Predict(s, "China").Scores;
            var p3 = other.Predict(s, "China").Scores;
            Assert.That(p2, Is.EqualTo(p1));
            Assert.That(p3, Is.EqualTo(p1));
        }
    }

    [Test]
    public void ManyThreadsGetWhatOneThreadGets()
    {
        var scorer = SemanticStanceScorer.Default;
        var expected = s_sentences.Select((s, i) => scorer.Predict(s, s_targets[i]).Scores).ToArray();
        var results = new StanceScores[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            int i = k % s_sentences.Length;
            results[k] = scorer.Predict(s_sentences[i], s_targets[i]).Scores;
        });
        for (int k = 0; k < results.Length; k++) Assert.That(results[k], Is.EqualTo(expected[k % s_sentences.Length]), $"call {k}");
    }

    private static IEnumerable<TestCaseData> BadInputs()
    {
        yield return new TestCaseData("").SetName("Empty");
        yield return new TestCaseData(" \t\n ").SetName("Whitespace");
        yield return new TestCaseData("\0\u0001\u0007\u001b\u0085\u200b").SetName("ControlCharacters");
        yield return new TestCaseData("\ud800 Moscow said \udc00 the talks \ud83d went well\ud800").SetName("LoneSurrogates");
        yield return new TestCaseData("Officials in Moscow \ud83d\ude00 said the talks went well \u0301\u0301").SetName("EmojiAndLoneMarks");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("officials in moscow said the talks went well ", 1_048_576 / 45))).SetName("OneMegabyteNoPunctuation");
        yield return new TestCaseData(new string('a', 1_048_576)).SetName("OneMegabyteOneWord");
        yield return new TestCaseData(new string('\u00e9', 200) + " " + new string('\u0301', 5000)).SetName("LongAccentedWords");
    }

    [TestCaseSource(nameof(BadInputs))]
    public void BadInputGivesProbabilities(string text)
    {
        var p = SemanticStanceScorer.Default.Predict(text, "Russia").Scores;
        float[] v = [p.Neutral, p.StateFraming, p.Critical];
        Assert.That(v, Has.All.InRange(0f, 1f));
        Assert.That(v.Sum(), Is.EqualTo(1f).Within(1e-5f));
        Assert.That(TokenEncoder.Shared.Tokenize(text), Has.Length.LessThanOrEqualTo(TokenEncoder.MaxPieces));
    }

    [Test]
    public void NullIsRefusedAsByEveryScorer()
    {
        Assert.Throws<ArgumentNullException>(() => SemanticStanceScorer.Default.Predict(null!));
        Assert.Throws<ArgumentException>(() => SemanticStanceScorer.Default.Score("A sentence.", new float[2]));
    }

    [Test]
    public void ALongTextIsTokenizedAsItsStart()
    {
        // The tokenizer stops reading once the pieces are full: the same pieces as the start of the text alone.
        var start = string.Concat(Enumerable.Repeat("Officials in Moscow said the talks went well. ", 30));
        var longer = start + new string('x', 100_000) + string.Concat(Enumerable.Repeat(" more words", 10_000));
        Assert.That(TokenEncoder.Shared.Tokenize(longer), Is.EqualTo(TokenEncoder.Shared.Tokenize(start)));
    }

    [Test]
    public void AnAnalyzerWithWeightZeroAnalysesAsTheDefaultAnalyzer()
    {
        // The document path (entity context, token layer, carried speakers, document prior) treats the scorer as it
        // treats the linear model it wraps: with weight 0 every probability is the default analyzer's.
        var text = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var expected = StanceAnalyzer.Default.Analyze(text);
        var actual = new StanceAnalyzer(new SemanticStanceScorer(semanticWeight: 0)).Analyze(text);
        Assert.That(actual.Target, Is.EqualTo(expected.Target));
        Assert.That(actual.Sentences.Select(s => s.Scores), Is.EqualTo(expected.Sentences.Select(s => s.Scores)));
        Assert.That(actual.Sentences.Select(s => s.Stance), Is.EqualTo(expected.Sentences.Select(s => s.Stance)));
    }

    [Test]
    public void TheSemanticAnalyzerLabelsEverySentence()
    {
        var text = File.ReadAllText(Repo.Path("samples", "article.txt"));
        var doc = new StanceAnalyzer(SemanticStanceScorer.Default).Analyze(text);
        Assert.That(doc.Sentences, Is.Not.Empty);
        foreach (var s in doc.Sentences)
            Assert.That(s.Scores.Neutral + s.Scores.StateFraming + s.Scores.Critical, Is.EqualTo(1f).Within(1e-4f));
    }

    // ---------- the head file ----------

    private static byte[] ValidHeadFile()
    {
        using var ms = new MemoryStream();
        TokenHeadFile.Write(LoadEmbeddedHead(), ms);
        return ms.ToArray();
    }

    private static TokenHead LoadEmbeddedHead()
    {
        var asm = typeof(SemanticStanceScorer).Assembly;
        using var s = asm.GetManifestResourceStream("StanceKit.Semantic.Models.head-s1.bin")!;
        return TokenHeadFile.Read(s, "head-s1.bin");
    }

    [Test]
    public void AHeadFileRoundTrips()
    {
        var head = LoadEmbeddedHead();
        using var ms = new MemoryStream(ValidHeadFile());
        var back = TokenHeadFile.Read(ms, null);
        Assert.That(back.P, Is.EqualTo(head.P));
        Assert.That(back.Mu, Is.EqualTo(head.Mu));
        Assert.That(back.Sd, Is.EqualTo(head.Sd));
        Assert.That(back.Temperature, Is.EqualTo(head.Temperature));
        Assert.That(back.UseFlags, Is.EqualTo(head.UseFlags));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(10)]
    [TestCase(100)]
    [TestCase(1_000_000)]
    [TestCase(-1)]
    [TestCase(-32)]
    [TestCase(-33)]
    public void ATruncatedHeadFileIsAnInvalidModel(int length)
    {
        var bytes = ValidHeadFile();
        int keep = length >= 0 ? length : bytes.Length + length;
        using var ms = new MemoryStream(bytes, 0, keep);
        var e = Assert.Throws<InvalidModelException>(() => TokenHeadFile.Read(ms, "cut.bin"));
        Assert.That(e!.ModelSource, Is.EqualTo("cut.bin"));
    }

    [TestCase(20)]
    [TestCase(5000)]
    [TestCase(2_000_000)]
    public void AFlippedByteIsAnInvalidModel(int offset)
    {
        var bytes = ValidHeadFile();
        bytes[offset] ^= 0x40;
        using var ms = new MemoryStream(bytes);
        var e = Assert.Throws<InvalidModelException>(() => TokenHeadFile.Read(ms, "flipped.bin"));
        Assert.That(e!.Message, Does.Contain("checksum"));
    }

    [Test]
    public void AnUnknownVersionOrMagicIsAnInvalidModel()
    {
        var bytes = ValidHeadFile();
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 99);
        using (var ms = new MemoryStream(bytes))
            Assert.That(Assert.Throws<InvalidModelException>(() => TokenHeadFile.Read(ms, null))!.Message, Does.Contain("version 99"));
        var other = ValidHeadFile();
        other[0] = (byte)'X';
        using (var ms = new MemoryStream(other))
            Assert.That(Assert.Throws<InvalidModelException>(() => TokenHeadFile.Read(ms, null))!.Message, Does.Contain("not a StanceKit token-head file"));
    }

    [Test]
    public void FromHeadFilesReadsGoodFilesAndRefusesBrokenOnes()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-heads-");
        try
        {
            var good = Path.Combine(dir.FullName, "good.bin");
            var bad = Path.Combine(dir.FullName, "bad.bin");
            var bytes = ValidHeadFile();
            File.WriteAllBytes(good, bytes);
            File.WriteAllBytes(bad, bytes[..(bytes.Length / 2)]);
            var one = SemanticStanceScorer.FromHeadFiles([good], semanticWeight: 1);
            Assert.That(one.HeadCount, Is.EqualTo(1));
            Assert.That(one.Predict("The talks ended on Tuesday.").Scores.Neutral, Is.InRange(0f, 1f));
            var e = Assert.Throws<InvalidModelException>(() => SemanticStanceScorer.FromHeadFiles([good, bad]));
            Assert.That(e!.ModelSource, Is.EqualTo(bad));
            Assert.Throws<ArgumentException>(() => SemanticStanceScorer.FromHeadFiles([]));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
