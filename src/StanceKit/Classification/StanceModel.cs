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

    internal static ReadOnlySpan<byte> Magic => "SKMODEL\0"u8;

    /// <summary>Largest model file accepted (the default model is a few MB).</summary>
    public const long MaxFileBytes = 1L << 30;

    private readonly float[] _weights;
    private readonly float[] _biases;

    /// <summary>The feature recipe the model was trained with (stored in the file).</summary>
    public FeatureRecipe Recipe { get; }

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
    /// <param name="recipe">The feature recipe.</param>
    /// <param name="weights">Buckets × 3 weights, feature-major.</param>
    /// <param name="biases">3 biases in <see cref="Stance"/> order.</param>
    /// <param name="temperature">Softmax temperature (positive, finite).</param>
    /// <param name="metadata">Metadata to store.</param>
    public StanceModel(FeatureRecipe recipe, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, float temperature, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        recipe.Validate();
        if (weights.Length != recipe.Buckets * StanceNames.Count)
            throw new ArgumentException($"Expected {recipe.Buckets * StanceNames.Count} weights, got {weights.Length}.", nameof(weights));
        if (biases.Length != StanceNames.Count) throw new ArgumentException("Expected 3 biases.", nameof(biases));
        if (!(temperature > 0) || !float.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature));
        Recipe = recipe;
        _weights = weights.ToArray();
        _biases = biases.ToArray();
        Temperature = temperature;
        Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        try { SpeakerOffsets = PerSpeaker(SpeakerCalibration.Parse(Metadata)); }
        catch (FormatException e) { throw new ArgumentException($"The metadata entry '{SpeakerCalibration.MetadataKey}' is malformed: {e.Message}", nameof(metadata), e); }
    }

    internal StanceModel(FeatureRecipe recipe, float[] weights, float[] biases, float temperature, Dictionary<string, string> metadata, bool copy)
    {
        _ = copy;
        Recipe = recipe;
        _weights = weights;
        _biases = biases;
        Temperature = temperature;
        Metadata = metadata;
        try { SpeakerOffsets = PerSpeaker(SpeakerCalibration.Parse(Metadata)); }
        catch (FormatException e) { throw new InvalidModelException($"The model's calibration offsets ('{SpeakerCalibration.MetadataKey}') are malformed: {e.Message} The file is corrupt or was edited; recalibrate it (stancekit calibrate)."); }
    }

    /// <summary>
    /// The speaker calibration (<see cref="SpeakerCalibration"/>): what each main-speaker class adds to the calibrated
    /// logits (<see cref="SpeakerCalibration.PerSpeaker"/>), or null when the model has none. Set by
    /// <c>stancekit calibrate</c> through the metadata.
    /// </summary>
    internal float[]? SpeakerOffsets { get; }

    /// <summary>Whether the model carries a speaker calibration (log-odds offsets per main-speaker class, fitted by
    /// <c>stancekit calibrate</c> on labelled text; see docs/stance-model.md).</summary>
    public bool HasSpeakerCalibration => SpeakerOffsets is not null;

    private static float[]? PerSpeaker(float[]? offsets) => offsets is null ? null : SpeakerCalibration.PerSpeaker(offsets);

    /// <summary>Returns a copy with another temperature and extra metadata.</summary>
    public StanceModel With(float temperature, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        if (metadata is not null) foreach (var kv in metadata) meta[kv.Key] = kv.Value;
        return new StanceModel(Recipe, _weights, _biases, temperature, meta);
    }

    private static readonly Lazy<StanceModel> s_default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The default model embedded in the StanceKit assembly (read once, on first use; shared, as the model is immutable).</summary>
    /// <exception cref="InvalidModelException">This build has no embedded model, or it is not valid.</exception>
    public static StanceModel Default => s_default.Value;

    private static StanceModel LoadEmbedded()
    {
        const string resource = "StanceKit.Models.default.skm";
        using var stream = typeof(StanceModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidModelException("The default model is not embedded in this StanceKit build. Rebuild after training one (see README: Retraining) or pass a model path.");
        try { return Load(stream); }
        catch (InvalidModelException e) { throw InvalidModelException.ForSource(resource, e.Message, e); }
    }

    /// <summary>Loads a model file.</summary>
    /// <exception cref="InvalidModelException">The file is not a valid model.</exception>
    public static StanceModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        try { return Load(stream); }
        catch (InvalidModelException e) { throw InvalidModelException.ForSource(path, e.Message, e); }
    }

    /// <summary>Loads a model from a stream (read to its end).</summary>
    /// <exception cref="InvalidModelException">The data is not a valid model.</exception>
    public static StanceModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return StanceModelReader.Read(stream);
    }

    /// <summary>Writes the model in StanceKit's format.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new MemoryStream();
        var hw = new BinaryWriter(header, new UTF8Encoding(false, true));
        WriteString(hw, Recipe.Id);
        hw.Write(Recipe.BucketBits);
        hw.Write(Recipe.WordNgrams);
        hw.Write(Recipe.CharNgramMin);
        hw.Write(Recipe.CharNgramMax);
        hw.Write(Recipe.Flags);
        hw.Write(Recipe.Seed);
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
        AtomicFile.Write(path, Save);
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length > ushort.MaxValue) throw new ArgumentException("Metadata string too long.");
        w.Write((ushort)bytes.Length);
        w.Write(bytes);
    }
}
