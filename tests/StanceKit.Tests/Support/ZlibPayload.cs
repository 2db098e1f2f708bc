using System.IO.Compression;

namespace StanceKit.Tests.Support;

/// <summary>Opens and re-closes the zlib payload of a model file, for tests that edit a file's bytes.</summary>
internal static class ZlibPayload
{
    /// <summary>The decompressed bytes of a zlib-compressed file.</summary>
    public static byte[] Read(byte[] file)
    {
        using var z = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>The payload compressed again (fastest level).</summary>
    public static byte[] Compress(byte[] payload)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(payload);
        return ms.ToArray();
    }
}
