using System.Buffers.Binary;

namespace StanceKit.Internal;

/// <summary>A fast 64-bit checksum over bytes (not cryptographic: it detects corruption, not tampering).</summary>
internal static class Checksum
{
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong h = 0x243F6A8885A308D3UL ^ (ulong)data.Length;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            h = StableHash.Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i, 8))) + 0x9E3779B97F4A7C15UL;
        ulong tail = 0;
        for (int k = 0; i < data.Length; i++, k += 8) tail |= (ulong)data[i] << k;
        return StableHash.Mix(h ^ tail ^ 0xA5A5A5A5A5A5A5A5UL);
    }
}
