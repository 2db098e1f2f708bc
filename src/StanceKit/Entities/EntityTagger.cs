using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// An averaged-perceptron BILOU tagger over hashed features (word, shape, affixes, neighbouring
/// words, gazetteer token hits, rule context). It types the capitalised stretches the rules leave
/// unknown. Inference is greedy left to right with BILOU constraints and allocates nothing.
/// </summary>
internal sealed partial class EntityTagger
{
    /// <summary>O plus B/I/L/U for each of the four types.</summary>
    public const int LabelCount = 17;
    public const int FeatureVersion = 2;

    internal readonly int Bits;
    private readonly int _mask;
    private readonly GazetteerTokens _gazetteerTokens;

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
        _gazetteerTokens = GazetteerTokens.For(gazetteer);
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

    internal GazetteerTokens GazetteerTokens => _gazetteerTokens;

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
            int nf = EntityFeatures.TokenFeatures(text, tokens, k, start, end, ctx, _gazetteerTokens, feats);
            ulong wordHash = feats[1];
            nf = EntityFeatures.LabelHistoryFeatures(prev, prev2, wordHash, feats, nf);
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

    private static readonly Lazy<EntityTagger?> s_default = new(() =>
    {
        using var s = typeof(EntityTagger).Assembly.GetManifestResourceStream("StanceKit.Models.entity-tagger.bin");
        return s is null ? null : Load(s, Gazetteer.Default);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded model over the default gazetteer, or null when the assembly has none.</summary>
    public static EntityTagger? Default => s_default.Value;
}
