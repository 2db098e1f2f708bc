using System.Diagnostics;
using StanceKit.Fuzz;

// Usage (see fuzz/README.md):
//   StanceKit.Fuzz afl TARGET                         under afl-fuzz (SharpFuzz fork server; input on stdin)
//   StanceKit.Fuzz run TARGET FILE...                  run inputs once each (reproduce a finding)
//   StanceKit.Fuzz mutate TARGET SEEDS SECONDS OUT     in-process mutation fuzzing without AFL
//   StanceKit.Fuzz seeds model FILE                    write the smallest valid model (a seed)
const string usage = "usage: StanceKit.Fuzz afl|run|mutate TARGET [...]; targets: " + "segment, extract, analyze, model, model-body, tagger";
if (args.Length < 2 || !Targets.All.TryGetValue(args[1], out var target))
{
    Console.Error.WriteLine(usage);
    return 2;
}
switch (args[0])
{
    case "seeds" when args[1] == "model" && args.Length == 3:
    {
        // Writes the smallest valid model (2^8 buckets) as a seed.
        var settings = new StanceKit.FeatureRecipe { BucketBits = 8 };
        var weights = new float[settings.Buckets * 3];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 5 - 2) * 0.25f;
        var model = new StanceKit.StanceModel(settings, weights, [0.1f, 0f, -0.1f], 1.5f, new Dictionary<string, string> { ["name"] = "seed" });
        model.Save(args[2]);
        return 0;
    }
    case "afl":
        SharpFuzz.Fuzzer.Run(stream =>
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            target(ms.ToArray());
        });
        return 0;
    case "run":
    {
        int failures = 0;
        foreach (var file in args.Skip(2))
        {
            try { target(File.ReadAllBytes(file)); Console.WriteLine($"ok    {file}"); }
            catch (Exception e) { failures++; Console.WriteLine($"FAIL  {file}: {e}"); }
        }
        return failures == 0 ? 0 : 1;
    }
    case "mutate" when args.Length == 5:
        return MutationFuzzer.Run(args[1], target, args[2], TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)), args[4]);
    default:
        Console.Error.WriteLine(usage);
        return 2;
}

/// <summary>
/// A plain in-process mutation fuzzer (no coverage feedback): mutates seeds with bit flips, byte edits,
/// interesting code units and splices; inputs that throw or run longer than 10 s are saved to OUT.
/// </summary>
internal static class MutationFuzzer
{
    private static readonly ushort[] s_interesting =
    [
        0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x0000, 0x0085, 0x2028, 0x2029, 0x200B, 0x200D, 0x202E, 0x2066, 0xFEFF, 0x0301,
        0x000D, 0x000A, '.', '!', '?', '"', '\'', '(', ')', '[', ']', 0x201C, 0x201D, 0x2026, ' ', 'A', 'M', 'r', 0xFFFD,
    ];

    public static int Run(string name, Action<byte[]> target, string seedDir, TimeSpan duration, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var seeds = Directory.GetFiles(seedDir).OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        if (seeds.Count == 0) seeds.Add([0]);
        var rng = new Random(Environment.TickCount);
        var sw = Stopwatch.StartNew();
        long execs = 0, findings = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (sw.Elapsed < duration)
        {
            var input = Mutate(seeds[rng.Next(seeds.Count)], seeds[rng.Next(seeds.Count)], rng);
            var task = Task.Run(() => target(input));
            string? problem = null;
            try
            {
                if (!task.Wait(TimeSpan.FromSeconds(10))) problem = "hang (more than 10 s)";
            }
            catch (AggregateException e)
            {
                var inner = e.InnerException!;
                problem = inner.GetType().Name + ": " + inner.Message + " @ " + (inner.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "");
            }
            execs++;
            if (problem is not null)
            {
                string key = problem.Length > 160 ? problem[..160] : problem;
                if (seen.Add(key))
                {
                    findings++;
                    var file = Path.Combine(outDir, $"{name}-{findings:D3}.bin");
                    File.WriteAllBytes(file, input);
                    Console.WriteLine($"finding {findings}: {problem} -> {file}");
                }
                if (problem.StartsWith("hang", StringComparison.Ordinal)) break; // the stuck task keeps a core busy
            }
            else if (input.Length < 4096 && rng.Next(50) == 0) seeds.Add(input); // keep some variety
        }
        Console.WriteLine($"{name}: {execs} executions in {sw.Elapsed.TotalSeconds:F0} s, {findings} distinct findings");
        return findings == 0 ? 0 : 1;
    }

    private static byte[] Mutate(byte[] a, byte[] b, Random rng)
    {
        var data = new List<byte>(a);
        int rounds = 1 + rng.Next(8);
        for (int r = 0; r < rounds; r++)
        {
            int pos = data.Count == 0 ? 0 : rng.Next(data.Count);
            switch (rng.Next(7))
            {
                case 0 when data.Count > 0: data[pos] ^= (byte)(1 << rng.Next(8)); break;
                case 1 when data.Count > 0: data[pos] = (byte)rng.Next(256); break;
                case 2: data.Insert(pos, (byte)rng.Next(256)); break;
                case 3 when data.Count > 1: data.RemoveRange(pos, Math.Min(data.Count - pos, 1 + rng.Next(16))); break;
                case 4:
                    ushort u = s_interesting[rng.Next(s_interesting.Length)];
                    data.InsertRange(pos, [(byte)u, (byte)(u >> 8)]);
                    break;
                case 5 when b.Length > 0:
                    int from = rng.Next(b.Length), len = Math.Min(b.Length - from, 1 + rng.Next(256));
                    data.InsertRange(pos, b.Skip(from).Take(len));
                    break;
                case 6 when data.Count > 0 && data.Count < 1 << 16:
                    int start = rng.Next(data.Count), count = Math.Min(data.Count - start, 1 + rng.Next(64));
                    var chunk = data.GetRange(start, count);
                    for (int k = rng.Next(1, 64); k > 0; k--) data.InsertRange(pos, chunk);
                    break;
            }
        }
        return data.ToArray();
    }
}
