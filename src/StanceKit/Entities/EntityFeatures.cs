using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>Rule context of a chunk given to the tagger.</summary>
internal readonly struct FeatureContext
{
    public FeatureContext(int leftType, int rightType, int sentenceStart)
    {
        LeftType = leftType;
        RightType = rightType;
        SentenceStart = sentenceStart;
    }

    /// <summary>Type (0..3) + 1 of the rule span right before the chunk, 0 when none.</summary>
    public int LeftType { get; }
    /// <summary>Type (0..3) + 1 of the rule span right after the chunk, 0 when none.</summary>
    public int RightType { get; }
    /// <summary>Token index of the first word of the sentence the chunk is in.</summary>
    public int SentenceStart { get; }
}

/// <summary>Which entity types a token occurs in among the gazetteer aliases (a bit mask per exact token).</summary>
internal sealed class GazetteerTokens
{
    private readonly Dictionary<ulong, int> _mask = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Gazetteer, GazetteerTokens> s_cache = new();

    public static GazetteerTokens For(Gazetteer g) => s_cache.GetValue(g, x => new GazetteerTokens(x));

    private GazetteerTokens(Gazetteer g)
    {
        foreach (var (tokens, ids) in g.AliasTable())
        {
            int bits = 0;
            foreach (int id in ids)
            {
                int t = (int)g[id].Type;
                bits |= 1 << t;
            }
            for (int k = 0; k < tokens.Length; k++)
            {
                int m = bits;
                if (tokens.Length > 1 && ids.Length > 0 && g[ids[0]].Type == EntityType.Person)
                    m |= k == 0 ? 1 << 4 : k == tokens.Length - 1 ? 1 << 5 : 0;
                if (tokens.Length == 1) m |= 1 << 6;
                ulong h = StableHash.Hash(tokens[k], StableHash.DefaultSeed);
                _mask[h] = _mask.TryGetValue(h, out int old) ? old | m : m;
            }
        }
    }

    public int MaskOf(ReadOnlySpan<char> token) => _mask.TryGetValue(StableHash.Hash(token, StableHash.DefaultSeed), out int m) ? m : 0;
}

/// <summary>Feature extraction of the tagger (shared by training and inference).</summary>
internal static class EntityFeatures
{
    public const int MaxFeatures = 40;
    private const ulong Seed = 0xE7_7A66_E500_0001UL;

    private static ulong Feature(int ns, ulong value) => StableHash.Combine(StableHash.Mix(Seed + (ulong)ns), value);
    private static ulong Feature(int ns, ReadOnlySpan<char> s) => Feature(ns, StableHash.HashLowerFoldDigits(s, Seed));

    private static readonly ulong s_bos = StableHash.Hash("<s>", Seed);
    private static readonly ulong s_eos = StableHash.Hash("</s>", Seed);

    private static ulong Lower(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k)
    {
        if (k < 0) return s_bos;
        if (k >= tokens.Length) return s_eos;
        var t = tokens[k];
        return StableHash.HashLowerFoldDigits(text.Slice(t.Start, t.Length), Seed);
    }

    private static ulong Shape(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k)
    {
        if (k < 0) return s_bos;
        if (k >= tokens.Length) return s_eos;
        var t = tokens[k];
        var w = text.Slice(t.Start, t.Length);
        ulong h = Seed ^ 0x51;
        char last = '\0';
        int run = 0;
        foreach (char ch in w)
        {
            char c = char.IsUpper(ch) ? 'X' : char.IsLower(ch) ? 'x' : char.IsDigit(ch) ? 'd' : ch;
            if (c == last) { if (++run >= 2) continue; }
            else { last = c; run = 0; }
            h = (h ^ c) * 0x100000001B3UL;
        }
        return StableHash.Mix(h);
    }

    /// <summary>Label-independent features of token k of chunk [cs, ce); feats[1] is the lower-cased word.</summary>
    public static int TokenFeatures(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k, int cs, int ce, in FeatureContext ctx, GazetteerTokens gaz, Span<ulong> feats)
    {
        int n = 0;
        var t = tokens[k];
        var w = text.Slice(t.Start, t.Length);
        ulong lw = Lower(text, tokens, k);
        feats[n++] = Feature(0, 1UL);
        feats[n++] = Feature(1, lw);
        ulong shape = Shape(text, tokens, k);
        feats[n++] = Feature(2, shape);
        if (w.Length >= 3)
        {
            feats[n++] = Feature(3, w[..3]);
            feats[n++] = Feature(4, w[^3..]);
        }
        if (w.Length >= 4) feats[n++] = Feature(5, w[^4..]);
        if (w.Length >= 2) feats[n++] = Feature(6, w[^2..]);
        ulong p1 = Lower(text, tokens, k - 1), p2 = Lower(text, tokens, k - 2);
        ulong n1 = Lower(text, tokens, k + 1), n2 = Lower(text, tokens, k + 2);
        feats[n++] = Feature(7, p1);
        feats[n++] = Feature(8, p2);
        feats[n++] = Feature(9, n1);
        feats[n++] = Feature(10, n2);
        feats[n++] = Feature(11, StableHash.Combine(p1, lw));
        feats[n++] = Feature(12, StableHash.Combine(lw, n1));
        feats[n++] = Feature(13, StableHash.Combine(p2, p1));
        feats[n++] = Feature(14, StableHash.Combine(n1, n2));
        feats[n++] = Feature(15, Shape(text, tokens, k - 1));
        feats[n++] = Feature(16, Shape(text, tokens, k + 1));
        feats[n++] = Feature(17, StableHash.Combine(shape, Shape(text, tokens, k + 1)));
        int pos = Math.Min(k - cs, 3), fromEnd = Math.Min(ce - 1 - k, 3), len = Math.Min(ce - cs, 5);
        feats[n++] = Feature(18, (ulong)(pos * 16 + fromEnd * 4) + (ulong)len * 256);
        bool sentInitial = k == ctx.SentenceStart;
        feats[n++] = Feature(19, sentInitial ? 1UL : 0UL);
        if (sentInitial) feats[n++] = Feature(20, lw);
        int mask = gaz.MaskOf(w);
        feats[n++] = Feature(21, (ulong)mask);
        int pm = k > 0 && tokens[k - 1].Kind == TokenKind.Word ? gaz.MaskOf(text.Slice(tokens[k - 1].Start, tokens[k - 1].Length)) : -1;
        int nm = k + 1 < tokens.Length && tokens[k + 1].Kind == TokenKind.Word ? gaz.MaskOf(text.Slice(tokens[k + 1].Start, tokens[k + 1].Length)) : -1;
        feats[n++] = Feature(22, (ulong)(uint)pm);
        feats[n++] = Feature(23, (ulong)(uint)nm);
        feats[n++] = Feature(24, (ulong)(ctx.LeftType * 8 + ctx.RightType) * 16 + (ulong)(pos * 4 + fromEnd));
        if (k == cs) feats[n++] = Feature(25, StableHash.Combine((ulong)ctx.LeftType, p1));
        if (k == ce - 1) feats[n++] = Feature(26, StableHash.Combine((ulong)ctx.RightType, n1));
        bool isStop = EntityWords.English.StopCap.Contains(w);
        bool isTitle = EntityWords.English.TitleCore.Contains(w) || EntityWords.English.TitleModifier.Contains(w);
        bool before = k > 0 && tokens[k - 1].Kind == TokenKind.Word && EntityWords.English.RoleNoun.Contains(text.Slice(tokens[k - 1].Start, tokens[k - 1].Length));
        feats[n++] = Feature(27, (isStop ? 1UL : 0) | (isTitle ? 2UL : 0) | (before ? 4UL : 0));
        // whole chunk words as a bag of the first and last word
        feats[n++] = Feature(28, StableHash.Combine(Lower(text, tokens, cs), Lower(text, tokens, ce - 1)));
        feats[n++] = Feature(29, Lower(text, tokens, ce - 1));
        // Hints for names no table knows (feature version 2): a common given name here, before, or opening the chunk;
        // and whether the words around are in capitals (a headline), where the shape says nothing.
        bool given = EntityWords.English.GivenName.Contains(w);
        bool givenBefore = k > 0 && tokens[k - 1].Kind == TokenKind.Word && EntityWords.English.GivenName.Contains(text.Slice(tokens[k - 1].Start, tokens[k - 1].Length));
        bool givenFirst = k > cs && EntityWords.English.GivenName.Contains(text.Slice(tokens[cs].Start, tokens[cs].Length));
        feats[n++] = Feature(30, (given ? 1UL : 0) | (givenBefore ? 2UL : 0) | (givenFirst ? 4UL : 0));
        feats[n++] = Feature(31, (CapitalsAround(text, tokens, k) ? 1UL : 0) * 8 + (ulong)Math.Min(pos, 1) * 2 + (ulong)(sentInitial ? 1 : 0));
        return n;
    }

    /// <summary>Whether most words within three tokens of k are written in capitals (an all-caps headline).</summary>
    private static bool CapitalsAround(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k)
    {
        int caps = 0, other = 0;
        for (int j = Math.Max(0, k - 3); j < Math.Min(tokens.Length, k + 4); j++)
        {
            if (j == k || tokens[j].Kind != TokenKind.Word) continue;
            var w = text.Slice(tokens[j].Start, tokens[j].Length);
            bool anyLower = false, anyLetter = false;
            foreach (char ch in w) { anyLower |= char.IsLower(ch); anyLetter |= char.IsLetter(ch); }
            if (!anyLetter) continue;
            if (anyLower) other++; else if (w.Length > 1) caps++;
        }
        return caps >= 2 && caps > other;
    }

    /// <summary>Adds the features that depend on the previous labels.</summary>
    public static int LabelHistoryFeatures(int prev, int prev2, ulong wordHash, Span<ulong> feats, int n)
    {
        feats[n++] = Feature(40, (ulong)prev);
        feats[n++] = Feature(41, (ulong)(prev2 * 32 + prev));
        feats[n++] = Feature(42, StableHash.Combine((ulong)prev, wordHash));
        return n;
    }
}
