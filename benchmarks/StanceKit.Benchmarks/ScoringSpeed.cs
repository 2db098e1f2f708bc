using System.Diagnostics;
using StanceKit.Text;

namespace StanceKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/StanceKit.Benchmarks -- scoring-speed [passes] [score-only|v1-only|plain-only]</c>: the span loop of
/// <see cref="ScoringBenchmarks"/> (default model, the benchmark's 10,000 sentences with their targets) as a plain loop
/// timed with this process's CPU time, best of <c>passes</c>, split into tokenising, featurizing (v1 settings and the
/// model's v2 settings) and scoring. CPU time, not wall time, because the machine is shared: a change to the scoring
/// path can be compared in seconds, and two builds by running them one after the other. The output digest (FNV-1a
/// over the bits of every probability) must be equal between builds that claim bit-identical outputs.
/// </summary>
public static class ScoringSpeed
{
    public static void Run(string[] args)
    {
        int passes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var records = BenchmarkData.Sentences();
        string[] texts = records.Select(r => r.Text).ToArray();
        string[] targets = records.Select(r => r.Target).ToArray();
        var classifier = StanceClassifier.Default;
        var featurizer = classifier.Featurizer;
        var v1 = new StanceFeaturizer(featurizer.Recipe.WithoutV2(), featurizer.Gazetteer);
        var scratch = StanceFeaturizer.GetScratch();
        var tokens = new Token[4096];
        int n = texts.Length;
        long chars = texts.Sum(t => (long)t.Length);

        double Time(Action pass) => CpuTime.BestOf(passes, pass);

        int sink = 0;
        var gazetteer = featurizer.Gazetteer;
        var plain = new StanceFeaturizer(featurizer.Recipe.WithoutV2() with { TargetClasses = false, CueClasses = false }, featurizer.Gazetteer);
        if (args.Length > 1 && args[1] == "v1-only")
        {
            for (int p = 0; p < passes; p++)
                for (int i = 0; i < n; i++) sink += v1.Featurize(texts[i], targets[i], scratch, out _);
            return;
        }
        if (args.Length > 1 && args[1] == "plain-only")
        {
            for (int p = 0; p < passes; p++)
                for (int i = 0; i < n; i++) sink += plain.Featurize(texts[i], targets[i], scratch, out _);
            return;
        }
        if (args.Length > 1 && args[1] == "score-only")
        {
            // For a profiler (perf record with DOTNET_PerfMapEnabled=1): the span loop alone, passes times.
            float[] q = new float[3];
            for (int p = 0; p < passes; p++)
                for (int i = 0; i < n; i++) classifier.Score(texts[i], q, targets[i]);
            return;
        }
        double tokenize = Time(() =>
        {
            for (int i = 0; i < n; i++) sink += NewsTokenizer.Tokenize(texts[i], tokens);
        });
        double match = Time(() =>
        {
            for (int i = 0; i < n; i++)
            {
                int nt = NewsTokenizer.Tokenize(texts[i], tokens);
                for (int k = 0; k < nt;)
                {
                    int alias = gazetteer.MatchLongest(texts[i], tokens.AsSpan(0, nt), k, out int len);
                    k += alias >= 0 ? len : 1;
                    sink += alias;
                }
            }
        });
        double featPlain = Time(() =>
        {
            for (int i = 0; i < n; i++) sink += plain.Featurize(texts[i], targets[i], scratch, out _);
        });
        double featV1 = Time(() =>
        {
            for (int i = 0; i < n; i++) sink += v1.Featurize(texts[i], targets[i], scratch, out _);
        });
        double featV2 = Time(() =>
        {
            for (int i = 0; i < n; i++) sink += featurizer.Featurize(texts[i], targets[i], scratch, out _);
        });
        float[] p3 = new float[3];
        double score = Time(() =>
        {
            for (int i = 0; i < n; i++) classifier.Score(texts[i], p3, targets[i]);
        });

        ulong digest = 0xCBF29CE484222325UL;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++)
        {
            classifier.Score(texts[i], p3, targets[i]);
            for (int k = 0; k < 3; k++) digest = (digest ^ (uint)BitConverter.SingleToInt32Bits(p3[k])) * 0x100000001B3UL;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        static string Ms(double s) => $"{s * 1e3,7:F1} ms";
        Console.WriteLine($"{n} sentences, {chars / (double)n:F0} chars on average; CPU time per pass, best of {passes}:");
        Console.WriteLine($"  tokenise only        {Ms(tokenize)}");
        Console.WriteLine($"  + gazetteer matching {Ms(match)}");
        Console.WriteLine($"  featurize, word n-grams only (no entities, cues) {Ms(featPlain)}");
        Console.WriteLine($"  featurize v1         {Ms(featV1)}");
        Console.WriteLine($"  featurize v2 (model) {Ms(featV2)}   (v2 families {(featV2 - featV1) * 1e3:F1} ms)");
        Console.WriteLine($"  span loop (Score)    {Ms(score)}   (dot product + softmax {(score - featV2) * 1e3:F1} ms)");
        Console.WriteLine($"  => {score / n * 1e6:F2} us per sentence; {allocated} B allocated over {n} sentences; output digest {digest:X16} (sink {sink})");
    }
}
