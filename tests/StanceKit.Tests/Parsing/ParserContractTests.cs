using System.Text.Json;
using StanceKit.Parsing;
using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

public class ParserContractTests
{
    private static IEnumerable<string> CorpusTexts()
    {
        foreach (var file in Directory.GetFiles(Repo.Path("data", "stance"), "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    yield return StanceKit.Internal.EntityMarkup.Parse(t.GetString()!).Text;
            }
        }
    }

    [Test]
    public void EverySentenceOfTheCorpusGivesAWellFormedTree()
    {
        var parser = DependencyParser.Default;
        int sentences = 0, words = 0;
        foreach (var text in CorpusTexts())
        {
            foreach (var s in SentenceSegmenter.Default.Segment(text))
            {
                var parsed = parser.Parse(text, s);
                ParseAssert.WellFormed(parsed.AsSpan(), s, $"'{text.Substring(s.Start, s.Length)}'");
                Assert.That(parsed.Count, Is.EqualTo(parser.CountWords(text, s)));
                sentences++;
                words += parsed.Count;
            }
        }
        Assert.That(sentences, Is.GreaterThan(500));
        Assert.That(words, Is.GreaterThan(10 * sentences));
    }

    private static IEnumerable<TestCaseData> Hostile()
    {
        yield return new TestCaseData("").SetName("empty");
        yield return new TestCaseData("   \t\n  \u00A0 ").SetName("whitespace");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("word and ", 120_000))).SetName("about 1 MB without punctuation");
        yield return new TestCaseData("He said \uD800 it \uDC00 was \uD83D\uDE00 fine.").SetName("lone surrogates and an emoji");
        yield return new TestCaseData("A\u0000B\u0001 C\u0007\u001B[31m D\u200B\uFEFF e.").SetName("control characters");
        yield return new TestCaseData(new string('\'', 5000)).SetName("apostrophes only");
        yield return new TestCaseData("don't can't I'll they’re we've I'm he'd n't 't ' t").SetName("contractions and stray pieces");
        yield return new TestCaseData(new string('-', 3000) + "x").SetName("long punctuation run");
    }

    [TestCaseSource(nameof(Hostile))]
    public void HostileInputGivesAWellFormedTree(string text)
    {
        var parser = DependencyParser.Default;
        var whole = new TextSpan(0, text.Length);
        var parsed = parser.Parse(text, whole);
        ParseAssert.WellFormed(parsed.AsSpan(), whole, "hostile");
        var buffer = new ParsedToken[parser.CountWords(text, whole)];
        Assert.That(parser.Parse(text.AsSpan(), whole, buffer), Is.EqualTo(parsed.Count));
        Assert.That(buffer, Is.EqualTo(parsed.AsSpan().ToArray()));
    }

    [Test]
    public void ASentenceLongerThanTheCapIsParsedInPiecesUnderOneRoot()
    {
        var text = string.Concat(Enumerable.Repeat("the cat sat ", 300)); // 900 words
        var parsed = DependencyParser.Default.Parse(text);
        Assert.That(parsed.Count, Is.EqualTo(900));
        ParseAssert.WellFormed(parsed.AsSpan(), new TextSpan(0, text.Length), "long");
        // Every piece after the first hangs off the first root with dep.
        int root = parsed.RootIndex;
        Assert.That(root, Is.LessThan(DependencyParser.MaxSentenceWords));
        int pieces = parsed.AsSpan().ToArray().Count(t => t.Head == root && t.Relation == DependencyRelation.Dep);
        Assert.That(pieces, Is.GreaterThanOrEqualTo(900 / DependencyParser.MaxSentenceWords));
    }

    [Test]
    public void OffsetsAreIntoTheCallersTextAndContractionsAreSplitTheUDWay()
    {
        const string text = "Intro. They don't know what I’ll do.";
        var sentence = TextSpan.FromBounds(7, text.Length);
        var parsed = DependencyParser.Default.Parse(text, sentence);
        var forms = parsed.Select(t => text[t.Start..t.End]).ToArray();
        Assert.That(forms, Is.EqualTo(new[] { "They", "do", "n't", "know", "what", "I", "’ll", "do", "." }));
        Assert.That(parsed[2].Pos, Is.EqualTo(UniversalPos.Part));
        Assert.That(parsed[parsed[2].Head].Pos, Is.EqualTo(UniversalPos.Verb), "n't attaches to the verb");
        Assert.That(parsed[1].Pos, Is.EqualTo(UniversalPos.Aux));
    }

    [Test]
    public void SentenceOutsideTheTextIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DependencyParser.Default.Parse("abc", new TextSpan(2, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DependencyParser.Default.Parse("abc", new TextSpan(-1, 2)));
    }

    [Test]
    public void TooShortDestinationIsRejected()
    {
        var buffer = new ParsedToken[2];
        Assert.Throws<ArgumentException>(() => DependencyParser.Default.Parse("One two three four.".AsSpan(), new TextSpan(0, 19), buffer));
    }

    [Test]
    public void TokenEntryGivesOneAnalysisPerTokenizerToken()
    {
        const string text = "Officials in Kyiv don't think Russia's army will stop.";
        var tokens = new Token[64];
        int n = NewsTokenizer.Tokenize(text, tokens);
        var pos = new UniversalPos[n];
        var heads = new int[n];
        var rels = new DependencyRelation[n];
        DependencyParser.Default.ParseTokens(text, tokens.AsSpan(0, n), pos, heads, rels);
        Assert.That(heads.Count(h => h < 0), Is.EqualTo(1));
        for (int k = 0; k < n; k++)
        {
            Assert.That(heads[k], Is.InRange(-1, n - 1));
            int x = k, steps = 0;
            while (heads[x] >= 0 && steps <= n) { x = heads[x]; steps++; }
            Assert.That(steps, Is.LessThanOrEqualTo(n), "no cycle");
        }
        int don = Array.FindIndex(tokens, 0, n, t => text.AsSpan(t.Start, t.Length).SequenceEqual("don"));
        // "don" "'" "t": the apostrophe anchors "n't"; "t" goes with it.
        Assert.That(text.AsSpan(tokens[don + 2].Start, tokens[don + 2].Length).ToString(), Is.EqualTo("t"));
        Assert.That(heads[don + 2], Is.EqualTo(don + 1));
        Assert.That(rels[don + 2], Is.EqualTo(DependencyRelation.Goeswith));
        Assert.That(pos[don + 1], Is.EqualTo(UniversalPos.Part));
        // The same analysis as the public API for the anchors.
        var parsed = DependencyParser.Default.Parse(text);
        Assert.That(parsed.Count, Is.EqualTo(n - 1));
        Assert.That(parsed.Select(t => t.Relation), Is.EqualTo(rels.Where((_, k) => k != don + 2)));
    }
}
