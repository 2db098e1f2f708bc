using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StanceKit.Parsing;

/// <summary>
/// <see cref="SplitRows"/> for 8-bit weights (an experiment: <see cref="ParserModel.EightBitParseTables"/>): the
/// first 16·k weights of every row in blocks of 16 bytes (64-byte aligned), the 1–8 left over in a second array in
/// slots of 1, 4 or 8 bytes. A row that would take three blocks and a slot takes four blocks instead (the 51
/// relations: 64 bytes, exactly one cache line, no slot read). The same integers as the plain 8-bit rows.
/// </summary>
internal sealed class SplitRows8
{
    private const int Lanes = 16;
    private readonly sbyte[] _blocks;
    private readonly int _blocksStart;
    private readonly sbyte[] _rest;
    private readonly int _restStart;
    private readonly int _heads;
    private readonly int _restWidth;

    /// <summary>Lays out <paramref name="plain"/> (2^<paramref name="bits"/> rows of <paramref name="stride"/> weights, 17–64, each in −127..127).</summary>
    public SplitRows8(short[] plain, int bits, int stride)
    {
        if (stride <= Lanes || stride > 4 * Lanes) throw new ArgumentOutOfRangeException(nameof(stride));
        int heads = stride / Lanes, left = stride % Lanes;
        if (left > 8 || (left > 0 && heads == 3))
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
            for (int i = 0; i < inBlocks; i++) _blocks[_blocksStart + r * width + i] = checked((sbyte)row[i]);
            for (int i = inBlocks; i < stride; i++) _rest[_restStart + r * _restWidth + i - inBlocks] = checked((sbyte)row[i]);
        }
    }

    /// <summary>Bytes of the two arrays (for the speed harness).</summary>
    public long Bytes => _blocks.LongLength + _rest.LongLength;

    private static (sbyte[] Array, int Start) Aligned(int length)
    {
        var a = GC.AllocateArray<sbyte>(length + 64, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(a, 0);
        return (a, (int)((64 - address % 64) % 64));
    }

    /// <summary>As <see cref="SplitRows.Sum"/>: the first stride sums, zeros (sums of padding) after them up to 64.</summary>
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

    /// <summary>Eight bytes from <paramref name="p"/> as the low half of a vector (one 8-byte read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Eight8(ref sbyte p) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref p))).AsSByte();

    private void Sum<THeads, TRest>(ReadOnlySpan<ulong> features, int shift, Span<int> sums)
        where THeads : struct, ICount where TRest : struct, ICount
    {
        int heads = THeads.Value, restWidth = TRest.Value;
        ref sbyte b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_blocks), _blocksStart);
        ref sbyte r0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rest), _restStart);
        ref ulong f0 = ref MemoryMarshal.GetReference(features);
        int count = features.Length;
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector256<int> rest = default;
        int restOne = 0;
        for (int k = 0; k < count; k++)
        {
            nint row = (nint)(Unsafe.Add(ref f0, k) >> shift);
            ref sbyte b = ref Unsafe.Add(ref b0, row * (heads * Lanes));
            a0 += Avx2.ConvertToVector256Int32(Eight8(ref b));
            a1 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 8)));
            if (heads > 1)
            {
                a2 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 16)));
                a3 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 24)));
            }
            if (heads > 2)
            {
                a4 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 32)));
                a5 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 40)));
            }
            if (heads > 3)
            {
                a6 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 48)));
                a7 += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref b, 56)));
            }
            if (restWidth == 1) restOne += Unsafe.Add(ref r0, row);
            else if (restWidth == 4)
                rest += Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref r0, row * 4)))).AsSByte());
            else if (restWidth == 8) rest += Avx2.ConvertToVector256Int32(Eight8(ref Unsafe.Add(ref r0, row * 8)));
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
