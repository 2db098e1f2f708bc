using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using StanceKit.Internal;

namespace StanceKit;

/// <summary>
/// Reads a <c>.skm</c> stream without holding a second copy of it: the header is read into a small buffer, the weight
/// block straight into the weight array, and the checksum is computed on the way. Any structural doubt is settled by
/// the checksum first (so a flipped byte reads as corruption, not as a strange header), then by the header's meaning.
/// </summary>
/// <remarks>
/// Allocation bound: for a seekable stream (files, embedded resources, memory) the header and the weights, which
/// together are the file's size, and nothing larger is allocated before the length has been checked against the
/// stream. An unseekable stream's length is only known from its header, so its weights are first read in 1 MB pieces
/// (a stream that claims more than it holds costs what it held plus one piece) and then copied into their array: a
/// successful load allocates twice the stream.
/// </remarks>
internal static class StanceModelReader
{
    private const string Retrain = "Re-export the model with this StanceKit version (stancekit train) or use the embedded default model.";
    private const string Recopy = "Copy the file again or retrain it (stancekit train).";
    private const int PrefixBytes = 16;
    private const int ChecksumBytes = 8;
    private const int CountBytes = 8;

    private static InvalidModelException Corrupt() =>
        new("The model file is corrupt or truncated (checksum mismatch). Copy it again or retrain it.");

    private static InvalidModelException Truncated() =>
        new($"The model stream ends before its header says it should; it is truncated. {Recopy}");

    public static StanceModel Read(Stream stream)
    {
        long? known = null;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > StanceModel.MaxFileBytes) throw new InvalidModelException($"The model file is {remaining} bytes, more than the {StanceModel.MaxFileBytes} bytes a StanceKit model may have; this is not a StanceKit model. Point to a .skm file written by 'stancekit train'.");
            known = remaining;
        }

        // The prefix is read first and alone, so an endless stream of something else fails after 16 bytes.
        Span<byte> prefix = stackalloc byte[PrefixBytes];
        int got = stream.ReadAtLeast(prefix, PrefixBytes, throwOnEndOfStream: false);
        if (got == 0) throw new InvalidModelException("The model file is empty (0 bytes). Point to a .skm file written by 'stancekit train'.");
        if (got >= 4 && prefix[0] == (byte)'P' && prefix[1] == (byte)'K')
            throw new InvalidModelException("This is a zip archive (an ML.NET model?), not a StanceKit .skm model. Export it with 'stancekit train' (which writes both) and load the .skm file.");
        if (got < PrefixBytes || !prefix[..8].SequenceEqual(StanceModel.Magic) || known < PrefixBytes + ChecksumBytes)
            throw new InvalidModelException("This is not a StanceKit model (bad magic bytes or too short). Point to a .skm file written by 'stancekit train'.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        if (version != StanceModel.FormatVersion)
            throw new InvalidModelException($"The model has format version {version}; this StanceKit reads version {StanceModel.FormatVersion}. {Retrain}");
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[12..]);
        return known is long length ? ReadKnownLength(stream, prefix, headerLength, length) : ReadUnknownLength(stream, prefix, headerLength);
    }

    private static StanceModel ReadKnownLength(Stream stream, ReadOnlySpan<byte> prefix, uint headerLength, long length)
    {
        long covered = length - ChecksumBytes;
        var sum = new IncrementalChecksum(covered);
        sum.Append(prefix);
        long left = covered - PrefixBytes;
        if (headerLength + (long)CountBytes > left)
        {
            DrainAndVerify(stream, ref sum, left);
            throw new InvalidModelException($"The model header claims {headerLength} bytes, more than the file holds; the file is corrupt. {Recopy}");
        }
        var header = new byte[headerLength];
        ReadFully(stream, header, ref sum);
        Span<byte> countBytes = stackalloc byte[CountBytes];
        ReadFully(stream, countBytes, ref sum);
        ulong weightCount = BinaryPrimitives.ReadUInt64LittleEndian(countBytes);
        long blockBytes = left - headerLength - CountBytes;
        if (weightCount > (ulong)(blockBytes / 4) || ((long)weightCount + StanceNames.Count) * 4 != blockBytes)
        {
            DrainAndVerify(stream, ref sum, blockBytes);
            var parsed = ParseHeader(header);
            CheckWeightCount(weightCount, parsed);
            throw new InvalidModelException($"The model's weight block does not match the file length; the file is truncated or corrupt. {Recopy}");
        }
        var weights = new float[(int)weightCount];
        ReadFully(stream, MemoryMarshal.AsBytes(weights.AsSpan()), ref sum);
        return Finish(stream, header, weightCount, weights, ref sum, expectEnd: false);
    }

    private static StanceModel ReadUnknownLength(Stream stream, ReadOnlySpan<byte> prefix, uint headerLength)
    {
        if (headerLength > StanceModel.MaxFileBytes)
            throw new InvalidModelException($"The model header claims {headerLength} bytes, more than a model file may hold; the stream is corrupt. {Recopy}");
        byte[] header = ReadGrowing(stream, (int)headerLength);
        Span<byte> countBytes = stackalloc byte[CountBytes];
        if (stream.ReadAtLeast(countBytes, CountBytes, throwOnEndOfStream: false) < CountBytes) throw Truncated();
        ulong weightCount = BinaryPrimitives.ReadUInt64LittleEndian(countBytes);
        long fixedBytes = PrefixBytes + (long)headerLength + CountBytes + StanceNames.Count * 4 + ChecksumBytes;
        if (weightCount > (ulong)((StanceModel.MaxFileBytes - fixedBytes) / 4))
        {
            // No length to check against, so the header's meaning speaks first.
            CheckWeightCount(weightCount, ParseHeader(header));
            throw new InvalidModelException($"The model claims {weightCount} weights, more than a model file may hold; the stream is corrupt. {Recopy}");
        }
        var sum = new IncrementalChecksum(fixedBytes - ChecksumBytes + (long)weightCount * 4);
        sum.Append(prefix);
        sum.Append(header);
        sum.Append(countBytes);
        // Read in fixed pieces first, so a stream that claims more than it holds costs only what it held (plus one piece);
        // the weight array is allocated once the last piece has arrived.
        const int PieceBytes = 1 << 20;
        var pieces = new List<byte[]>();
        long totalBytes = (long)weightCount * 4;
        for (long readBytes = 0; readBytes < totalBytes;)
        {
            var piece = new byte[(int)Math.Min(PieceBytes, totalBytes - readBytes)];
            int n = stream.ReadAtLeast(piece, piece.Length, throwOnEndOfStream: false);
            if (n < piece.Length) throw Truncated();
            sum.Append(piece);
            pieces.Add(piece);
            readBytes += n;
        }
        var weights = new float[(int)weightCount];
        var into = MemoryMarshal.AsBytes(weights.AsSpan());
        foreach (var piece in pieces)
        {
            piece.CopyTo(into);
            into = into[piece.Length..];
        }
        return Finish(stream, header, weightCount, weights, ref sum, expectEnd: true);
    }

    /// <summary>Reads the biases and the checksum, verifies, then gives the header its meaning and the weights their order.</summary>
    private static StanceModel Finish(Stream stream, byte[] header, ulong weightCount, float[] weights, ref IncrementalChecksum sum, bool expectEnd)
    {
        int classes = StanceNames.Count;
        Span<byte> tail = stackalloc byte[StanceNames.Count * 4 + ChecksumBytes];
        if (stream.ReadAtLeast(tail, tail.Length, throwOnEndOfStream: false) < tail.Length) throw Truncated();
        sum.Append(tail[..(classes * 4)]);
        if (sum.Finish() != BinaryPrimitives.ReadUInt64LittleEndian(tail[(classes * 4)..])) throw Corrupt();
        if (expectEnd && stream.ReadByte() >= 0)
            throw new InvalidModelException($"The model stream goes on after its checksum; it is corrupt. {Recopy}");

        var parsed = ParseHeader(header);
        CheckWeightCount(weightCount, parsed);
        if (!BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<float, int>(weights.AsSpan());
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
        foreach (float w in weights)
            if (!float.IsFinite(w)) throw new InvalidModelException("The model holds a non-finite weight; the file is corrupt or the training diverged. Retrain it.");
        // The file lists the classes in its own order; the scorer wants Stance enum order.
        var order = parsed.Order;
        bool identity = true;
        for (int c = 0; c < classes; c++) identity &= order[c] == c;
        if (!identity)
        {
            Span<float> row = stackalloc float[StanceNames.Count];
            for (int b = 0; b < weights.Length; b += classes)
            {
                weights.AsSpan(b, classes).CopyTo(row);
                for (int c = 0; c < classes; c++) weights[b + order[c]] = row[c];
            }
        }
        var biases = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            float bias = BinaryPrimitives.ReadSingleLittleEndian(tail.Slice(c * 4, 4));
            if (!float.IsFinite(bias)) throw new InvalidModelException("The model holds a non-finite bias; the file is corrupt or the training diverged. Retrain it.");
            biases[order[c]] = bias;
        }
        return new StanceModel(parsed.Settings, weights, biases, parsed.Temperature, parsed.Metadata, copy: false);
    }

    private static void CheckWeightCount(ulong weightCount, in Header header)
    {
        ulong expected = (ulong)header.Settings.Buckets * (ulong)StanceNames.Count;
        if (weightCount != expected) throw new InvalidModelException($"The model claims {weightCount} weights where its settings need {expected}; the file is corrupt. {Recopy}");
    }

    /// <summary>The rest of a stream whose structure does not add up: if its checksum fails, that is the error to report.</summary>
    private static void DrainAndVerify(Stream stream, ref IncrementalChecksum sum, long coveredLeft)
    {
        var buffer = new byte[16 * 1024];
        while (coveredLeft > 0)
        {
            int want = (int)Math.Min(buffer.Length, coveredLeft);
            int n = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (n < want) throw Corrupt();
            sum.Append(buffer.AsSpan(0, n));
            coveredLeft -= n;
        }
        Span<byte> stored = stackalloc byte[ChecksumBytes];
        if (stream.ReadAtLeast(stored, ChecksumBytes, throwOnEndOfStream: false) < ChecksumBytes) throw Corrupt();
        if (sum.Finish() != BinaryPrimitives.ReadUInt64LittleEndian(stored)) throw Corrupt();
    }

    private static void ReadFully(Stream stream, Span<byte> into, ref IncrementalChecksum sum)
    {
        // The stream said how long it is; a shorter read means it changed under us or lied: corruption either way.
        if (stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) < into.Length) throw Corrupt();
        sum.Append(into);
    }

    /// <summary>Reads <paramref name="count"/> bytes into an array that grows with what arrives, not with what was claimed.</summary>
    private static byte[] ReadGrowing(Stream stream, int count)
    {
        var buffer = new byte[Math.Min(count, 4096)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(count, buffer.Length * 2L));
            int n = stream.ReadAtLeast(buffer.AsSpan(filled), buffer.Length - filled, throwOnEndOfStream: false);
            filled += n;
            if (filled < buffer.Length) throw Truncated();
        }
        return buffer;
    }

    private readonly record struct Header(FeatureRecipe Settings, int[] Order, float Temperature, Dictionary<string, string> Metadata);

    private static Header ParseHeader(ReadOnlySpan<byte> header)
    {
        try
        {
            var reader = new SpanReader(header);
            string featurizerId = reader.ReadString();
            if (featurizerId != FeatureRecipe.CurrentId && featurizerId != FeatureRecipe.V1Id)
                throw new InvalidModelException($"The model was trained with featurizer '{featurizerId}', but this StanceKit computes '{FeatureRecipe.CurrentId}' (and reads '{FeatureRecipe.V1Id}'). {Retrain}");
            var settings = new FeatureRecipe
            {
                BucketBits = reader.ReadInt32(),
                WordNgrams = reader.ReadInt32(),
                CharNgramMin = reader.ReadInt32(),
                CharNgramMax = reader.ReadInt32(),
            };
            uint flags = reader.ReadUInt32();
            if ((flags & ~FeatureRecipe.KnownFlags) != 0)
                throw new InvalidModelException($"The model uses featurizer options (flags 0x{flags:X}) this StanceKit does not know. {Retrain}");
            if (featurizerId == FeatureRecipe.V1Id && (flags & FeatureRecipe.V2Flags) != 0)
                throw new InvalidModelException($"The model names featurizer '{featurizerId}' but v2 options (flags 0x{flags:X}); the file is corrupt. {Recopy}");
            settings = settings.WithFlags(flags) with { Seed = reader.ReadUInt64() };
            try { settings.Validate(); }
            catch (ArgumentOutOfRangeException e) { throw new InvalidModelException($"The model's featurizer settings are invalid ({e.Message}). {Retrain}"); }
            int classes = reader.ReadByte();
            if (classes != StanceNames.Count) throw new InvalidModelException($"The model has {classes} classes; StanceKit models have 3. {Retrain}");
            var order = new int[classes];
            for (int c = 0; c < classes; c++)
            {
                var label = reader.ReadString();
                if (!StanceNames.TryParse(label, out var stance)) throw new InvalidModelException($"The model has an unknown label '{label}'. {Retrain}");
                order[c] = (int)stance;
            }
            if (order.Distinct().Count() != classes) throw new InvalidModelException($"The model lists a label twice; the file is corrupt. {Recopy}");
            float temperature = reader.ReadSingle();
            if (!(temperature > 0) || !float.IsFinite(temperature)) throw new InvalidModelException($"The model's temperature is not a positive number; the file is corrupt. {Recopy}");
            int metaCount = reader.ReadUInt16();
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int k = 0; k < metaCount; k++) meta[reader.ReadString()] = reader.ReadString();
            if (reader.Remaining != 0) throw new InvalidModelException($"The model header length does not match its content; the file is corrupt. {Recopy}");
            return new Header(settings, order, temperature, meta);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidModelException($"The model file ends in the middle of its header; it is truncated. {Recopy}");
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidModelException($"The model header holds invalid UTF-8; the file is corrupt. {Recopy}");
        }
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

        public byte ReadByte() => Take(1)[0];
        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
        public string ReadString() => new UTF8Encoding(false, true).GetString(Take(ReadUInt16()));
    }
}
