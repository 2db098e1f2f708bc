using StanceKit.ML;

namespace StanceKit.Benchmarks;

/// <summary>Locates the repository's data from wherever BenchmarkDotNet runs the benchmark.</summary>
public static class BenchmarkData
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StanceKit.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the StanceKit repository.");
        }
    }

    /// <summary>The stance corpus (training part: the test split is excluded).</summary>
    public static IReadOnlyList<StanceRecord> Corpus()
    {
        var all = StanceCorpus.Load(Path.Combine(RepoRoot, "data", "stance"));
        return all.Where(r => !r.Id.StartsWith("test", StringComparison.Ordinal)).ToList();
    }

    /// <summary>A fixed set of <paramref name="count"/> realistic news sentences, cycling through the corpus in file order.</summary>
    public static IReadOnlyList<StanceRecord> Sentences(int count = 10_000)
    {
        var corpus = Corpus();
        return Enumerable.Range(0, count).Select(i => corpus[i % corpus.Count]).ToList();
    }
}
