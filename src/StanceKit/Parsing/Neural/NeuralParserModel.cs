using System.Runtime.InteropServices;
using System.Text;
using StanceKit.Internal;

namespace StanceKit.Parsing.Neural;

/// <summary>
/// A trained BiLSTM + biaffine dependency parser (<see cref="BiaffineNetwork"/>): its sizes, vocabularies, relations
/// and weights, and the file format (magic "SKNPARSE", version, header, vocabularies, float32 weights, checksum).
/// Immutable once built; parse with a <see cref="NeuralParseContext"/> per thread. It reads the tags of the tagger
/// of <see cref="DependencyParser.Default"/> (the file records that parser's fingerprint).
/// </summary>
internal sealed class NeuralParserModel
{
    /// <summary>The first bytes of every neural parser model file.</summary>
    public static ReadOnlySpan<byte> Magic => "SKNPARSE"u8;
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    public NeuralParserModel(NeuralConfig config, string[] words, string[] prefixes, string[] suffixes, DependencyRelation[] relations, float[] weights, string taggerFingerprint)
    {
        Config = config;
        Layout = new NeuralLayout(config);
        if (weights.Length != Layout.Total) throw new ArgumentException("The weights do not fit the network's sizes.", nameof(weights));
        if (words.Length != config.Words - NeuralWords.FirstWord || prefixes.Length != config.Prefixes - NeuralWords.FirstWord
            || suffixes.Length != config.Suffixes - NeuralWords.FirstWord || relations.Length != config.Relations)
            throw new ArgumentException("The vocabularies do not fit the network's sizes.", nameof(config));
        WordList = words; PrefixList = prefixes; SuffixList = suffixes;
        Words = Index(words); Prefixes = Index(prefixes); Suffixes = Index(suffixes);
        _wordLookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLookup = Prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        _suffixLookup = Suffixes.GetAlternateLookup<ReadOnlySpan<char>>();
        Relations = relations;
        Weights = weights;
        TaggerFingerprint = taggerFingerprint;
        RootLabel = Array.IndexOf(relations, DependencyRelation.Root);
    }

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordLookup, _prefixLookup, _suffixLookup;

    /// <summary>The index of <see cref="DependencyRelation.Root"/> in <see cref="Relations"/> (-1 if absent).</summary>
    public int RootLabel { get; }

    public NeuralConfig Config { get; }
    public NeuralLayout Layout { get; }
    /// <summary>The vocabularies without the three reserved entries (index = position + <see cref="NeuralWords.FirstWord"/>).</summary>
    public string[] WordList { get; }
    public string[] PrefixList { get; }
    public string[] SuffixList { get; }
    public Dictionary<string, int> Words { get; }
    public Dictionary<string, int> Prefixes { get; }
    public Dictionary<string, int> Suffixes { get; }
    public DependencyRelation[] Relations { get; }
    /// <summary>All parameters, laid out by <see cref="Layout"/>.</summary>
    public float[] Weights { get; }
    /// <summary>The fingerprint of the parser whose tagger gave the tags at training time.</summary>
    public string TaggerFingerprint { get; }

    private static Dictionary<string, int> Index(string[] list)
    {
        var d = new Dictionary<string, int>(list.Length, StringComparer.Ordinal);
        for (int i = 0; i < list.Length; i++) d[list[i]] = i + NeuralWords.FirstWord;
        return d;
    }

    /// <summary>Fills <paramref name="input"/> for the words <paramref name="forms"/> with tags <paramref name="tags"/> (position 0 is the root).</summary>
    public void Fill(NeuralInput input, IReadOnlyList<string> forms, ReadOnlySpan<int> tags)
    {
        FillRoot(input, forms.Count);
        for (int i = 0; i < forms.Count; i++) FillWord(input, i + 1, forms[i], tags[i]);
    }

    /// <summary>Fills <paramref name="input"/> for the words <paramref name="words"/> of <paramref name="text"/> with tags <paramref name="tags"/>.</summary>
    public void Fill(NeuralInput input, ReadOnlySpan<char> text, ReadOnlySpan<WordSpan> words, ReadOnlySpan<int> tags)
    {
        FillRoot(input, words.Length);
        for (int i = 0; i < words.Length; i++) FillWord(input, i + 1, text.Slice(words[i].Start, words[i].Length), tags[i]);
    }

    private static void FillRoot(NeuralInput input, int words)
    {
        input.Ensure(words + 1);
        input.Word[0] = input.Prefix[0] = input.Suffix[0] = NeuralWords.Root;
        input.Shape[0] = NeuralWords.RootShape;
        input.Tag[0] = NeuralWords.RootTag;
    }

    // The key is built in a stack buffer and looked up by span (the vocabularies' alternate lookups), so a word costs no
    // string: the same indices as looking up NeuralWords.Key / Prefix / Suffix.
    private void FillWord(NeuralInput input, int position, ReadOnlySpan<char> form, int tag)
    {
        Span<char> key = form.Length <= 256 ? stackalloc char[form.Length] : new char[form.Length];
        NeuralWords.WriteKey(form, key);
        ReadOnlySpan<char> prefix = key.Length <= 3 ? key : key[..3];
        ReadOnlySpan<char> suffix = key.Length <= 3 ? key : key[^3..];
        input.Word[position] = _wordLookup.TryGetValue(key, out int w) ? w : NeuralWords.Unknown;
        input.Prefix[position] = _prefixLookup.TryGetValue(prefix, out int p) ? p : NeuralWords.Unknown;
        input.Suffix[position] = _suffixLookup.TryGetValue(suffix, out int s) ? s : NeuralWords.Unknown;
        input.Shape[position] = NeuralWords.Shape(form);
        input.Tag[position] = tag;
    }

    /// <summary>
    /// Parses the words already in <paramref name="ctx"/>.Input: writes heads (1-based, 0 = root) and relation
    /// indices for words 1..n into heads[1..n] and labels[1..n].
    /// </summary>
    public void Parse(NeuralParseContext ctx, Span<int> heads, Span<int> labels)
    {
        var net = ctx.Network;
        int t = ctx.Input.Length;
        net.Forward(Weights, ctx.Input);
        ctx.Decoder.Decode(t, new ArcScores(net), heads);
        heads[0] = 0;
        net.ScoreRelations(Weights, heads);
        for (int i = 1; i < t; i++)
        {
            // The root's relation is root, and no other word's.
            if (heads[i] == 0 && RootLabel >= 0) { labels[i] = RootLabel; continue; }
            var lp = net.RelationLogProbabilities(i);
            int best = -1;
            for (int k = 0; k < lp.Length; k++) if (k != RootLabel && (best < 0 || lp[k] > lp[best])) best = k;
            labels[i] = Math.Max(0, best);
        }
    }

    private readonly struct ArcScores(BiaffineNetwork net) : IArcScores
    {
        public float Score(int head, int dependent) => net.ArcLogProbabilities(dependent)[head];
    }

    // ------------------------------------------------------------------ file format

    /// <summary>Writes the model (see the class remarks for the format).</summary>
    public void Save(Stream stream)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            var c = Config;
            foreach (int v in (int[])[c.WordDim, c.AffixDim, c.ShapeDim, c.TagDim, c.Hidden, c.Layers, c.ArcDim, c.RelDim, c.Words, c.Prefixes, c.Suffixes, c.Relations]) w.Write(v);
            w.Write(TaggerFingerprint);
            foreach (var list in (string[][])[WordList, PrefixList, SuffixList]) foreach (var s in list) w.Write(s);
            foreach (var r in Relations) w.Write(r.ToUDName());
            w.Write(Weights.Length);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Neural parser models are written on little-endian machines only.");
            w.Write(MemoryMarshal.AsBytes(Weights.AsSpan()));
        }
        ulong sum = Checksum.Compute(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        ms.Write(BitConverter.GetBytes(sum));
        ms.Position = 0;
        ms.CopyTo(stream);
    }

    /// <summary>True when <paramref name="head"/> starts like a neural parser model file.</summary>
    public static bool IsNeuralModel(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>True when the file at <paramref name="path"/> starts like a neural parser model.</summary>
    public static bool IsNeuralModelFile(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var f = File.OpenRead(path);
        int n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return IsNeuralModel(head[..n]);
    }

    /// <summary>Loads a model file.</summary>
    /// <exception cref="InvalidModelException">The file is not a neural parser model of this version, or is truncated or corrupt.</exception>
    public static NeuralParserModel Load(string path)
    {
        using var s = File.OpenRead(path);
        return Load(s, path);
    }

    /// <summary>Loads a model from a stream (<paramref name="source"/> names it in errors).</summary>
    /// <exception cref="InvalidModelException">The stream is not a neural parser model of this version, or is truncated or corrupt.</exception>
    public static NeuralParserModel Load(Stream stream, string? source = null)
    {
        try { return Read(stream); }
        catch (InvalidDataException e) { throw InvalidModelException.FromReader(source, e); }
    }

    private static NeuralParserModel Read(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        if (bytes.Length < Magic.Length + 4 || !bytes.StartsWith(Magic))
            throw new InvalidDataException("Not a StanceKit neural parser model (bad magic); give a file written by stancekit train-neural-parser.");
        int version = BitConverter.ToInt32(bytes.Slice(Magic.Length, 4));
        if (version != FormatVersion)
            throw new InvalidDataException($"Neural parser model format {version} is not supported by this build (it reads format {FormatVersion}); retrain it with this build.");
        if (bytes.Length < Magic.Length + 4 + 8)
            throw new InvalidDataException("The neural parser model is truncated.");
        var body = bytes[..^8];
        if (Checksum.Compute(body) != BitConverter.ToUInt64(bytes[^8..]))
            throw new InvalidDataException("The neural parser model is truncated or corrupt (checksum mismatch).");
        try
        {
            using var r = new BinaryReader(new MemoryStream(copy.GetBuffer(), Magic.Length + 4, body.Length - Magic.Length - 4), Encoding.UTF8);
            var c = new NeuralConfig(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
                r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            if (!c.IsValid) throw new InvalidDataException("The neural parser model's sizes are out of range (corrupt file).");
            string fingerprint = r.ReadString();
            string[] ReadList(int count)
            {
                var list = new string[count];
                for (int i = 0; i < count; i++) list[i] = r.ReadString();
                return list;
            }
            var words = ReadList(c.Words - NeuralWords.FirstWord);
            var prefixes = ReadList(c.Prefixes - NeuralWords.FirstWord);
            var suffixes = ReadList(c.Suffixes - NeuralWords.FirstWord);
            var relations = new DependencyRelation[c.Relations];
            for (int i = 0; i < relations.Length; i++)
            {
                string name = r.ReadString();
                if (!DependencyRelationNames.TryParse(name, out relations[i])) throw new InvalidDataException($"Unknown relation '{name}' in the neural parser model.");
            }
            var layout = new NeuralLayout(c);
            int count = r.ReadInt32();
            if (count != layout.Total) throw new InvalidDataException("The neural parser model's weight count does not match its sizes (corrupt file).");
            if (r.BaseStream.Length - r.BaseStream.Position != 4L * count) throw new InvalidDataException("The neural parser model is truncated or has trailing bytes.");
            var weights = new float[count];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(weights.AsSpan()));
            return new NeuralParserModel(c, words, prefixes, suffixes, relations, weights, fingerprint);
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("The neural parser model is truncated.", e); }
        catch (ArgumentException e) { throw new InvalidDataException("The neural parser model is corrupt: " + e.Message, e); }
    }
}

/// <summary>The per-thread working memory of <see cref="NeuralParserModel.Parse"/>.</summary>
internal sealed class NeuralParseContext(NeuralParserModel model)
{
    public NeuralParserModel Model { get; } = model;
    public BiaffineNetwork Network { get; } = new(model.Config);
    public Eisner Decoder { get; } = new();
    public NeuralInput Input { get; } = new();
}
