using StanceKit.Text;

namespace StanceKit.Tests.Text;

/// <summary>
/// The entity scratch tokenizes a long text in pieces (a cancellation check and buffer growth between them): every way
/// of cutting the work gives the tokens of one pass, including cuts next to a possessive, whose token depends on the
/// token before it.
/// </summary>
public class TokenizerPiecesTests
{
    private static readonly string[] s_texts =
    [
        "Russia's Foreign Ministry said the U.S.-led talks on 3,500 troops had failed.",
        "Kyiv\u2019s mayor \u2014 Vitali Klitschko \u2014 said: \"We\u2019ll rebuild.\" The UN\u02BCs envoy agreed.",
        "  \t\n leading space, trailing space  \n",
        "\uD83D\uDE00 emoji, 1.5 m, al-Burhan's forces (RSF).",
        "",
    ];

    private static Token[] OnePass(string text)
    {
        var tokens = new Token[text.Length + 1];
        int n = NewsTokenizer.Tokenize(text, tokens);
        return tokens[..n];
    }

    [Test]
    public void EveryPieceSizeGivesTheTokensOfOnePass([Values(1, 2, 3, 7)] int piece)
    {
        foreach (var text in s_texts)
        {
            var tokens = new Token[text.Length + 1];
            int position = 0, count = 0;
            while (position < text.Length)
            {
                int limit = Math.Min(tokens.Length, count + piece);
                count = NewsTokenizer.TokenizeFrom(text, ref position, tokens.AsSpan(0, limit), count);
            }
            Assert.That(tokens[..count], Is.EqualTo(OnePass(text)), text);
        }
    }

    [Test]
    public void ScratchOfALongTextHasTheTokensOfOnePass()
    {
        // Longer than the scratch's first buffer, so it takes the growing path.
        var text = string.Concat(Enumerable.Repeat(s_texts[0] + " " + s_texts[1] + "\n", 400));
        var scratch = new EntityScratch();
        int n = scratch.Tokenize(text);
        Assert.That(scratch.Tokens[..n], Is.EqualTo(OnePass(text)));
        Assert.That(scratch.TokenCount, Is.EqualTo(n));
        Assert.That(scratch.AliasAt.Length, Is.GreaterThan(n));
        Assert.That(scratch.Labels.Length, Is.GreaterThan(n));
        Assert.That(scratch.Tokens.Length, Is.LessThan(text.Length / 2), "sized by tokens, not by characters");
    }
}
