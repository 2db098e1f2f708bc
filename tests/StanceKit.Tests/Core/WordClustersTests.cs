using StanceKit.Tests.Support;
using StanceKit.Text;

namespace StanceKit.Tests.Core;

public class WordClustersTests
{
    private static byte[] SmallFile()
    {
        // Three fine clusters grouped into two coarse ones.
        var words = new List<(ulong, int)>
        {
            (WordClusters.Key("monday"), 0), (WordClusters.Key("tuesday"), 0),
            (WordClusters.Key("paris"), 1), (WordClusters.Key("london"), 1),
            (WordClusters.Key("don't"), 2),
        };
        using var ms = new MemoryStream();
        WordClusters.Write(ms, 3, 2, [0, 0, 1], words);
        return ms.ToArray();
    }

    private static WordClusters LoadSmall() => WordClusters.Load(new MemoryStream(SmallFile()));

    [Test]
    public void LookupIgnoresCaseAndApostropheKind()
    {
        var c = LoadSmall();
        Assert.That(c.Count, Is.EqualTo(5));
        Assert.That(c.TryGet("Monday", out int fine, out int coarse), Is.True);
        Assert.That((fine, coarse), Is.EqualTo((0, 0)));
        Assert.That(c.TryGet("TUESDAY", out fine, out _), Is.True);
        Assert.That(fine, Is.EqualTo(0));
        Assert.That(c.TryGet("London", out fine, out coarse), Is.True);
        Assert.That((fine, coarse), Is.EqualTo((1, 0)));
        Assert.That(c.TryGet("DON\u2019T", out fine, out coarse), Is.True);
        Assert.That((fine, coarse), Is.EqualTo((2, 1)));
    }

    [Test]
    public void UnknownAndEmptyWordsAreNotFound()
    {
        var c = LoadSmall();
        Assert.That(c.TryGet("wednesday", out int fine, out int coarse), Is.False);
        Assert.That((fine, coarse), Is.EqualTo((-1, -1)));
        Assert.That(c.TryGet("", out _, out _), Is.False);
        Assert.That(c.TryGet("mondays", out _, out _), Is.False);
    }

    [Test]
    public void LookupAllocatesNothing()
    {
        var c = WordClusters.Default;
        var text = "The Minister said on Monday that PARIS and Washington didn\u2019t agree.".ToCharArray();
        int found = 0;
        long allocated = Allocations.InSteadyState(() =>
        {
            for (int r = 0; r < 1000; r++)
                for (int start = 0, i = 0; i <= text.Length; i++)
                {
                    if (i < text.Length && char.IsLetter(text[i])) continue;
                    if (i > start && c.TryGet(text.AsSpan(start, i - start), out _, out _)) found++;
                    start = i + 1;
                }
        });
        Assert.That(allocated, Is.Zero);
        Assert.That(found, Is.GreaterThan(0));
    }

    [Test]
    public void TheEmbeddedClustersCoverCommonWordsAndGroupLikeOnes()
    {
        var c = WordClusters.Default;
        Assert.That(c.FineCount, Is.GreaterThanOrEqualTo(256));
        Assert.That(c.CoarseCount, Is.LessThan(c.FineCount));
        Assert.That(c.Count, Is.GreaterThan(20_000));
        foreach (var w in new[] { "the", "of", "said", "government", "Monday", "n't", "'s", "China" })
            Assert.That(c.TryGet(w, out _, out _), Is.True, w);
        // Words of one kind share a coarse cluster more often than chance: weekdays should all land together.
        var coarse = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(w => { c.TryGet(w, out _, out int k); return k; }).ToArray();
        Assert.That(coarse.Distinct().Count(), Is.LessThanOrEqualTo(2), string.Join(",", coarse));
    }

    [Test]
    public void EmptyFileIsRefused() =>
        Assert.Throws<InvalidModelException>(() => WordClusters.Load(new MemoryStream()));

    [TestCase(0.99)]
    [TestCase(0.5)]
    [TestCase(0.1)]
    public void TruncatedFileIsRefused(double keep)
    {
        var bytes = SmallFile();
        Assert.Throws<InvalidModelException>(() => WordClusters.Load(new MemoryStream(bytes[..(int)(bytes.Length * keep)])));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(20)]
    [TestCase(-12)]
    public void CorruptByteIsRefused(int offset)
    {
        var bytes = SmallFile();
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x5A;
        var e = Assert.Throws<InvalidModelException>(() => WordClusters.Load(new MemoryStream(bytes), "clusters.bin"));
        Assert.That(e!.ModelSource, Is.EqualTo("clusters.bin"));
        Assert.That(e.Message, Does.StartWith("clusters.bin: "));
    }

    [Test]
    public void WrongVersionIsNamed()
    {
        var bytes = SmallFile();
        bytes[4] = 9; // version follows the magic; the checksum is recomputed so only the version is wrong
        var body = bytes.AsSpan(0, bytes.Length - 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), StanceKit.Internal.Checksum.Compute(body));
        var e = Assert.Throws<InvalidModelException>(() => WordClusters.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("version 9"));
    }

    [Test]
    public void WriterRefusesDuplicateKeysAndOutOfRangeClusters()
    {
        ulong k = WordClusters.Key("word");
        Assert.Throws<ArgumentException>(() => WordClusters.Write(new MemoryStream(), 2, 1, [0, 0], [(k, 0), (k, 1)]));
        Assert.Throws<ArgumentException>(() => WordClusters.Write(new MemoryStream(), 2, 1, [0, 0], [(k, 2)]));
        Assert.Throws<ArgumentException>(() => WordClusters.Write(new MemoryStream(), 2, 1, [0, 1], [(k, 0)]));
    }
}
