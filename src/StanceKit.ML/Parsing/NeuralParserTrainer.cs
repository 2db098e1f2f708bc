using System.Diagnostics;
using StanceKit.Parsing;
using StanceKit.Parsing.Neural;

namespace StanceKit.ML.Parsing;

/// <summary>Settings of <see cref="NeuralParserTrainer"/>.</summary>
internal sealed record NeuralTrainingOptions
{
    public int Epochs { get; init; } = 30;
    public int Seed { get; init; } = 1;
    public int WordDim { get; init; } = 100;
    public int AffixDim { get; init; } = 32;
    public int ShapeDim { get; init; } = 8;
    public int TagDim { get; init; } = 32;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 2;
    public int ArcDim { get; init; } = 256;
    public int RelDim { get; init; } = 100;
    public float Dropout { get; init; } = 0.33f;
    public float WordDropout { get; init; } = 0.25f;
    public float LearningRate { get; init; } = 2e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.9f;
    public float Clip { get; init; } = 5f;
    /// <summary>Sentences per minibatch.</summary>
    public int Batch { get; init; } = 32;
    public int Threads { get; init; } = 2;
    /// <summary>Stop after the epoch that ends past this many minutes (0: no limit).</summary>
    public double MaxMinutes { get; init; }
    /// <summary>Train on the first N training sentences only (0: all; quick experiments).</summary>
    public int TrainLimit { get; init; }
    /// <summary>Train on gold tags instead of jackknifed ones (an experiment).</summary>
    public bool GoldTrainTags { get; init; }
    /// <summary>Start from the weights and vocabularies of this model file (continued training; Adam's moments start at zero).</summary>
    public string? InitModel { get; init; }
    /// <summary>The number of the first epoch (continued training numbers its epochs on; also varies the shuffle).</summary>
    public int FirstEpoch { get; init; } = 1;
}

/// <summary>
/// Trains the BiLSTM + biaffine parser (<see cref="BiaffineNetwork"/>) on UD English EWT: jackknifed tags of the
/// shipped tagger recipe for training, the embedded tagger's tags on dev; Adam on minibatches whose sentences are
/// computed on several threads (per-thread gradients summed in a fixed order, so the run is deterministic for a seed).
/// Keeps the epoch with the best dev LAS.
/// </summary>
internal static class NeuralParserTrainer
{
    private sealed class Example
    {
        public required string[] Forms;
        public required int[] Tags;     // predicted tags, per word
        public required int[] Heads;    // per position 0..n (0: unused)
        public required int[] Rels;     // per position 0..n
    }

    public static ParserTrainingReport Train(string udDirectory, string outDirectory, NeuralTrainingOptions o, TextWriter log, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        string trainPath = Path.Combine(udDirectory, "en_ewt-ud-train.conllu");
        string devPath = Path.Combine(udDirectory, "en_ewt-ud-dev.conllu");
        var trainSet = Conllu.Read(trainPath);
        var devSet = Conllu.Read(devPath);
        if (o.TrainLimit > 0 && o.TrainLimit < trainSet.Count) trainSet = trainSet.GetRange(0, o.TrainLimit);
        var relations = ParserTrainer.RelationsOf(trainSet);
        int nonProjectiveDev = devSet.Count(s => ParserTrainer.IsNonProjective(s.Words.Select(w => w.Head).ToArray()));
        int nonProjectiveTrain = trainSet.Count(s => ParserTrainer.IsNonProjective(s.Words.Select(w => w.Head).ToArray()));
        log.WriteLine($"train {trainSet.Count} sentences ({trainSet.Sum(s => s.Words.Length)} words), dev {devSet.Count} ({devSet.Sum(s => s.Words.Length)} words); {relations.Length} relations; non-projective trees: train {nonProjectiveTrain}, dev {nonProjectiveDev}");

        // Tags: jackknifed for training (the shipped tagger recipe: tag lexicon), the embedded tagger's on dev.
        int[][] trainTags = o.GoldTrainTags
            ? trainSet.Select(s => s.Words.Select(w => TagIndex(w.Upos)).ToArray()).ToArray()
            : ParserTrainer.JackknifedTags(trainSet, new ParserTrainingOptions { TagLexicon = true, Seed = o.Seed }, log, ct);
        var tagger = DependencyParser.Default;
        var devTags = devSet.Select(s => Tag(tagger.Model, s)).ToArray();
        int devTagOk = 0, devWords = 0;
        for (int i = 0; i < devSet.Count; i++) for (int j = 0; j < devTags[i].Length; j++) { devWords++; if (devTags[i][j] == TagIndex(devSet[i].Words[j].Upos)) devTagOk++; }
        log.WriteLine($"dev UPOS of the embedded tagger {(double)devTagOk / devWords:F4} ({clock.Elapsed.TotalSeconds:F0} s)");

        // Vocabularies: keys, prefixes and suffixes seen at least twice in train.
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var preCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var sufCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in trainSet)
        {
            foreach (var w in s.Words)
            {
                string key = NeuralWords.Key(w.Form);
                Count(wordCounts, key); Count(preCounts, NeuralWords.Prefix(key)); Count(sufCounts, NeuralWords.Suffix(key));
            }
        }
        var words = Frequent(wordCounts);
        var prefixes = Frequent(preCounts);
        var suffixes = Frequent(sufCounts);
        var config = new NeuralConfig(o.WordDim, o.AffixDim, o.ShapeDim, o.TagDim, o.Hidden, o.Layers, o.ArcDim, o.RelDim,
            words.Length + NeuralWords.FirstWord, prefixes.Length + NeuralWords.FirstWord, suffixes.Length + NeuralWords.FirstWord, relations.Length);
        NeuralParserModel? init = null;
        if (o.InitModel is not null)
        {
            init = NeuralParserModel.Load(o.InitModel);
            if (!init.Relations.SequenceEqual(relations)) throw new InvalidOperationException("The initial model was trained with other relations.");
            (config, words, prefixes, suffixes) = (init.Config, init.WordList, init.PrefixList, init.SuffixList);
            log.WriteLine($"continuing from {o.InitModel} (its sizes and vocabularies), first epoch {o.FirstEpoch}");
        }
        var layout = new NeuralLayout(config);
        log.WriteLine($"vocabulary: {words.Length} words, {prefixes.Length} prefixes, {suffixes.Length} suffixes; {layout.Total:N0} parameters; input {config.InputDim}, BiLSTM {o.Layers} x {o.Hidden} per direction, arc MLP {o.ArcDim}, relation MLP {o.RelDim}");
        var weights = new float[layout.Total];
        if (init is not null) init.Weights.CopyTo(weights, 0);
        else Initialise(weights, config, layout, new Random(o.Seed));
        var model = new NeuralParserModel(config, words, prefixes, suffixes, relations, weights, tagger.Fingerprint);
        var counts = new int[config.Words];
        for (int i = 0; i < words.Length; i++) counts[i + NeuralWords.FirstWord] = wordCounts.GetValueOrDefault(words[i]);

        var train = new Example[trainSet.Count];
        for (int i = 0; i < train.Length; i++)
        {
            var s = trainSet[i];
            int n = s.Words.Length;
            var heads = new int[n + 1];
            var rels = new int[n + 1];
            for (int j = 0; j < n; j++)
            {
                heads[j + 1] = s.Words[j].Head;
                rels[j + 1] = Math.Max(0, Array.IndexOf(relations, ParserTrainer.MapRelation(s.Words[j].Relation)));
            }
            train[i] = new Example { Forms = s.Words.Select(w => w.Form).ToArray(), Tags = trainTags[i], Heads = heads, Rels = rels };
        }

        int threads = Math.Max(1, o.Threads);
        var nets = Enumerable.Range(0, threads).Select(_ => new BiaffineNetwork(config)).ToArray();
        var inputs = Enumerable.Range(0, threads).Select(_ => new NeuralInput()).ToArray();
        var grads = Enumerable.Range(0, threads).Select(_ => new float[layout.Total]).ToArray();
        var m = new float[layout.Total];
        var v = new float[layout.Total];
        var losses = new double[threads];
        var order = Enumerable.Range(0, train.Length).ToArray();
        var rng = new Random(o.FirstEpoch == 1 ? o.Seed : o.Seed * 7919 + o.FirstEpoch);
        long step = 0;
        double bestLas = -1;
        int bestEpoch = 0;
        Directory.CreateDirectory(outDirectory);
        string modelPath = Path.Combine(outDirectory, "neural-parser.bin");
        long modelBytes = 0;
        ParserScores? bestScores = null;
        for (int epoch = o.FirstEpoch; epoch < o.FirstEpoch + o.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            rng.Shuffle(order);
            double epochLoss = 0;
            long epochWords = 0;
            for (int b0 = 0; b0 < order.Length; b0 += o.Batch)
            {
                ct.ThrowIfCancellationRequested();
                int bn = Math.Min(o.Batch, order.Length - b0);
                var batch = order.AsSpan(b0, bn).ToArray();
                // Assign sentences to threads, longest first, to the least loaded (deterministic).
                var byLength = batch.OrderByDescending(i => train[i].Forms.Length).ThenBy(i => i).ToArray();
                var parts = Enumerable.Range(0, threads).Select(_ => new List<int>()).ToArray();
                var load = new long[threads];
                foreach (int i in byLength)
                {
                    int k = 0;
                    for (int j = 1; j < threads; j++) if (load[j] < load[k]) k = j;
                    parts[k].Add(i);
                    long len = train[i].Forms.Length + 1;
                    load[k] += len * 100 + len * len;
                }
                int batchWords = batch.Sum(i => train[i].Forms.Length);
                float scale = 1f / batchWords;
                long batchStep = step;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
                {
                    Array.Clear(grads[k]);
                    double loss = 0;
                    foreach (int i in parts[k])
                    {
                        var ex = train[i];
                        var input = inputs[k];
                        model.Fill(input, ex.Forms, ex.Tags);
                        var r = new Random(unchecked(o.Seed * 1_000_003 + (int)batchStep * 7919 + i + 104_729 * (o.FirstEpoch - 1)));
                        for (int j = 1; j < input.Length; j++)
                        {
                            int w = input.Word[j];
                            if (w >= NeuralWords.FirstWord && r.NextDouble() < o.WordDropout / (o.WordDropout + counts[w])) input.Word[j] = NeuralWords.Unknown;
                        }
                        nets[k].Forward(weights, input, o.Dropout, r);
                        nets[k].ScoreRelations(weights, ex.Heads);
                        loss += nets[k].Loss(ex.Heads, ex.Rels);
                        nets[k].Backward(weights, grads[k], input, ex.Heads, ex.Rels, scale);
                    }
                    losses[k] = loss;
                });
                for (int k = 0; k < threads; k++) epochLoss += losses[k];
                epochWords += batchWords;
                step++;
                AdamStep(weights, grads, m, v, step, o, threads);
            }
            double seconds = epochClock.Elapsed.TotalSeconds;
            var evalClock = Stopwatch.StartNew();
            var predicted = Predict(model, devSet, devTags, threads);
            var scores = ParserScores.Score(devSet, predicted);
            log.WriteLine($"epoch {epoch}: train loss {epochLoss / epochWords:F4}, {seconds:F0} s; dev UPOS {scores.Upos:F4} UAS {scores.Uas:F4} LAS {scores.Las:F4} (LAS+sub {scores.LasFull:F4}; dev parse {evalClock.Elapsed.TotalSeconds:F0} s; total {clock.Elapsed.TotalMinutes:F1} min)");
            if (scores.Las > bestLas)
            {
                bestLas = scores.Las; bestEpoch = epoch; bestScores = scores;
                using var ms = new MemoryStream();
                model.Save(ms);
                StanceKit.Internal.AtomicFile.WriteAllBytes(modelPath, ms.ToArray());
                modelBytes = ms.Length;
            }
            if (o.MaxMinutes > 0 && clock.Elapsed.TotalMinutes >= o.MaxMinutes) { log.WriteLine($"time limit reached after epoch {epoch}"); break; }
        }
        return new ParserTrainingReport(modelPath, bestScores!, null, bestEpoch, clock.Elapsed, modelBytes);
    }

    private static void AdamStep(float[] w, float[][] grads, float[] m, float[] v, long step, NeuralTrainingOptions o, int threads)
    {
        var g = grads[0];
        int total = w.Length;
        int chunks = Math.Max(1, threads);
        var norms = new double[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            int lo = (int)((long)total * c / chunks), hi = (int)((long)total * (c + 1) / chunks);
            double sq = 0;
            for (int i = lo; i < hi; i++)
            {
                float sum = g[i];
                for (int k = 1; k < grads.Length; k++) sum += grads[k][i];
                g[i] = sum;
                sq += (double)sum * sum;
            }
            norms[c] = sq;
        });
        double norm = Math.Sqrt(norms.Sum());
        float clip = norm > o.Clip ? (float)(o.Clip / norm) : 1f;
        float b1 = o.Beta1, b2 = o.Beta2;
        float c1 = 1f / (1f - MathF.Pow(b1, step)), c2 = 1f / (1f - MathF.Pow(b2, step));
        float lr = o.LearningRate;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            int lo = (int)((long)total * c / chunks), hi = (int)((long)total * (c + 1) / chunks);
            for (int i = lo; i < hi; i++)
            {
                float gi = g[i] * clip;
                float mi = m[i] = b1 * m[i] + (1 - b1) * gi;
                float vi = v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                w[i] -= lr * (mi * c1) / (MathF.Sqrt(vi * c2) + 1e-12f);
            }
        });
    }

    /// <summary>Random initial weights: embeddings uniform (standard deviation 0.5), LSTM and MLP weights Glorot-uniform, forget-gate biases 1, biaffine weights 0.</summary>
    internal static void Initialise(float[] w, NeuralConfig c, NeuralLayout l, Random rng)
    {
        void Uniform(int at, long count, double limit)
        {
            for (long i = 0; i < count; i++) w[at + i] = (float)((rng.NextDouble() * 2 - 1) * limit);
        }
        double emb = 0.5 * Math.Sqrt(3);
        Uniform(l.EWord, (long)c.Words * c.WordDim, emb);
        Uniform(l.EPre, (long)c.Prefixes * c.AffixDim, emb);
        Uniform(l.ESuf, (long)c.Suffixes * c.AffixDim, emb);
        Uniform(l.EShape, (long)NeuralConfig.Shapes * c.ShapeDim, emb);
        Uniform(l.ETag, (long)NeuralConfig.Tags * c.TagDim, emb);
        int h = c.Hidden;
        for (int layer = 0; layer < c.Layers; layer++)
        {
            for (int d = 0; d < 2; d++)
            {
                int k = 2 * layer + d;
                Uniform(l.Wx[k], 4L * h * l.In[layer], Math.Sqrt(6.0 / (l.In[layer] + h)));
                Uniform(l.Wh[k], 4L * h * h, Math.Sqrt(6.0 / (2 * h)));
                for (int j = 0; j < h; j++) w[l.B[k] + h + j] = 1f;
            }
        }
        Uniform(l.ArcDepW, (long)c.ArcDim * 2 * h, Math.Sqrt(6.0 / (c.ArcDim + 2 * h)));
        Uniform(l.ArcHeadW, (long)c.ArcDim * 2 * h, Math.Sqrt(6.0 / (c.ArcDim + 2 * h)));
        Uniform(l.RelDepW, (long)c.RelDim * 2 * h, Math.Sqrt(6.0 / (c.RelDim + 2 * h)));
        Uniform(l.RelHeadW, (long)c.RelDim * 2 * h, Math.Sqrt(6.0 / (c.RelDim + 2 * h)));
    }

    private static void Count(Dictionary<string, int> d, string key) => d[key] = d.GetValueOrDefault(key) + 1;

    private static string[] Frequent(Dictionary<string, int> counts) =>
        counts.Where(kv => kv.Value >= 2).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToArray();

    private static int TagIndex(string upos) => UniversalPosNames.TryParse(upos, out var p) ? (int)p : (int)UniversalPos.X;

    /// <summary>The tags of a gold-tokenised sentence by the tagger of <paramref name="tagger"/>.</summary>
    internal static int[] Tag(ParserModel tagger, ConlluSentence s, ParseState? state = null)
    {
        state ??= new ParseState();
        var (text, spans) = s.Layout();
        state.SetWords(text, spans, tagger.Clusters, tagger.ClusterUse);
        tagger.Tag(state);
        return state.Tag.AsSpan(1, state.N).ToArray();
    }

    /// <summary>Parses gold-tokenised sentences with given tags on <paramref name="threads"/> threads.</summary>
    internal static List<ConlluSentence> Predict(NeuralParserModel model, IReadOnlyList<ConlluSentence> gold, int[][] tags, int threads)
    {
        var result = new ConlluSentence[gold.Count];
        Parallel.For(0, Math.Max(1, threads), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            var ctx = new NeuralParseContext(model);
            var heads = new int[16];
            var labels = new int[16];
            for (int i = k; i < gold.Count; i += Math.Max(1, threads)) result[i] = ParseOne(model, ctx, gold[i], tags[i], ref heads, ref labels);
        });
        return [.. result];
    }

    private static ConlluSentence ParseOne(NeuralParserModel model, NeuralParseContext ctx, ConlluSentence s, int[] tags, ref int[] heads, ref int[] labels)
    {
        int n = s.Words.Length;
        if (heads.Length < n + 1) { heads = new int[2 * (n + 1)]; labels = new int[2 * (n + 1)]; }
        model.Fill(ctx.Input, s.Words.Select(w => w.Form).ToArray(), tags);
        model.Parse(ctx, heads, labels);
        var words = new ConlluWord[n];
        for (int i = 0; i < n; i++)
        {
            int h = heads[i + 1];
            string rel = h == 0 ? "root" : model.Relations[labels[i + 1]].ToUDName();
            words[i] = new ConlluWord(s.Words[i].Form, ((UniversalPos)tags[i]).ToUDName(), h, rel);
        }
        return s with { Words = words };
    }

    /// <summary>
    /// Tags (embedded tagger) and parses gold-tokenised sentences on one thread, writes them as CoNLL-U, scores the file
    /// against the gold one; also returns the wall and CPU seconds of tagging and parsing.
    /// </summary>
    public static (ParserScores Scores, double WallSeconds, double CpuSeconds) Evaluate(NeuralParserModel model, IReadOnlyList<ConlluSentence> gold, string predictedPath, string goldPath)
    {
        var tagger = DependencyParser.Default.Model;
        var state = new ParseState();
        var ctx = new NeuralParseContext(model);
        var heads = new int[16];
        var labels = new int[16];
        var output = new ConlluSentence[gold.Count];
        // Warm-up on a few sentences, then time one pass over all.
        for (int i = 0; i < Math.Min(20, gold.Count); i++) ParseOne(model, ctx, gold[i], Tag(tagger, gold[i], state), ref heads, ref labels);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < gold.Count; i++) output[i] = ParseOne(model, ctx, gold[i], Tag(tagger, gold[i], state), ref heads, ref labels);
        double wallSeconds = wall.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        using (var w = new StreamWriter(predictedPath, false, new System.Text.UTF8Encoding(false)))
        {
            foreach (var s in output) Conllu.Write(w, s.Id, s.Text, s.Words);
        }
        return (ParserScores.ScoreFiles(goldPath, predictedPath), wallSeconds, cpuSeconds);
    }
}
