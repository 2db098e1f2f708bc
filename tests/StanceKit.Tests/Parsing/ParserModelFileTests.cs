using System.IO.Compression;

namespace StanceKit.Tests.Parsing;

public class ParserModelFileTests
{
    private static byte[] EmbeddedBytes()
    {
        using var s = typeof(DependencyParser).Assembly.GetManifestResourceStream("StanceKit.Models.parser.bin")!;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Payload(byte[] file)
    {
        using var z = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Compress(byte[] payload)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(payload);
        return ms.ToArray();
    }

    [Test]
    public void TheEmbeddedModelRoundTripsByteForByte()
    {
        var bytes = EmbeddedBytes();
        var parser = DependencyParser.Load(new MemoryStream(bytes));
        using var ms = new MemoryStream();
        parser.Model.Save(ms);
        Assert.That(Payload(ms.ToArray()), Is.EqualTo(Payload(bytes)));
    }

    [Test]
    public void EmptyFileIsRefused() =>
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream()));

    [Test]
    public void NotZlibIsRefused() =>
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream("hello, this is not a model"u8.ToArray())));

    [TestCase(0.999)]
    [TestCase(0.5)]
    [TestCase(0.01)]
    public void TruncatedFileIsRefused(double keep)
    {
        var bytes = EmbeddedBytes();
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(bytes[..(int)(bytes.Length * keep)])));
    }

    [TestCase(100)]
    [TestCase(50_000)]
    [TestCase(-20)]
    public void CorruptPayloadIsRefused(int offset)
    {
        var payload = Payload(EmbeddedBytes());
        int at = offset >= 0 ? offset : payload.Length + offset;
        payload[at] ^= 0x5A;
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(Compress(payload))));
    }

    [Test]
    public void FlippedCompressedByteIsRefused()
    {
        var bytes = EmbeddedBytes();
        bytes[bytes.Length / 2] ^= 0xFF;
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(bytes)));
    }

    [Test]
    public void WrongVersionIsRefusedWithItsOwnMessage()
    {
        var payload = Payload(EmbeddedBytes());
        // Version follows the 4-byte magic; the checksum (last 8 bytes) is recomputed so only the version is wrong.
        BitConverter.TryWriteBytes(payload.AsSpan(4), 99);
        var body = payload.AsSpan(0, payload.Length - 8);
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 8), StanceKit.Internal.Checksum.Compute(body));
        var e = Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(Compress(payload))));
        Assert.That(e!.Message, Does.Contain("version 99"));
    }

    [Test]
    public void MissingFileIsAFileNotFoundError() =>
        Assert.Throws<FileNotFoundException>(() => DependencyParser.Load(Path.Combine(Path.GetTempPath(), "no-such-parser-model.bin")));
}
