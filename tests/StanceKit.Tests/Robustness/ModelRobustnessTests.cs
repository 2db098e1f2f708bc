using StanceKit.Tests.Support;
using System.Buffers.Binary;
using System.IO.Compression;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// A bad model file of any kind gives exactly one typed exception whose message says what is wrong and what to do;
/// nothing is half-loaded, and a failed load never allocates more than the file's real size (plus a small constant).
/// Every model kind (stance, entity tagger, parser) throws <see cref="InvalidModelException"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class ModelRobustnessTests
{
    /// <summary>Exception objects, messages and stack traces: the constant part of a failed load's allocations.</summary>
    private const long Slack = 64 * 1024;

    private static readonly string[] s_advice = ["stancekit train", "Copy", "Re-export", "Point to", "Retrain", "retrain", "Export it"];

    private static byte[] ValidModel()
    {
        var settings = new FeatureRecipe { BucketBits = 9 };
        var weights = new float[settings.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 11 - 5) * 0.05f;
        var model = new StanceModel(settings, weights, [0.2f, -0.1f, 0f], 1.2f, new Dictionary<string, string> { ["name"] = "robust", ["version"] = "3" });
        using var ms = new MemoryStream();
        model.Save(ms);
        return ms.ToArray();
    }

    private static readonly byte[] s_valid = ValidModel();

    /// <summary>Loads, expecting failure; checks the message and the allocation bound.</summary>
    private static string Fails(byte[] bytes, string? expected = null)
    {
        var stream = new MemoryStream(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidModelException? error = null;
        try { StanceModel.Load(stream); }
        catch (InvalidModelException e) { error = e; }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (error is null) Assert.Fail($"a bad model of {bytes.Length} bytes loaded");
        if (allocated > bytes.Length + Slack) Assert.Fail($"a failed load of {bytes.Length} bytes allocated {allocated} bytes");
        if (!s_advice.Any(a => error!.Message.Contains(a, StringComparison.Ordinal))) Assert.Fail($"the message does not say what to do: {error!.Message}");
        if (expected is not null && !error!.Message.Contains(expected, StringComparison.Ordinal)) Assert.Fail($"expected '{expected}' in: {error.Message}");
        return error!.Message;
    }

    private static void Rechecksum(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), StanceKit.Internal.Checksum.Compute(bytes.AsSpan(0, bytes.Length - 8)));

    [Test]
    public void EveryModelFileLoaderThrowsOneExceptionTypeNamingTheFile()
    {
        // One contract for every model kind: InvalidModelException, whose message starts with the file's path.
        var path = Path.Combine(Path.GetTempPath(), $"stancekit-not-a-model-{Guid.NewGuid():N}.bin");
        File.WriteAllText(path, "this is not a model of any kind");
        try
        {
            foreach (var load in new Action[] { () => StanceModel.Load(path), () => DependencyParser.Load(path), () => EntityExtractor.Load(path) })
            {
                var e = Assert.Throws<InvalidModelException>(() => load())!;
                Assert.That(e.ModelSource, Is.EqualTo(path));
                Assert.That(e.Message, Does.StartWith(path + ": "));
                Assert.That(e.InnerException, Is.Not.Null);
            }
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void TheValidModelLoadsAndAllocatesAboutItsSize()
    {
        var stream = new MemoryStream(s_valid);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = StanceModel.Load(stream);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(model.Name, Is.EqualTo("robust"));
        Assert.That(allocated, Is.LessThan(s_valid.Length + Slack));
    }

    [TestCase(16)]
    [TestCase(20)]
    public void ALargeModelLoadAllocatesNoMoreThanTheFile(int bucketBits)
    {
        // 2^20 buckets: a 12 MB file. The weights are read straight into their array, so the bytes are not held twice.
        var settings = new FeatureRecipe { BucketBits = bucketBits };
        var weights = new float[settings.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 13 - 6) * 0.01f;
        var original = new StanceModel(settings, weights, [0.1f, 0.2f, -0.3f], 1.1f);
        using var ms = new MemoryStream();
        original.Save(ms);
        var bytes = ms.ToArray();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"large-{bucketBits}-{Environment.CurrentManagedThreadId}.skm");
        File.WriteAllBytes(path, bytes);
        try
        {
            foreach (var load in new Func<StanceModel>[] { () => StanceModel.Load(new MemoryStream(bytes)), () => StanceModel.Load(path) })
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var model = load();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.That(allocated, Is.LessThan(bytes.Length + Slack), $"a load of {bytes.Length} bytes allocated {allocated}");
                Assert.That(model.Weights.SequenceEqual(original.Weights), Is.True);
                Assert.That(model.Biases.SequenceEqual(original.Biases), Is.True);
            }
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void TheDefaultModelLoadAllocatesNoMoreThanItsFile()
    {
        long fileLength = new FileInfo(Path.Combine(Repo.Root, "models", "default", "stance.skm")).Length;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = StanceModel.Default;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(model.Recipe.Buckets, Is.GreaterThan(0));
        Assert.That(allocated, Is.LessThan(fileLength + Slack), $"loading the {fileLength}-byte default model allocated {allocated} bytes");
    }

    [Test]
    public void AnUnseekableLargeModelLoadsWithinTwiceItsSize()
    {
        // Without a length to trust, the weights arrive in pieces and are then copied into their array (documented bound: twice the stream).
        var settings = new FeatureRecipe { BucketBits = 18 };
        var original = new StanceModel(settings, new float[settings.Buckets * 3], [0f, 0f, 0f], 1f);
        using var ms = new MemoryStream();
        original.Save(ms);
        var bytes = ms.ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = StanceModel.Load(new UnseekableStream(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(model.Recipe.BucketBits, Is.EqualTo(18));
        Assert.That(allocated, Is.LessThan(2L * bytes.Length + Slack));
    }

    [Test]
    public void UnseekableTruncatedOrOverlongStreamsFailTyped()
    {
        for (int length = 0; length < s_valid.Length; length += length < 300 ? 1 : 37)
        {
            var e = Assert.Throws<InvalidModelException>(() => StanceModel.Load(new UnseekableStream(s_valid[..length])))!;
            Assert.That(s_advice.Any(a => e.Message.Contains(a, StringComparison.Ordinal)), Is.True, e.Message);
        }
        var longer = s_valid.Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.That(Assert.Throws<InvalidModelException>(() => StanceModel.Load(new UnseekableStream(longer)))!.Message, Does.Contain("after its checksum"));
        for (int i = 0; i < s_valid.Length; i += 7)
        {
            var bytes = (byte[])s_valid.Clone();
            bytes[i] ^= 0x20;
            Assert.Throws<InvalidModelException>(() => StanceModel.Load(new UnseekableStream(bytes)));
        }
    }

    [Test]
    public void TheChecksumFedInPiecesEqualsTheOneShotChecksum()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var data = new byte[random.Next(0, 200)];
            random.NextBytes(data);
            var sum = new StanceKit.Internal.IncrementalChecksum(data.Length);
            int at = 0;
            while (at < data.Length)
            {
                int piece = random.Next(0, Math.Min(20, data.Length - at) + 1);
                sum.Append(data.AsSpan(at, piece));
                at += piece;
            }
            Assert.That(sum.Finish(), Is.EqualTo(StanceKit.Internal.Checksum.Compute(data)));
        }
    }

    [Test]
    public void TruncatedAtEveryOffset()
    {
        for (int length = 0; length < s_valid.Length; length += length < 300 ? 1 : 37)
            Fails(s_valid[..length]);
    }

    [Test]
    public void FlippedByteAtEveryOffset()
    {
        for (int i = 0; i < s_valid.Length; i++)
        {
            var bytes = (byte[])s_valid.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            Fails(bytes);
        }
        // Nothing was half-loaded or cached: the intact bytes still load to the same model.
        using var again = new MemoryStream();
        StanceModel.Load(new MemoryStream(s_valid)).Save(again);
        Assert.That(again.ToArray(), Is.EqualTo(s_valid));
    }

    [TestCase((ushort)0)]
    [TestCase((ushort)2)]
    [TestCase((ushort)99)]
    [TestCase(ushort.MaxValue)]
    public void WrongFormatVersion(ushort version)
    {
        var bytes = (byte[])s_valid.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), version);
        Rechecksum(bytes);
        Fails(bytes, $"format version {version}");
    }

    [Test]
    public void OtherFeaturizerId()
    {
        var bytes = (byte[])s_valid.Clone();
        var id = System.Text.Encoding.UTF8.GetBytes(FeatureRecipe.CurrentId);
        int at = bytes.AsSpan().IndexOf(id);
        bytes[at] = (byte)'X';
        Rechecksum(bytes);
        Fails(bytes, "featurizer");
    }

    [Test]
    public void MlNetZipWhereOurFormatIsExpected()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "TransformerChain/Version.txt", "TransformerChain/Model.key", "TransformerChain/Transform_000/Model.key" })
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write("1.0.0");
            }
        }
        Fails(ms.ToArray(), "zip");
    }

    [Test]
    public void ZeroBytes() => Fails([], "empty");

    [Test]
    public void TwoGigabyteClaimedLengths()
    {
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(s_valid.AsSpan(12));
        // The header claims 2 GB.
        var bytes = (byte[])s_valid.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 1u << 31);
        Rechecksum(bytes);
        Fails(bytes, "header");
        // The weight count claims 2^31 and 2^63 weights.
        foreach (ulong count in new[] { 1UL << 31, 1UL << 63, ulong.MaxValue })
        {
            bytes = (byte[])s_valid.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 + (int)headerLength), count);
            Rechecksum(bytes);
            Fails(bytes, "weights");
        }
        // A stream that says it is 2 GB long is refused before anything is read.
        var huge = new ClaimsLengthStream(2L << 30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(Assert.Throws<InvalidModelException>(() => StanceModel.Load(huge))!.Message, Does.Contain("bytes"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(Slack));
    }

    [Test]
    public void EndlessUnseekableGarbageFailsAfterItsFirstBytes()
    {
        var endless = new EndlessStream();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidModelException>(() => StanceModel.Load(endless));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(Slack));
        Assert.That(endless.BytesRead, Is.LessThanOrEqualTo(16));
    }

    [Test]
    public void UnseekableValidModelLoads()
    {
        var m = StanceModel.Load(new UnseekableStream(s_valid));
        Assert.That(m.Version, Is.EqualTo("3"));
    }

    [Test]
    public void ModelFileOnDiskThatIsEmptyOrAZip()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-model");
        try
        {
            var empty = Path.Combine(dir.FullName, "empty.skm");
            File.WriteAllBytes(empty, []);
            Assert.That(Assert.Throws<InvalidModelException>(() => StanceModel.Load(empty))!.Message, Does.Contain("empty"));
            var text = Path.Combine(dir.FullName, "notes.skm");
            File.WriteAllText(text, "hello, this is not a model at all");
            Assert.That(Assert.Throws<InvalidModelException>(() => StanceModel.Load(text))!.Message, Does.Contain("not a StanceKit model"));
        }
        finally { dir.Delete(true); }
    }

    // ------------------------------------------------------------------ entity tagger model

    private static byte[] ValidTagger()
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        using (var w = new BinaryWriter(z))
        {
            w.Write(0x5445_4B53u);
            w.Write(EntityTagger.FormatVersion);
            w.Write(EntityTagger.FeatureVersion);
            w.Write(8);
            w.Write(17);
            w.Write(3);
            foreach (int row in new[] { 1, 17, 200 })
            {
                w.Write(row);
                for (int l = 0; l < 17; l++) w.Write((l - 8) * 0.125f);
            }
        }
        return ms.ToArray();
    }

    private static readonly byte[] s_tagger = ValidTagger();

    private static string TaggerFails(byte[] bytes, string? expected = null)
    {
        var stream = new MemoryStream(bytes);
        var gazetteer = Gazetteer.Default; // loaded once, outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidModelException? error = null;
        try { EntityExtractor.Load(stream, gazetteer); }
        catch (InvalidModelException e) { error = e; }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (error is null) Assert.Fail($"a bad tagger model of {bytes.Length} bytes loaded");
        // The file, its decompressed payload (at most 64 times the file) and the decoder's buffers; never the weight table.
        if (allocated > 65L * bytes.Length + 4 * Slack) Assert.Fail($"a failed tagger load of {bytes.Length} bytes allocated {allocated} bytes");
        if (!error!.Message.Contains("train-entities", StringComparison.Ordinal)) Assert.Fail($"the message does not say what to do: {error.Message}");
        if (expected is not null && !error.Message.Contains(expected, StringComparison.Ordinal)) Assert.Fail($"expected '{expected}' in: {error.Message}");
        return error.Message;
    }

    [Test]
    public void TheTinyTaggerModelLoads() => Assert.That(EntityExtractor.Load(new MemoryStream(s_tagger), Gazetteer.Default).HasTagger, Is.True);

    [Test]
    public void TaggerTruncatedAtEveryOffset()
    {
        for (int length = 0; length < s_tagger.Length; length++) TaggerFails(s_tagger[..length]);
    }

    [Test]
    public void TaggerFlippedByteAtEveryOffset()
    {
        for (int i = 0; i < s_tagger.Length; i++)
        {
            var bytes = (byte[])s_tagger.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            TaggerFails(bytes);
        }
    }

    private static byte[] TaggerWith(Action<BinaryWriter> write)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var w = new BinaryWriter(z)) write(w);
        return ms.ToArray();
    }

    [Test]
    public void TaggerWrongVersionHugeClaimsAndTrailingData()
    {
        TaggerFails(TaggerWith(w => { w.Write(0x5445_4B53u); w.Write(2); w.Write(1); }), "version 2/1");
        TaggerFails(TaggerWith(w => { w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(31); w.Write(17); }), "header");
        TaggerFails(TaggerWith(w => { w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(8); w.Write(17); w.Write(int.MaxValue); }), "rows");
        TaggerFails(TaggerWith(w => { w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(8); w.Write(17); w.Write(1); w.Write(-5); for (int l = 0; l < 17; l++) w.Write(0f); }), "outside its table");
        TaggerFails(TaggerWith(w => { w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(8); w.Write(17); w.Write(0); w.Write(42); }), "after its last row");
        TaggerFails(TaggerWith(w => { w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(8); w.Write(17); w.Write(1); w.Write(3); for (int l = 0; l < 17; l++) w.Write(float.NaN); }), "non-finite");
        TaggerFails(TaggerWith(w => w.Write("just text")), "magic");
        TaggerFails([], "empty");
        TaggerFails(s_valid, "compressed");
    }

    [Test]
    public void TaggerDeclaringTheLargestTableLoadsInMemoryProportionalToItsRows()
    {
        // The header may declare 2^24 buckets (a dense table of 1.1 GB); a file holding 0 or 1 rows must cost about its size.
        var gazetteer = Gazetteer.Default;
        EntityTagger.Load(new MemoryStream(s_tagger), gazetteer); // builds the gazetteer's cached token masks outside the measurement
        const int lastBucket = (1 << 24) - 1;
        foreach (int rows in new[] { 0, 1 })
        {
            var bytes = TaggerWith(w =>
            {
                w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(24); w.Write(17); w.Write(rows);
                if (rows == 1) { w.Write(lastBucket); for (int l = 0; l < 17; l++) w.Write((l - 8) * 0.125f); }
            });
            long before = GC.GetAllocatedBytesForCurrentThread();
            var tagger = EntityTagger.Load(new MemoryStream(bytes), gazetteer);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.LessThan(1L << 20), $"{rows} rows");
            Assert.That((tagger.Bits, tagger.RowCount), Is.EqualTo((24, rows)));

            // The stored row scores through the 24-bit mask (high feature bits ignored); any other bucket adds nothing.
            var scores = new float[17];
            tagger.Score([(7UL << 40) | lastBucket, 12345], scores);
            Assert.That(scores, Is.EqualTo(Enumerable.Range(0, 17).Select(l => rows * (l - 8) * 0.125f)), $"{rows} rows");
        }
    }

    [Test]
    public void TaggerRowGivenTwiceIsRefused()
    {
        // A dense table silently kept the later copy; the sparse index cannot hold both, so the file is corrupt.
        TaggerFails(TaggerWith(w =>
        {
            w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(8); w.Write(17); w.Write(3);
            foreach (int row in new[] { 3, 200, 3 })
            {
                w.Write(row);
                for (int l = 0; l < 17; l++) w.Write(row * 0.5f);
            }
        }), "appears twice");
    }

    [Test]
    public void FuzzFindingsAreTypedErrors()
    {
        // Inputs AFL++ found (fuzz/README.md): truncated tagger models escaped as EndOfStreamException, corrupt deflate data as ZLibException.
        var files = Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Robustness", "FuzzFindings"), "tagger-*.bin");
        Assert.That(files, Is.Not.Empty);
        foreach (var f in files) TaggerFails(File.ReadAllBytes(f));
    }

    [Test]
    public void ModelsFoundByFuzzingBehindTheChecksumLoadAsFiniteOrFailTyped()
    {
        // AFL++ (target model-body: the checksum fixed up) found models that loaded and then scored NaN.
        var files = Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Robustness", "FuzzFindings"), "model-body-*.bin");
        Assert.That(files, Is.Not.Empty);
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            Rechecksum(bytes);
            StanceModel model;
            try { model = StanceModel.Load(new MemoryStream(bytes)); }
            catch (InvalidModelException e)
            {
                Assert.That(s_advice.Any(a => e.Message.Contains(a, StringComparison.Ordinal)), Is.True, e.Message);
                continue;
            }
            var clf = new StanceClassifier(model);
            foreach (var text in new[] { "The ministry said the talks went well.", "Rights groups accused the army of abuses.", "" })
                RobustAssert.Probabilities(clf.Predict(text, "Russia").Scores, $"{Path.GetFileName(f)}: {text}");
        }
    }

    [TestCase(3e38f, 1f)]
    [TestCase(-3e38f, 1f)]
    [TestCase(1f, 1e-30f)]
    [TestCase(1e30f, 1e-30f)]
    [TestCase(float.NaN, 1f)]
    [TestCase(float.PositiveInfinity, 1f)]
    public void ExtremeModelsStillGiveProbabilities(float weight, float temperature)
    {
        var settings = new FeatureRecipe { BucketBits = 8 };
        var weights = new float[settings.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = i % 3 == 0 ? weight : i % 3 == 1 ? -weight : weight / 2;
        var clf = new StanceClassifier(new StanceModel(settings, weights, [0f, 0f, 0f], temperature));
        Span<float> raw = stackalloc float[3];
        foreach (var text in new[] { "The ministry said the talks went well.", "Critics said so.", "" })
        {
            RobustAssert.Probabilities(clf.Predict(text, "Russia").Scores, text);
            clf.ScoreUncalibrated(text, raw, "Russia");
            RobustAssert.Probabilities(StanceScores.FromSpan(raw), text);
        }
    }

    // ------------------------------------------------------------------ streams

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'A');
            BytesRead += count;
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class UnseekableStream(byte[] data) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 100), data.Length - _pos);
            data.AsSpan(_pos, n).CopyTo(buffer.AsSpan(offset));
            _pos += n;
            return n;
        }
        // Like real streams (network, decompression), reads into spans without a rented buffer.
        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 100), data.Length - _pos);
            data.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
