using StanceKit.Parsing;
using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

/// <summary>
/// The greedy parser's fast paths (session 8): the move features in groups whose integer sums are kept while a move
/// leaves them unchanged, and the best tag and relation taken from the integer sums. Both must give exactly what
/// the plain paths give.
/// </summary>
public class ParserFastPathTests
{
    private static string ModelPath => Repo.Path("models", "parser", "parser.bin");
    private static string DevPath => Path.GetFullPath(Repo.Path("..", "shared", "ud-english-ewt", "en_ewt-ud-dev.conllu"));

    private static List<string> Texts()
    {
        var texts = new List<string>
        {
            "Chinese President Xi Jinping met Senior Colonel Xiao Gan in Beijing on Monday.",
            "“We’ll respond,” said General Abdel-Fattah al-Burhan, whose army retook Wad Madani in January.",
            "Opponents of the president blame his government, which denies it.",
            "He said that the talks, which began in May and were expected to end soon, had stalled because neither side would give ground.",
        };
        if (File.Exists(DevPath))
        {
            foreach (var line in File.ReadLines(DevPath))
                if (line.StartsWith("# text = ", StringComparison.Ordinal)) texts.Add(line["# text = ".Length..]);
        }
        else TestContext.Out.WriteLine($"UD English EWT not found at {DevPath}: sample sentences only.");
        return texts;
    }

    [Test]
    public void TheFeatureGroupsAreTheMoveFeatures()
    {
        var parser = DependencyParser.Load(ModelPath);
        var model = parser.Model;
        var state = new ParseState();
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<ulong> g = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<float> scores = stackalloc float[ParseState.MoveCount];
        Span<float> labelScores = stackalloc float[64];
        var tokens = new Token[4096];
        var words = new WordSpan[4096];
        var tokenWord = new int[4096];
        long configurations = 0;
        foreach (var text in Texts())
        {
            foreach (var sentence in SentenceSegmenter.Default.Segment(text))
            {
                var slice = sentence.Slice(text);
                int nt = NewsTokenizer.Tokenize(slice, tokens);
                int n = ParserWords.Split(slice, tokens.AsSpan(0, nt), words, tokenWord);
                if (n == 0) continue;
                state.SetWords(slice, words.AsSpan(0, Math.Min(n, DependencyParser.MaxSentenceWords)), model.Clusters, model.ClusterUse);
                model.Tag(state);
                state.RichLabels = model.RichLabels;
                state.SecondTags = model.SecondTags;
                state.StartParse();
                while (!state.Terminal)
                {
                    int move;
                    if (state.Sp == 1) move = ParseState.Shift;
                    else if (state.B > state.N) move = ParseState.Right;
                    else
                    {
                        int nf = state.MoveFeatures(f);
                        int ng = 0;
                        ng += state.MoveFeaturesStackA(g[ng..]);
                        ng += state.MoveFeaturesStackB(g[ng..]);
                        ng += state.MoveFeaturesBufferA(g[ng..]);
                        ng += state.MoveFeaturesBufferB(g[ng..]);
                        ng += state.MoveFeaturesMixed(g[ng..]);
                        var all = f[..nf].ToArray();
                        var grouped = g[..ng].ToArray();
                        Array.Sort(all);
                        Array.Sort(grouped);
                        Assert.That(grouped, Is.EqualTo(all), $"configuration {configurations}");
                        configurations++;
                        model.Moves.Score(f[..nf], scores);
                        move = ParserModel.BestLegal(state, scores);
                    }
                    int label = move != ParseState.Shift ? model.BestLabel(state, move, f, labelScores) : 0;
                    state.Apply(move, label);
                }
            }
        }
        TestContext.Out.WriteLine($"{configurations} configurations: the groups hold every move feature once");
    }

    [Test]
    public void TheFastPathsParseAsThePlainOnes()
    {
        var texts = Texts();
        // A parser of its own: switching the default parser's paths would race with other tests using it.
        var parser = DependencyParser.Load(ModelPath);
        List<ParsedToken>? reference = null;
        foreach (var (cached, argMax) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            parser.Model.CachedMoveSums = cached;
            parser.Model.IntegerArgMax = argMax;
            var parsed = new List<ParsedToken>();
            foreach (var text in texts)
                foreach (var sentence in SentenceSegmenter.Default.Segment(text)) parsed.AddRange(parser.Parse(text, sentence));
            if (reference is null) reference = parsed;
            else Assert.That(parsed, Is.EqualTo(reference), $"cached move sums {cached}, integer argmax {argMax}");
        }
        TestContext.Out.WriteLine($"{texts.Count} texts, {reference!.Count} words, the same on every path");
    }
}
