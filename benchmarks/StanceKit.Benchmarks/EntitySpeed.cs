using System.Diagnostics;

namespace StanceKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/StanceKit.Benchmarks -- entity-speed [passes]</c>: the span API of
/// <see cref="EntityBenchmarks"/> (266 hand-written sentences, rules and tagger) and the linked-mention API on the
/// same sentences as one document, and sentence segmentation of that document, as plain loops timed with this process's CPU time, best of <c>passes</c>. CPU time because the
/// machine is shared: two builds compare by running one after the other. The digest (FNV-1a over every span's bounds,
/// type and entry) must be equal between builds that claim the same output.
/// </summary>
public static class EntitySpeed
{
    public static void Run(string[] args)
    {
        int passes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var sentences = EntitySentences.Load();
        var article = string.Join(" ", sentences);
        var extractor = EntityExtractor.Default;
        var buffer = new EntitySpan[128];
        const int Rounds = 40;

        double Time(Action pass) => CpuTime.BestOf(passes, pass);

        ulong digest = 14695981039346656037UL;
        void Mix(int v) { digest = (digest ^ (uint)v) * 1099511628211UL; }
        foreach (var s in sentences)
        {
            int n = extractor.Extract(s.AsSpan(), buffer);
            for (int i = 0; i < n; i++) { Mix(buffer[i].Span.Start); Mix(buffer[i].Span.End); Mix((int)buffer[i].Type); Mix(buffer[i].EntryId); }
        }
        foreach (var m in extractor.Extract(article)) { Mix(m.Span.Start); Mix(m.Span.End); Mix((int)m.Type); Mix(m.Canonical.Length); }

        int sink = 0;
        double span = Time(() =>
        {
            for (int r = 0; r < Rounds; r++)
                foreach (var s in sentences) sink += extractor.Extract(s.AsSpan(), buffer);
        });
        double linked = Time(() =>
        {
            for (int r = 0; r < Rounds; r++) sink += extractor.Extract(article).Count;
        });
        var segmenter = SentenceSegmenter.Default;
        double segment = Time(() =>
        {
            for (int r = 0; r < Rounds * 10; r++)
                foreach (var span in segmenter.EnumerateSentences(article)) sink += span.Length;
        });
        Console.WriteLine($"CPU time per pass, best of {passes}:");
        Console.WriteLine($"  span API, {sentences.Length} sentences x {Rounds}: {span * 1e3:F1} ms = {span / (Rounds * sentences.Length) * 1e6:F3} us per sentence");
        Console.WriteLine($"  linked, the sentences as one document ({article.Length} chars) x {Rounds}: {linked * 1e3:F1} ms = {linked / Rounds * 1e6:F1} us per document");
        Console.WriteLine($"  segmentation of that document x {Rounds * 10}: {segment * 1e3:F1} ms = {article.Length * Rounds * 10 / segment / 1e6:F0} M chars/s");
        Console.WriteLine($"  output digest {digest:X16} (sink {sink})");
    }
}
