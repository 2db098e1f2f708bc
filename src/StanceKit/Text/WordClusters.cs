using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using StanceKit.Internal;

namespace StanceKit.Text;

/// <summary>
/// Word clusters learnt without labels (models/clusters/card.md): each word of a list of about forty thousand English
/// words has a fine cluster and a coarse cluster (a group of fine clusters). Features can use a cluster where a word
/// itself is rare or unseen, in the manner of Koo et al. (2008). Words are stored as 64-bit hashes of their lower-cased
/// form (<see cref="Key"/>), so the file holds no text. Thread safe; lookups allocate nothing.
/// </summary>
internal sealed class WordClusters
{
    public const int FormatVersion = 1;
    /// <summary>Most fine clusters a file may have (ids are stored in 16 bits).</summary>
    public const int MaxFineClusters = 1 << 16;
    private const uint Magic = 0x4357_4B53; // "SKWC"
    private const ulong KeySeed = 0xC1A5_7E25_0000_0001UL;
    private const string ResourceName = "StanceKit.Models.clusters.bin";
    private const string LoadAdvice = "Copy the file again or rebuild it (experiments/StanceKit.SemanticEval word-clusters).";
    private const int MaxWords = 1 << 22;

    private static readonly Lazy<WordClusters> s_default = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    // Open addressing, linear probing; a slot with key 0 is empty (Key never returns 0).
    private readonly ulong[] _keys;
    private readonly ushort[] _fine;
    private readonly ushort[] _coarseOfFine;
    private readonly int _shift;
    private readonly int _mask;

    private WordClusters(ulong[] keys, ushort[] fine, ushort[] coarseOfFine, int fineCount, int coarseCount, int count, ulong fingerprint)
    {
        Fingerprint = fingerprint;
        _keys = keys;
        _fine = fine;
        _coarseOfFine = coarseOfFine;
        _mask = keys.Length - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)keys.Length);
        FineCount = fineCount;
        CoarseCount = coarseCount;
        Count = count;
    }

    /// <summary>The clusters embedded in the assembly (loaded once, on first use).</summary>
    /// <exception cref="InvalidOperationException">The assembly was built without models/clusters/clusters.bin.</exception>
    public static WordClusters Default => s_default.Value;

    /// <summary>Number of fine clusters (ids 0 .. FineCount-1).</summary>
    public int FineCount { get; }

    /// <summary>Number of coarse clusters (ids 0 .. CoarseCount-1).</summary>
    public int CoarseCount { get; }

    /// <summary>Number of words with a cluster.</summary>
    public int Count { get; }

    /// <summary>The checksum of the file the clusters were read from: a model trained with clusters records it and refuses other clusters.</summary>
    public ulong Fingerprint { get; }

    /// <summary>
    /// The clusters of <paramref name="word"/>, compared lower-cased (invariant) with the curly and modifier-letter
    /// apostrophes read as the straight one; false for a word not in the list. Allocates nothing.
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> word, out int fine, out int coarse)
    {
        ulong key = Key(word);
        int i = (int)(key >> _shift);
        while (true)
        {
            ulong k = _keys[i];
            if (k == key)
            {
                fine = _fine[i];
                coarse = _coarseOfFine[fine];
                return true;
            }
            if (k == 0) break;
            i = (i + 1) & _mask;
        }
        fine = coarse = -1;
        return false;
    }

    /// <summary>The stored key of a word: a seeded 64-bit hash of its lower-cased form with apostrophes folded; never 0.</summary>
    public static ulong Key(ReadOnlySpan<char> word)
    {
        ulong h = KeySeed ^ 0xCBF29CE484222325UL;
        foreach (char raw in word)
        {
            char c = raw switch
            {
                >= 'A' and <= 'Z' => (char)(raw | 0x20),
                < (char)128 => raw,
                '\u2019' or '\u2018' or '\u02BC' or '\u2032' => '\'',
                _ => char.ToLowerInvariant(raw),
            };
            h = (h ^ c) * 0x100000001B3UL;
        }
        h = StableHash.Mix(h ^ (ulong)word.Length);
        return h == 0 ? 1 : h;
    }

    // ------------------------------------------------------------------ file

    /// <summary>
    /// Writes a cluster file: header, the coarse cluster of every fine cluster, then the words' keys in ascending
    /// order with their fine cluster, then a checksum of all that.
    /// </summary>
    public static void Write(Stream stream, int fineCount, int coarseCount, ReadOnlySpan<int> coarseOfFine, IReadOnlyList<(ulong Key, int Fine)> words)
    {
        if (fineCount is < 1 or > MaxFineClusters) throw new ArgumentOutOfRangeException(nameof(fineCount));
        if (coarseCount is < 1 or > MaxFineClusters) throw new ArgumentOutOfRangeException(nameof(coarseCount));
        if (coarseOfFine.Length != fineCount) throw new ArgumentException("One coarse cluster per fine cluster.", nameof(coarseOfFine));
        var sorted = words.OrderBy(w => w.Key).ToArray();
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(fineCount);
            w.Write(coarseCount);
            foreach (int c in coarseOfFine)
            {
                if ((uint)c >= (uint)coarseCount) throw new ArgumentException($"Coarse cluster {c} is out of range.", nameof(coarseOfFine));
                w.Write((ushort)c);
            }
            w.Write(sorted.Length);
            for (int i = 0; i < sorted.Length; i++)
            {
                var (key, fine) = sorted[i];
                if (key == 0 || (i > 0 && key == sorted[i - 1].Key)) throw new ArgumentException("Keys must be non-zero and distinct.", nameof(words));
                if ((uint)fine >= (uint)fineCount) throw new ArgumentException($"Fine cluster {fine} is out of range.", nameof(words));
                w.Write(key);
                w.Write((ushort)fine);
            }
        }
        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        stream.Write(bytes);
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tail, Checksum.Compute(bytes));
        stream.Write(tail);
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidModelException">Not a cluster file of this version, truncated or corrupt.</exception>
    public static WordClusters Load(Stream stream, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try { return LoadCore(stream); }
        catch (InvalidDataException e) { throw InvalidModelException.FromReader(source, e); }
    }

    private static WordClusters LoadDefault()
    {
        using var s = typeof(WordClusters).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("This build of StanceKit has no embedded word clusters (models/clusters/clusters.bin was missing at build time).");
        return Load(s, ResourceName);
    }

    private static WordClusters LoadCore(Stream stream)
    {
        byte[] file = ReadAll(stream);
        if (file.Length < 28) throw new InvalidDataException($"The word-cluster file is truncated ({file.Length} bytes). " + LoadAdvice);
        var body = file.AsSpan(0, file.Length - 8);
        ulong fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8));
        if (Checksum.Compute(body) != fingerprint)
            throw new InvalidDataException("The word-cluster file is truncated or corrupt (checksum mismatch). " + LoadAdvice);
        int pos = 0;
        uint magic = ReadUInt32(body, ref pos);
        if (magic != Magic) throw new InvalidDataException("This is not a word-cluster file (bad magic number). " + LoadAdvice);
        int version = ReadInt32(body, ref pos);
        if (version != FormatVersion) throw new InvalidDataException($"Word-cluster file version {version} is not supported (expected {FormatVersion}). " + LoadAdvice);
        int fineCount = ReadInt32(body, ref pos), coarseCount = ReadInt32(body, ref pos);
        if (fineCount is < 1 or > MaxFineClusters || coarseCount is < 1 or > MaxFineClusters)
            throw new InvalidDataException($"The word-cluster file header is corrupt ({fineCount} fine, {coarseCount} coarse clusters). " + LoadAdvice);
        if ((long)pos + 2L * fineCount + 4 > body.Length) throw new InvalidDataException("The word-cluster file is truncated. " + LoadAdvice);
        var coarseOfFine = new ushort[fineCount];
        for (int i = 0; i < fineCount; i++)
        {
            coarseOfFine[i] = BinaryPrimitives.ReadUInt16LittleEndian(body[pos..]);
            pos += 2;
            if (coarseOfFine[i] >= coarseCount) throw new InvalidDataException("The word-cluster file names a coarse cluster out of range; it is corrupt. " + LoadAdvice);
        }
        int count = ReadInt32(body, ref pos);
        if (count is < 0 or > MaxWords) throw new InvalidDataException($"The word-cluster file header is corrupt ({count} words). " + LoadAdvice);
        if ((long)pos + 10L * count != body.Length) throw new InvalidDataException("The word-cluster file's length does not match its word count; it is truncated or corrupt. " + LoadAdvice);
        int capacity = 16;
        while (capacity < 2 * count) capacity <<= 1;
        var keys = new ulong[capacity];
        var fine = new ushort[capacity];
        int shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
        ulong previous = 0;
        for (int n = 0; n < count; n++)
        {
            ulong key = BinaryPrimitives.ReadUInt64LittleEndian(body[pos..]);
            ushort f = BinaryPrimitives.ReadUInt16LittleEndian(body[(pos + 8)..]);
            pos += 10;
            if (key <= previous) throw new InvalidDataException("The word-cluster file's keys are not in ascending order; it is corrupt. " + LoadAdvice);
            if (f >= fineCount) throw new InvalidDataException("The word-cluster file names a fine cluster out of range; it is corrupt. " + LoadAdvice);
            previous = key;
            int i = (int)(key >> shift);
            while (keys[i] != 0) i = (i + 1) & (capacity - 1);
            keys[i] = key;
            fine[i] = f;
        }
        return new WordClusters(keys, fine, coarseOfFine, fineCount, coarseCount, count, fingerprint);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadUInt32(ReadOnlySpan<byte> b, ref int pos)
    {
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(b[pos..]);
        pos += 4;
        return v;
    }

    private static int ReadInt32(ReadOnlySpan<byte> b, ref int pos) => (int)ReadUInt32(b, ref pos);

    private static byte[] ReadAll(Stream stream)
    {
        const int maxBytes = 64 << 20;
        using var ms = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + read > maxBytes) throw new InvalidDataException($"The word-cluster file is longer than {maxBytes} bytes; this is not a word-cluster file. " + LoadAdvice);
            ms.Write(chunk, 0, read);
        }
        return ms.ToArray();
    }
}
