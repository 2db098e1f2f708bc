using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StanceKit.Parsing;

/// <summary>
/// The 16-bit rows of a <see cref="WeightTable"/> of 17–64 weights laid out for reading: the first 16·k weights of
/// every row in one array (blocks of 16, 64-byte aligned), the few left over (1–8) in a second array, in slots of
/// 1, 4 or 8 weights that never cross a cache line. The same integers as the plain rows, so the same sums.
/// </summary>
/// <remarks>
/// Why: a plain row of 17 weights (34 bytes) crosses a cache line about half the time, one of 51 (102 bytes) touches
/// 2.6 lines on average, and reading the tables is most of the parse time (waiting for memory, not adding). Split, a
/// tag row is one 32-byte half line plus one weight in a table of 256 KB, a relation row two lines (48 weights)
/// plus a slot of 4 in a table of 256 KB; the small tables stay mostly in the core's own cache. The tables take the
/// same memory as before (plus the slots' padding). Rows with 9–15 weights left over get one more block instead.
/// </remarks>
internal sealed class SplitRows
{
    private const int Lanes = 16;
    private readonly short[] _blocks;
    private readonly int _blocksStart;
    private readonly short[] _rest;
    private readonly int _restStart;
    private readonly int _heads;
    private readonly int _restWidth;

    /// <summary>Lays out <paramref name="plain"/> (2^<paramref name="bits"/> rows of <paramref name="stride"/> weights, 17–64).</summary>
    public SplitRows(short[] plain, int bits, int stride)
    {
        if (stride <= Lanes || stride > 4 * Lanes) throw new ArgumentOutOfRangeException(nameof(stride));
        int heads = stride / Lanes, left = stride % Lanes;
        if (left > 8)
        {
            heads++;
            left = 0;
        }
        _heads = heads;
        _restWidth = left switch { 0 => 0, 1 => 1, <= 4 => 4, _ => 8 };
        int rows = 1 << bits;
        int width = heads * Lanes;
        (_blocks, _blocksStart) = Aligned(rows * width);
        (_rest, _restStart) = Aligned(rows * _restWidth);
        for (int r = 0; r < rows; r++)
        {
            var row = plain.AsSpan(r * stride, stride);
            int inBlocks = Math.Min(stride, width);
            row[..inBlocks].CopyTo(_blocks.AsSpan(_blocksStart + r * width, inBlocks));
            if (_restWidth > 0) row[inBlocks..].CopyTo(_rest.AsSpan(_restStart + r * _restWidth, stride - inBlocks));
        }
    }

    /// <summary>A zeroed array that never moves (pinned) and the index of its first element on a 64-byte boundary.</summary>
    private static (short[] Array, int Start) Aligned(int length)
    {
        var a = GC.AllocateArray<short>(length + 32, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(a, 0);
        return (a, (int)((64 - address % 64) % 64 / 2));
    }

    /// <summary>
    /// Writes the integer sums of the rows of <paramref name="features"/> into <paramref name="sums"/> (64 long): the
    /// first stride sums, and zeros or sums of padding (also 0) up to the next multiple of 8 at most.
    /// </summary>
    public void Sum(ReadOnlySpan<ulong> features, int shift, Span<int> sums)
    {
        if (sums.Length < 4 * Lanes) throw new ArgumentException("The sum buffer is shorter than 64.", nameof(sums));
        switch (_heads)
        {
            case 1: SumRest<One>(features, shift, sums); break;
            case 2: SumRest<Two>(features, shift, sums); break;
            case 3: SumRest<Three>(features, shift, sums); break;
            default: SumRest<Four>(features, shift, sums); break;
        }
    }

    private void SumRest<THeads>(ReadOnlySpan<ulong> features, int shift, Span<int> sums) where THeads : struct, ICount
    {
        switch (_restWidth)
        {
            case 0: Sum<THeads, Zero>(features, shift, sums); break;
            case 1: Sum<THeads, One>(features, shift, sums); break;
            case 4: Sum<THeads, Four>(features, shift, sums); break;
            default: Sum<THeads, Eight>(features, shift, sums); break;
        }
    }

    // The counts are type parameters so that each layout gets its own loop with no test of the counts in it.
    private void Sum<THeads, TRest>(ReadOnlySpan<ulong> features, int shift, Span<int> sums)
        where THeads : struct, ICount where TRest : struct, ICount
    {
        int heads = THeads.Value, restWidth = TRest.Value;
        ref short b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_blocks), _blocksStart);
        ref short r0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rest), _restStart);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int count = features.Length;
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector256<int> rest = default;
        int restOne = 0;
        for (int k = 0; k < count; k++)
        {
            nint row = (nint)(Unsafe.Add(ref f0, k) >> shift);
            // Eight weights at a time, widened to ints as they are read (one instruction with the read).
            ref short b = ref Unsafe.Add(ref b0, row * (heads * Lanes));
            a0 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b));
            a1 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 8));
            if (heads > 1)
            {
                a2 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 16));
                a3 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 24));
            }
            if (heads > 2)
            {
                a4 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 32));
                a5 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 40));
            }
            if (heads > 3)
            {
                a6 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 48));
                a7 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref b, 56));
            }
            if (restWidth == 1) restOne += Unsafe.Add(ref r0, row);
            else if (restWidth == 4)
                rest += Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<short, byte>(ref Unsafe.Add(ref r0, row * 4)))).AsInt16());
            else if (restWidth == 8) rest += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref r0, (nuint)(row * 8)));
        }
        ref int s0 = ref MemoryMarshal.GetReference(sums);
        a0.StoreUnsafe(ref s0);
        a1.StoreUnsafe(ref s0, 8);
        if (heads > 1)
        {
            a2.StoreUnsafe(ref s0, 16);
            a3.StoreUnsafe(ref s0, 24);
        }
        if (heads > 2)
        {
            a4.StoreUnsafe(ref s0, 32);
            a5.StoreUnsafe(ref s0, 40);
        }
        if (heads > 3)
        {
            a6.StoreUnsafe(ref s0, 48);
            a7.StoreUnsafe(ref s0, 56);
        }
        if (restWidth == 1) Unsafe.Add(ref s0, heads * Lanes) = restOne;
        else if (restWidth > 1) rest.StoreUnsafe(ref s0, (nuint)(heads * Lanes));
    }

    private interface ICount
    {
        static abstract int Value { get; }
    }

    private readonly struct Zero : ICount { public static int Value => 0; }
    private readonly struct One : ICount { public static int Value => 1; }
    private readonly struct Two : ICount { public static int Value => 2; }
    private readonly struct Three : ICount { public static int Value => 3; }
    private readonly struct Four : ICount { public static int Value => 4; }
    private readonly struct Eight : ICount { public static int Value => 8; }
}
