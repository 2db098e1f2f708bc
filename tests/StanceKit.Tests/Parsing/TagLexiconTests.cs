using System.IO.Compression;
using StanceKit.Parsing;
using StanceKit.Text;

namespace StanceKit.Tests.Parsing;

public class TagLexiconTests
{
    private static int[] Counts(params (UniversalPos Tag, int Count)[] seen)
    {
        var c = new int[UniversalPosNames.Count];
        foreach (var (tag, count) in seen) c[(int)tag] = count;
        return c;
    }

    private static uint Mask(params UniversalPos[] tags)
    {
        uint m = 0;
        foreach (var t in tags) m |= 1u << (int)t;
        return m;
    }

    private const uint TagBits = (1u << TagLexicon.BucketShift) - 1;

    [Test]
    public void AWordNeverSeenHasClassZero() =>
        Assert.That(TagLexicon.ClassOf(Counts()), Is.EqualTo(0u));

    [Test]
    public void AWordSeenOnceHasItsTagAndTheLowestBucket()
    {
        uint c = TagLexicon.ClassOf(Counts((UniversalPos.Noun, 1)));
        Assert.That(c & TagBits, Is.EqualTo(Mask(UniversalPos.Noun)));
        Assert.That(c >> TagLexicon.BucketShift, Is.EqualTo(1u));
    }

    [Test]
    public void EveryTagAWordTookIsInItsClass()
    {
        uint frequent = TagLexicon.ClassOf(Counts((UniversalPos.Noun, 40), (UniversalPos.Verb, 1)));
        uint rare = TagLexicon.ClassOf(Counts((UniversalPos.Noun, 2), (UniversalPos.Verb, 1)));
        Assert.That(frequent & TagBits, Is.EqualTo(Mask(UniversalPos.Noun, UniversalPos.Verb)));
        Assert.That(rare & TagBits, Is.EqualTo(Mask(UniversalPos.Noun, UniversalPos.Verb)));
        Assert.That(frequent >> TagLexicon.BucketShift, Is.EqualTo(4u));
        Assert.That(rare >> TagLexicon.BucketShift, Is.EqualTo(2u));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(5)]
    [TestCase(20_000)]
    public void TheLexiconFindsEveryWordItWasGivenAndNoOther(int count)
    {
        var rng = new Random(count);
        var classes = new Dictionary<ulong, uint>();
        while (classes.Count < count) classes[(ulong)rng.NextInt64() * 2 + 2] = (uint)rng.Next(1, 1 << 23); // even, never 0
        if (count > 0) classes[0] = 77; // a word whose hash is 0
        var lexicon = new TagLexicon(classes);
        Assert.That(lexicon.Count, Is.EqualTo(classes.Count));
        foreach (var (word, cls) in classes) Assert.That(lexicon.ClassOf(word), Is.EqualTo(cls));
        for (int i = 0; i < 10_000; i++)
        {
            ulong other = (ulong)rng.NextInt64() * 2 + 1; // odd, so never a key
            Assert.That(lexicon.ClassOf(other), Is.EqualTo(0u));
        }
        if (count == 0) Assert.That(lexicon.ClassOf(0), Is.EqualTo(0u));
        Assert.That(lexicon.Entries.Select(e => e.Key), Is.Ordered, "written in key order");
    }

    [TestCase(1, 1u)]
    [TestCase(3, 2u)]
    [TestCase(9, 3u)]
    [TestCase(49, 4u)]
    [TestCase(50, 5u)]
    [TestCase(100_000, 5u)]
    public void TheBucketGrowsWithTheNumberOfOccurrences(int seen, uint bucket) =>
        Assert.That(TagLexicon.ClassOf(Counts((UniversalPos.Det, seen))) >> TagLexicon.BucketShift, Is.EqualTo(bucket));

    private static ParseState StateOf(string text)
    {
        var tokens = new Token[64];
        var words = new WordSpan[64];
        var tokenWord = new int[64];
        int n = ParserWords.Split(text, tokens.AsSpan(0, NewsTokenizer.Tokenize(text, tokens)), words, tokenWord);
        var state = new ParseState();
        state.SetWords(text, words.AsSpan(0, n), null, ClusterUse.None);
        return state;
    }

    private static ParserModel WithLexicon(ParserModel m, TagLexicon? lexicon, bool secondTags) =>
        new(m.Tags, m.Moves, m.Labels, m.Relations, m.BeamWidth, m.Clusters, m.ClusterUse == ClusterUse.None ? ClusterUse.Both : m.ClusterUse, m.RichLabels, lexicon, secondTags);

    [Test]
    public void TheTaggerReadsTheLexiconOnlyWhenTheModelHasOne()
    {
        var state = StateOf("The talks resumed.");
        var lexicon = new TagLexicon(new Dictionary<ulong, uint> { [state.Lower[2]] = TagLexicon.ClassOf(Counts((UniversalPos.Noun, 5), (UniversalPos.Verb, 2))) });
        var plain = WithLexicon(DependencyParser.Default.Model, null, secondTags: false);
        plain.Tag(state);
        Assert.That(state.LexiconTags, Is.False);
        Span<ulong> f = stackalloc ulong[ParseState.MaxTagFeatures];
        int without = state.TagFeatures(2, f);

        WithLexicon(plain, lexicon, secondTags: false).Tag(state);
        Assert.That(state.LexiconTags, Is.True);
        Assert.That(state.Amb[2], Is.EqualTo(lexicon.ClassOf(state.Lower[2])));
        Assert.That(state.Amb[1], Is.EqualTo(0UL), "a word the lexicon does not list");
        var plainFeatures = f[..without].ToArray();
        int with = state.TagFeatures(2, f);
        // As many features (table reads) per word as without the lexicon, but not the same ones.
        Assert.That(with, Is.EqualTo(without));
        Assert.That(with, Is.LessThanOrEqualTo(ParseState.MaxTagFeatures));
        Assert.That(f[..with].ToArray().Except(plainFeatures).Count(), Is.EqualTo(6));
    }

    [Test]
    public void TheEmbeddedModelIsFormat4WithTheLexiconAndRichLabels()
    {
        var model = DependencyParser.Default.Model;
        Assert.That(model.Flags, Is.EqualTo(FeatureFlags.RichLabels | FeatureFlags.TagLexicon));
        Assert.That(model.Lexicon!.Count, Is.GreaterThan(15_000), "the words of EWT train");
        var state = StateOf("The talks resumed.");
        model.Tag(state);
        Assert.That(state.LexiconTags, Is.True);
        Assert.That(state.Amb[1] & Mask(UniversalPos.Det), Is.Not.EqualTo(0UL), "\"the\" is a DET in EWT train");
        Assert.That(state.Amb[1] >> TagLexicon.BucketShift, Is.EqualTo(5UL), "and seen 50 times or more");
    }

    [Test]
    public void TheLexiconClassesChangeTheFeaturesOfAWordAndOfTheWordBeforeIt()
    {
        var state = StateOf("The talks resumed.");
        var talks = TagLexicon.ClassOf(Counts((UniversalPos.Noun, 5), (UniversalPos.Verb, 2)));
        var model = WithLexicon(DependencyParser.Default.Model, new TagLexicon(new Dictionary<ulong, uint> { [state.Lower[2]] = talks }), secondTags: false);
        model.Tag(state);
        var f = new ulong[ParseState.MaxTagFeatures];
        var before = new[] { 1, 2, 3 }.Select(i => f[..state.TagFeatures(i, f)]).ToArray();
        // The same sentence with another class for "talks": its own features and those of "The" (which read the
        // next word's class) change; those of "resumed" read the previous class only with the tag, also changed.
        var other = WithLexicon(DependencyParser.Default.Model, new TagLexicon(new Dictionary<ulong, uint> { [state.Lower[2]] = TagLexicon.ClassOf(Counts((UniversalPos.Verb, 1))) }), secondTags: false);
        other.Tag(state);
        for (int i = 1; i <= 3; i++)
            Assert.That(f[..state.TagFeatures(i, f)], Is.Not.EqualTo(before[i - 1]), $"word {i}");
    }

    [Test]
    public void TheTaggerGivesASecondTagDifferentFromTheFirst()
    {
        var state = StateOf("The minister said on Monday that talks would resume.");
        WithLexicon(DependencyParser.Default.Model, null, secondTags: true).Tag(state);
        for (int i = 1; i <= state.N; i++)
        {
            Assert.That(state.Tag2[i], Is.Not.EqualTo(state.Tag[i]));
            Assert.That(state.Tag2[i], Is.InRange(0, UniversalPosNames.Count - 1));
            Assert.That(state.Margin[i], Is.InRange(0, 7));
        }
    }

    [Test]
    public void SecondTagFeaturesAreAddedOnlyWhenTheModelAsks()
    {
        var state = StateOf("The talks were held in Paris.");
        DependencyParser.Default.Model.Tag(state);
        state.StartParse();
        state.Apply(ParseState.Shift, 0);
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        state.SecondTags = false;
        int moves = state.MoveFeatures(f), labels = state.LabelFeatures(2, 1, f);
        state.SecondTags = true;
        Assert.That(state.MoveFeatures(f), Is.GreaterThan(moves));
        Assert.That(state.LabelFeatures(2, 1, f), Is.GreaterThan(labels));
    }

    [TestCase(0f, 0)]
    [TestCase(0.99f, 0)]
    [TestCase(1f, 1)]
    [TestCase(3.9f, 2)]
    [TestCase(4f, 3)]
    [TestCase(1e9f, 7)]
    public void MarginBucketsAreLogarithmic(float margin, int bucket) =>
        Assert.That(ParserModel.MarginBucket(margin), Is.EqualTo(bucket));

    private static byte[] Payload(byte[] file) => Support.ZlibPayload.Read(file);

    private static byte[] Compress(byte[] payload) => Support.ZlibPayload.Compress(payload);

    private static string BeamModelPath => StanceKit.Tests.Support.Repo.Path("models", "parser", "parser-beam8.bin");

    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void AModelWithALexiconOrSecondTagsIsWrittenInFormat4AndRoundTrips(bool withLexicon, bool secondTags)
    {
        var beam = DependencyParser.Load(BeamModelPath).Model;
        var state = StateOf("The minister said on Monday that talks would resume.");
        var classes = new Dictionary<ulong, uint>();
        for (int i = 1; i <= state.N; i++) classes[state.Lower[i]] = TagLexicon.ClassOf(Counts(((UniversalPos)(i % 17), i)));
        var model = WithLexicon(beam, withLexicon ? new TagLexicon(classes) : null, secondTags);
        using var ms = new MemoryStream();
        model.Save(ms);
        var payload = Payload(ms.ToArray());
        Assert.That(BitConverter.ToInt32(payload, 4), Is.EqualTo(ParserModel.FlagsFormatVersion));
        Assert.That((FeatureFlags)BitConverter.ToInt32(payload, 8), Is.EqualTo(model.Flags));
        var loaded = DependencyParser.Load(new MemoryStream(ms.ToArray())).Model;
        Assert.That(loaded.SecondTags, Is.EqualTo(secondTags));
        Assert.That(loaded.BeamWidth, Is.EqualTo(beam.BeamWidth));
        Assert.That(loaded.RichLabels, Is.EqualTo(beam.RichLabels));
        if (withLexicon)
        {
            Assert.That(loaded.Lexicon!.Count, Is.EqualTo(classes.Count));
            foreach (var (word, cls) in classes) Assert.That(loaded.Lexicon.ClassOf(word), Is.EqualTo(cls));
        }
        else Assert.That(loaded.Lexicon, Is.Null);
        // Written again, the same bytes (the lexicon is written in key order).
        using var again = new MemoryStream();
        loaded.Save(again);
        Assert.That(Payload(again.ToArray()), Is.EqualTo(payload));
    }

    [Test]
    public void AModelWithoutLexiconAndSecondTagsKeepsItsOldFormat()
    {
        var beam = DependencyParser.Load(BeamModelPath).Model;
        using var ms = new MemoryStream();
        beam.Save(ms);
        Assert.That(BitConverter.ToInt32(Payload(ms.ToArray()), 4), Is.EqualTo(ParserModel.FormatVersion));
    }

    [Test]
    public void UnknownFeatureFlagsAreRefusedNamingThem()
    {
        var beam = DependencyParser.Load(BeamModelPath).Model;
        using var ms = new MemoryStream();
        WithLexicon(beam, null, secondTags: true).Save(ms);
        var payload = Payload(ms.ToArray());
        BitConverter.TryWriteBytes(payload.AsSpan(8), 0x48); // second tags and a flag no build wrote
        var body = payload.AsSpan(0, payload.Length - 8);
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 8), StanceKit.Internal.Checksum.Compute(body));
        var e = Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(Compress(payload))));
        Assert.That(e!.Message, Does.Contain("0x48"));
    }

    [Test]
    public void ATruncatedLexiconIsRefused()
    {
        var beam = DependencyParser.Load(BeamModelPath).Model;
        var classes = new Dictionary<ulong, uint> { [1] = 1, [2] = 2, [3] = 3 };
        using var ms = new MemoryStream();
        WithLexicon(beam, new TagLexicon(classes), secondTags: false).Save(ms);
        var payload = Payload(ms.ToArray());
        // Drop the last entry (12 bytes) before the checksum and checksum what is left.
        var shorter = new byte[payload.Length - 12];
        payload.AsSpan(0, payload.Length - 20).CopyTo(shorter);
        BitConverter.TryWriteBytes(shorter.AsSpan(shorter.Length - 8), StanceKit.Internal.Checksum.Compute(shorter.AsSpan(0, shorter.Length - 8)));
        Assert.Throws<InvalidModelException>(() => DependencyParser.Load(new MemoryStream(Compress(shorter))));
    }
}
