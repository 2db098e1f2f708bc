using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Drops the 16-bit copy (<see cref="Score"/> reads the floats again); for speed comparisons.</summary>
    public void DropQuantized() => _quantized = null;

    /// <summary>Whether <see cref="Score"/> reads the 16-bit copy made by <see cref="Quantize"/>.</summary>
    public bool IsQuantized => _quantized is not null;

    /// <summary>
    /// Makes a 16-bit fixed-point copy of the weights (one scale for the table, the largest weight maps to
    /// ±32,767) that <see cref="Score"/> reads from then on: half the memory of the floats, so more of the rows a
    /// sentence touches stay in cache, and the sums are integer adds. The weights themselves are kept unchanged.
    /// </summary>
    public void Quantize()
    {
        float max = 0;
        foreach (float w in Weights) max = Math.Max(max, Math.Abs(w));
        var q = new short[Weights.Length];
        if (max > 0)
        {
            float toFixed = 32767f / max;
            for (int i = 0; i < q.Length; i++) q[i] = (short)MathF.Round(Weights[i] * toFixed);
        }
        _scale = max > 0 ? max / 32767f : 0f;
        _quantized = q;
    }

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
        if (_quantized is not null)
        {
            ScoreQuantized(_quantized, features, scores);
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

    /// <summary><see cref="Score"/> over the 16-bit copy: integer sums (at most 2^15 × features, far inside an int), scaled once at the end.</summary>
    private void ScoreQuantized(short[] quantized, ReadOnlySpan<ulong> features, Span<float> scores)
    {
        int stride = Stride;
        ref short w0 = ref MemoryMarshal.GetArrayDataReference(quantized);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int count = features.Length;
        int shift = Shift;
        float scale = _scale;
        if (stride == 3)
        {
            int a = 0, b = 0, c = 0;
            for (int k = 0; k < count; k++)
            {
                ref short row = ref Unsafe.Add(ref w0, (nint)(Unsafe.Add(ref f0, k) >> shift) * 3);
                a += row;
                b += Unsafe.Add(ref row, 1);
                c += Unsafe.Add(ref row, 2);
            }
            scores[0] = a * scale;
            scores[1] = b * scale;
            scores[2] = c * scale;
            return;
        }
        const int Lanes = 16; // shorts per 256-bit vector
        Span<int> sums = stackalloc int[64];
        if (stride > sums.Length) sums = new int[stride];
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
        for (int i = 0; i < stride; i++) scores[i] = sums[i] * scale;
    }
}
