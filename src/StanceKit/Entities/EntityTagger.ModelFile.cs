using System.IO.Compression;

namespace StanceKit;

// The tagger's model file: zlib-compressed, only non-zero weight rows, checked before anything is trusted.
internal sealed partial class EntityTagger
{
    public const int FormatVersion = 1;
    private const uint Magic = 0x5445_4B53; // "SKET"

    /// <summary>Writes the model (zlib-compressed; only non-zero rows, in ascending bucket order).</summary>
    public void Save(Stream stream)
    {
        // Ascending bucket order and no all-zero rows: the bytes the dense table always produced, whatever order a
        // loaded file stored its rows in.
        var order = new int[_buckets.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort((int[])_buckets.Clone(), order);
        int nonZero = 0;
        foreach (int i in order) if (!IsZero(_rows.AsSpan(i * LabelCount, LabelCount))) nonZero++;
        using var z = new ZLibStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var w = new BinaryWriter(z);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(FeatureVersion);
        w.Write(Bits);
        w.Write(LabelCount);
        w.Write(nonZero);
        foreach (int i in order)
        {
            var row = _rows.AsSpan(i * LabelCount, LabelCount);
            if (IsZero(row)) continue;
            w.Write(_buckets[i]);
            foreach (float x in row) w.Write(x);
        }
    }

    private const string LoadAdvice = "Copy the file again, retrain it ('stancekit train-entities') or use the embedded tagger (EntityExtractor.Default).";

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <remarks>
    /// Every way the data can be wrong (not zlib, failed zlib checksum, truncated, wrong version, bad header or rows,
    /// data after the last row, non-finite weights) gives one <see cref="InvalidDataException"/> whose message says what
    /// to do. Allocation: the file, its payload (decompressed, at most 64 times the file) and, once the header and
    /// the payload length agree, the stored rows (17 floats each) and their index (fewer than 9 ints per row): under
    /// 1.5 times the payload, however many buckets (2^bits, bits ≤ 24) the header declares. A row given twice is refused.
    /// </remarks>
    /// <exception cref="InvalidDataException">The stream is not a tagger model of this version.</exception>
    public static EntityTagger Load(Stream stream, Gazetteer gazetteer)
    {
        try
        {
            return LoadCore(stream, gazetteer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The entity tagger model is truncated. " + LoadAdvice, e);
        }
        catch (InvalidDataException e) when (!e.Message.EndsWith(LoadAdvice, StringComparison.Ordinal))
        {
            // From the zlib decoder: not zlib data, or its checksum failed.
            throw new InvalidDataException($"The entity tagger model is not valid compressed data or is corrupt ({e.Message}). " + LoadAdvice, e);
        }
    }

    /// <summary>Largest tagger model file accepted (the embedded one is about 150 KB).</summary>
    private const int MaxFileBytes = 256 << 20;

    private static EntityTagger LoadCore(Stream stream, Gazetteer gazetteer)
    {
        // The whole file, then its payload, are checked (zlib's Adler-32 trailer included: .NET does not check it when
        // a stream is cut right before it) before the weight table is allocated.
        byte[] file = ReadAll(stream);
        if (file.Length < 6) throw new InvalidDataException(file.Length == 0 ? "The entity tagger model is empty (0 bytes). " + LoadAdvice : "The entity tagger model is truncated. " + LoadAdvice);
        byte[] payload = Inflate(file);
        if (Adler32(payload) != System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(file.Length - 4)))
            throw new InvalidDataException("The entity tagger model is truncated or corrupt (checksum mismatch). " + LoadAdvice);
        var r = new BinaryReader(new MemoryStream(payload));
        if (r.ReadUInt32() != Magic) throw new InvalidDataException("This is not an entity tagger model (bad magic number). " + LoadAdvice);
        int version = r.ReadInt32();
        int featureVersion = r.ReadInt32();
        if (version != FormatVersion || featureVersion != FeatureVersion)
            throw new InvalidDataException($"Entity tagger model version {version}/{featureVersion} is not supported (expected {FormatVersion}/{FeatureVersion}). " + LoadAdvice);
        int bits = r.ReadInt32();
        int labels = r.ReadInt32();
        if (bits is < 8 or > 24 || labels != LabelCount) throw new InvalidDataException($"The entity tagger model header is corrupt ({bits} bucket bits, {labels} labels). " + LoadAdvice);
        int nonZero = r.ReadInt32();
        if (nonZero < 0 || nonZero > 1 << bits) throw new InvalidDataException($"The entity tagger model claims {nonZero} rows for {1 << bits} buckets; it is corrupt. " + LoadAdvice);
        long expected = 24 + (long)nonZero * (4 + 4 * LabelCount);
        if (payload.Length < expected) throw new InvalidDataException("The entity tagger model is truncated. " + LoadAdvice);
        if (payload.Length > expected) throw new InvalidDataException("The entity tagger model has data after its last row; it is corrupt. " + LoadAdvice);
        // Proportional to the rows the payload really holds (checked just above), not to the 2^bits buckets.
        var rows = new float[nonZero * LabelCount];
        var buckets = new int[nonZero];
        for (int i = 0; i < nonZero; i++)
        {
            int row = r.ReadInt32();
            if ((uint)row >= (uint)(1 << bits)) throw new InvalidDataException("The entity tagger model has a row outside its table; it is corrupt. " + LoadAdvice);
            buckets[i] = row;
            for (int l = 0; l < LabelCount; l++)
            {
                float w = r.ReadSingle();
                if (!float.IsFinite(w)) throw new InvalidDataException("The entity tagger model holds a non-finite weight; it is corrupt. " + LoadAdvice);
                rows[i * LabelCount + l] = w;
            }
        }
        // The constructor refuses a bucket given twice.
        return new EntityTagger(bits, gazetteer, rows, buckets);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + read > MaxFileBytes) throw new InvalidDataException($"The entity tagger model is longer than {MaxFileBytes} bytes; this is not a tagger model. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }

    /// <summary>Decompresses, refusing more than a generous ratio (a decompression bomb is not a model).</summary>
    private static byte[] Inflate(byte[] file)
    {
        long limit = Math.Max(1L << 20, 64L * file.Length);
        using var z = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = ReadInflated(z, chunk)) > 0)
        {
            if (ms.Length + read > limit) throw new InvalidDataException("The entity tagger model decompresses to far more than a model holds; it is corrupt. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }

    private static int ReadInflated(Stream z, byte[] chunk)
    {
        try { return z.Read(chunk, 0, chunk.Length); }
        catch (IOException e)
        {
            // zlib's own errors (ZLibException) on some corrupt input: found by AFL++ (fuzz/README.md).
            throw new InvalidDataException($"The entity tagger model is not valid compressed data ({e.Message}). " + LoadAdvice, e);
        }
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, 5552);
            foreach (byte x in data[..n]) { a += x; b += a; }
            a %= Mod;
            b %= Mod;
            data = data[n..];
        }
        return b << 16 | a;
    }
}
