using System.Security.Cryptography;

namespace StanceKit.Semantic;

/// <summary>
/// The token-head file: <c>"SKTH"</c> (4 bytes), format version (int32, 3), payload length (int64), the payload, and the
/// SHA-256 of the payload (32 bytes). The payload, little-endian: K, F, hidden, projection (int32 each), temperature
/// (double), the standardisation means and standard deviations (384 doubles each), the parameter count (int32), the
/// parameters (doubles) and whether the head reads the per-piece flags (one byte). A truncated, corrupt or unknown file
/// is an <see cref="InvalidModelException"/>; nothing is half-loaded. Files of the experiment's earlier formats
/// (<c>KTHK</c>, <c>KTH2</c>: the payload alone, no length or checksum) are still read.
/// </summary>
internal static class TokenHeadFile
{
    public const uint Magic = 0x48544B53; // "SKTH"
    public const int Version = 3;
    private const uint LegacyMagic1 = 0x4B48544B, LegacyMagic2 = 0x3248544B;
    private const long MaxPayload = 1L << 30;

    /// <summary>Writes <paramref name="head"/> in the current format.</summary>
    public static void Write(TokenHead head, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(stream);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(head.K); w.Write(head.F); w.Write(head.Hd); w.Write(head.Pd); w.Write(head.Temperature);
            foreach (var v in head.Mu) w.Write(v);
            foreach (var v in head.Sd) w.Write(v);
            w.Write(head.Count);
            foreach (var v in head.P) w.Write(v);
            w.Write(head.UseFlags);
        }
        var bytes = payload.ToArray();
        using var bw = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        bw.Write(Magic);
        bw.Write(Version);
        bw.Write((long)bytes.Length);
        bw.Write(bytes);
        bw.Write(SHA256.HashData(bytes));
    }

    /// <summary>Writes <paramref name="head"/> to a file (through a temporary file, renamed on success).</summary>
    public static void Save(TokenHead head, string path)
    {
        var tmp = path + ".tmp";
        using (var f = File.Create(tmp)) Write(head, f);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a head file.</summary>
    /// <exception cref="InvalidModelException">The file is truncated, corrupt, of an unknown version or not a head file.</exception>
    public static TokenHead Load(string path)
    {
        using var f = File.OpenRead(path);
        return Read(f, path);
    }

    /// <summary>Reads a head from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidModelException">The stream is truncated, corrupt, of an unknown version or not a head file.</exception>
    public static TokenHead Read(Stream stream, string? source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            uint magic = r.ReadUInt32();
            if (magic is LegacyMagic1 or LegacyMagic2) return ReadPayload(r, legacyProjection: magic == LegacyMagic2, legacy: true);
            if (magic != Magic) throw new InvalidDataException("not a StanceKit token-head file (bad magic number)");
            int version = r.ReadInt32();
            if (version != Version)
                throw new InvalidDataException($"token-head file format version {version}; this StanceKit.Semantic reads version {Version} (update the package or re-save the head)");
            long length = r.ReadInt64();
            if (length is <= 0 or > MaxPayload) throw new InvalidDataException($"bad payload length {length}");
            var bytes = r.ReadBytes((int)length);
            if (bytes.Length != length) throw new EndOfStreamException();
            var hash = r.ReadBytes(32);
            if (hash.Length != 32) throw new EndOfStreamException();
            if (!CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(bytes)))
                throw new InvalidDataException("checksum mismatch: the file is corrupt");
            using var ms = new MemoryStream(bytes, writable: false);
            using var pr = new BinaryReader(ms);
            var head = ReadPayload(pr, legacyProjection: true, legacy: false);
            if (ms.Position != ms.Length) throw new InvalidDataException("trailing bytes after the parameters");
            return head;
        }
        catch (EndOfStreamException e)
        {
            throw Invalid(source, "the token-head file is truncated", e);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(source, e.Message, e);
        }
    }

    private static InvalidModelException Invalid(string? source, string message, Exception inner) =>
        source is null ? new InvalidModelException(message, inner) : new InvalidModelException($"{source}: {message}", source, inner);

    private static TokenHead ReadPayload(BinaryReader r, bool legacyProjection, bool legacy)
    {
        int k = r.ReadInt32(), f = r.ReadInt32(), hd = r.ReadInt32(), pd = legacyProjection ? r.ReadInt32() : 0;
        if (k is < 1 or > 64 || f is < 0 or > 16 || hd is < 1 or > 4096 || pd is < 0 or > 4096)
            throw new InvalidDataException($"implausible head shape (K {k}, flags {f}, hidden {hd}, projection {pd})");
        double temperature = r.ReadDouble();
        if (!(temperature > 0 && double.IsFinite(temperature))) throw new InvalidDataException($"bad temperature {temperature}");
        var head = new TokenHead(k, f, hd, pd) { Temperature = temperature };
        for (int i = 0; i < TokenHead.D; i++) head.Mu[i] = Finite(r.ReadDouble());
        for (int i = 0; i < TokenHead.D; i++)
        {
            head.Sd[i] = Finite(r.ReadDouble());
            if (!(head.Sd[i] > 0)) throw new InvalidDataException("a standard deviation is not positive");
        }
        if (r.ReadInt32() != head.Count) throw new InvalidDataException("parameter count mismatch");
        for (int i = 0; i < head.Count; i++) head.P[i] = Finite(r.ReadDouble());
        // The experiment's first files end after the parameters (flags always read).
        if (!legacy || r.BaseStream.Position < r.BaseStream.Length) head.UseFlags = r.ReadBoolean();
        return head;
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : throw new InvalidDataException("a parameter is not a finite number");
}
