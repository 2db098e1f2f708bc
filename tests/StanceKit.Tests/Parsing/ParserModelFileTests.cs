using System.IO.Compression;
using StanceKit.Parsing;

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

    private static byte[] Payload(byte[] file) => Support.ZlibPayload.Read(file);

    private static byte[] Compress(byte[] payload) => Support.ZlibPayload.Compress(payload);

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

    /// <summary>The beam model file in the repository, written before word clusters existed (format 2, feature version 3).</summary>
    private static string BeamModelPath => StanceKit.Tests.Support.Repo.Path("models", "parser", "parser-beam8.bin");

    [Test]
    public void AModelWithoutClustersStillLoadsAndUsesNoClusterFeatures()
    {
        var parser = DependencyParser.Load(BeamModelPath);
        Assert.That(parser.Model.Clusters, Is.Null);
        Assert.That(parser.Parse("The minister said on Monday that talks would resume.").Count, Is.EqualTo(10));
    }

    private static ParserModel WithClusters(ParserModel m) =>
        new(m.Tags, m.Moves, m.Labels, m.Relations, m.BeamWidth, StanceKit.Text.WordClusters.Default);

    [Test]
    public void AModelWithClustersRoundTripsAndRecordsThem()
    {
        var model = WithClusters(DependencyParser.Load(BeamModelPath).Model);
        using var ms = new MemoryStream();
        model.Save(ms);
        var payload = Payload(ms.ToArray());
        Assert.That(BitConverter.ToInt32(payload, 4), Is.EqualTo(ParserModel.ClusterFormatVersion));
        Assert.That(BitConverter.ToInt32(payload, 8), Is.EqualTo(ParserModel.ClusterFeatureVersion));
        Assert.That(BitConverter.ToUInt64(payload, 12), Is.EqualTo(StanceKit.Text.WordClusters.Default.Fingerprint));
        var loaded = DependencyParser.Load(new MemoryStream(ms.ToArray()));
        Assert.That(loaded.Model.Clusters, Is.SameAs(StanceKit.Text.WordClusters.Default));
        Assert.That(loaded.BeamWidth, Is.EqualTo(model.BeamWidth));
    }

    [Test]
    public void ClusterFeaturesAreAddedOnlyWithClusters()
    {
        const string text = "Protesters marched through Paris on Monday.";
        var tokens = new StanceKit.Text.Token[64];
        var words = new WordSpan[64];
        var tokenWord = new int[64];
        int n = ParserWords.Split(text, tokens.AsSpan(0, StanceKit.Text.NewsTokenizer.Tokenize(text, tokens)), words, tokenWord);
        Span<ulong> f = stackalloc ulong[ParseState.MaxTagFeatures];
        var plain = new ParseState();
        plain.SetWords(text, words.AsSpan(0, n), null, ClusterUse.None);
        var clustered = new ParseState();
        clustered.SetWords(text, words.AsSpan(0, n), StanceKit.Text.WordClusters.Default, ClusterUse.Both);
        int without = plain.TagFeatures(2, f), with = clustered.TagFeatures(2, f);
        Assert.That(with, Is.GreaterThan(without));
        // Words 1..7: Protesters marched through Paris on Monday . ; real cluster ids are below 2^16.
        Assert.That(n, Is.EqualTo(7));
        StanceKit.Text.WordClusters.Default.TryGet("paris", out int parisFine, out int parisCoarse);
        Assert.That((clustered.Fine[4], clustered.Coarse[4]), Is.EqualTo(((ulong)parisFine, (ulong)parisCoarse)));
        StanceKit.Text.WordClusters.Default.TryGet("monday", out int mondayFine, out _);
        Assert.That(clustered.Fine[6], Is.EqualTo((ulong)mondayFine));
    }

    [Test]
    public void AModelTrainedWithOtherClustersIsRefused()
    {
        var model = WithClusters(DependencyParser.Load(BeamModelPath).Model);
        using var ms = new MemoryStream();
        model.Save(ms);
        var payload = Payload(ms.ToArray());
        payload[12] ^= 0x01; // the recorded fingerprint; the checksum is recomputed so only the fingerprint is wrong
        var body = payload.AsSpan(0, payload.Length - 8);
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 8), StanceKit.Internal.Checksum.Compute(body));
        var e = Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(Compress(payload))));
        Assert.That(e!.Message, Does.Contain("other word clusters"));
    }

    private static ParserModel WithRichLabels(ParserModel m, StanceKit.Text.WordClusters? clusters = null) =>
        new(m.Tags, m.Moves, m.Labels, m.Relations, m.BeamWidth, clusters, richLabels: true);

    [Test]
    public void AModelWithoutRichLabelFeaturesLoadsWithoutThem()
    {
        Assert.That(DependencyParser.Load(BeamModelPath).Model.RichLabels, Is.False);
    }

    [TestCase(false, ParserModel.FormatVersion, ParserModel.RichLabelFeatureVersion)]
    [TestCase(true, ParserModel.ClusterFormatVersion, ParserModel.RichLabelClusterFeatureVersion)]
    public void AModelWithRichLabelFeaturesRecordsItsFeatureVersionAndRoundTrips(bool clusters, int format, int features)
    {
        var model = WithRichLabels(DependencyParser.Load(BeamModelPath).Model, clusters ? StanceKit.Text.WordClusters.Default : null);
        using var ms = new MemoryStream();
        model.Save(ms);
        var payload = Payload(ms.ToArray());
        Assert.That(BitConverter.ToInt32(payload, 4), Is.EqualTo(format));
        Assert.That(BitConverter.ToInt32(payload, 8), Is.EqualTo(features));
        var loaded = DependencyParser.Load(new MemoryStream(ms.ToArray()));
        Assert.That(loaded.Model.RichLabels, Is.True);
        Assert.That(loaded.Model.Clusters is not null, Is.EqualTo(clusters));
        Assert.That(loaded.Parse("The minister said on Monday that talks would resume.").Count, Is.EqualTo(10));
    }

    [Test]
    public void AnUnknownFeatureVersionIsRefusedNamingIt()
    {
        // The embedded model is format 4 (it has a tag lexicon); its tables without the lexicon are written in format 2.
        var m = DependencyParser.Default.Model;
        using var ms = new MemoryStream();
        new ParserModel(m.Tags, m.Moves, m.Labels, m.Relations, m.BeamWidth, richLabels: m.RichLabels).Save(ms);
        var payload = Payload(ms.ToArray());
        Assert.That(BitConverter.ToInt32(payload, 4), Is.EqualTo(ParserModel.FormatVersion));
        BitConverter.TryWriteBytes(payload.AsSpan(8), 7); // format 2 with feature version 7, which no build wrote
        var body = payload.AsSpan(0, payload.Length - 8);
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 8), StanceKit.Internal.Checksum.Compute(body));
        var e = Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(Compress(payload))));
        Assert.That(e!.Message, Does.Contain("version 2/7"));
    }

    [Test]
    public void RichLabelFeaturesAreAddedOnlyWhenTheModelAsks()
    {
        const string text = "The talks were held in Paris.";
        var tokens = new StanceKit.Text.Token[64];
        var words = new WordSpan[64];
        var tokenWord = new int[64];
        int n = ParserWords.Split(text, tokens.AsSpan(0, StanceKit.Text.NewsTokenizer.Tokenize(text, tokens)), words, tokenWord);
        var state = new ParseState();
        state.SetWords(text, words.AsSpan(0, n), null, ClusterUse.None);
        for (int i = 1; i <= n; i++) state.Tag[i] = (int)UniversalPos.Noun;
        state.StartParse();
        state.Apply(ParseState.Shift, 0); // The
        Span<ulong> f = stackalloc ulong[ParseState.MaxLabelFeatures];
        state.RichLabels = false;
        int plain = state.LabelFeatures(2, 1, f);
        state.RichLabels = true;
        int rich = state.LabelFeatures(2, 1, f);
        Assert.That(rich, Is.GreaterThan(plain));
        Assert.That(rich, Is.LessThanOrEqualTo(ParseState.MaxLabelFeatures));
    }

    [Test]
    public void MissingFileIsAFileNotFoundError() =>
        Assert.Throws<FileNotFoundException>(() => DependencyParser.Load(Path.Combine(Path.GetTempPath(), "no-such-parser-model.bin")));
}
