using System.IO.Compression;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// An averaged-perceptron BILOU tagger over hashed features (word, shape, affixes, neighbouring
/// words, gazetteer token hits, rule context). It types the capitalised stretches the rules leave
/// unknown. Inference is greedy left to right with BILOU constraints and allocates nothing.
/// </summary>
internal sealed class EntityTagger
{
    /// <summary>O plus B/I/L/U for each of the four types.</summary>
    public const int LabelCount = 17;
    public const int FormatVersion = 1;
    public const int FeatureVersion = 2;
    private const uint Magic = 0x5445_4B53; // "SKET"

    internal readonly int Bits;
    private readonly int _mask;
    private readonly GazetteerTokens _gaz;

    // Only the stored (non-zero) rows are kept, so memory follows the rows a file really holds, never the 2^bits
    // buckets its header declares (a tiny file declaring 24 bits would otherwise cost 1.1 GB).
    /// <summary>The stored rows, <see cref="LabelCount"/> weights each, in the order they were given.</summary>
    private readonly float[] _rows;
    /// <summary>The bucket of each stored row.</summary>
    private readonly int[] _buckets;
    /// <summary>
    /// Open addressing, linear probing: slot s holds (bucket + 1, offset of its row in <see cref="_rows"/>) at 2s, 2s + 1;
    /// key 0 is an empty slot. Interleaved so a hit reads one cache line. At most half full, so probes stay short.
    /// </summary>
    private readonly int[] _index;
    private readonly int _slotMask;
    /// <summary>32 − log2(slots): Fibonacci hashing keeps the top bits of bucket × 2^32/φ.</summary>
    private readonly int _shift;

    /// <summary>A tagger over a dense table of 2^bits × <see cref="LabelCount"/> weights (the trainer's); all-zero rows are not kept.</summary>
    public EntityTagger(float[] weights, int bits, Gazetteer gazetteer)
        : this(bits, gazetteer, Compact(weights, bits, out int[] buckets), buckets)
    {
    }

    /// <summary>A tagger over stored rows (<paramref name="rows"/>: <see cref="LabelCount"/> weights per bucket of <paramref name="buckets"/>).</summary>
    private EntityTagger(int bits, Gazetteer gazetteer, float[] rows, int[] buckets)
    {
        Bits = bits;
        _mask = (1 << bits) - 1;
        _gaz = GazetteerTokens.For(gazetteer);
        _rows = rows;
        _buckets = buckets;
        int slotBits = 1;
        while (1L << slotBits < 2L * buckets.Length) slotBits++;
        _slotMask = (1 << slotBits) - 1;
        _shift = 32 - slotBits;
        _index = new int[2 << slotBits];
        for (int i = 0; i < buckets.Length; i++)
        {
            int slot = SlotOf(buckets[i]);
            while (_index[2 * slot] != 0)
            {
                // A file may name a bucket twice (a dense table silently kept the last row); an index would keep
                // the first and hide the other, so the file is refused as corrupt rather than read either way.
                if (_index[2 * slot] == buckets[i] + 1) throw new InvalidDataException("The entity tagger model has a row that appears twice; it is corrupt. " + LoadAdvice);
                slot = (slot + 1) & _slotMask;
            }
            _index[2 * slot] = buckets[i] + 1;
            _index[2 * slot + 1] = i * LabelCount;
        }
    }

    private static float[] Compact(float[] weights, int bits, out int[] buckets)
    {
        if (weights.Length != (1 << bits) * LabelCount) throw new ArgumentException("Weight table size does not match the bucket bits.", nameof(weights));
        int n = 0;
        for (int b = 0; b < 1 << bits; b++) if (!IsZero(weights.AsSpan(b * LabelCount, LabelCount))) n++;
        buckets = new int[n];
        var rows = new float[n * LabelCount];
        int i = 0;
        for (int b = 0; b < 1 << bits; b++)
        {
            var row = weights.AsSpan(b * LabelCount, LabelCount);
            if (IsZero(row)) continue;
            buckets[i] = b;
            row.CopyTo(rows.AsSpan(i * LabelCount));
            i++;
        }
        return rows;
    }

    private static bool IsZero(ReadOnlySpan<float> row)
    {
        foreach (float w in row) if (w != 0f) return false;
        return true;
    }

    /// <summary>Stored rows (for tests and sizes).</summary>
    internal int RowCount => _buckets.Length;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int SlotOf(int bucket) => (int)((uint)bucket * 0x9E37_79B9u >> _shift);

    /// <summary>Offset of the bucket's row in <see cref="_rows"/>, or -1 when the bucket has none (all its weights are 0).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int RowOffset(int bucket)
    {
        var index = _index;
        int key = bucket + 1;
        int slot = SlotOf(bucket);
        while (true)
        {
            int k = index[2 * slot];
            if (k == key) return index[2 * slot + 1];
            if (k == 0) return -1;
            slot = (slot + 1) & _slotMask;
        }
    }

    internal GazetteerTokens GazTokens => _gaz;

    // ------------------------------------------------------------------ labels

    public static int Label(EntityType type, int bilou) => 1 + (int)type * 4 + bilou; // bilou: 0 B, 1 I, 2 L, 3 U
    public static bool IsInside(int label) => label != 0 && ((label - 1) & 3) is 0 or 1; // B or I: must continue
    public static EntityType TypeOf(int label) => (EntityType)((label - 1) >> 2);
    public static int Bilou(int label) => (label - 1) & 3;

    public static bool Allowed(int prev, int label, bool last)
    {
        if (IsInside(prev))
        {
            if (label == 0 || TypeOf(label) != TypeOf(prev)) return false;
            int b = Bilou(label);
            return last ? b == 2 : b is 1 or 2;
        }
        if (label == 0) return true;
        int bb = Bilou(label);
        return last ? bb == 3 : bb is 0 or 3;
    }

    // ------------------------------------------------------------------ inference

    /// <summary>Tags tokens [start, end) into labels[start..end).</summary>
    public void Tag(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int start, int end, in FeatureContext ctx, Span<int> labels, Span<ulong> feats, Span<float> scores)
    {
        int prev = 0, prev2 = 0;
        for (int k = start; k < end; k++)
        {
            int nf = EntityFeatures.Static(text, tokens, k, start, end, ctx, _gaz, feats);
            ulong wordHash = feats[1];
            nf = EntityFeatures.Dynamic(prev, prev2, wordHash, feats, nf);
            Score(feats[..nf], scores);
            bool last = k == end - 1;
            int best = 0;
            float bestScore = float.NegativeInfinity;
            for (int l = 0; l < LabelCount; l++)
            {
                if (!Allowed(prev, l, last)) continue;
                if (scores[l] > bestScore) { bestScore = scores[l]; best = l; }
            }
            labels[k] = best;
            prev2 = prev;
            prev = best;
        }
    }

    internal void Score(ReadOnlySpan<ulong> feats, Span<float> scores)
    {
        scores[..LabelCount].Clear();
        var w = _rows;
        foreach (ulong f in feats)
        {
            // A bucket without a row is a row of +0 in a dense table. Skipping it changes no bit: x + (+0) = x for every
            // x but -0, and a sum that starts at +0 never becomes -0 (only -0 + -0 gives -0), so the scores are the dense table's.
            int row = RowOffset((int)(f & (ulong)_mask));
            if (row < 0) continue;
            var r = w.AsSpan(row, LabelCount);
            for (int l = 0; l < LabelCount; l++) scores[l] += r[l];
        }
    }

    // ------------------------------------------------------------------ model file

    /// <summary>Writes the model (zlib-compressed; only non-zero rows, in ascending bucket order).</summary>
    public void Save(Stream stream)
    {
        // Ascending bucket order and no all-zero rows: the bytes the dense table always produced, whatever order a
        // loaded file stored its rows in.
        var order = new int[_buckets.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort((int[])_buckets.Clone(), order);
        int nonZero = 0;
        foreach (int i in order) if (!IsZero(_rows.AsSpan(i * LabelCount, LabelCount))) nonZero++;
        using var z = new ZLibStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var w = new BinaryWriter(z);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(FeatureVersion);
        w.Write(Bits);
        w.Write(LabelCount);
        w.Write(nonZero);
        foreach (int i in order)
        {
            var row = _rows.AsSpan(i * LabelCount, LabelCount);
            if (IsZero(row)) continue;
            w.Write(_buckets[i]);
            foreach (float x in row) w.Write(x);
        }
    }

    private const string LoadAdvice = "Copy the file again, retrain it ('stancekit train-entities') or use the embedded tagger (EntityExtractor.Default).";

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <remarks>
    /// Every way the data can be wrong (not zlib, failed zlib checksum, truncated, wrong version, bad header or rows,
    /// data after the last row, non-finite weights) gives one <see cref="InvalidDataException"/> whose message says what
    /// to do. Allocation: the file, its payload (decompressed, at most 64 times the file) and, once the header and
    /// the payload length agree, the stored rows (17 floats each) and their index (fewer than 9 ints per row): under
    /// 1.5 times the payload, however many buckets (2^bits, bits ≤ 24) the header declares. A row given twice is refused.
    /// </remarks>
    /// <exception cref="InvalidDataException">The stream is not a tagger model of this version.</exception>
    public static EntityTagger Load(Stream stream, Gazetteer gazetteer)
    {
        try
        {
            return LoadCore(stream, gazetteer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The entity tagger model is truncated. " + LoadAdvice, e);
        }
        catch (InvalidDataException e) when (!e.Message.EndsWith(LoadAdvice, StringComparison.Ordinal))
        {
            // From the zlib decoder: not zlib data, or its checksum failed.
            throw new InvalidDataException($"The entity tagger model is not valid compressed data or is corrupt ({e.Message}). " + LoadAdvice, e);
        }
    }

    /// <summary>Largest tagger model file accepted (the embedded one is about 150 KB).</summary>
    private const int MaxFileBytes = 256 << 20;

    private static EntityTagger LoadCore(Stream stream, Gazetteer gazetteer)
    {
        // The whole file, then its payload, are checked (zlib's Adler-32 trailer included: .NET does not check it when
        // a stream is cut right before it) before the weight table is allocated.
        byte[] file = ReadAll(stream);
        if (file.Length < 6) throw new InvalidDataException(file.Length == 0 ? "The entity tagger model is empty (0 bytes). " + LoadAdvice : "The entity tagger model is truncated. " + LoadAdvice);
        byte[] payload = Inflate(file);
        if (Adler32(payload) != System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(file.Length - 4)))
            throw new InvalidDataException("The entity tagger model is truncated or corrupt (checksum mismatch). " + LoadAdvice);
        var r = new BinaryReader(new MemoryStream(payload));
        if (r.ReadUInt32() != Magic) throw new InvalidDataException("This is not an entity tagger model (bad magic number). " + LoadAdvice);
        int version = r.ReadInt32();
        int featureVersion = r.ReadInt32();
        if (version != FormatVersion || featureVersion != FeatureVersion)
            throw new InvalidDataException($"Entity tagger model version {version}/{featureVersion} is not supported (expected {FormatVersion}/{FeatureVersion}). " + LoadAdvice);
        int bits = r.ReadInt32();
        int labels = r.ReadInt32();
        if (bits is < 8 or > 24 || labels != LabelCount) throw new InvalidDataException($"The entity tagger model header is corrupt ({bits} bucket bits, {labels} labels). " + LoadAdvice);
        int nonZero = r.ReadInt32();
        if (nonZero < 0 || nonZero > 1 << bits) throw new InvalidDataException($"The entity tagger model claims {nonZero} rows for {1 << bits} buckets; it is corrupt. " + LoadAdvice);
        long expected = 24 + (long)nonZero * (4 + 4 * LabelCount);
        if (payload.Length < expected) throw new InvalidDataException("The entity tagger model is truncated. " + LoadAdvice);
        if (payload.Length > expected) throw new InvalidDataException("The entity tagger model has data after its last row; it is corrupt. " + LoadAdvice);
        // Proportional to the rows the payload really holds (checked just above), not to the 2^bits buckets.
        var rows = new float[nonZero * LabelCount];
        var buckets = new int[nonZero];
        for (int i = 0; i < nonZero; i++)
        {
            int row = r.ReadInt32();
            if ((uint)row >= (uint)(1 << bits)) throw new InvalidDataException("The entity tagger model has a row outside its table; it is corrupt. " + LoadAdvice);
            buckets[i] = row;
            for (int l = 0; l < LabelCount; l++)
            {
                float w = r.ReadSingle();
                if (!float.IsFinite(w)) throw new InvalidDataException("The entity tagger model holds a non-finite weight; it is corrupt. " + LoadAdvice);
                rows[i * LabelCount + l] = w;
            }
        }
        // The constructor refuses a bucket given twice.
        return new EntityTagger(bits, gazetteer, rows, buckets);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + read > MaxFileBytes) throw new InvalidDataException($"The entity tagger model is longer than {MaxFileBytes} bytes; this is not a tagger model. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }

    /// <summary>Decompresses, refusing more than a generous ratio (a decompression bomb is not a model).</summary>
    private static byte[] Inflate(byte[] file)
    {
        long limit = Math.Max(1L << 20, 64L * file.Length);
        using var z = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = ReadInflated(z, chunk)) > 0)
        {
            if (ms.Length + read > limit) throw new InvalidDataException("The entity tagger model decompresses to far more than a model holds; it is corrupt. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }

    private static int ReadInflated(Stream z, byte[] chunk)
    {
        try { return z.Read(chunk, 0, chunk.Length); }
        catch (IOException e)
        {
            // zlib's own errors (ZLibException) on some corrupt input: found by AFL++ (fuzz/README.md).
            throw new InvalidDataException($"The entity tagger model is not valid compressed data ({e.Message}). " + LoadAdvice, e);
        }
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, 5552);
            foreach (byte x in data[..n]) { a += x; b += a; }
            a %= Mod;
            b %= Mod;
            data = data[n..];
        }
        return b << 16 | a;
    }

    private static readonly Lazy<EntityTagger?> s_default = new(() =>
    {
        using var s = typeof(EntityTagger).Assembly.GetManifestResourceStream("StanceKit.Models.entity-tagger.bin");
        return s is null ? null : Load(s, Gazetteer.Default);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded model over the default gazetteer, or null when the assembly has none.</summary>
    public static EntityTagger? Default => s_default.Value;
}

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

    private static ulong F(int ns, ulong value) => StableHash.Combine(StableHash.Mix(Seed + (ulong)ns), value);
    private static ulong F(int ns, ReadOnlySpan<char> s) => F(ns, StableHash.HashLowerFoldDigits(s, Seed));

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
    public static int Static(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k, int cs, int ce, in FeatureContext ctx, GazetteerTokens gaz, Span<ulong> feats)
    {
        int n = 0;
        var t = tokens[k];
        var w = text.Slice(t.Start, t.Length);
        ulong lw = Lower(text, tokens, k);
        feats[n++] = F(0, 1UL);
        feats[n++] = F(1, lw);
        ulong shape = Shape(text, tokens, k);
        feats[n++] = F(2, shape);
        if (w.Length >= 3)
        {
            feats[n++] = F(3, w[..3]);
            feats[n++] = F(4, w[^3..]);
        }
        if (w.Length >= 4) feats[n++] = F(5, w[^4..]);
        if (w.Length >= 2) feats[n++] = F(6, w[^2..]);
        ulong p1 = Lower(text, tokens, k - 1), p2 = Lower(text, tokens, k - 2);
        ulong n1 = Lower(text, tokens, k + 1), n2 = Lower(text, tokens, k + 2);
        feats[n++] = F(7, p1);
        feats[n++] = F(8, p2);
        feats[n++] = F(9, n1);
        feats[n++] = F(10, n2);
        feats[n++] = F(11, StableHash.Combine(p1, lw));
        feats[n++] = F(12, StableHash.Combine(lw, n1));
        feats[n++] = F(13, StableHash.Combine(p2, p1));
        feats[n++] = F(14, StableHash.Combine(n1, n2));
        feats[n++] = F(15, Shape(text, tokens, k - 1));
        feats[n++] = F(16, Shape(text, tokens, k + 1));
        feats[n++] = F(17, StableHash.Combine(shape, Shape(text, tokens, k + 1)));
        int pos = Math.Min(k - cs, 3), fromEnd = Math.Min(ce - 1 - k, 3), len = Math.Min(ce - cs, 5);
        feats[n++] = F(18, (ulong)(pos * 16 + fromEnd * 4) + (ulong)len * 256);
        bool sentInitial = k == ctx.SentenceStart;
        feats[n++] = F(19, sentInitial ? 1UL : 0UL);
        if (sentInitial) feats[n++] = F(20, lw);
        int mask = gaz.MaskOf(w);
        feats[n++] = F(21, (ulong)mask);
        int pm = k > 0 && tokens[k - 1].Kind == TokenKind.Word ? gaz.MaskOf(text.Slice(tokens[k - 1].Start, tokens[k - 1].Length)) : -1;
        int nm = k + 1 < tokens.Length && tokens[k + 1].Kind == TokenKind.Word ? gaz.MaskOf(text.Slice(tokens[k + 1].Start, tokens[k + 1].Length)) : -1;
        feats[n++] = F(22, (ulong)(uint)pm);
        feats[n++] = F(23, (ulong)(uint)nm);
        feats[n++] = F(24, (ulong)(ctx.LeftType * 8 + ctx.RightType) * 16 + (ulong)(pos * 4 + fromEnd));
        if (k == cs) feats[n++] = F(25, StableHash.Combine((ulong)ctx.LeftType, p1));
        if (k == ce - 1) feats[n++] = F(26, StableHash.Combine((ulong)ctx.RightType, n1));
        bool isStop = EntityWords.StopCap.Contains(w);
        bool isTitle = EntityWords.TitleCore.Contains(w) || EntityWords.TitleModifier.Contains(w);
        bool before = k > 0 && tokens[k - 1].Kind == TokenKind.Word && EntityWords.RoleNoun.Contains(text.Slice(tokens[k - 1].Start, tokens[k - 1].Length));
        feats[n++] = F(27, (isStop ? 1UL : 0) | (isTitle ? 2UL : 0) | (before ? 4UL : 0));
        // whole chunk words as a bag of the first and last word
        feats[n++] = F(28, StableHash.Combine(Lower(text, tokens, cs), Lower(text, tokens, ce - 1)));
        feats[n++] = F(29, Lower(text, tokens, ce - 1));
        // Hints for names no table knows (feature version 2): a common given name here, before, or opening the chunk;
        // and whether the words around are in capitals (a headline), where the shape says nothing.
        bool given = EntityWords.GivenName.Contains(w);
        bool givenBefore = k > 0 && tokens[k - 1].Kind == TokenKind.Word && EntityWords.GivenName.Contains(text.Slice(tokens[k - 1].Start, tokens[k - 1].Length));
        bool givenFirst = k > cs && EntityWords.GivenName.Contains(text.Slice(tokens[cs].Start, tokens[cs].Length));
        feats[n++] = F(30, (given ? 1UL : 0) | (givenBefore ? 2UL : 0) | (givenFirst ? 4UL : 0));
        feats[n++] = F(31, (CapitalsAround(text, tokens, k) ? 1UL : 0) * 8 + (ulong)Math.Min(pos, 1) * 2 + (ulong)(sentInitial ? 1 : 0));
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
    public static int Dynamic(int prev, int prev2, ulong wordHash, Span<ulong> feats, int n)
    {
        feats[n++] = F(40, (ulong)prev);
        feats[n++] = F(41, (ulong)(prev2 * 32 + prev));
        feats[n++] = F(42, StableHash.Combine((ulong)prev, wordHash));
        return n;
    }
}
