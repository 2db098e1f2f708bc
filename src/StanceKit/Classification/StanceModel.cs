using System.Buffers.Binary;
using System.Text;
using StanceKit.Internal;

namespace StanceKit;

/// <summary>
/// A trained linear stance model in StanceKit's compact format: featurizer settings, a
/// temperature for calibration, and feature-major weights (each bucket's class weights side
/// by side, in <see cref="Stance"/> order). Immutable and shared read-only by all threads.
/// </summary>
/// <remarks>
/// File layout (little-endian): magic <c>SKMODEL\0</c>, u16 format version, u16 reserved,
/// u32 header length, header (featurizer id and settings, labels, temperature, metadata),
/// u64 weight count, float32 weights, float32 biases, u64 checksum of everything before it.
/// </remarks>
public sealed class StanceModel
{
    /// <summary>The format version this code reads and writes.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "SKMODEL\0"u8;

    /// <summary>Largest model file accepted (the default model is a few MB).</summary>
    public const long MaxFileBytes = 1L << 30;

    private readonly float[] _weights;
    private readonly float[] _biases;

    /// <summary>Featurizer settings the model was trained with.</summary>
    public FeaturizerSettings Settings { get; }

    /// <summary>Softmax temperature fitted on the dev split (1 = uncalibrated).</summary>
    public float Temperature { get; }

    /// <summary>Free-form metadata: name, version, trainer, data hash, metrics.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The model's name (metadata <c>name</c>).</summary>
    public string Name => Metadata.TryGetValue("name", out var v) ? v : "unnamed";

    /// <summary>The model's version (metadata <c>version</c>).</summary>
    public string Version => Metadata.TryGetValue("version", out var v) ? v : "0";

    internal ReadOnlySpan<float> Weights => _weights;
    internal ReadOnlySpan<float> Biases => _biases;

    // Shared, never written after construction: classifiers read the model's own arrays instead of copying 3 MB.
    internal float[] WeightArray => _weights;
    internal float[] BiasArray => _biases;

    /// <summary>Creates a model from feature-major weights in <see cref="Stance"/> order.</summary>
    /// <param name="settings">Featurizer settings.</param>
    /// <param name="weights">Buckets × 3 weights, feature-major.</param>
    /// <param name="biases">3 biases in <see cref="Stance"/> order.</param>
    /// <param name="temperature">Softmax temperature (positive, finite).</param>
    /// <param name="metadata">Metadata to store.</param>
    public StanceModel(FeaturizerSettings settings, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, float temperature, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (weights.Length != settings.Buckets * StanceNames.Count)
            throw new ArgumentException($"Expected {settings.Buckets * StanceNames.Count} weights, got {weights.Length}.", nameof(weights));
        if (biases.Length != StanceNames.Count) throw new ArgumentException("Expected 3 biases.", nameof(biases));
        if (!(temperature > 0) || !float.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature));
        Settings = settings;
        _weights = weights.ToArray();
        _biases = biases.ToArray();
        Temperature = temperature;
        Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    private StanceModel(FeaturizerSettings settings, float[] weights, float[] biases, float temperature, Dictionary<string, string> metadata, bool copy)
    {
        _ = copy;
        Settings = settings;
        _weights = weights;
        _biases = biases;
        Temperature = temperature;
        Metadata = metadata;
    }

    /// <summary>Returns a copy with another temperature and extra metadata.</summary>
    public StanceModel With(float temperature, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        if (metadata is not null) foreach (var kv in metadata) meta[kv.Key] = kv.Value;
        return new StanceModel(Settings, _weights, _biases, temperature, meta);
    }

    /// <summary>Loads the default model embedded in the StanceKit assembly.</summary>
    public static StanceModel LoadDefault()
    {
        using var stream = typeof(StanceModel).Assembly.GetManifestResourceStream("StanceKit.Models.default.skm")
            ?? throw new InvalidStanceModelException("The default model is not embedded in this StanceKit build. Rebuild after training one (see README: Retraining) or pass a model path.");
        return Load(stream);
    }

    /// <summary>Loads a model file.</summary>
    /// <exception cref="InvalidStanceModelException">The file is not a valid model.</exception>
    public static StanceModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a model from a stream (read to its end).</summary>
    /// <exception cref="InvalidStanceModelException">The data is not a valid model.</exception>
    public static StanceModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] data = ReadAll(stream);
        return Parse(data);
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > MaxFileBytes) throw new InvalidStanceModelException($"The model file is {remaining} bytes, more than the {MaxFileBytes} bytes a StanceKit model may have; this is not a StanceKit model. Point to a .skm file written by 'stancekit train'.");
            var buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            return buffer;
        }
        // Not seekable: look at the first bytes before buffering more, so an endless stream of something else fails fast.
        var prefix = new byte[16];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < prefix.Length || !prefix.AsSpan(0, 8).SequenceEqual(Magic)) Parse(prefix.AsSpan(0, got));
        using var ms = new MemoryStream();
        ms.Write(prefix, 0, got);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + read > MaxFileBytes) throw new InvalidStanceModelException($"The model stream is longer than {MaxFileBytes} bytes; this is not a StanceKit model. Point to a .skm file written by 'stancekit train'.");
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }

    /// <summary>Parses model bytes; all checks happen before any weight array is allocated.</summary>
    internal static StanceModel Parse(ReadOnlySpan<byte> data)
    {
        const string retrain = "Re-export the model with this StanceKit version (stancekit train) or use the embedded default model.";
        const string recopy = "Copy the file again or retrain it (stancekit train).";
        if (data.Length == 0) throw new InvalidStanceModelException("The model file is empty (0 bytes). Point to a .skm file written by 'stancekit train'.");
        if (data.Length >= 4 && data[0] == (byte)'P' && data[1] == (byte)'K')
            throw new InvalidStanceModelException("This is a zip archive (an ML.NET model?), not a StanceKit .skm model. Export it with 'stancekit train' (which writes both) and load the .skm file.");
        if (data.Length < 16 + 8 || !data[..8].SequenceEqual(Magic))
            throw new InvalidStanceModelException("This is not a StanceKit model (bad magic bytes or too short). Point to a .skm file written by 'stancekit train'.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        if (version != FormatVersion)
            throw new InvalidStanceModelException($"The model has format version {version}; this StanceKit reads version {FormatVersion}. {retrain}");
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(data[^8..]);
        ulong actual = Checksum.Compute(data[..^8]);
        if (stored != actual)
            throw new InvalidStanceModelException("The model file is corrupt or truncated (checksum mismatch). Copy it again or retrain it.");

        try
        {
            var reader = new SpanReader(data[..^8]);
            reader.Skip(12);
            uint headerLength = reader.ReadUInt32();
            if (headerLength > (uint)(data.Length - 16)) throw new InvalidStanceModelException($"The model header claims {headerLength} bytes, more than the file holds; the file is corrupt. {recopy}");
            string featurizerId = reader.ReadString();
            if (featurizerId != FeaturizerSettings.CurrentId)
                throw new InvalidStanceModelException($"The model was trained with featurizer '{featurizerId}', but this StanceKit computes '{FeaturizerSettings.CurrentId}'. {retrain}");
            var settings = new FeaturizerSettings
            {
                BucketBits = reader.ReadInt32(),
                WordNgrams = reader.ReadInt32(),
                CharNgramMin = reader.ReadInt32(),
                CharNgramMax = reader.ReadInt32(),
            };
            uint flags = reader.ReadUInt32();
            if ((flags & ~FeaturizerSettings.KnownFlags) != 0)
                throw new InvalidStanceModelException($"The model uses featurizer options (flags 0x{flags:X}) this StanceKit does not know. {retrain}");
            settings = settings.WithFlags(flags) with { Seed = reader.ReadUInt64() };
            try { settings.Validate(); }
            catch (ArgumentOutOfRangeException e) { throw new InvalidStanceModelException($"The model's featurizer settings are invalid ({e.Message}). {retrain}"); }
            int classes = reader.ReadByte();
            if (classes != StanceNames.Count) throw new InvalidStanceModelException($"The model has {classes} classes; StanceKit models have 3. {retrain}");
            var order = new int[classes];
            for (int c = 0; c < classes; c++)
            {
                var label = reader.ReadString();
                if (!StanceNames.TryParse(label, out var stance)) throw new InvalidStanceModelException($"The model has an unknown label '{label}'. {retrain}");
                order[c] = (int)stance;
            }
            if (order.Distinct().Count() != classes) throw new InvalidStanceModelException($"The model lists a label twice; the file is corrupt. {recopy}");
            float temperature = reader.ReadSingle();
            if (!(temperature > 0) || !float.IsFinite(temperature)) throw new InvalidStanceModelException($"The model's temperature is not a positive number; the file is corrupt. {recopy}");
            int metaCount = reader.ReadUInt16();
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int k = 0; k < metaCount; k++) meta[reader.ReadString()] = reader.ReadString();
            if (reader.Position != 16 + headerLength) throw new InvalidStanceModelException($"The model header length does not match its content; the file is corrupt. {recopy}");

            ulong weightCount = reader.ReadUInt64();
            ulong expected = (ulong)settings.Buckets * (ulong)classes;
            if (weightCount != expected) throw new InvalidStanceModelException($"The model claims {weightCount} weights where its settings need {expected}; the file is corrupt. {recopy}");
            if ((ulong)reader.Remaining != (weightCount + (ulong)classes) * 4)
                throw new InvalidStanceModelException($"The model's weight block does not match the file length; the file is truncated or corrupt. {recopy}");
            // Read straight into Stance enum order: the file's bytes are the only other copy in memory.
            var block = reader.Take(checked(((int)weightCount + classes) * 4));
            var weights = new float[(int)weightCount];
            int buckets = settings.Buckets;
            for (int b = 0; b < buckets; b++)
            {
                for (int c = 0; c < classes; c++)
                {
                    float w = BinaryPrimitives.ReadSingleLittleEndian(block.Slice((b * classes + c) * 4, 4));
                    if (!float.IsFinite(w)) throw new InvalidStanceModelException("The model holds a non-finite weight; the file is corrupt or the training diverged. Retrain it.");
                    weights[b * classes + order[c]] = w;
                }
            }
            var biases = new float[classes];
            for (int c = 0; c < classes; c++)
            {
                float bias = BinaryPrimitives.ReadSingleLittleEndian(block.Slice(((int)weightCount + c) * 4, 4));
                if (!float.IsFinite(bias)) throw new InvalidStanceModelException("The model holds a non-finite bias; the file is corrupt or the training diverged. Retrain it.");
                biases[order[c]] = bias;
            }
            return new StanceModel(settings, weights, biases, temperature, meta, copy: false);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidStanceModelException($"The model file ends in the middle of its header; it is truncated. {recopy}");
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidStanceModelException($"The model header holds invalid UTF-8; the file is corrupt. {recopy}");
        }
    }

    /// <summary>Writes the model in StanceKit's format.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new MemoryStream();
        var hw = new BinaryWriter(header, new UTF8Encoding(false, true));
        WriteString(hw, FeaturizerSettings.CurrentId);
        hw.Write(Settings.BucketBits);
        hw.Write(Settings.WordNgrams);
        hw.Write(Settings.CharNgramMin);
        hw.Write(Settings.CharNgramMax);
        hw.Write(Settings.Flags);
        hw.Write(Settings.Seed);
        hw.Write((byte)StanceNames.Count);
        foreach (var s in StanceNames.All) WriteString(hw, s.ToWireName());
        hw.Write(Temperature);
        hw.Write((ushort)Metadata.Count);
        foreach (var kv in Metadata.OrderBy(k => k.Key, StringComparer.Ordinal)) { WriteString(hw, kv.Key); WriteString(hw, kv.Value); }
        hw.Flush();

        var body = new MemoryStream();
        var w = new BinaryWriter(body);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write((ushort)0);
        w.Write((uint)header.Length);
        w.Write(header.ToArray());
        w.Write((ulong)_weights.Length);
        foreach (var x in _weights) w.Write(x);
        foreach (var x in _biases) w.Write(x);
        w.Flush();
        var bytes = body.ToArray();
        stream.Write(bytes);
        Span<byte> sum = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(sum, Checksum.Compute(bytes));
        stream.Write(sum);
    }

    /// <summary>Writes the model to a file (via a temporary file and a rename).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp)) Save(fs);
        File.Move(tmp, path, overwrite: true);
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length > ushort.MaxValue) throw new ArgumentException("Metadata string too long.");
        w.Write((ushort)bytes.Length);
        w.Write(bytes);
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        public int Position { get; private set; }
        public readonly int Remaining => _data.Length - Position;

        public ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || Position + n > _data.Length) throw new EndOfStreamException();
            var s = _data.Slice(Position, n);
            Position += n;
            return s;
        }

        public void Skip(int n) => Take(n);
        public byte ReadByte() => Take(1)[0];
        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
        public string ReadString() => new UTF8Encoding(false, true).GetString(Take(ReadUInt16()));
    }
}
