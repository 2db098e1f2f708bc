using StanceKit.Tests.Support;
using System.Buffers.Binary;
using System.IO.Compression;

namespace StanceKit.Tests.Classification;

/// <summary>Every way a model file can be wrong gives one typed exception with a useful message.</summary>
public class ModelFormatTests
{
    private static byte[] SmallModelBytes(FeatureRecipe? settings = null)
    {
        settings ??= new FeatureRecipe { BucketBits = 10 };
        var weights = new float[settings.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 7) * 0.01f - 0.03f;
        var model = new StanceModel(settings, weights, [0.1f, -0.2f, 0.1f], 1.3f, new Dictionary<string, string> { ["name"] = "tiny", ["version"] = "9" });
        using var ms = new MemoryStream();
        model.Save(ms);
        return ms.ToArray();
    }

    private static InvalidModelException LoadFails(byte[] bytes) =>
        Assert.Throws<InvalidModelException>(() => StanceModel.Load(new MemoryStream(bytes)))!;

    [Test]
    public void RoundTripKeepsEverything()
    {
        var bytes = SmallModelBytes();
        var m = StanceModel.Load(new MemoryStream(bytes));
        Assert.That(m.Name, Is.EqualTo("tiny"));
        Assert.That(m.Version, Is.EqualTo("9"));
        Assert.That(m.Temperature, Is.EqualTo(1.3f));
        Assert.That(m.Recipe, Is.EqualTo(new FeatureRecipe { BucketBits = 10 }));
        using var again = new MemoryStream();
        m.Save(again);
        Assert.That(again.ToArray(), Is.EqualTo(bytes));
    }

    [Test]
    public void EmptyFile() => Assert.That(LoadFails([]).Message, Does.Contain("empty"));

    [Test]
    public void TruncatedFile()
    {
        var bytes = SmallModelBytes();
        foreach (int len in new[] { 3, 16, 40, bytes.Length / 2, bytes.Length - 1 })
            Assert.That(LoadFails(bytes[..len]).Message, Does.Contain("corrupt").Or.Contain("truncated").Or.Contain("not a StanceKit model"));
    }

    [Test]
    public void FlippedByteIsAChecksumMismatch()
    {
        var bytes = SmallModelBytes();
        bytes[bytes.Length / 2] ^= 0x10;
        Assert.That(LoadFails(bytes).Message, Does.Contain("checksum"));
    }

    [Test]
    public void WrongFormatVersion()
    {
        var bytes = SmallModelBytes();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 99);
        Assert.That(LoadFails(bytes).Message, Does.Contain("format version 99"));
    }

    [Test]
    public void OtherFeaturizerId()
    {
        var bytes = SmallModelBytes();
        var id = System.Text.Encoding.UTF8.GetBytes(FeatureRecipe.CurrentId);
        int at = bytes.AsSpan().IndexOf(id);
        bytes[at + id.Length - 1] = (byte)'9';
        Rechecksum(bytes);
        Assert.That(LoadFails(bytes).Message, Does.Contain("featurizer"));
    }

    [Test]
    public void MlNetZipIsRecognised()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("Model/Model.key");
        Assert.That(LoadFails(ms.ToArray()).Message, Does.Contain("zip"));
    }

    [Test]
    public void HugeClaimedWeightCountIsRefusedBeforeAllocating()
    {
        var bytes = SmallModelBytes();
        // Weight count sits right after the header.
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 + (int)headerLength), 1UL << 31);
        Rechecksum(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(LoadFails(bytes).Message, Does.Contain("weights"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(bytes.Length + 64 * 1024));
    }

    [Test]
    public void StreamClaimingTwoGigabytesIsRefusedWithoutReading()
    {
        var e = Assert.Throws<InvalidModelException>(() => StanceModel.Load(new ClaimsLengthStream(2L * 1024 * 1024 * 1024)))!;
        Assert.That(e.Message, Does.Contain("bytes"));
    }

    [Test]
    public void DefaultModelLoadsAndIsStanceKitFormat()
    {
        var m = StanceModel.Default;
        Assert.That(m.Recipe.Buckets, Is.GreaterThan(0));
        Assert.That(m.Temperature, Is.GreaterThan(0));
    }

    private static void Rechecksum(byte[] bytes)
    {
        ulong value = StanceKit.Internal.Checksum.Compute(bytes.AsSpan(0, bytes.Length - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), value);
    }
}
