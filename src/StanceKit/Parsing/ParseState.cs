using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit.Parsing;

/// <summary>Which features use the word clusters (<see cref="WordClusters"/>).</summary>
[Flags]
internal enum ClusterUse
{
    None = 0,
    /// <summary>Clusters of the word and its neighbours in the tagger.</summary>
    Tagger = 1,
    /// <summary>Clusters of the stack and buffer words in the move and relation features.</summary>
    Parser = 2,
    Both = Tagger | Parser,
}

/// <summary>
/// The working state of tagging and parsing one sentence of N words (index 0 is the artificial root, words are
/// 1..N): per-word feature hashes, tags, and the arc-hybrid configuration (stack, buffer front, arcs built so far
/// with the leftmost/rightmost children of each word). Reused across sentences; shared by training and inference
/// so both extract the very same features.
/// </summary>
internal sealed class ParseState
{
    public const int Shift = 0, Left = 1, Right = 2;
    public const int MoveCount = 3;
    /// <summary>Tag value of the root and of "no word".</summary>
    public const int RootTag = UniversalPosNames.Count, NoTag = UniversalPosNames.Count + 1;
    public const int NoLabel = 63;

    public int N;
    public ulong[] Lower = [], Shape = [], Prefix1 = [], Prefix3 = [], Suffix2 = [], Suffix3 = [], Suffix4 = [];
    public int[] Tag = [];
    public int[] WordLength = [];
    /// <summary>Fine and coarse word cluster of each word (<see cref="WordClusters"/>), or the "no cluster" values; set only with clusters.</summary>
    public ulong[] Fine = [], Coarse = [];
    /// <summary>Whether the tagger / the parser add their cluster features (model feature version 4; the words then have clusters).</summary>
    public bool TagClusters, ParseClusters;
    /// <summary>Whether the relation classifier uses the richer arc features (model feature version 5 or 6, see <see cref="LabelFeatures"/>).</summary>
    public bool RichLabels;
    /// <summary>Whether the tagger adds the ambiguity-class features of <see cref="Amb"/> (a model with a tag lexicon, format 4).</summary>
    public bool LexiconTags;
    /// <summary>
    /// Ambiguity class of each word: the tags it took in the lexicon's training text (a 17-bit mask) and a frequency
    /// bucket (<see cref="TagLexicon"/>); 0 for a word the lexicon does not know. Set only with <see cref="LexiconTags"/>.
    /// </summary>
    public ulong[] Amb = [];
    /// <summary>Whether the move and relation features read the tagger's second-best tag and margin (format 4).</summary>
    public bool SecondTags;
    /// <summary>The tagger's second-best tag of each word and a bucket of its score margin (best − second), set by the tagger.</summary>
    public int[] Tag2 = [], Margin = [];
    /// <summary>Number of PUNCT / VERB-or-AUX words among words 1..i (set when a parse starts, from the tags).</summary>
    public int[] PunctUpTo = [], VerbUpTo = [];
    public int[] Head = [], Label = [];
    public int[] Stack = [];
    public int Sp;
    public int B;
    public int[] L1 = [], L2 = [], R1 = [], R2 = [], NL = [], NR = [];
    public ulong[] LSet = [], RSet = [];
    /// <summary>
    /// Integer move scores of the StackA and StackB feature groups of the configuration whose top is at each stack
    /// depth, and whether they are current (greedy inference, <see cref="ParserModel"/>; see "move features in groups").
    /// </summary>
    public Vector128<int>[] StackSumsA = [], StackSumsB = [];
    public bool[] StackSumsAValid = [], StackSumsBValid = [];
    private int _capacity;

    private static readonly ulong s_root = StableHash.Hash("<root>", Seed);
    private static readonly ulong s_none = StableHash.Hash("<none>", Seed);
    private static readonly ulong s_bos = StableHash.Hash("<s>", Seed);
    private static readonly ulong s_eos = StableHash.Hash("</s>", Seed);
    private const ulong Seed = 0xD3_9A25_E500_0001UL;
    /// <summary>Cluster values of the root, of a word not in the cluster list and of "no word" (real ids are below 2^16).</summary>
    private const ulong RootCluster = 0x1_0000, UnknownCluster = 0x1_0001, NoCluster = 0x1_0002;

    public void Ensure(int n)
    {
        if (n + 2 <= _capacity) return;
        int c = Math.Max(n + 2, Math.Max(64, _capacity * 2));
        Lower = new ulong[c]; Shape = new ulong[c]; Prefix1 = new ulong[c]; Prefix3 = new ulong[c];
        Suffix2 = new ulong[c]; Suffix3 = new ulong[c]; Suffix4 = new ulong[c];
        Fine = new ulong[c]; Coarse = new ulong[c];
        Amb = new ulong[c]; Tag2 = new int[c]; Margin = new int[c];
        Tag = new int[c]; WordLength = new int[c]; PunctUpTo = new int[c]; VerbUpTo = new int[c]; Head = new int[c]; Label = new int[c]; Stack = new int[c];
        L1 = new int[c]; L2 = new int[c]; R1 = new int[c]; R2 = new int[c]; NL = new int[c]; NR = new int[c];
        LSet = new ulong[c]; RSet = new ulong[c];
        StackSumsA = new Vector128<int>[c]; StackSumsB = new Vector128<int>[c];
        StackSumsAValid = new bool[c]; StackSumsBValid = new bool[c];
        _capacity = c;
    }

    /// <summary>
    /// Loads the words (spans of <paramref name="text"/>) and computes their hashes, and their clusters when
    /// <paramref name="clusters"/> is given, which turns on the cluster features <paramref name="use"/> names.
    /// </summary>
    public void SetWords(ReadOnlySpan<char> text, ReadOnlySpan<WordSpan> words, WordClusters? clusters, ClusterUse use)
    {
        int n = words.Length;
        Ensure(n);
        N = n;
        TagClusters = clusters is not null && (use & ClusterUse.Tagger) != 0;
        ParseClusters = clusters is not null && (use & ClusterUse.Parser) != 0;
        if (clusters is not null && (TagClusters || ParseClusters))
        {
            Fine[0] = Coarse[0] = RootCluster;
            for (int i = 1; i <= n; i++)
            {
                if (clusters.TryGet(text.Slice(words[i - 1].Start, words[i - 1].Length), out int fine, out int coarse))
                {
                    Fine[i] = (ulong)fine;
                    Coarse[i] = (ulong)coarse;
                }
                else Fine[i] = Coarse[i] = UnknownCluster;
            }
        }
        Lower[0] = s_root; Shape[0] = s_root; Prefix1[0] = s_root; Prefix3[0] = s_root; Suffix2[0] = s_root; Suffix3[0] = s_root; Suffix4[0] = s_root;
        for (int i = 1; i <= n; i++)
        {
            var w = text.Slice(words[i - 1].Start, words[i - 1].Length);
            Lower[i] = StableHash.HashLowerFoldDigits(w, Seed);
            WordLength[i] = w.Length;
            Shape[i] = ShapeOf(w);
            Prefix1[i] = StableHash.Hash(w[..1], Seed + 1);
            Prefix3[i] = StableHash.HashLowerFoldDigits(w[..Math.Min(3, w.Length)], Seed + 2);
            Suffix2[i] = StableHash.HashLowerFoldDigits(w[Math.Max(0, w.Length - 2)..], Seed + 3);
            Suffix3[i] = StableHash.HashLowerFoldDigits(w[Math.Max(0, w.Length - 3)..], Seed + 4);
            Suffix4[i] = StableHash.HashLowerFoldDigits(w[Math.Max(0, w.Length - 4)..], Seed + 5);
        }
        Tag[0] = RootTag;
        Tag2[0] = RootTag;
        Margin[0] = 0;
        Amb[0] = s_root;
    }

    /// <summary>Word shape: X/x/d per character class, runs longer than two collapsed, other characters kept.</summary>
    private static ulong ShapeOf(ReadOnlySpan<char> w)
    {
        ulong h = Seed ^ 0x51;
        char last = '\0';
        int run = 0;
        foreach (char ch in w)
        {
            char c = ch < 128
                ? (char.IsAsciiLetterUpper(ch) ? 'X' : char.IsAsciiLetterLower(ch) ? 'x' : char.IsAsciiDigit(ch) ? 'd' : ch)
                : char.IsUpper(ch) ? 'X' : char.IsLetter(ch) ? 'x' : char.IsDigit(ch) ? 'd' : '*';
            if (c == last) { if (++run >= 2) continue; }
            else { last = c; run = 0; }
            h = (h ^ c) * 0x100000001B3UL;
        }
        return StableHash.Mix(h);
    }

    // ------------------------------------------------------------------ hashing of feature values

    // One multiply per value and one final xor-shift-multiply: the row of a feature is the top bits of its hash,
    // and the top bits of a product depend on every bit below them, so a full finaliser per feature (as used for
    // the word hashes) buys nothing here and costs a third of feature extraction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong h) => (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F(ulong template, ulong a) => Finish((template * 0x9E3779B97F4A7C15UL) ^ a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F(ulong template, ulong a, ulong b) => Finish((((template * 0x9E3779B97F4A7C15UL) ^ a) * 0xC2B2AE3D27D4EB4FUL) ^ b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F(ulong template, ulong a, ulong b, ulong c) =>
        Finish((((((template * 0x9E3779B97F4A7C15UL) ^ a) * 0xC2B2AE3D27D4EB4FUL) ^ b) * 0x165667B19E3779F9UL) ^ c);

    // ------------------------------------------------------------------ tagger

    public const int MaxTagFeatures = 56;

    private int Len(int i) => WordLength[i];

    /// <summary>Features of word <paramref name="i"/> (1-based) given the tags of the words before it.</summary>
    public int TagFeatures(int i, Span<ulong> f)
    {
        int n = 0;
        ulong w = Lower[i];
        ulong p1 = i > 1 ? Lower[i - 1] : s_bos, p2 = i > 2 ? Lower[i - 2] : s_bos;
        ulong n1 = i < N ? Lower[i + 1] : s_eos, n2 = i + 1 < N ? Lower[i + 2] : s_eos;
        ulong t1 = i > 1 ? (ulong)Tag[i - 1] : RootTag, t2 = i > 2 ? (ulong)Tag[i - 2] : RootTag;
        // With the lexicon six of these are left out (lex below): each one alone, dropped, left dev UPOS the same
        // over 3 seeds, and the six together gave 0.9521 against 0.9511 with all of them (8 seeds), with as many
        // features per word as the tagger without the lexicon, so no more table reads (models/parser/card.md).
        bool lex = LexiconTags;
        if (!lex) f[n++] = F(100, 1);
        f[n++] = F(101, w);
        if (!lex) f[n++] = F(102, Suffix3[i]);
        f[n++] = F(103, Suffix2[i]);
        f[n++] = F(104, Suffix4[i]);
        f[n++] = F(105, Prefix1[i]);
        f[n++] = F(106, Prefix3[i]);
        f[n++] = F(107, Shape[i]);
        f[n++] = F(108, t1);
        f[n++] = F(109, t1, t2);
        f[n++] = F(110, t1, w);
        f[n++] = F(111, p1);
        f[n++] = F(112, p2);
        if (!lex) f[n++] = F(113, n1);
        f[n++] = F(114, n2);
        f[n++] = F(115, p1, w);
        f[n++] = F(116, w, n1);
        f[n++] = F(117, i > 1 ? Suffix3[i - 1] : s_bos);
        f[n++] = F(118, i < N ? Suffix3[i + 1] : s_eos);
        f[n++] = F(119, Shape[i], i == 1 ? 1UL : 0UL);
        f[n++] = F(120, i < N ? Shape[i + 1] : s_eos);
        f[n++] = F(121, i > 1 ? Shape[i - 1] : s_bos);
        if (!lex) f[n++] = F(122, t1, Suffix3[i]);
        f[n++] = F(123, n1, n2);
        f[n++] = F(124, p1, t1);
        f[n++] = F(125, t2);
        if (!lex)
        {
            f[n++] = F(126, p1, n1);
            f[n++] = F(127, t1, n1);
        }
        f[n++] = F(128, i < N ? Suffix2[i + 1] : s_eos, w);
        f[n++] = F(129, t1, Shape[i]);
        f[n++] = F(130, (ulong)Math.Min(Len(i), 12));
        if (TagClusters)
        {
            // Clusters of the word and its neighbours (Koo et al. 2008): they carry what was learnt about similar
            // words to words the treebank has rarely or never shown.
            ulong c = Fine[i], k = Coarse[i];
            ulong cp1 = i > 1 ? Fine[i - 1] : NoCluster, cn1 = i < N ? Fine[i + 1] : NoCluster;
            ulong kp1 = i > 1 ? Coarse[i - 1] : NoCluster, kn1 = i < N ? Coarse[i + 1] : NoCluster;
            ulong kp2 = i > 2 ? Coarse[i - 2] : NoCluster, kn2 = i + 1 < N ? Coarse[i + 2] : NoCluster;
            f[n++] = F(140, c);
            f[n++] = F(141, k);
            f[n++] = F(142, cp1);
            f[n++] = F(143, cn1);
            f[n++] = F(144, kp1);
            f[n++] = F(145, kn1);
            f[n++] = F(146, kp2);
            f[n++] = F(147, kn2);
            f[n++] = F(148, t1, c);
            f[n++] = F(149, c, Suffix2[i]);
            f[n++] = F(150, k, Shape[i]);
            f[n++] = F(151, kp1, k, kn1);
            f[n++] = F(152, t1, k, kn1);
        }
        if (lex)
        {
            // Ambiguity classes (the tags a word took in training, with how often it was seen): what the tagger
            // knows of the next words before tagging them, and a class shared by rare words of one kind. A word
            // unseen in training has class 0, which with its suffix and shape is an unknown-word feature.
            // The class of the next word (162) matters most: dropping it alone cost 0.08 dev UPOS; three more (the
            // class with the previous tag, the previous tag with both classes, the next two classes) were left out
            // like the six above. (Template numbers 161, 164 and 165 stay unused so no hash changes.)
            ulong a0 = Amb[i], ap1 = i > 1 ? Amb[i - 1] : s_bos;
            ulong a1 = i < N ? Amb[i + 1] : s_eos;
            f[n++] = F(160, a0);
            f[n++] = F(162, a1);
            f[n++] = F(163, a0, a1);
            f[n++] = F(166, a0, Suffix3[i]);
            f[n++] = F(167, w, a1);
            f[n++] = F(168, ap1, a0, t1);
        }
        return n;
    }

    // ------------------------------------------------------------------ copies (beam search)

    /// <summary>Copies the words, their hashes and tags of <paramref name="o"/>.</summary>
    public void CopyWordsFrom(ParseState o)
    {
        int n = o.N;
        Ensure(n);
        N = n;
        int len = n + 1;
        o.Lower.AsSpan(0, len).CopyTo(Lower); o.Shape.AsSpan(0, len).CopyTo(Shape);
        o.Prefix1.AsSpan(0, len).CopyTo(Prefix1); o.Prefix3.AsSpan(0, len).CopyTo(Prefix3);
        o.Suffix2.AsSpan(0, len).CopyTo(Suffix2); o.Suffix3.AsSpan(0, len).CopyTo(Suffix3); o.Suffix4.AsSpan(0, len).CopyTo(Suffix4);
        o.Tag.AsSpan(0, len).CopyTo(Tag); o.Tag2.AsSpan(0, len).CopyTo(Tag2); o.Margin.AsSpan(0, len).CopyTo(Margin);
        o.Amb.AsSpan(0, len).CopyTo(Amb); o.WordLength.AsSpan(0, len).CopyTo(WordLength);
        TagClusters = o.TagClusters;
        ParseClusters = o.ParseClusters;
        RichLabels = o.RichLabels;
        LexiconTags = o.LexiconTags;
        SecondTags = o.SecondTags;
        if (TagClusters || ParseClusters) { o.Fine.AsSpan(0, len).CopyTo(Fine); o.Coarse.AsSpan(0, len).CopyTo(Coarse); }
    }

    /// <summary>Copies the parse configuration of <paramref name="o"/> (same words, see <see cref="CopyWordsFrom"/>).</summary>
    public void CopyParseFrom(ParseState o)
    {
        int len = N + 1;
        o.Head.AsSpan(0, len).CopyTo(Head); o.Label.AsSpan(0, len).CopyTo(Label);
        o.Stack.AsSpan(0, o.Sp).CopyTo(Stack);
        o.L1.AsSpan(0, len).CopyTo(L1); o.L2.AsSpan(0, len).CopyTo(L2);
        o.R1.AsSpan(0, len).CopyTo(R1); o.R2.AsSpan(0, len).CopyTo(R2);
        o.NL.AsSpan(0, len).CopyTo(NL); o.NR.AsSpan(0, len).CopyTo(NR);
        o.LSet.AsSpan(0, len).CopyTo(LSet); o.RSet.AsSpan(0, len).CopyTo(RSet);
        Sp = o.Sp;
        B = o.B;
    }

    // ------------------------------------------------------------------ transitions

    public void StartParse()
    {
        PunctUpTo[0] = VerbUpTo[0] = 0;
        for (int i = 1; i <= N; i++)
        {
            int t = Tag[i];
            PunctUpTo[i] = PunctUpTo[i - 1] + (t == (int)UniversalPos.Punct ? 1 : 0);
            VerbUpTo[i] = VerbUpTo[i - 1] + (t is (int)UniversalPos.Verb or (int)UniversalPos.Aux ? 1 : 0);
        }
        for (int i = 0; i <= N; i++)
        {
            Head[i] = -1; Label[i] = NoLabel;
            L1[i] = L2[i] = R1[i] = R2[i] = -1;
            NL[i] = NR[i] = 0;
            LSet[i] = RSet[i] = 0;
        }
        Stack[0] = 0;
        Sp = 1;
        B = 1;
    }

    public bool Terminal => B > N && Sp == 1;

    public bool IsLegal(int move) => move switch
    {
        Shift => B <= N,
        Left => B <= N && Sp >= 2,
        _ => Sp >= 2 && (Stack[Sp - 2] != 0 || B > N),
    };

    /// <summary>Head and dependent of the arc an arc move would add.</summary>
    public (int Head, int Dep) ArcOf(int move) => move == Left ? (B, Stack[Sp - 1]) : (Stack[Sp - 2], Stack[Sp - 1]);

    public void Apply(int move, int label)
    {
        if (move == Shift)
        {
            Stack[Sp++] = B++;
            return;
        }
        var (h, d) = ArcOf(move);
        Sp--;
        Head[d] = h;
        Label[d] = label;
        if (d < h)
        {
            if (L1[h] < 0 || d < L1[h]) { L2[h] = L1[h]; L1[h] = d; }
            else if (L2[h] < 0 || d < L2[h]) L2[h] = d;
            NL[h]++;
            LSet[h] |= 1UL << label;
        }
        else
        {
            if (R1[h] < 0 || d > R1[h]) { R2[h] = R1[h]; R1[h] = d; }
            else if (R2[h] < 0 || d > R2[h]) R2[h] = d;
            NR[h]++;
            RSet[h] |= 1UL << label;
        }
    }

    // ------------------------------------------------------------------ parser features

    public const int MaxMoveFeatures = 112; // room for the label features too (the parser reuses the buffer)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong W(int i) => i < 0 ? s_none : Lower[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong T(int i) => i < 0 ? NoTag : (ulong)Tag[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong T2(int i) => i < 0 ? NoTag : (ulong)Tag2[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong M(int i) => i < 0 ? 15 : (ulong)Margin[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong L(int i) => i < 0 ? NoLabel + 1 : (ulong)Label[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int At(int[] a, int i) => i < 0 ? -1 : a[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong C(int i) => i < 0 ? NoCluster : Fine[i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong K(int i) => i < 0 ? NoCluster : Coarse[i];

    /// <summary>Features of the current configuration for choosing the next move (Zhang and Nivre 2011, adapted to arc-hybrid).</summary>
    public int MoveFeatures(Span<ulong> f)
    {
        int s0 = Stack[Sp - 1];
        int s1 = Sp >= 2 ? Stack[Sp - 2] : -1;
        int s2 = Sp >= 3 ? Stack[Sp - 3] : -1;
        int b0 = B <= N ? B : -1;
        int b1 = B + 1 <= N ? B + 1 : -1;
        int b2 = B + 2 <= N ? B + 2 : -1;
        ulong s0w = W(s0), s0t = T(s0), s1w = W(s1), s1t = T(s1), s2t = T(s2), b0w = W(b0), b0t = T(b0);
        ulong b1w = W(b1), b1t = T(b1), b2t = T(b2);
        int s0l = At(L1, s0), s0l2 = At(L2, s0), s0r = At(R1, s0), s0r2 = At(R2, s0);
        int s1l = At(L1, s1), s1r = At(R1, s1), b0l = At(L1, b0), b0l2 = At(L2, b0);
        ulong s0lt = T(s0l), s0rt = T(s0r), b0lt = T(b0l), s1rt = T(s1r);
        ulong dist = s0 >= 0 && b0 >= 0 ? (ulong)Math.Min(b0 - s0, 8) : 15;
        ulong dist10 = s1 >= 0 ? (ulong)Math.Min(s0 - s1, 8) : 15;
        ulong s0vl = (ulong)Math.Min(NL[s0], 5), s0vr = (ulong)Math.Min(NR[s0], 5);
        ulong b0vl = b0 >= 0 ? (ulong)Math.Min(NL[b0], 5) : 7;
        ulong s0wt = s0w ^ (s0t << 58), s1wt = s1w ^ (s1t << 58), b0wt = b0w ^ (b0t << 58), b1wt = b1w ^ (b1t << 58);
        int n = 0;
        f[n++] = F(1, 1);
        f[n++] = F(2, s0w);
        f[n++] = F(3, s0t);
        f[n++] = F(4, s0wt);
        f[n++] = F(5, s1w);
        f[n++] = F(6, s1t);
        f[n++] = F(7, s1wt);
        f[n++] = F(8, b0w);
        f[n++] = F(9, b0t);
        f[n++] = F(10, b0wt);
        f[n++] = F(11, b1w);
        f[n++] = F(12, b1t);
        f[n++] = F(13, b1wt);
        f[n++] = F(15, b2t);
        f[n++] = F(16, s2t);
        // pairs
        f[n++] = F(18, s0wt, b0wt);
        f[n++] = F(21, s0wt, b0t);
        f[n++] = F(22, s0t, b0wt);
        f[n++] = F(23, s0w, b0w);
        f[n++] = F(24, s0t, b0t);
        f[n++] = F(25, b0t, b1t);
        f[n++] = F(26, s1w, s0w);
        f[n++] = F(27, s1t, s0t);
        f[n++] = F(28, s1wt, s0t);
        f[n++] = F(29, s1t, s0wt);
        f[n++] = F(30, s1t, b0t);
        f[n++] = F(32, s1wt, s0wt);
        f[n++] = F(33, b0wt, b1wt);
        // three tags
        f[n++] = F(34, b0t, b1t, b2t);
        f[n++] = F(35, s0t, b0t, b1t);
        f[n++] = F(36, s1t, s0t, b0t);
        f[n++] = F(37, s0t, s0lt, b0t);
        f[n++] = F(38, s0t, s0rt, b0t);
        f[n++] = F(39, s0t, b0t, b0lt);
        f[n++] = F(40, s1t, s0t, s0lt);
        f[n++] = F(41, s1t, s0t, s0rt);
        f[n++] = F(42, s2t, s1t, s0t);
        f[n++] = F(43, s1t, s1rt, s0t);
        f[n++] = F(44, s1t, T(s1l), s0t);
        // distance
        f[n++] = F(45, s0w, dist);
        f[n++] = F(46, s0t, dist);
        f[n++] = F(47, b0w, dist);
        f[n++] = F(48, b0t, dist);
        f[n++] = F(49, s0w ^ (b0w * 31), dist);
        f[n++] = F(50, s0t, b0t, dist);
        f[n++] = F(51, s1t, s0t, dist10);
        // valency
        f[n++] = F(53, s0w, s0vr);
        f[n++] = F(54, s0t, s0vr);
        f[n++] = F(55, s0w, s0vl);
        f[n++] = F(56, s0t, s0vl);
        f[n++] = F(57, b0w, b0vl);
        f[n++] = F(58, b0t, b0vl);
        f[n++] = F(59, s1t, s1 >= 0 ? (ulong)Math.Min(NR[s1], 5) : 7);
        // children
        f[n++] = F(60, W(s0l));
        f[n++] = F(61, s0lt);
        f[n++] = F(62, L(s0l));
        f[n++] = F(63, W(s0r));
        f[n++] = F(64, s0rt);
        f[n++] = F(65, L(s0r));
        f[n++] = F(66, W(b0l));
        f[n++] = F(67, b0lt);
        f[n++] = F(68, L(b0l));
        f[n++] = F(69, s1rt);
        f[n++] = F(70, L(s1r));
        f[n++] = F(71, T(s1l));
        f[n++] = F(73, T(s0l2));
        f[n++] = F(74, L(s0l2));
        f[n++] = F(76, T(s0r2));
        f[n++] = F(77, L(s0r2));
        f[n++] = F(78, T(b0l2));
        f[n++] = F(79, L(b0l2));
        f[n++] = F(80, s0t, s0lt, T(s0l2));
        f[n++] = F(81, s0t, s0rt, T(s0r2));
        f[n++] = F(82, b0t, b0lt, T(b0l2));
        f[n++] = F(83, s0t, L(s0l), L(s0r));
        f[n++] = F(84, s0t, L(s0l), b0t);
        f[n++] = F(85, b0t, L(b0l), s0t);
        // label sets
        f[n++] = F(86, s0w, s0 >= 0 ? RSet[s0] : 0);
        f[n++] = F(87, s0t, s0 >= 0 ? RSet[s0] : 0);
        f[n++] = F(88, s0w, s0 >= 0 ? LSet[s0] : 0);
        f[n++] = F(89, s0t, s0 >= 0 ? LSet[s0] : 0);
        f[n++] = F(90, b0w, b0 >= 0 ? LSet[b0] : 0);
        f[n++] = F(91, b0t, b0 >= 0 ? LSet[b0] : 0);
        f[n++] = F(92, s1t, s1 >= 0 ? RSet[s1] : 0);
        // what lies between s0 and b0 (s0's right subtree) and between s1 and s0: commas and verbs
        ulong pb = b0 > 0 ? (ulong)Math.Min(PunctUpTo[b0 - 1] - PunctUpTo[s0], 3) : 7;
        ulong vb = b0 > 0 ? (ulong)Math.Min(VerbUpTo[b0 - 1] - VerbUpTo[s0], 2) : 7;
        ulong p10 = s1 >= 0 ? (ulong)Math.Min(PunctUpTo[s0 - 1] - PunctUpTo[s1], 3) : 7;
        f[n++] = F(93, s0t, b0t, pb | (vb << 4));
        f[n++] = F(94, s1t, s0t, p10);
        f[n++] = F(95, s0w, b0t, b1t);
        f[n++] = F(96, s0t, b0w, b1t);
        if (SecondTags)
        {
            // The tagger's runner-up tag and how close it came: a word tagged NOUN that was nearly VERB is a different
            // bet from a sure NOUN (the tags cost about 3 points of UAS, docs/parsing.md).
            f[n++] = F(170, b0t, T2(b0), M(b0));
            f[n++] = F(171, s0t, T2(s0), M(s0));
            f[n++] = F(172, b1t, T2(b1), M(b1));
            f[n++] = F(173, s0t, T2(s0), b0t | (T2(b0) << 8));
            f[n++] = F(174, s1t, T2(s1), M(s1));
        }
        if (ParseClusters)
        {
            // Koo et al. (2008): the word templates again with clusters in place of words, fine with tags, coarse alone.
            ulong s0c = C(s0), s1c = C(s1), b0c = C(b0), b1c = C(b1), s0k = K(s0), s1k = K(s1), b0k = K(b0), b1k = K(b1);
            ulong s0ct = s0c ^ (s0t << 58), b0ct = b0c ^ (b0t << 58), s0kt = s0k ^ (s0t << 58), b0kt = b0k ^ (b0t << 58), s1kt = s1k ^ (s1t << 58);
            f[n++] = F(150, s0ct);
            f[n++] = F(151, b0ct);
            f[n++] = F(152, s1c ^ (s1t << 58));
            f[n++] = F(153, b1c ^ (b1t << 58));
            f[n++] = F(154, s0k, b0k);
            f[n++] = F(155, s0c, b0t);
            f[n++] = F(156, s0t, b0c);
            f[n++] = F(157, s0kt, b0kt);
            f[n++] = F(158, s1k, s0k);
            f[n++] = F(159, s1kt, s0kt);
            f[n++] = F(160, s0k, b0k, dist);
            f[n++] = F(161, b0kt, b1k);
            f[n++] = F(162, s0c, b0c);
        }
        return n;
    }

    // ------------------------------------------------------------------ move features in groups (greedy inference)

    // The features of MoveFeatures (the same templates and values, so the same rows), split by what they read, so the
    // greedy parser can keep the integer sums of a group's rows while what the group reads does not change
    // (ParserModel.ParseGreedyCached). In the arc-hybrid system a word gains right children only as s1 in a right arc
    // (and is s0 right after it) and left children only as b0 in a left arc; words covered on the stack do not change.
    // - StackA: the identities of s0, s1, s2 and the children of s1: fixed while the stack below the top is (a push
    //   makes a new top; popping back to a depth finds the same words and s1's children unchanged).
    // - StackB: the children, valencies and relation sets of s0: as StackA, but a right arc adds a child to the new top.
    // - BufferA: b0, b1, b2: fixed until a shift.
    // - BufferB: the left children, valency and relation set of b0: until a shift or a left arc.
    // - Mixed: features of s0 and b0 together (and the optional second-tag and cluster features): every configuration.
    // Every template of MoveFeatures is in exactly one group (ParserMoveFeatureGroupTests checks it along parses).

    /// <summary>The features of <see cref="MoveFeatures"/> that read only s0, s1, s2 (words, tags, distance, commas between) and the children of s1.</summary>
    public int MoveFeaturesStackA(Span<ulong> f)
    {
        int s0 = Stack[Sp - 1];
        int s1 = Sp >= 2 ? Stack[Sp - 2] : -1;
        int s2 = Sp >= 3 ? Stack[Sp - 3] : -1;
        ulong s0w = W(s0), s0t = T(s0), s1w = W(s1), s1t = T(s1), s2t = T(s2);
        int s1l = At(L1, s1), s1r = At(R1, s1);
        ulong s1rt = T(s1r);
        ulong dist10 = s1 >= 0 ? (ulong)Math.Min(s0 - s1, 8) : 15;
        ulong s0wt = s0w ^ (s0t << 58), s1wt = s1w ^ (s1t << 58);
        ulong p10 = s1 >= 0 ? (ulong)Math.Min(PunctUpTo[s0 - 1] - PunctUpTo[s1], 3) : 7;
        int n = 0;
        f[n++] = F(2, s0w);
        f[n++] = F(3, s0t);
        f[n++] = F(4, s0wt);
        f[n++] = F(5, s1w);
        f[n++] = F(6, s1t);
        f[n++] = F(7, s1wt);
        f[n++] = F(16, s2t);
        f[n++] = F(26, s1w, s0w);
        f[n++] = F(27, s1t, s0t);
        f[n++] = F(28, s1wt, s0t);
        f[n++] = F(29, s1t, s0wt);
        f[n++] = F(32, s1wt, s0wt);
        f[n++] = F(42, s2t, s1t, s0t);
        f[n++] = F(43, s1t, s1rt, s0t);
        f[n++] = F(44, s1t, T(s1l), s0t);
        f[n++] = F(51, s1t, s0t, dist10);
        f[n++] = F(59, s1t, s1 >= 0 ? (ulong)Math.Min(NR[s1], 5) : 7);
        f[n++] = F(69, s1rt);
        f[n++] = F(70, L(s1r));
        f[n++] = F(71, T(s1l));
        f[n++] = F(92, s1t, s1 >= 0 ? RSet[s1] : 0);
        f[n++] = F(94, s1t, s0t, p10);
        return n;
    }

    /// <summary>The features of <see cref="MoveFeatures"/> that read the children, valencies or relation sets of s0 (and no buffer word).</summary>
    public int MoveFeaturesStackB(Span<ulong> f)
    {
        int s0 = Stack[Sp - 1];
        int s1 = Sp >= 2 ? Stack[Sp - 2] : -1;
        ulong s0w = W(s0), s0t = T(s0), s1t = T(s1);
        int s0l = At(L1, s0), s0l2 = At(L2, s0), s0r = At(R1, s0), s0r2 = At(R2, s0);
        ulong s0lt = T(s0l), s0rt = T(s0r);
        ulong s0vl = (ulong)Math.Min(NL[s0], 5), s0vr = (ulong)Math.Min(NR[s0], 5);
        int n = 0;
        f[n++] = F(40, s1t, s0t, s0lt);
        f[n++] = F(41, s1t, s0t, s0rt);
        f[n++] = F(53, s0w, s0vr);
        f[n++] = F(54, s0t, s0vr);
        f[n++] = F(55, s0w, s0vl);
        f[n++] = F(56, s0t, s0vl);
        f[n++] = F(60, W(s0l));
        f[n++] = F(61, s0lt);
        f[n++] = F(62, L(s0l));
        f[n++] = F(63, W(s0r));
        f[n++] = F(64, s0rt);
        f[n++] = F(65, L(s0r));
        f[n++] = F(73, T(s0l2));
        f[n++] = F(74, L(s0l2));
        f[n++] = F(76, T(s0r2));
        f[n++] = F(77, L(s0r2));
        f[n++] = F(80, s0t, s0lt, T(s0l2));
        f[n++] = F(81, s0t, s0rt, T(s0r2));
        f[n++] = F(83, s0t, L(s0l), L(s0r));
        f[n++] = F(86, s0w, s0 >= 0 ? RSet[s0] : 0);
        f[n++] = F(87, s0t, s0 >= 0 ? RSet[s0] : 0);
        f[n++] = F(88, s0w, s0 >= 0 ? LSet[s0] : 0);
        f[n++] = F(89, s0t, s0 >= 0 ? LSet[s0] : 0);
        return n;
    }

    /// <summary>The features of <see cref="MoveFeatures"/> that read only b0, b1, b2 (words and tags).</summary>
    public int MoveFeaturesBufferA(Span<ulong> f)
    {
        int b0 = B <= N ? B : -1;
        int b1 = B + 1 <= N ? B + 1 : -1;
        int b2 = B + 2 <= N ? B + 2 : -1;
        ulong b0w = W(b0), b0t = T(b0), b1w = W(b1), b1t = T(b1), b2t = T(b2);
        ulong b0wt = b0w ^ (b0t << 58), b1wt = b1w ^ (b1t << 58);
        int n = 0;
        f[n++] = F(8, b0w);
        f[n++] = F(9, b0t);
        f[n++] = F(10, b0wt);
        f[n++] = F(11, b1w);
        f[n++] = F(12, b1t);
        f[n++] = F(13, b1wt);
        f[n++] = F(15, b2t);
        f[n++] = F(25, b0t, b1t);
        f[n++] = F(33, b0wt, b1wt);
        f[n++] = F(34, b0t, b1t, b2t);
        return n;
    }

    /// <summary>The features of <see cref="MoveFeatures"/> that read the left children, valency or relation set of b0 (and no stack word).</summary>
    public int MoveFeaturesBufferB(Span<ulong> f)
    {
        int b0 = B <= N ? B : -1;
        ulong b0w = W(b0), b0t = T(b0);
        int b0l = At(L1, b0), b0l2 = At(L2, b0);
        ulong b0lt = T(b0l);
        ulong b0vl = b0 >= 0 ? (ulong)Math.Min(NL[b0], 5) : 7;
        int n = 0;
        f[n++] = F(57, b0w, b0vl);
        f[n++] = F(58, b0t, b0vl);
        f[n++] = F(66, W(b0l));
        f[n++] = F(67, b0lt);
        f[n++] = F(68, L(b0l));
        f[n++] = F(78, T(b0l2));
        f[n++] = F(79, L(b0l2));
        f[n++] = F(82, b0t, b0lt, T(b0l2));
        f[n++] = F(90, b0w, b0 >= 0 ? LSet[b0] : 0);
        f[n++] = F(91, b0t, b0 >= 0 ? LSet[b0] : 0);
        return n;
    }

    /// <summary>The features of <see cref="MoveFeatures"/> that read the stack and the buffer together (and the bias), every configuration.</summary>
    public int MoveFeaturesMixed(Span<ulong> f)
    {
        int s0 = Stack[Sp - 1];
        int s1 = Sp >= 2 ? Stack[Sp - 2] : -1;
        int b0 = B <= N ? B : -1;
        int b1 = B + 1 <= N ? B + 1 : -1;
        ulong s0w = W(s0), s0t = T(s0), s1t = T(s1), b0w = W(b0), b0t = T(b0), b1t = T(b1);
        int s0l = At(L1, s0), s0r = At(R1, s0), b0l = At(L1, b0);
        ulong s0lt = T(s0l), s0rt = T(s0r), b0lt = T(b0l);
        ulong dist = s0 >= 0 && b0 >= 0 ? (ulong)Math.Min(b0 - s0, 8) : 15;
        ulong s0wt = s0w ^ (s0t << 58), b0wt = b0w ^ (b0t << 58);
        int n = 0;
        f[n++] = F(1, 1);
        f[n++] = F(18, s0wt, b0wt);
        f[n++] = F(21, s0wt, b0t);
        f[n++] = F(22, s0t, b0wt);
        f[n++] = F(23, s0w, b0w);
        f[n++] = F(24, s0t, b0t);
        f[n++] = F(30, s1t, b0t);
        f[n++] = F(35, s0t, b0t, b1t);
        f[n++] = F(36, s1t, s0t, b0t);
        f[n++] = F(37, s0t, s0lt, b0t);
        f[n++] = F(38, s0t, s0rt, b0t);
        f[n++] = F(39, s0t, b0t, b0lt);
        f[n++] = F(45, s0w, dist);
        f[n++] = F(46, s0t, dist);
        f[n++] = F(47, b0w, dist);
        f[n++] = F(48, b0t, dist);
        f[n++] = F(49, s0w ^ (b0w * 31), dist);
        f[n++] = F(50, s0t, b0t, dist);
        f[n++] = F(84, s0t, L(s0l), b0t);
        f[n++] = F(85, b0t, L(b0l), s0t);
        ulong pb = b0 > 0 ? (ulong)Math.Min(PunctUpTo[b0 - 1] - PunctUpTo[s0], 3) : 7;
        ulong vb = b0 > 0 ? (ulong)Math.Min(VerbUpTo[b0 - 1] - VerbUpTo[s0], 2) : 7;
        f[n++] = F(93, s0t, b0t, pb | (vb << 4));
        f[n++] = F(95, s0w, b0t, b1t);
        f[n++] = F(96, s0t, b0w, b1t);
        if (SecondTags)
        {
            f[n++] = F(170, b0t, T2(b0), M(b0));
            f[n++] = F(171, s0t, T2(s0), M(s0));
            f[n++] = F(172, b1t, T2(b1), M(b1));
            f[n++] = F(173, s0t, T2(s0), b0t | (T2(b0) << 8));
            f[n++] = F(174, s1t, T2(s1), M(s1));
        }
        if (ParseClusters)
        {
            ulong s0c = C(s0), s1c = C(s1), b0c = C(b0), b1c = C(b1), s0k = K(s0), s1k = K(s1), b0k = K(b0), b1k = K(b1);
            ulong s0ct = s0c ^ (s0t << 58), b0ct = b0c ^ (b0t << 58), s0kt = s0k ^ (s0t << 58), b0kt = b0k ^ (b0t << 58), s1kt = s1k ^ (s1t << 58);
            f[n++] = F(150, s0ct);
            f[n++] = F(151, b0ct);
            f[n++] = F(152, s1c ^ (s1t << 58));
            f[n++] = F(153, b1c ^ (b1t << 58));
            f[n++] = F(154, s0k, b0k);
            f[n++] = F(155, s0c, b0t);
            f[n++] = F(156, s0t, b0c);
            f[n++] = F(157, s0kt, b0kt);
            f[n++] = F(158, s1k, s0k);
            f[n++] = F(159, s1kt, s0kt);
            f[n++] = F(160, s0k, b0k, dist);
            f[n++] = F(161, b0kt, b1k);
            f[n++] = F(162, s0c, b0c);
        }
        return n;
    }

    public const int MaxLabelFeatures = 40;

    /// <summary>Features for the relation of the arc <paramref name="h"/> → <paramref name="d"/> (h ≥ 1), the move that makes it chosen.</summary>
    public int LabelFeatures(int h, int d, Span<ulong> f)
    {
        ulong dir = d < h ? 0UL : 1UL;
        ulong dw = Lower[d], dt = (ulong)Tag[d], hw = Lower[h], ht = (ulong)Tag[h];
        ulong dist = (ulong)Math.Min(Math.Abs(h - d), 8);
        int dl = L1[d], dr = R1[d];
        ulong dtd = dt | (dir << 8), htd = ht | (dir << 8);
        ulong hSet = d < h ? LSet[h] : RSet[h];
        int n = 0;
        f[n++] = F(200, dir);
        f[n++] = F(201, dw, dir);
        f[n++] = F(202, dtd);
        f[n++] = F(203, hw, dir);
        f[n++] = F(204, htd);
        f[n++] = F(205, dw, htd);
        f[n++] = F(206, hw, dtd);
        f[n++] = F(207, dtd, ht);
        f[n++] = F(208, dw ^ (hw * 31), dir);
        f[n++] = F(209, dtd, ht, dist);
        f[n++] = F(210, dtd, LSet[d]);
        f[n++] = F(211, dtd, RSet[d]);
        f[n++] = F(212, dtd, L(dl));
        f[n++] = F(213, dtd, L(dr));
        f[n++] = F(218, htd, hSet);
        f[n++] = F(220, Suffix3[d], dtd);
        if (RichLabels)
        {
            // The arc's context beyond the two words (issue 16). d's subtree is complete when its arc is made, so its
            // leftmost child is there: the case or mark word ("of", "to", "that", "and") that tells nmod from obl,
            // xcomp from advcl, conj from the rest. h's children on d's side that are nearer than d are attached too
            // (the relation of the nearest one keeps a second nsubj away), and for a right arc all of h's left ones.
            int dl2 = L2[d];
            ulong dlw = W(dl), dlt = T(dl), drt = T(dr);
            int sibling = d < h ? L1[h] : R1[h];
            ulong otherSide = d < h ? RSet[h] : LSet[h];
            int lo = Math.Min(h, d), hi = Math.Max(h, d);
            ulong between = (uint)Math.Min(PunctUpTo[hi - 1] - PunctUpTo[lo], 3) | ((uint)Math.Min(VerbUpTo[hi - 1] - VerbUpTo[lo], 2) << 4);
            // The word below h on the stack is a likely head of h (left arc: s1; right arc: s2).
            int below = d < h ? (Sp >= 2 ? Stack[Sp - 2] : -1) : (Sp >= 3 ? Stack[Sp - 3] : -1);
            ulong valency = (uint)Math.Min(NL[d], 3) | ((uint)Math.Min(NR[d], 3) << 2);
            f[n++] = F(240, dlw, dtd);
            f[n++] = F(241, dlw, L(dl), htd);
            f[n++] = F(242, hw, dlw, dir);
            f[n++] = F(243, htd, dt, dlw);
            f[n++] = F(244, dtd, dlt, drt);
            f[n++] = F(245, dtd, ht, between);
            f[n++] = F(246, dtd, hSet);
            f[n++] = F(247, dtd, ht, otherSide);
            f[n++] = F(248, dtd, htd, L(sibling));
            f[n++] = F(249, dtd, T(d - 1), d < N ? (ulong)Tag[d + 1] : NoTag);
            f[n++] = F(250, dtd, ht, valency);
            f[n++] = F(251, dtd, htd, T(below));
            f[n++] = F(252, W(dl2), dlw, dtd);
            f[n++] = F(253, Suffix2[h], htd, dt);
            f[n++] = F(254, dw, ht, dist | (dir << 4));
        }
        if (SecondTags)
        {
            f[n++] = F(260, dtd, T2(d), M(d));
            f[n++] = F(261, htd, T2(h), M(h));
        }
        if (ParseClusters)
        {
            f[n++] = F(230, Fine[d], htd);
            f[n++] = F(231, Fine[h], dtd);
            f[n++] = F(232, Coarse[d], Coarse[h], dir);
        }
        return n;
    }
}
