using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

public class ParserAllocationTests
{
    private static readonly string[] s_sentences =
    [
        "Chinese President Xi Jinping met Senior Colonel Xiao Gan in Beijing on Monday.",
        "The Shanghai Cooperation Organization (SCO) said the Iranian Foreign Ministry hadn't been invited.",
        "KYIV, Ukraine \u2014 Pro-Russian forces shelled Kupiansk overnight, Ukraine's Defense Ministry said.",
        "“We’ll respond,” said General Abdel-Fattah al-Burhan, whose army retook Wad Madani in January.",
        "Officials like Tanvir Ahmed said the US-led coalition would stay in the Gulf until 2026.",
    ];

    [Test]
    public void SpanApiAllocatesNothingAfterWarmUp()
    {
        var parser = DependencyParser.Default;
        var buffer = new ParsedToken[128];
        foreach (var s in s_sentences) parser.Parse(s.AsSpan(), new TextSpan(0, s.Length), buffer);

        int total = 0;
        long allocated = Allocations.InSteadyState(() =>
        {
            total = 0;
            for (int round = 0; round < 100; round++)
            {
                foreach (var s in s_sentences)
                {
                    total += parser.CountWords(s.AsSpan(), new TextSpan(0, s.Length));
                    total += parser.Parse(s.AsSpan(), new TextSpan(0, s.Length), buffer);
                }
            }
        });

        Assert.That(total, Is.GreaterThan(2 * 100 * s_sentences.Length * 10));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void TokenEntryAllocatesNothingAfterWarmUp()
    {
        var parser = DependencyParser.Default;
        var tokens = new Token[128];
        var pos = new UniversalPos[128];
        var heads = new int[128];
        var rels = new DependencyRelation[128];
        foreach (var s in s_sentences)
        {
            int n = NewsTokenizer.Tokenize(s, tokens);
            parser.ParseTokens(s, tokens.AsSpan(0, n), pos, heads, rels);
        }

        int roots = 0;
        long allocated = Allocations.InSteadyState(() =>
        {
            roots = 0;
            for (int round = 0; round < 100; round++)
            {
                foreach (var s in s_sentences)
                {
                    int n = NewsTokenizer.Tokenize(s, tokens);
                    parser.ParseTokens(s, tokens.AsSpan(0, n), pos, heads, rels);
                    for (int k = 0; k < n; k++) if (heads[k] < 0) roots++;
                }
            }
        });

        Assert.That(roots, Is.EqualTo(100 * s_sentences.Length));
        Assert.That(allocated, Is.Zero);
    }
}
