using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StanceKit.Parsing;

/// <summary>
/// A hashed weight table: 2^bits rows of <see cref="Stride"/> class weights, class-contiguous so one hashed
/// feature reads all its class scores from one row.
/// </summary>
internal sealed class WeightTable
{
    public WeightTable(int bits, int stride)
        : this(bits, stride, new float[(1 << bits) * stride])
    {
    }

    public WeightTable(int bits, int stride, float[] weights)
    {
        if (weights.Length != (1 << bits) * stride) throw new ArgumentException("Weight table size does not match.", nameof(weights));
        Bits = bits;
        Stride = stride;
        Shift = 64 - bits;
        Weights = weights;
    }

    public int Bits { get; }
    public int Stride { get; }
    /// <summary>64 − bits: a row is the top bits of the (well mixed) feature hash.</summary>
    public int Shift { get; }
    public float[] Weights { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RowOf(ulong feature) => (int)(feature >> Shift) * Stride;

    private short[]? _quantized;
    private float _scale;
    private QuantizedSummation _summation;

    private SplitRows? _split;
    // The 8-bit copies (Quantize(eightBit: true)): 3-weight rows packed, or rows of 17–64 weights in blocks.
    private sbyte[]? _quantized8;
    private SplitRows8? _split8;

    /// <summary>Drops the 16-bit copy (<see cref="Score"/> reads the floats again); for speed comparisons.</summary>
    public void DropQuantized()
    {
        _quantized = null;
        _split = null;
        _quantized8 = null;
        _split8 = null;
    }

    /// <summary>Whether <see cref="Score"/> reads the 16-bit copy made by <see cref="Quantize"/>.</summary>
    public bool IsQuantized => _quantized is not null || _split is not null || _quantized8 is not null || _split8 is not null;

    /// <summary>Whether the last <see cref="Quantize"/> made 8-bit integers (−127..127) rather than 16-bit ones.</summary>
    public bool IsEightBit { get; private set; }

    /// <summary>
    /// Whether <see cref="Quantize"/> lays rows of 17–64 weights out in blocks (<see cref="SplitRows"/>; the default).
    /// The same integers are added either way; false only for speed comparisons.
    /// </summary>
    internal static bool SplitLayout { get; set; } = true;

    /// <summary>
    /// Makes a 16-bit fixed-point copy of the weights (one scale for the table, the largest weight maps to
    /// ±32,767) that <see cref="Score"/> reads from then on: half the memory of the floats, so more of the rows a
    /// sentence touches stay in cache, and the sums are integer adds. The weights themselves are kept unchanged.
    /// The sums are integers, so the scores are the same bit for bit whichever <paramref name="summation"/>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="eightBit"/> (an experiment, see <see cref="ParserModel.EightBitParseTables"/>) the largest
    /// weight maps to ±127 instead: half the bytes per row again, but coarser weights, so not the same scores. Rows of
    /// 3 or 17–64 weights are then held in bytes (the register summation with AVX2); other tables keep the same
    /// integers in shorts.
    /// </remarks>
    public void Quantize(QuantizedSummation summation = QuantizedSummation.Registers, bool eightBit = false)
    {
        float levels = eightBit ? 127f : 32767f;
        float max = 0;
        foreach (float w in Weights) max = Math.Max(max, Math.Abs(w));
        // Padding after the last row: the one 8-byte read of a 3-weight row reads a weight past its row.
        var q = new short[Weights.Length + RowPadding];
        if (max > 0)
        {
            float toFixed = levels / max;
            for (int i = 0; i < Weights.Length; i++) q[i] = (short)MathF.Round(Weights[i] * toFixed);
        }
        _scale = max > 0 ? max / levels : 0f;
        _summation = summation;
        IsEightBit = eightBit;
        _quantized8 = null;
        _split8 = null;
        if (eightBit && summation == QuantizedSummation.Registers && Avx2.IsSupported && (Stride == 3 || (Stride > Lanes && Stride <= 4 * Lanes)))
        {
            // The same integers (−127..127) as q, in bytes; other strides and summations keep them in shorts.
            _split = null;
            _quantized = null;
            if (Stride == 3)
            {
                var b = new sbyte[Weights.Length + RowPadding];
                for (int i = 0; i < Weights.Length; i++) b[i] = checked((sbyte)q[i]);
                _quantized8 = b;
            }
            else _split8 = new SplitRows8(q, Bits, Stride);
            return;
        }
        if (SplitLayout && summation == QuantizedSummation.Registers && Avx2.IsSupported && Stride > Lanes && Stride <= 4 * Lanes)
        {
            _split = new SplitRows(q, Bits, Stride);
            _quantized = null;
        }
        else
        {
            _split = null;
            _quantized = q;
        }
    }

    /// <summary>The weight of one step of the integers (<see cref="Score"/> multiplies the integer sums by it).</summary>
    public float QuantizedScale => _scale;

    /// <summary>
    /// The integer sums of the 16-bit rows of <paramref name="features"/> in a table of 3 weights per row (lanes 0–2;
    /// lane 3 is not a score): what <see cref="Score"/> multiplies by <see cref="QuantizedScale"/>. Integer sums are
    /// exact, so sums of parts of a feature list add up to the sum of the whole list, in any order.
    /// </summary>
    /// <remarks>For the 16-bit integers (<see cref="RowBytes3"/> false); <see cref="SumRows3Bytes"/> reads the 8-bit rows.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<int> SumRows3(ReadOnlySpan<ulong> features)
    {
        ref short w0 = ref MemoryMarshal.GetArrayDataReference(_quantized!);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int shift = Shift;
        var sum = Vector128<int>.Zero;
        for (int k = 0; k < features.Length; k++)
        {
            ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * 3);
            var four = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<short, byte>(ref row))).AsInt16();
            sum += Vector128.WidenLower(four);
        }
        return sum;
    }

    /// <summary>Whether the 3-weight rows are held in bytes (8-bit, register summation): <see cref="SumRows3Bytes"/>, not <see cref="SumRows3"/>.</summary>
    public bool RowBytes3 => _quantized8 is not null;

    /// <summary><see cref="SumRows3"/> over the 8-bit rows (<see cref="RowBytes3"/>): one 4-byte read per row (the fourth byte is the next row's, ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<int> SumRows3Bytes(ReadOnlySpan<ulong> features)
    {
        ref sbyte w0 = ref MemoryMarshal.GetArrayDataReference(_quantized8!);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int shift = Shift;
        var sum = Vector128<int>.Zero;
        for (int k = 0; k < features.Length; k++)
        {
            ref sbyte row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * 3);
            sum += Sse41.ConvertToVector128Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref row))).AsSByte());
        }
        return sum;
    }

    private const int Lanes = 16; // shorts per 256-bit vector
    private const int RowPadding = 4;

    /// <summary>Adds the rows of <paramref name="features"/> into <paramref name="scores"/> (which it clears first).</summary>
    /// <remarks>
    /// The hot loop of tagging and parsing. A row index is the top bits of the hash times the stride, so it is
    /// always inside the table (the constructor checks the size): the reads go through references without bounds
    /// checks, and rows wider than a vector are added a vector at a time.
    /// </remarks>
    public void Score(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        int stride = Stride;
        if (scores.Length < stride) throw new ArgumentException("The score buffer is shorter than a row.", nameof(scores));
        if (IsQuantized)
        {
            ScoreQuantized(features, scores);
            return;
        }
        ref float w0 = ref MemoryMarshal.GetArrayDataReference(Weights);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int count = features.Length;
        int shift = Shift;
        if (stride == 3)
        {
            float a = 0, b = 0, c = 0;
            for (int k = 0; k < count; k++)
            {
                ref float row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * 3);
                a += row;
                b += Unsafe.Add(ref row, 1);
                c += Unsafe.Add(ref row, 2);
            }
            scores[0] = a;
            scores[1] = b;
            scores[2] = c;
            return;
        }
        ref float s0 = ref MemoryMarshal.GetReference(scores);
        scores[..stride].Clear();
        int vectors = Vector256.IsHardwareAccelerated ? stride / Vector256<float>.Count * Vector256<float>.Count : 0;
        for (int k = 0; k < count; k++)
        {
            ref float row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
            int i = 0;
            for (; i < vectors; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref s0, (nuint)i) + Vector256.LoadUnsafe(ref row, (nuint)i)).StoreUnsafe(ref s0, (nuint)i);
            }
            for (; i < stride; i++) Unsafe.Add(ref s0, i) += Unsafe.Add(ref row, i);
        }
    }

    /// <summary>Longest row <see cref="ArgMaxOfSums"/> takes, and the length of the sum buffer it needs.</summary>
    public const int MaxArgMaxStride = 4 * Lanes;

    /// <summary>
    /// The index of the largest of the rows' integer sums for <paramref name="features"/> (the first of equal ones),
    /// leaving out <paramref name="skip"/> (-1: none); <paramref name="sums"/> is scratch of
    /// <see cref="MaxArgMaxStride"/> ints. The same index as the first largest of <see cref="Score"/>'s scores: those
    /// are the sums times one positive scale, and sums below 2^24 that differ stay apart as floats.
    /// </summary>
    /// <remarks>
    /// Without a branch on the scores: a mispredicted comparison would throw away the work the processor has started
    /// past it (the next word's feature reads in the tagger).
    /// </remarks>
    public int ArgMaxOfSums(ReadOnlySpan<ulong> features, Span<int> sums, int skip = -1)
    {
        int stride = Stride;
        SumQuantized(features, sums);
        if (skip >= 0) sums[skip] = int.MinValue;
        // Lanes past the row: never the largest.
        int vectors = (stride + 7) / 8;
        for (int i = stride; i < vectors * 8; i++) sums[i] = int.MinValue;
        ref int s0 = ref MemoryMarshal.GetReference(sums);
        var max = Vector256.LoadUnsafe(ref s0);
        for (int v = 1; v < vectors; v++) max = Vector256.Max(max, Vector256.LoadUnsafe(ref s0, (nuint)(8 * v)));
        var half = Vector128.Max(max.GetLower(), max.GetUpper());
        half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));
        half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));
        var all = Vector256.Create(half, half);
        ulong at = 0;
        for (int v = 0; v < vectors; v++)
            at |= (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref s0, (nuint)(8 * v)), all).ExtractMostSignificantBits() << (8 * v);
        return System.Numerics.BitOperations.TrailingZeroCount(at);
    }

    /// <summary><see cref="Score"/> over the 16-bit copy: integer sums (at most 2^15 × features, far inside an int), scaled once at the end.</summary>
    private void ScoreQuantized(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        int stride = Stride;
        Span<int> sums = stride == 3 ? stackalloc int[3] : stride <= 4 * Lanes ? stackalloc int[4 * Lanes] : new int[stride];
        SumQuantized(features, sums);
        float scale = _scale;
        for (int i = 0; i < stride; i++) scores[i] = sums[i] * scale;
    }

    /// <summary>
    /// Writes into <paramref name="sums"/> the integer sums of the 16-bit rows of <paramref name="features"/>: exactly
    /// sums[0..stride), or with the block layout up to <see cref="MaxArgMaxStride"/> sums (those past the stride are 0).
    /// </summary>
    private void SumQuantized(ReadOnlySpan<ulong> features, Span<int> sums)
    {
        if (_split is { } split)
        {
            split.Sum(features, Shift, sums);
            return;
        }
        if (_split8 is { } split8)
        {
            split8.Sum(features, Shift, sums);
            return;
        }
        if (_quantized8 is not null)
        {
            var sum3 = SumRows3Bytes(features);
            sums[0] = sum3.GetElement(0);
            sums[1] = sum3.GetElement(1);
            sums[2] = sum3.GetElement(2);
            return;
        }
        var quantized = _quantized!;
        int stride = Stride;
        ref short w0 = ref MemoryMarshal.GetArrayDataReference(quantized);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int count = features.Length;
        int shift = Shift;
        // Each path writes exactly sums[0..stride).
        if (stride == 3)
        {
            if (_summation == QuantizedSummation.Registers && Vector128.IsHardwareAccelerated)
            {
                // One 8-byte read per row (the fourth short is padding or the next row's first weight, ignored).
                var sum = Vector128<int>.Zero;
                for (int k = 0; k < count; k++)
                {
                    ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
                    var four = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<short, byte>(ref row))).AsInt16();
                    sum += Vector128.WidenLower(four);
                }
                sums[0] = sum.GetElement(0);
                sums[1] = sum.GetElement(1);
                sums[2] = sum.GetElement(2);
                return;
            }
            int a = 0, b = 0, c = 0;
            for (int k = 0; k < count; k++)
            {
                ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
                a += row;
                b += Unsafe.Add(ref row, 1);
                c += Unsafe.Add(ref row, 2);
            }
            sums[0] = a;
            sums[1] = b;
            sums[2] = c;
            return;
        }
        if (_summation == QuantizedSummation.Registers && Vector256.IsHardwareAccelerated && stride > Lanes && stride <= 4 * Lanes)
        {
            if (stride <= 2 * Lanes) SumTwoBlocks(ref w0, ref f0, count, shift, stride, sums);
            else if (stride <= 3 * Lanes) SumThreeBlocks(ref w0, ref f0, count, shift, stride, sums);
            else SumFourBlocks(ref w0, ref f0, count, shift, stride, sums);
            return;
        }
        sums = sums[..stride];
        sums.Clear();
        ref int s0 = ref MemoryMarshal.GetReference(sums);
        int vectors = Vector256.IsHardwareAccelerated ? stride / Lanes * Lanes : 0;
        for (int k = 0; k < count; k++)
        {
            ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
            int i = 0;
            for (; i < vectors; i += Lanes)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)i));
                (Vector256.LoadUnsafe(ref s0, (nuint)i) + lo).StoreUnsafe(ref s0, (nuint)i);
                (Vector256.LoadUnsafe(ref s0, (nuint)(i + 8)) + hi).StoreUnsafe(ref s0, (nuint)(i + 8));
            }
            for (; i < stride; i++) Unsafe.Add(ref s0, i) += Unsafe.Add(ref row, i);
        }
    }

    /// <summary>
    /// The mask that keeps the lanes of the last vector of a row of <paramref name="stride"/> weights that the full
    /// vectors before it did not cover: that vector ends where the row ends, so every read stays inside the row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> TailMask(int stride)
    {
        int covered = (Lanes - stride % Lanes) % Lanes; // lanes of the tail vector that the full vectors already summed
        return Vector256.GreaterThanOrEqual(Vector256.Create((short)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector256.Create((short)covered));
    }

    // Rows of 17–32 weights: two vectors, accumulators in registers (the tagger's 17 tags).
    private static void SumTwoBlocks(ref short w0, ref ulong f0, int count, int shift, int stride, Span<int> sums)
    {
        var mask = TailMask(stride);
        int tail = stride - Lanes;
        Vector256<int> a0 = default, a1 = default, t0 = default, t1 = default;
        for (int k = 0; k < count; k++)
        {
            ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
            var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref row));
            a0 += lo; a1 += hi;
            var (tlo, thi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)tail) & mask);
            t0 += tlo; t1 += thi;
        }
        ref int s0 = ref MemoryMarshal.GetReference(sums);
        // The tail first: the full vectors then overwrite the lanes both cover (the tail's are zero there).
        t0.StoreUnsafe(ref s0, (nuint)tail);
        t1.StoreUnsafe(ref s0, (nuint)(tail + 8));
        a0.StoreUnsafe(ref s0);
        a1.StoreUnsafe(ref s0, 8);
    }

    // Rows of 33–48 weights: two full vectors and a tail vector.
    private static void SumThreeBlocks(ref short w0, ref ulong f0, int count, int shift, int stride, Span<int> sums)
    {
        var mask = TailMask(stride);
        int tail = stride - Lanes;
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, t0 = default, t1 = default;
        for (int k = 0; k < count; k++)
        {
            ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
            var (alo, ahi) = Vector256.Widen(Vector256.LoadUnsafe(ref row));
            a0 += alo; a1 += ahi;
            var (blo, bhi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, Lanes));
            b0 += blo; b1 += bhi;
            var (tlo, thi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)tail) & mask);
            t0 += tlo; t1 += thi;
        }
        ref int s0 = ref MemoryMarshal.GetReference(sums);
        t0.StoreUnsafe(ref s0, (nuint)tail);
        t1.StoreUnsafe(ref s0, (nuint)(tail + 8));
        a0.StoreUnsafe(ref s0);
        a1.StoreUnsafe(ref s0, 8);
        b0.StoreUnsafe(ref s0, Lanes);
        b1.StoreUnsafe(ref s0, Lanes + 8);
    }

    // Rows of 49–64 weights: three full vectors and a tail vector, accumulators in registers (the 51 relations).
    private static void SumFourBlocks(ref short w0, ref ulong f0, int count, int shift, int stride, Span<int> sums)
    {
        var mask = TailMask(stride);
        int tail = stride - Lanes;
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, t0 = default, t1 = default;
        for (int k = 0; k < count; k++)
        {
            ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * stride);
            var (alo, ahi) = Vector256.Widen(Vector256.LoadUnsafe(ref row));
            a0 += alo; a1 += ahi;
            var (blo, bhi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, Lanes));
            b0 += blo; b1 += bhi;
            var (clo, chi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, 2 * Lanes));
            c0 += clo; c1 += chi;
            var (tlo, thi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)tail) & mask);
            t0 += tlo; t1 += thi;
        }
        ref int s0 = ref MemoryMarshal.GetReference(sums);
        t0.StoreUnsafe(ref s0, (nuint)tail);
        t1.StoreUnsafe(ref s0, (nuint)(tail + 8));
        a0.StoreUnsafe(ref s0);
        a1.StoreUnsafe(ref s0, 8);
        b0.StoreUnsafe(ref s0, Lanes);
        b1.StoreUnsafe(ref s0, Lanes + 8);
        c0.StoreUnsafe(ref s0, 2 * Lanes);
        c1.StoreUnsafe(ref s0, 2 * Lanes + 8);
    }
}

/// <summary>How <see cref="WeightTable.Score"/> adds the 16-bit rows (the integers, and so the scores, are the same).</summary>
internal enum QuantizedSummation
{
    /// <summary>Sums kept in memory, a vector of a row at a time, each weight of a 3-weight row read alone (the scoring of session 4; the reference).</summary>
    Memory,
    /// <summary>Sums kept in vector registers for the whole feature list; a 3-weight row is one 8-byte read.</summary>
    Registers,
}
