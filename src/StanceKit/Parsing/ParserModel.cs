using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit.Parsing;

/// <summary>
/// The weights of the tagger and the parser: a tag table (17 UPOS per row), a move table (shift, left, right per
/// row) and a relation table (one weight per relation of <see cref="Relations"/> per row), plus inference.
/// </summary>
internal sealed class ParserModel
{
    /// <summary>Format and feature version of a model without word clusters (files of format 2 carry no cluster fingerprint).</summary>
    public const int FormatVersion = 2, FeatureVersion = 3;
    /// <summary>Format and feature version of a model with word-cluster features: the header adds the clusters' fingerprint.</summary>
    public const int ClusterFormatVersion = 3, ClusterFeatureVersion = 4;
    /// <summary>
    /// Feature versions of a model whose relation classifier uses the richer arc features (<see cref="ParseState.RichLabels"/>):
    /// 5 in a format-2 file (no clusters), 6 in a format-3 file (with clusters).
    /// </summary>
    public const int RichLabelFeatureVersion = 5, RichLabelClusterFeatureVersion = 6;
    /// <summary>
    /// Format of a model that lists its feature sets as flags (<see cref="FeatureFlags"/>) instead of a feature
    /// version: needed by the tag lexicon and the second-tag features (session 6); the older formats are still written
    /// for models without them, so their files stay byte-identical.
    /// </summary>
    public const int FlagsFormatVersion = 4;
    /// <summary>Widest beam a model file may ask for.</summary>
    public const int MaxBeamWidth = 64;
    private const uint Magic = 0x5044_4B53; // "SKDP"
    private const string LoadAdvice = "Copy the file again, retrain it ('stancekit train-parser') or use the embedded parser (DependencyParser.Default).";

    public ParserModel(WeightTable tags, WeightTable moves, WeightTable labels, DependencyRelation[] relations, int beamWidth = 1, WordClusters? clusters = null, ClusterUse clusterUse = ClusterUse.Both, bool richLabels = false, TagLexicon? lexicon = null, bool secondTags = false)
    {
        RichLabels = richLabels;
        Lexicon = lexicon;
        SecondTags = secondTags;
        Clusters = clusters;
        ClusterUse = clusters is null ? ClusterUse.None : clusterUse;
        if (clusters is not null && clusterUse == ClusterUse.None) throw new ArgumentException("Clusters given but not used.", nameof(clusterUse));
        if (beamWidth is < 1 or > MaxBeamWidth) throw new ArgumentOutOfRangeException(nameof(beamWidth));
        BeamWidth = beamWidth;
        if (tags.Stride != UniversalPosNames.Count || moves.Stride != ParseState.MoveCount || labels.Stride != relations.Length)
            throw new ArgumentException("Table strides do not match.");
        if (relations.Length > ParseState.NoLabel) throw new ArgumentException("Too many relations.", nameof(relations));
        Tags = tags;
        Moves = moves;
        Labels = labels;
        Relations = relations;
        RootLabel = Array.IndexOf(relations, DependencyRelation.Root);
        PunctLabel = Array.IndexOf(relations, DependencyRelation.Punct);
        if (RootLabel < 0) throw new ArgumentException("The relations must include root.", nameof(relations));
    }

    /// <summary>The word clusters the features use (<see cref="WordClusters.Default"/>), or null for a model without cluster features.</summary>
    public WordClusters? Clusters { get; }
    /// <summary>The ambiguity classes the tagger reads (<see cref="ParseState.LexiconTags"/>), or null.</summary>
    public TagLexicon? Lexicon { get; }
    /// <summary>Whether the move and relation features read the tagger's second-best tag and margin.</summary>
    public bool SecondTags { get; }
    /// <summary>Whether the relation classifier uses the richer arc features (feature version 5 or 6).</summary>
    public bool RichLabels { get; }
    /// <summary>Which features use <see cref="Clusters"/> (None without clusters).</summary>
    public ClusterUse ClusterUse { get; }
    public WeightTable Tags { get; }
    public WeightTable Moves { get; }
    public WeightTable Labels { get; }
    /// <summary>The relation of each label index.</summary>
    public DependencyRelation[] Relations { get; }
    public int RootLabel { get; }
    /// <summary>The beam the model was trained for (1: greedy); decoding uses the same width.</summary>
    public int BeamWidth { get; }
    /// <summary>The index of <see cref="DependencyRelation.Punct"/>, or -1.</summary>
    public int PunctLabel { get; }

    /// <summary>
    /// Whether the greedy parser keeps the move sums of unchanged feature groups (the default; the same output either
    /// way, false only for speed comparisons and tests).
    /// </summary>
    public bool CachedMoveSums { get; set; } = true;

    /// <summary>
    /// Whether the tagger and the relation classifier take the best tag and relation from the integer sums without
    /// a branch on the scores (the default; the same choice either way, false only for speed comparisons and tests).
    /// </summary>
    public bool IntegerArgMax { get; set; } = true;

    /// <summary>
    /// The move and relation tables in 8 bits (read when a model loads; on by default since session 10): one scale per
    /// table, the largest weight ±127, half the bytes per row of the 16-bit tables; the tag table stays 16-bit (8 bits made
    /// tagging no faster). Measured on EWT dev against the 16-bit tables: 224 of 25,147 words change head or relation,
    /// none its tag; UAS 0.8409 → 0.8413, LAS 0.8077 → 0.8082; about a fifth less CPU per sentence. False gives the
    /// 16-bit tables (speed comparisons and tests).
    /// </summary>
    internal static bool EightBitParseTables { get; set; } = true;

    // ------------------------------------------------------------------ inference

    /// <summary>Tags the words of <paramref name="s"/> greedily, left to right.</summary>
    public void Tag(ParseState s)
    {
        Span<ulong> f = stackalloc ulong[ParseState.MaxTagFeatures];
        Span<float> scores = stackalloc float[UniversalPosNames.Count];
        s.LexiconTags = Lexicon is not null;
        if (Lexicon is not null)
            for (int i = 1; i <= s.N; i++) s.Amb[i] = Lexicon.ClassOf(s.Lower[i]);
        if (IntegerArgMax && !SecondTags && Tags.IsQuantized && Vector256.IsHardwareAccelerated && Tags.Stride <= WeightTable.MaxArgMaxStride)
        {
            Span<int> sums = stackalloc int[WeightTable.MaxArgMaxStride];
            for (int i = 1; i <= s.N; i++) s.Tag[i] = Tags.ArgMaxOfSums(f[..s.TagFeatures(i, f)], sums);
            return;
        }
        for (int i = 1; i <= s.N; i++)
        {
            int nf = s.TagFeatures(i, f);
            Tags.Score(f[..nf], scores);
            if (!SecondTags)
            {
                s.Tag[i] = ArgMax(scores);
                continue;
            }
            int best = 0, second = -1;
            for (int t = 1; t < scores.Length; t++)
            {
                if (scores[t] > scores[best]) { second = best; best = t; }
                else if (second < 0 || scores[t] > scores[second]) second = t;
            }
            s.Tag[i] = best;
            s.Tag2[i] = second;
            s.Margin[i] = MarginBucket(scores[best] - scores[second]);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return best;
    }

    /// <summary>A bucket (0–7) of the tagger's margin between its best and second-best tag, on a log scale.</summary>
    public static int MarginBucket(float margin) => margin < 1f ? 0 : Math.Min(7, 1 + (int)MathF.Log2(margin));

    /// <summary>
    /// Parses the tagged words of <paramref name="s"/> (arc-hybrid; greedy, or with a beam of <see cref="BeamWidth"/>
    /// given by <paramref name="beam"/>, made here when missing); heads and labels end in the state.
    /// </summary>
    public void Parse(ParseState s, BeamSearch? beam = null)
    {
        s.RichLabels = RichLabels;
        s.SecondTags = SecondTags;
        if (BeamWidth > 1)
        {
            if (beam is null || beam.Width != BeamWidth) beam = new BeamSearch(BeamWidth);
            beam.Run(this, s);
            return;
        }
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<float> moveScores = stackalloc float[ParseState.MoveCount];
        Span<float> labelScores = stackalloc float[64];
        if (CachedMoveSums && Moves.IsQuantized && Moves.Stride == ParseState.MoveCount && Vector128.IsHardwareAccelerated)
        {
            // One loop per row format, so the 16-bit one has no test of the format in it.
            if (Moves.RowBytes3 && Sse41.IsSupported) ParseGreedyCached<BytesRows3>(s, f, moveScores, labelScores);
            else ParseGreedyCached<ShortRows3>(s, f, moveScores, labelScores);
            return;
        }
        s.StartParse();
        while (!s.Terminal)
        {
            int move;
            // With only the root on the stack the one legal move is shift, with the buffer empty it is right:
            // no need to score.
            if (s.Sp == 1) move = ParseState.Shift;
            else if (s.B > s.N) move = ParseState.Right;
            else
            {
                int nf = s.MoveFeatures(f);
                Moves.Score(f[..nf], moveScores);
                move = BestLegal(s, moveScores);
            }
            int label = 0;
            if (move != ParseState.Shift) label = BestLabel(s, move, f, labelScores);
            s.Apply(move, label);
        }
    }

    /// <summary>
    /// The greedy parse over the 16-bit move table, with the integer sums of the feature groups that a move leaves
    /// unchanged kept from one configuration to the next (see "move features in groups" in <see cref="ParseState"/>):
    /// the same rows are added as by <see cref="ParseState.MoveFeatures"/> and integer sums are exact, so the scores,
    /// and so the parse, are the same bit for bit; about a third fewer rows are read.
    /// </summary>
    private void ParseGreedyCached<TRows>(ParseState s, Span<ulong> f, Span<float> moveScores, Span<float> labelScores)
        where TRows : struct, IRows3
    {
        var moves = Moves;
        float scale = moves.QuantizedScale;
        s.StartParse();
        var sumsA = s.StackSumsA;
        var sumsB = s.StackSumsB;
        var validA = s.StackSumsAValid;
        var validB = s.StackSumsBValid;
        validA[0] = validB[0] = false;
        Vector128<int> bufferA = default, bufferB = default;
        bool bufferAValid = false, bufferBValid = false;
        while (!s.Terminal)
        {
            int move;
            if (s.Sp == 1) move = ParseState.Shift;
            else if (s.B > s.N) move = ParseState.Right;
            else
            {
                int top = s.Sp - 1;
                // The features of every group to recompute first, then the rows of all of them: the row reads (most of
                // the time here is waiting for them) then follow each other closely, so more of them are under way at
                // once than when each group's hashing stands between its reads and the next group's.
                bool newA = !validA[top], newB = !validB[top], newBufferA = !bufferAValid, newBufferB = !bufferBValid;
                int n = 0;
                if (newA) n += s.MoveFeaturesStackA(f[n..]);
                int endA = n;
                if (newB) n += s.MoveFeaturesStackB(f[n..]);
                int endB = n;
                if (newBufferA) n += s.MoveFeaturesBufferA(f[n..]);
                int endBufferA = n;
                if (newBufferB) n += s.MoveFeaturesBufferB(f[n..]);
                int endBufferB = n;
                n += s.MoveFeaturesMixed(f[n..]);
                if (newA)
                {
                    sumsA[top] = TRows.Sum(moves, f[..endA]);
                    validA[top] = true;
                }
                if (newB)
                {
                    sumsB[top] = TRows.Sum(moves, f[endA..endB]);
                    validB[top] = true;
                }
                if (newBufferA)
                {
                    bufferA = TRows.Sum(moves, f[endB..endBufferA]);
                    bufferAValid = true;
                }
                if (newBufferB)
                {
                    bufferB = TRows.Sum(moves, f[endBufferA..endBufferB]);
                    bufferBValid = true;
                }
                var sum = TRows.Sum(moves, f[endBufferB..n]) + sumsA[top] + sumsB[top] + bufferA + bufferB;
                moveScores[0] = sum.GetElement(0) * scale;
                moveScores[1] = sum.GetElement(1) * scale;
                moveScores[2] = sum.GetElement(2) * scale;
                move = BestLegal(s, moveScores);
            }
            int label = 0;
            if (move != ParseState.Shift) label = BestLabel(s, move, f, labelScores);
            s.Apply(move, label);
            if (move == ParseState.Shift)
            {
                // A new top, a new b0.
                validA[s.Sp - 1] = validB[s.Sp - 1] = false;
                bufferAValid = bufferBValid = false;
            }
            else if (move == ParseState.Left) bufferBValid = false; // b0 has a new left child; the top is as it was
            else validB[s.Sp - 1] = false; // the new top has a new right child
        }
    }

    /// <summary>How <see cref="ParseGreedyCached{TRows}"/> adds 3-weight rows: the 16-bit or the 8-bit ones.</summary>
    private interface IRows3
    {
        static abstract Vector128<int> Sum(WeightTable table, ReadOnlySpan<ulong> features);
    }

    private readonly struct ShortRows3 : IRows3
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Sum(WeightTable table, ReadOnlySpan<ulong> features) => table.SumRows3(features);
    }

    private readonly struct BytesRows3 : IRows3
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Sum(WeightTable table, ReadOnlySpan<ulong> features) => table.SumRows3Bytes(features);
    }

    internal int BestLabel(ParseState s, int move, Span<ulong> f, Span<float> labelScores)
    {
        var (h, d) = s.ArcOf(move);
        if (h == 0) return RootLabel;
        // Every PUNCT word of the treebank that is not the root is a punct dependent (23,556 of 23,556 in EWT train).
        if (s.Tag[d] == (int)UniversalPos.Punct && PunctLabel >= 0) return PunctLabel;
        int nf = s.LabelFeatures(h, d, f);
        if (IntegerArgMax && Labels.IsQuantized && Vector256.IsHardwareAccelerated && Labels.Stride <= WeightTable.MaxArgMaxStride)
        {
            Span<int> sums = stackalloc int[WeightTable.MaxArgMaxStride];
            return Labels.ArgMaxOfSums(f[..nf], sums, RootLabel);
        }
        Labels.Score(f[..nf], labelScores);
        int best = -1;
        float bestScore = float.NegativeInfinity;
        for (int l = 0; l < Relations.Length; l++)
        {
            if (l == RootLabel) continue;
            if (labelScores[l] > bestScore || best < 0) { bestScore = labelScores[l]; best = l; }
        }
        return best;
    }

    internal static int BestLegal(ParseState s, ReadOnlySpan<float> scores)
    {
        int best = -1;
        for (int m = 0; m < ParseState.MoveCount; m++)
        {
            if (!s.IsLegal(m)) continue;
            if (best < 0 || scores[m] > scores[best]) best = m;
        }
        return best;
    }

    // ------------------------------------------------------------------ model file

    /// <summary>
    /// Writes the model: zlib over a header, the relation names and the three tables (only rows with a weight of at
    /// least <paramref name="minWeight"/> in magnitude, weights as half floats), then a checksum of all that.
    /// </summary>
    public void Save(Stream stream, float minWeight = 0f)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            bool flagsFormat = Lexicon is not null || SecondTags;
            if (flagsFormat)
            {
                w.Write(FlagsFormatVersion);
                w.Write((int)Flags);
            }
            else
            {
                w.Write(Clusters is null ? FormatVersion : ClusterFormatVersion);
                w.Write(Clusters is null
                    ? (RichLabels ? RichLabelFeatureVersion : FeatureVersion)
                    : (RichLabels ? RichLabelClusterFeatureVersion : ClusterFeatureVersion));
            }
            if (Clusters is not null)
            {
                w.Write(Clusters.Fingerprint);
                w.Write((int)ClusterUse);
            }
            w.Write(BeamWidth);
            w.Write(Relations.Length);
            foreach (var r in Relations) w.Write(r.ToUDName());
            WriteTable(w, Tags, minWeight);
            WriteTable(w, Moves, minWeight);
            WriteTable(w, Labels, minWeight);
            if (Lexicon is not null)
            {
                w.Write(Lexicon.Count);
                // Sorted (Entries is), so the same lexicon gives the same bytes whatever the dictionary's order.
                foreach (var (word, cls) in Lexicon.Entries)
                {
                    w.Write(word);
                    w.Write(cls);
                }
            }
        }
        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        ulong sum = Checksum.Compute(bytes);
        using var z = new ZLibStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        z.Write(bytes);
        Span<byte> tail = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(tail, sum);
        z.Write(tail);
    }

    /// <summary>The feature sets of this model as written in a format-4 header.</summary>
    public FeatureFlags Flags =>
        (RichLabels ? FeatureFlags.RichLabels : 0) | (Lexicon is not null ? FeatureFlags.TagLexicon : 0) |
        (SecondTags ? FeatureFlags.SecondTags : 0) | (Clusters is not null ? FeatureFlags.Clusters : 0);

    private static void WriteTable(BinaryWriter w, WeightTable t, float minWeight)
    {
        int rows = 1 << t.Bits;
        int kept = 0;
        for (int r = 0; r < rows; r++) if (Keep(t, r, minWeight)) kept++;
        w.Write(t.Bits);
        w.Write(t.Stride);
        w.Write(kept);
        int previous = -1;
        for (int r = 0; r < rows; r++)
        {
            if (!Keep(t, r, minWeight)) continue;
            // Gaps between kept rows rather than row numbers: small numbers compress better.
            w.Write7BitEncodedInt(r - previous);
            previous = r;
            var row = t.Weights.AsSpan(r * t.Stride, t.Stride);
            foreach (float x in row) w.Write((Half)x);
        }
    }

    private static bool Keep(WeightTable t, int r, float minWeight)
    {
        foreach (float x in t.Weights.AsSpan(r * t.Stride, t.Stride))
            if (x != 0f && Math.Abs(x) >= minWeight && (float)(Half)x != 0f) return true;
        return false;
    }

    private const int MaxFileBytes = 64 << 20;
    private const long MaxPayloadBytes = 512L << 20;

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a parser model of this version, truncated or corrupt.</exception>
    public static ParserModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return LoadCore(stream);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The parser model is truncated. " + LoadAdvice, e);
        }
        catch (InvalidDataException e) when (!e.Message.EndsWith(LoadAdvice, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The parser model is not valid compressed data or is corrupt ({e.Message}). " + LoadAdvice, e);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidDataException($"The parser model is not valid compressed data ({e.Message}). " + LoadAdvice, e);
        }
    }

    private static ParserModel LoadCore(Stream stream)
    {
        byte[] file = ReadAll(stream);
        if (file.Length == 0) throw new InvalidDataException("The parser model is empty (0 bytes). " + LoadAdvice);
        byte[] payload = Inflate(file);
        if (payload.Length < 8) throw new InvalidDataException("The parser model is truncated. " + LoadAdvice);
        var body = payload.AsSpan(0, payload.Length - 8);
        ulong stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(payload.Length - 8));
        if (Checksum.Compute(body) != stored) throw new InvalidDataException("The parser model is truncated or corrupt (checksum mismatch). " + LoadAdvice);
        var r = new BinaryReader(new MemoryStream(payload, 0, payload.Length - 8));
        if (r.ReadUInt32() != Magic) throw new InvalidDataException("This is not a parser model (bad magic number). " + LoadAdvice);
        int version = r.ReadInt32();
        int featureVersion = r.ReadInt32();
        var flags = FeatureFlags.None;
        bool withClusters, richLabels;
        if (version == FlagsFormatVersion)
        {
            flags = (FeatureFlags)featureVersion;
            if ((flags & ~FeatureFlags.All) != 0)
                throw new InvalidDataException($"Parser model format {version} names feature sets this build does not know (flags 0x{featureVersion:x}). " + LoadAdvice);
            withClusters = (flags & FeatureFlags.Clusters) != 0;
            richLabels = (flags & FeatureFlags.RichLabels) != 0;
        }
        else
        {
            withClusters = version == ClusterFormatVersion && featureVersion is ClusterFeatureVersion or RichLabelClusterFeatureVersion;
            bool plain = version == FormatVersion && featureVersion is FeatureVersion or RichLabelFeatureVersion;
            if (!withClusters && !plain)
                throw new InvalidDataException($"Parser model version {version}/{featureVersion} is not supported (expected {FormatVersion}/{FeatureVersion} or {FormatVersion}/{RichLabelFeatureVersion}, or {ClusterFormatVersion}/{ClusterFeatureVersion} or {ClusterFormatVersion}/{RichLabelClusterFeatureVersion} with word clusters, or format {FlagsFormatVersion}). " + LoadAdvice);
            richLabels = featureVersion is RichLabelFeatureVersion or RichLabelClusterFeatureVersion;
        }
        WordClusters? clusters = null;
        var use = ClusterUse.None;
        if (withClusters)
        {
            ulong fingerprint = r.ReadUInt64();
            use = (ClusterUse)r.ReadInt32();
            if (use is not (ClusterUse.Tagger or ClusterUse.Parser or ClusterUse.Both))
                throw new InvalidDataException($"The parser model header is corrupt (cluster use {(int)use}). " + LoadAdvice);
            clusters = WordClusters.Default;
            if (clusters.Fingerprint != fingerprint)
                throw new InvalidDataException($"The parser model was trained with other word clusters (fingerprint {fingerprint:x16}; this build has {clusters.Fingerprint:x16}). " + LoadAdvice);
        }
        int beamWidth = r.ReadInt32();
        if (beamWidth is < 1 or > MaxBeamWidth) throw new InvalidDataException($"The parser model header is corrupt (beam width {beamWidth}). " + LoadAdvice);
        int count = r.ReadInt32();
        if (count is < 1 or >= ParseState.NoLabel) throw new InvalidDataException($"The parser model header is corrupt ({count} relations). " + LoadAdvice);
        var relations = new DependencyRelation[count];
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            if (!DependencyRelationNames.TryParse(name, out relations[i]))
                throw new InvalidDataException($"The parser model names an unknown relation '{name}'. " + LoadAdvice);
        }
        if (Array.IndexOf(relations, DependencyRelation.Root) < 0) throw new InvalidDataException("The parser model has no root relation; it is corrupt. " + LoadAdvice);
        var tags = ReadTable(r, UniversalPosNames.Count);
        var moves = ReadTable(r, ParseState.MoveCount);
        var labels = ReadTable(r, count);
        TagLexicon? lexicon = null;
        if ((flags & FeatureFlags.TagLexicon) != 0)
        {
            int words = r.ReadInt32();
            if (words < 0 || (long)words * 12 > r.BaseStream.Length - r.BaseStream.Position)
                throw new InvalidDataException("The parser model's tag lexicon is truncated or corrupt. " + LoadAdvice);
            var classes = new Dictionary<ulong, uint>(words);
            for (int i = 0; i < words; i++)
            {
                ulong word = r.ReadUInt64();
                uint cls = r.ReadUInt32();
                if (!classes.TryAdd(word, cls)) throw new InvalidDataException("The parser model's tag lexicon lists a word twice; it is corrupt. " + LoadAdvice);
            }
            lexicon = new TagLexicon(classes);
        }
        if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("The parser model has data after its last table; it is corrupt. " + LoadAdvice);
        tags.Quantize();
        moves.Quantize(eightBit: EightBitParseTables);
        labels.Quantize(eightBit: EightBitParseTables);
        return new ParserModel(tags, moves, labels, relations, beamWidth, clusters, use == ClusterUse.None ? ClusterUse.Both : use, richLabels,
            lexicon, (flags & FeatureFlags.SecondTags) != 0);
    }

    private static WeightTable ReadTable(BinaryReader r, int stride)
    {
        int bits = r.ReadInt32();
        int s = r.ReadInt32();
        if (bits is < 8 or > 22 || s != stride) throw new InvalidDataException($"The parser model table header is corrupt ({bits} bits, {s} columns). " + LoadAdvice);
        int kept = r.ReadInt32();
        int rows = 1 << bits;
        if (kept < 0 || kept > rows) throw new InvalidDataException("The parser model claims more rows than its table has; it is corrupt. " + LoadAdvice);
        long left = r.BaseStream.Length - r.BaseStream.Position;
        if ((long)kept * (1 + 2L * stride) > left) throw new InvalidDataException("The parser model is truncated. " + LoadAdvice);
        var weights = new float[rows * stride];
        int row = -1;
        for (int i = 0; i < kept; i++)
        {
            int gap = r.Read7BitEncodedInt();
            if (gap <= 0 || (long)row + gap >= rows) throw new InvalidDataException("The parser model has a row outside its table; it is corrupt. " + LoadAdvice);
            row += gap;
            for (int c = 0; c < stride; c++)
            {
                float x = (float)r.ReadHalf();
                if (!float.IsFinite(x)) throw new InvalidDataException("The parser model holds a non-finite weight; it is corrupt. " + LoadAdvice);
                weights[row * stride + c] = x;
            }
        }
        return new WeightTable(bits, stride, weights);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + read > MaxFileBytes) throw new InvalidDataException($"The parser model is longer than {MaxFileBytes} bytes; this is not a parser model. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }

    private static byte[] Inflate(byte[] file)
    {
        long limit = Math.Min(MaxPayloadBytes, Math.Max(1L << 20, 64L * file.Length));
        using var z = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = z.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + read > limit) throw new InvalidDataException("The parser model decompresses to far more than a model holds; it is corrupt. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }
}

/// <summary>The feature sets of a format-4 model file (<see cref="ParserModel.FlagsFormatVersion"/>).</summary>
[Flags]
internal enum FeatureFlags
{
    None = 0,
    /// <summary>The relation classifier's richer arc features (<see cref="ParseState.RichLabels"/>).</summary>
    RichLabels = 1,
    /// <summary>Word-cluster features; the header then holds the clusters' fingerprint and use.</summary>
    Clusters = 2,
    /// <summary>The tagger's ambiguity-class features; the file ends with the tag lexicon.</summary>
    TagLexicon = 4,
    /// <summary>The move and relation features of the tagger's second-best tag and margin.</summary>
    SecondTags = 8,
    All = RichLabels | Clusters | TagLexicon | SecondTags,
}
