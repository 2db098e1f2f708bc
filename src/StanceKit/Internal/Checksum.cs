using System.Buffers.Binary;

namespace StanceKit.Internal;

/// <summary>A fast 64-bit checksum over bytes (not cryptographic: it detects corruption, not tampering).</summary>
internal static class Checksum
{
    /// <summary>The checksum of <paramref name="data"/> in one call.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        var sum = new IncrementalChecksum(data.Length);
        sum.Append(data);
        return sum.Finish();
    }
}

/// <summary>
/// The same checksum as <see cref="Checksum.Compute"/>, fed in pieces, so a model's weights can be read straight into
/// their array and checked on the way (no second copy of the file in memory). The total length is part of the
/// initial state, so it must be known before the first byte.
/// </summary>
internal struct IncrementalChecksum
{
    private const ulong WordStep = 0x9E3779B97F4A7C15UL;
    private ulong _h;
    private ulong _pending;
    private int _pendingBytes;

    public IncrementalChecksum(long totalLength) => _h = 0x243F6A8885A308D3UL ^ (ulong)totalLength;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_pendingBytes > 0)
        {
            // Complete the 8-byte word a previous piece left open.
            while (_pendingBytes < 8 && !data.IsEmpty)
            {
                _pending |= (ulong)data[0] << (8 * _pendingBytes++);
                data = data[1..];
            }
            if (_pendingBytes < 8) return;
            _h = StableHash.Mix(_h ^ _pending) + WordStep;
            _pending = 0;
            _pendingBytes = 0;
        }
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            _h = StableHash.Mix(_h ^ BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i, 8))) + WordStep;
        for (; i < data.Length; i++) _pending |= (ulong)data[i] << (8 * _pendingBytes++);
    }

    public readonly ulong Finish() => StableHash.Mix(_h ^ _pending ^ 0xA5A5A5A5A5A5A5A5UL);
}
