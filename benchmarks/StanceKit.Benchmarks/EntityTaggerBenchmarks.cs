using BenchmarkDotNet.Attributes;
using StanceKit.Text;

namespace StanceKit.Benchmarks;

/// <summary>
/// The embedded tagger alone over the chunks the rules leave unknown in the stance corpus (training part, each text
/// once; one operation = every chunk, or every chunk token's feature vector). <see cref="EntityBenchmarks"/> is
/// dominated by the rules and its 266 sentences give the tagger only 55 tokens, so a change in the weight lookup
/// barely shows there; here it touches thousands of rows, as a real workload does.
/// The minimum is reported too: on a shared machine it is the least disturbed figure.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class EntityTaggerBenchmarks
{
    private EntityTagger _tagger = null!;
    private (string Text, Token[] Tokens, int Start, int End, FeatureContext Context)[] _chunks = [];
    private ulong[][] _vectors = [];
    private int[] _labels = [];
    private readonly ulong[] _features = new ulong[EntityFeatures.MaxFeatures];
    private readonly float[] _scores = new float[EntityTagger.LabelCount];
    private DenseTable _dense = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tagger = EntityTagger.Default ?? throw new InvalidOperationException("The assembly has no embedded tagger.");
        var pipeline = new EntityRules(LanguageData.English);
        var s = new EntityScratch();
        var chunks = new List<(string, Token[], int, int, FeatureContext)>();
        var vectors = new List<ulong[]>();
        foreach (var text in BenchmarkData.Corpus().Select(r => r.Text).Distinct(StringComparer.Ordinal))
        {
            pipeline.Run(text, s);
            var tokens = s.Tokens.AsSpan(0, s.TokenCount).ToArray();
            for (int c = 0; c < s.ChunkCount; c++)
            {
                var ch = s.Chunks[c];
                var ctx = EntityExtractor.ContextOf(text, tokens, s, s.CandidateCount, ch.Start, ch.End);
                chunks.Add((text, tokens, ch.Start, ch.End, ctx));
                for (int k = ch.Start; k < ch.End; k++)
                {
                    int n = EntityFeatures.TokenFeatures(text, tokens, k, ch.Start, ch.End, ctx, _tagger.GazetteerTokens, _features);
                    n = EntityFeatures.LabelHistoryFeatures(0, 0, _features[1], _features, n);
                    vectors.Add(_features.AsSpan(0, n).ToArray());
                }
            }
        }
        // The same weights as a dense 2^bits × 17 table (read back one bucket at a time): the layout the tagger used
        // before it kept only stored rows, so both lookups are measured in one run under the same machine load.
        var dense = new float[(1 << _tagger.Bits) * EntityTagger.LabelCount];
        for (int b = 0; b < 1 << _tagger.Bits; b++) _tagger.Score([(ulong)b], dense.AsSpan(b * EntityTagger.LabelCount, EntityTagger.LabelCount));
        _dense = new DenseTable(dense, _tagger.Bits);
        _chunks = [.. chunks];
        _labels = new int[_chunks.Max(c => c.Tokens.Length)];
        _vectors = [.. vectors];
        Console.WriteLine($"// {_chunks.Length} chunks, {_vectors.Length} tokens");
    }

    /// <summary>Feature extraction, weight lookups and constrained greedy decoding of every chunk.</summary>
    [Benchmark]
    public int Tag()
    {
        int total = 0;
        foreach (var (text, tokens, start, end, ctx) in _chunks)
        {
            _tagger.Tag(text, tokens, start, end, ctx, _labels, _features, _scores);
            total += _labels[start];
        }
        return total;
    }

    /// <summary>Weight lookups only: one score vector per chunk token.</summary>
    [Benchmark]
    public float Score()
    {
        float total = 0;
        foreach (var v in _vectors)
        {
            _tagger.Score(v, _scores);
            total += _scores[0];
        }
        return total;
    }

    /// <summary><see cref="Score"/> over the dense table (the former lookup), for comparison.</summary>
    [Benchmark]
    public float ScoreDenseTable()
    {
        float total = 0;
        foreach (var v in _vectors)
        {
            _dense.Score(v, _scores);
            total += _scores[0];
        }
        return total;
    }

    /// <summary>The tagger's former weight lookup, line for line: a dense 2^bits × 17 table indexed by the bucket.</summary>
    private sealed class DenseTable(float[] weights, int bits)
    {
        private readonly float[] _weights = weights;
        private readonly int _mask = (1 << bits) - 1;

        public void Score(ReadOnlySpan<ulong> feats, Span<float> scores)
        {
            scores[..EntityTagger.LabelCount].Clear();
            var w = _weights;
            foreach (ulong f in feats)
            {
                int row = (int)(f & (ulong)_mask) * EntityTagger.LabelCount;
                var r = w.AsSpan(row, EntityTagger.LabelCount);
                for (int l = 0; l < EntityTagger.LabelCount; l++) scores[l] += r[l];
            }
        }
    }
}
