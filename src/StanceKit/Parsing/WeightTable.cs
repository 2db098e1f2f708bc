using System.Runtime.CompilerServices;

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

    /// <summary>Adds the rows of <paramref name="features"/> into <paramref name="scores"/> (which it clears first).</summary>
    public void Score(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        int stride = Stride;
        var s = scores[..stride];
        s.Clear();
        var w = Weights;
        int shift = Shift;
        if (stride == 3)
        {
            float a = 0, b = 0, c = 0;
            foreach (ulong f in features)
            {
                int r = (int)(f >> shift) * 3;
                var row = w.AsSpan(r, 3);
                a += row[0];
                b += row[1];
                c += row[2];
            }
            s[0] = a;
            s[1] = b;
            s[2] = c;
            return;
        }
        foreach (ulong f in features)
        {
            AddInto(s, new ReadOnlySpan<float>(w, (int)(f >> shift) * stride, stride));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInto(Span<float> s, ReadOnlySpan<float> row)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int width = System.Numerics.Vector<float>.Count;
            for (; i + width <= s.Length; i += width)
                (new System.Numerics.Vector<float>(s[i..]) + new System.Numerics.Vector<float>(row[i..])).CopyTo(s[i..]);
        }
        for (; i < s.Length; i++) s[i] += row[i];
    }
}
