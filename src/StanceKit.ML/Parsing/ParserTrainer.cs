using System.Diagnostics;
using StanceKit.Parsing;
using StanceKit.Text;

namespace StanceKit.ML.Parsing;

/// <summary>Settings of <see cref="ParserTrainer"/>.</summary>
internal sealed record ParserTrainingOptions
{
    public int TagEpochs { get; init; } = 10;
    public int ParseEpochs { get; init; } = 10;
    /// <summary>Folds for jackknifing the training tags (the parser learns from predicted tags).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Jackknife folds are contiguous blocks of the training file (whole documents) rather than every k-th sentence.</summary>
    public bool ContiguousFolds { get; init; }
    /// <summary>Train the parser on the gold tags instead of jackknifed ones (an experiment).</summary>
    public bool GoldTrainTags { get; init; }
    /// <summary>Beam width of global training and decoding (early update, static oracle); 0 or 1 trains the greedy parser.</summary>
    public int BeamWidth { get; init; }
    public int Seed { get; init; } = 1;
    public int TagBits { get; init; } = 17;
    /// <summary>Stop after the tagger (quick tagger experiments).</summary>
    public bool TagOnly { get; init; }
    public int MoveBits { get; init; } = 19;
    public int LabelBits { get; init; } = 14;
    /// <summary>Probability of following the model's own (wrong) move after the first epoch (dynamic-oracle exploration).</summary>
    public double Explore { get; init; } = 0.9;
    /// <summary>Rows whose largest weight is smaller in magnitude are not written.</summary>
    public float MinWeight { get; init; } = 0f;
    /// <summary>Print diagnostics of the chosen model on dev (gold-tag scores, errors by relation and arc length, non-projective training trees).</summary>
    public bool Diagnose { get; init; }
    /// <summary>How non-projective training trees reach the (projective) arc-hybrid oracle.</summary>
    public NonProjectiveHandling NonProjective { get; init; } = NonProjectiveHandling.Keep;
    /// <summary>Also score the test split (once, for the final model; choices are made on dev).</summary>
    public bool ScoreTest { get; init; }
    /// <summary>Which features use the word clusters (<see cref="WordClusters.Default"/>; anything but None writes model feature version 4).</summary>
    public ClusterUse Clusters { get; init; }
    /// <summary>The relation classifier uses the richer arc features (model feature version 5, or 6 with clusters).</summary>
    public bool RichLabels { get; init; }
    /// <summary>While training, a correctly attached word keeps its gold relation in the state (the move features then see gold relations) rather than the predicted one (an experiment).</summary>
    public bool GoldArcLabels { get; init; }
    /// <summary>The tagger reads ambiguity classes from a tag lexicon built from its training text (model format 4).</summary>
    public bool TagLexicon { get; init; }
    /// <summary>The move and relation features read the tagger's second-best tag and margin (model format 4).</summary>
    public bool SecondTags { get; init; }

    /// <summary>These options with the cluster features named by <paramref name="use"/> (tagger, parser, both, none); null for another name.</summary>
    public ParserTrainingOptions? WithClusters(string use) => use switch
    {
        "tagger" => this with { Clusters = ClusterUse.Tagger },
        "parser" => this with { Clusters = ClusterUse.Parser },
        "both" => this with { Clusters = ClusterUse.Both },
        "none" => this with { Clusters = ClusterUse.None },
        _ => null,
    };
}

/// <summary>What the parser trainer does with a training tree the arc-hybrid system cannot build.</summary>
internal enum NonProjectiveHandling
{
    /// <summary>Train on it as it is (the oracle's costs are then not exact).</summary>
    Keep,
    /// <summary>Leave it out of parser training.</summary>
    Skip,
    /// <summary>Reattach the dependent of the shortest crossing arc to its head's head until the tree is projective.</summary>
    Lift,
}

/// <summary>What a training run produced.</summary>
internal sealed record ParserTrainingReport(string ModelPath, ParserScores Dev, ParserScores? Test, int BestEpoch, TimeSpan Elapsed, long ModelBytes);

/// <summary>
/// Trains the tagger (averaged perceptron, greedy) and the arc-hybrid parser (averaged perceptron with the
/// dynamic oracle of Goldberg and Nivre, exploring its own errors) on CoNLL-U treebanks. Deterministic: a fixed
/// seed drives every shuffle and exploration draw, so the same data gives the same model bytes.
/// </summary>
internal static class ParserTrainer
{
    /// <summary>An averaged-perceptron table: current weights plus the running sum needed for the average.</summary>
    private sealed class AveragedTable(int bits, int stride)
    {
        public readonly WeightTable Current = new(bits, stride);
        private readonly double[] _sum = new double[(1 << bits) * stride];
        public long Clock = 1;

        public void Update(ReadOnlySpan<ulong> features, int cls, float delta)
        {
            var w = Current.Weights;
            foreach (ulong f in features)
            {
                int i = Current.RowOf(f) + cls;
                w[i] += delta;
                _sum[i] += Clock * (double)delta;
            }
        }

        /// <summary>The averaged weights (w − Σ c·Δ / c).</summary>
        public WeightTable Average()
        {
            var w = Current.Weights;
            var avg = new float[w.Length];
            for (int i = 0; i < w.Length; i++) avg[i] = (float)(w[i] - _sum[i] / Clock);
            return new WeightTable(Current.Bits, Current.Stride, avg);
        }
    }

    private sealed class Sample
    {
        public required string Text;
        public required WordSpan[] Spans;
        public required int[] GoldTags;   // per word 0..n-1
        public required int[] GoldHeads;  // per word, 1-based heads (0 = root)
        public required int[] GoldLabels; // label index
        public int[] Tags = [];           // predicted (jackknifed) tags used to train the parser
        public int[] Tags2 = [];          // the tagger's second-best tags and margin buckets with them
        public int[] Margins = [];
        public bool SecondTags;           // the parser reads Tags2 and Margins
        public int[]? ParseHeads;         // the heads the parser is trained on (projective; null: not trained on)
        public WordClusters? Clusters;    // the clusters of the cluster features, or null
        public ClusterUse ClusterUse;
        public bool RichLabels;           // the relation classifier's richer arc features
    }

    public static ParserTrainingReport Train(string udDirectory, string outDirectory, ParserTrainingOptions options, TextWriter log, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        string trainPath = Path.Combine(udDirectory, "en_ewt-ud-train.conllu");
        string devPath = Path.Combine(udDirectory, "en_ewt-ud-dev.conllu");
        string testPath = Path.Combine(udDirectory, "en_ewt-ud-test.conllu");
        var trainSet = Conllu.Read(trainPath);
        var devSet = Conllu.Read(devPath);
        var testSet = Conllu.Read(testPath);
        var relations = RelationsOf(trainSet);
        var train = trainSet.Select(s => ToSample(s, relations)).ToArray();
        var dev = devSet.Select(s => ToSample(s, relations)).ToArray();
        var clusters = options.Clusters != ClusterUse.None ? WordClusters.Default : null;
        var clusterUse = options.Clusters;
        foreach (var s in train) (s.Clusters, s.ClusterUse, s.RichLabels, s.SecondTags) = (clusters, clusterUse, options.RichLabels, options.SecondTags);
        foreach (var s in dev) (s.Clusters, s.ClusterUse, s.RichLabels, s.SecondTags) = (clusters, clusterUse, options.RichLabels, options.SecondTags);
        if (options.TagLexicon) log.WriteLine("tagger: ambiguity classes from a tag lexicon");
        if (options.SecondTags) log.WriteLine("parser: second-best tag features");
        if (options.RichLabels) log.WriteLine("relation classifier: rich arc features");
        if (clusters is not null) log.WriteLine($"word clusters ({clusterUse}): {clusters.Count} words, {clusters.FineCount} fine / {clusters.CoarseCount} coarse (fingerprint {clusters.Fingerprint:x16})");
        log.WriteLine($"train {train.Length} sentences, dev {dev.Length}, test {testSet.Count}; {relations.Length} relations");

        // Jackknifed tags: each fold is tagged by a tagger that never saw it.
        var rng = new Random(options.Seed);
        int folds = Math.Max(2, options.Folds);
        // A tagger-only run scores the final tagger on dev and needs no jackknifed tags.
        for (int k = 0; k < folds && !options.TagOnly; k++)
        {
            ct.ThrowIfCancellationRequested();
            // Contiguous blocks: the training file is its documents one after another, so a block holds whole
            // documents and its tags are as wrong as on unseen text (interleaved folds share documents).
            int lo = options.ContiguousFolds ? (int)((long)train.Length * k / folds) : 0;
            int hi = options.ContiguousFolds ? (int)((long)train.Length * (k + 1) / folds) : 0;
            bool Held(int i) => options.ContiguousFolds ? i >= lo && i < hi : i % folds == k;
            var inFold = train.Where((_, i) => !Held(i)).ToArray();
            var (tagger, foldLexicon) = TrainTagger(inFold, options, new Random(options.Seed * 7919 + k));
            int correct = 0, total = 0;
            for (int i = 0; i < train.Length; i++)
            {
                if (!Held(i)) continue;
                TagWith(tagger, foldLexicon, train[i]);
                for (int j = 0; j < train[i].Tags.Length; j++) { total++; if (train[i].Tags[j] == train[i].GoldTags[j]) correct++; }
            }
            log.WriteLine($"jackknife fold {k + 1}/{folds}: UPOS {(double)correct / total:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        if (options.GoldTrainTags) foreach (var t in train) (t.Tags, t.Tags2, t.Margins) = (t.GoldTags, new int[t.GoldTags.Length], new int[t.GoldTags.Length]);
        var (finalTagger, lexicon) = TrainTagger(train, options, new Random(options.Seed));
        foreach (var d in dev) TagWith(finalTagger, lexicon, d);
        log.WriteLine($"tagger: dev UPOS {TagAccuracy(dev):F4} ({clock.Elapsed.TotalSeconds:F0} s)");
        if (options.TagOnly) return new ParserTrainingReport("", default!, null, 0, clock.Elapsed, 0);

        int nonProjective = 0;
        foreach (var t in train)
        {
            if (!IsNonProjective(t.GoldHeads)) continue;
            nonProjective++;
            if (options.NonProjective == NonProjectiveHandling.Lift) t.ParseHeads = Projectivise(t.GoldHeads);
            else if (options.NonProjective == NonProjectiveHandling.Skip) t.ParseHeads = null;
        }
        log.WriteLine($"non-projective training trees: {nonProjective} ({options.NonProjective})");

        var moves = new AveragedTable(options.MoveBits, ParseState.MoveCount);
        var labels = new AveragedTable(options.LabelBits, relations.Length);
        int rootLabel = Array.IndexOf(relations, DependencyRelation.Root);
        var state = new ParseState();
        var order = Enumerable.Range(0, train.Length).ToArray();
        var beam = options.BeamWidth > 1 ? new BeamSearch(options.BeamWidth) : null;
        double bestLas = -1;
        int bestEpoch = 0;
        ParserModel? best = null;
        for (int epoch = 1; epoch <= options.ParseEpochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            rng.Shuffle(order);
            if (beam is null)
            {
                foreach (int i in order) if (train[i].ParseHeads is not null) TrainParse(state, train[i], moves, labels, rootLabel, epoch > 1 ? options.Explore : 0, rng, options.GoldArcLabels);
            }
            else
            {
                var current = new ParserModel(finalTagger, moves.Current, labels.Current, relations, clusters: clusters, clusterUse: clusterUse, richLabels: options.RichLabels, lexicon: lexicon, secondTags: options.SecondTags);
                foreach (int i in order) if (train[i].ParseHeads is { } ph && !IsNonProjective(ph)) TrainBeam(beam, current, state, train[i], moves, labels, rootLabel);
            }
            var model = new ParserModel(finalTagger, moves.Average(), labels.Average(), relations, Math.Max(1, options.BeamWidth), clusters, clusterUse, options.RichLabels, lexicon, options.SecondTags);
            var (uas, las) = QuickScore(model, dev, state, beam);
            log.WriteLine($"epoch {epoch}: dev UAS {uas:F4} LAS {las:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
            if (las > bestLas) { bestLas = las; bestEpoch = epoch; best = model; }
        }

        if (options.Diagnose) Diagnose(best!, train, dev, relations, state, log);

        Directory.CreateDirectory(outDirectory);
        string modelPath = Path.Combine(outDirectory, "parser.bin");
        using (var ms = new MemoryStream())
        {
            best!.Save(ms, options.MinWeight);
            StanceKit.Internal.AtomicFile.WriteAllBytes(modelPath, ms.ToArray());
        }
        // Score what was written (the half-float, pruned model), through the CoNLL-U files and the scorer.
        var saved = DependencyParser.Load(modelPath).Model;
        var devScores = Evaluate(saved, devSet, Path.Combine(outDirectory, "dev.pred.conllu"), devPath);
        log.WriteLine($"dev:  {devScores}");
        ParserScores? testScores = null;
        if (options.ScoreTest)
        {
            testScores = Evaluate(saved, testSet, Path.Combine(outDirectory, "test.pred.conllu"), testPath);
            log.WriteLine($"test: {testScores}");
        }
        return new ParserTrainingReport(modelPath, devScores, testScores, bestEpoch, clock.Elapsed, new FileInfo(modelPath).Length);
    }

    /// <summary>
    /// The training sentences' predicted tags as the parser trainer makes them (jackknifed: each of
    /// <see cref="ParserTrainingOptions.Folds"/> folds is tagged by a tagger trained on the other folds), for other
    /// parsers trained on predicted tags (the neural parser).
    /// </summary>
    internal static int[][] JackknifedTags(List<ConlluSentence> trainSet, ParserTrainingOptions options, TextWriter log, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var relations = RelationsOf(trainSet);
        var train = trainSet.Select(s => ToSample(s, relations)).ToArray();
        int folds = Math.Max(2, options.Folds);
        for (int k = 0; k < folds; k++)
        {
            ct.ThrowIfCancellationRequested();
            var inFold = train.Where((_, i) => i % folds != k).ToArray();
            var (tagger, foldLexicon) = TrainTagger(inFold, options, new Random(options.Seed * 7919 + k));
            int correct = 0, total = 0;
            for (int i = k; i < train.Length; i += folds)
            {
                TagWith(tagger, foldLexicon, train[i]);
                for (int j = 0; j < train[i].Tags.Length; j++) { total++; if (train[i].Tags[j] == train[i].GoldTags[j]) correct++; }
            }
            log.WriteLine($"jackknife fold {k + 1}/{folds}: UPOS {(double)correct / total:F4} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        return train.Select(t => t.Tags).ToArray();
    }

    /// <summary>
    /// Scores a parser on gold-tokenised sentences (see the overload): a parser loaded from a neural model file is scored
    /// with its network (<see cref="NeuralParserTrainer.Evaluate"/>), not with the perceptron it tags with.
    /// </summary>
    public static ParserScores Evaluate(DependencyParser parser, IReadOnlyList<ConlluSentence> gold, string predictedPath, string goldPath) =>
        parser.Neural is { } neural
            ? NeuralParserTrainer.Evaluate(neural, gold, predictedPath, goldPath).Scores
            : Evaluate(parser.Model, gold, predictedPath, goldPath);

    /// <summary>Tags and parses gold-tokenised sentences, writes them as CoNLL-U and scores the file against the gold one.</summary>
    public static ParserScores Evaluate(ParserModel model, IReadOnlyList<ConlluSentence> gold, string predictedPath, string goldPath)
    {
        var state = new ParseState();
        var beam = model.BeamWidth > 1 ? new BeamSearch(model.BeamWidth) : null;
        using (var w = new StreamWriter(predictedPath, false, new System.Text.UTF8Encoding(false)))
        {
            foreach (var s in gold)
            {
                var (text, spans) = s.Layout();
                var words = Predict(model, state, text, spans, s.Words, beam);
                Conllu.Write(w, s.Id, s.Text, words);
            }
        }
        return ParserScores.ScoreFiles(goldPath, predictedPath);
    }

    /// <summary>Tags and parses words given by their spans (pieces of <see cref="DependencyParser.MaxSentenceWords"/>, as the API does).</summary>
    internal static ConlluWord[] Predict(ParserModel model, ParseState state, string text, WordSpan[] spans, ConlluWord[] forms, BeamSearch? beam = null)
    {
        var result = new ConlluWord[spans.Length];
        int firstRoot = -1;
        for (int start = 0; start < spans.Length; start += DependencyParser.MaxSentenceWords)
        {
            int len = Math.Min(DependencyParser.MaxSentenceWords, spans.Length - start);
            state.SetWords(text, spans.AsSpan(start, len), model.Clusters, model.ClusterUse);
            model.Tag(state);
            model.Parse(state, beam);
            for (int i = 1; i <= len; i++)
            {
                int h = state.Head[i];
                int head;
                string rel;
                if (h > 0) { head = start + h; rel = model.Relations[state.Label[i]].ToUDName(); }
                else if (firstRoot < 0) { firstRoot = start + i; head = 0; rel = "root"; }
                else { head = firstRoot; rel = "dep"; }
                result[start + i - 1] = new ConlluWord(forms[start + i - 1].Form, ((UniversalPos)state.Tag[i]).ToUDName(), head, rel);
            }
        }
        return result;
    }

    internal static DependencyRelation[] RelationsOf(List<ConlluSentence> sentences)
    {
        var set = new SortedSet<DependencyRelation> { DependencyRelation.Root, DependencyRelation.Dep };
        foreach (var s in sentences) foreach (var w in s.Words) set.Add(MapRelation(w.Relation));
        return set.ToArray();
    }

    internal static DependencyRelation MapRelation(string name)
    {
        if (DependencyRelationNames.TryParse(name, out var r)) return r;
        int colon = name.IndexOf(':');
        if (colon > 0 && DependencyRelationNames.TryParse(name.AsSpan(0, colon), out r)) return r;
        return DependencyRelation.Dep;
    }

    private static Sample ToSample(ConlluSentence s, DependencyRelation[] relations)
    {
        var (text, spans) = s.Layout();
        int n = s.Words.Length;
        var tags = new int[n];
        var heads = new int[n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            tags[i] = UniversalPosNames.TryParse(s.Words[i].Upos, out var p) ? (int)p : (int)UniversalPos.X;
            heads[i] = s.Words[i].Head;
            labels[i] = Array.IndexOf(relations, MapRelation(s.Words[i].Relation));
            if (labels[i] < 0) labels[i] = Array.IndexOf(relations, DependencyRelation.Dep);
        }
        return new Sample { Text = text, Spans = spans, GoldTags = tags, GoldHeads = heads, GoldLabels = labels, ParseHeads = heads };
    }

    // ------------------------------------------------------------------ tagger

    private static (WeightTable Tags, TagLexicon? Lexicon) TrainTagger(Sample[] samples, ParserTrainingOptions options, Random rng)
    {
        var table = new AveragedTable(options.TagBits, UniversalPosNames.Count);
        var state = new ParseState();
        var order = Enumerable.Range(0, samples.Length).ToArray();
        TagLexicon? lexicon = null;
        ulong[][]? amb = null;
        if (options.TagLexicon) (lexicon, amb) = BuildLexicon(samples, state);
        Span<ulong> f = stackalloc ulong[ParseState.MaxTagFeatures];
        Span<float> scores = stackalloc float[UniversalPosNames.Count];
        for (int epoch = 0; epoch < options.TagEpochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (int si in order)
            {
                var s = samples[si];
                state.SetWords(s.Text, s.Spans, s.Clusters, s.ClusterUse);
                state.LexiconTags = amb is not null;
                if (amb is not null) amb[si].AsSpan().CopyTo(state.Amb.AsSpan(1));
                for (int i = 1; i <= state.N; i++)
                {
                    int nf = state.TagFeatures(i, f);
                    table.Current.Score(f[..nf], scores);
                    int guess = ArgMax(scores);
                    int gold = s.GoldTags[i - 1];
                    if (guess != gold)
                    {
                        table.Update(f[..nf], gold, 1f);
                        table.Update(f[..nf], guess, -1f);
                    }
                    table.Clock++;
                    state.Tag[i] = guess;
                }
            }
        }
        return (table.Average(), lexicon);
    }

    /// <summary>
    /// The tag lexicon of <paramref name="samples"/> and, for training the tagger on them, each word's class
    /// without its own sentence's occurrences (leave one sentence out): a word seen only in that sentence is then
    /// unknown, as a word of new text is, and a class never gives away the gold tag it was built from.
    /// </summary>
    private static (TagLexicon Lexicon, ulong[][] Classes) BuildLexicon(Sample[] samples, ParseState state)
    {
        int tagCount = UniversalPosNames.Count;
        var counts = new Dictionary<ulong, int[]>();
        var words = new ulong[samples.Length][];
        for (int si = 0; si < samples.Length; si++)
        {
            var s = samples[si];
            state.SetWords(s.Text, s.Spans, null, ClusterUse.None);
            words[si] = state.Lower.AsSpan(1, state.N).ToArray();
            for (int i = 0; i < words[si].Length; i++)
            {
                if (!counts.TryGetValue(words[si][i], out var c)) counts[words[si][i]] = c = new int[tagCount];
                c[s.GoldTags[i]]++;
            }
        }
        var lexicon = new Dictionary<ulong, uint>(counts.Count);
        foreach (var (word, c) in counts) lexicon[word] = TagLexicon.ClassOf(c);
        var classes = new ulong[samples.Length][];
        var own = new int[tagCount];
        for (int si = 0; si < samples.Length; si++)
        {
            var w = words[si];
            classes[si] = new ulong[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                var c = counts[w[i]];
                for (int t = 0; t < tagCount; t++) own[t] = c[t];
                for (int j = 0; j < w.Length; j++) if (w[j] == w[i]) own[samples[si].GoldTags[j]]--;
                classes[si][i] = TagLexicon.ClassOf(own);
            }
        }
        return (new TagLexicon(lexicon), classes);
    }

    /// <summary>Tags <paramref name="s"/> with a trained tagger: its tags, second-best tags and margins.</summary>
    private static void TagWith(WeightTable tagger, TagLexicon? lexicon, Sample s)
    {
        var model = new ParserModel(tagger, new WeightTable(8, ParseState.MoveCount), new WeightTable(8, 2), [DependencyRelation.Dep, DependencyRelation.Root], clusters: s.Clusters, clusterUse: s.ClusterUse == ClusterUse.None ? ClusterUse.Both : s.ClusterUse, lexicon: lexicon, secondTags: s.SecondTags);
        var state = new ParseState();
        state.SetWords(s.Text, s.Spans, s.Clusters, s.ClusterUse);
        model.Tag(state);
        s.Tags = state.Tag.AsSpan(1, state.N).ToArray();
        s.Tags2 = state.Tag2.AsSpan(1, state.N).ToArray();
        s.Margins = state.Margin.AsSpan(1, state.N).ToArray();
    }

    private static double TagAccuracy(Sample[] samples)
    {
        int c = 0, t = 0;
        foreach (var s in samples) for (int i = 0; i < s.Tags.Length; i++) { t++; if (s.Tags[i] == s.GoldTags[i]) c++; }
        return (double)c / t;
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return best;
    }

    // ------------------------------------------------------------------ parser

    private static void LoadSample(ParseState state, Sample s)
    {
        state.SetWords(s.Text, s.Spans, s.Clusters, s.ClusterUse);
        for (int i = 1; i <= state.N; i++) state.Tag[i] = s.Tags[i - 1];
        if (s.SecondTags)
            for (int i = 1; i <= state.N; i++) { state.Tag2[i] = s.Tags2[i - 1]; state.Margin[i] = s.Margins[i - 1]; }
        state.RichLabels = s.RichLabels;
        state.SecondTags = s.SecondTags;
    }

    private static void TrainParse(ParseState state, Sample s, AveragedTable moves, AveragedTable labels, int rootLabel, double explore, Random rng, bool goldArcLabels = false)
    {
        LoadSample(state, s);
        state.StartParse();
        var gold = s.ParseHeads!; // gold[i - 1] is the head of word i
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<ulong> lf = stackalloc ulong[ParseState.MaxLabelFeatures];
        Span<float> scores = stackalloc float[ParseState.MoveCount];
        Span<float> labelScores = stackalloc float[64];
        Span<int> cost = stackalloc int[ParseState.MoveCount];
        int relationCount = labels.Current.Stride;
        while (!state.Terminal)
        {
            int nf = state.MoveFeatures(f);
            moves.Current.Score(f[..nf], scores);
            int minCost = int.MaxValue;
            for (int m = 0; m < ParseState.MoveCount; m++)
            {
                cost[m] = state.IsLegal(m) ? Cost(state, gold, m) : int.MaxValue;
                if (cost[m] < minCost) minCost = cost[m];
            }
            int pred = -1, best = -1;
            for (int m = 0; m < ParseState.MoveCount; m++)
            {
                if (cost[m] == int.MaxValue) continue;
                if (pred < 0 || scores[m] > scores[pred]) pred = m;
                if (cost[m] == minCost && (best < 0 || scores[m] > scores[best])) best = m;
            }
            if (cost[pred] > minCost)
            {
                moves.Update(f[..nf], best, 1f);
                moves.Update(f[..nf], pred, -1f);
            }
            moves.Clock++;
            int move = cost[pred] == minCost || (explore > 0 && rng.NextDouble() < explore) ? pred : best;

            int label = 0;
            if (move != ParseState.Shift)
            {
                var (h, d) = state.ArcOf(move);
                if (h == 0) label = rootLabel;
                else
                {
                    int lnf = state.LabelFeatures(h, d, lf);
                    labels.Current.Score(lf[..lnf], labelScores);
                    int guess = -1;
                    for (int l = 0; l < relationCount; l++)
                    {
                        if (l == rootLabel) continue;
                        if (guess < 0 || labelScores[l] > labelScores[guess]) guess = l;
                    }
                    label = guess;
                    if (gold[d - 1] == h)
                    {
                        int g = s.GoldLabels[d - 1];
                        if (g != guess && g != rootLabel)
                        {
                            labels.Update(lf[..lnf], g, 1f);
                            labels.Update(lf[..lnf], guess, -1f);
                        }
                        labels.Clock++;
                        if ((explore == 0 || goldArcLabels) && g != rootLabel) label = g;
                    }
                }
            }
            state.Apply(move, label);
        }
    }

    /// <summary>The static arc-hybrid oracle's moves for a projective tree (reduce a word once all its dependents are attached).</summary>
    private static int[] GoldMoves(ParseState st, int[] gold)
    {
        int n = st.N;
        var children = new int[n + 1];
        for (int d = 1; d <= n; d++) children[gold[d - 1]]++;
        st.StartParse();
        var moves = new int[2 * n];
        int k = 0;
        while (!st.Terminal)
        {
            int move = ParseState.Shift;
            if (st.Sp >= 2)
            {
                int s0 = st.Stack[st.Sp - 1], s1 = st.Stack[st.Sp - 2];
                bool done = st.NL[s0] + st.NR[s0] == children[s0];
                if (done && st.B <= n && gold[s0 - 1] == st.B) move = ParseState.Left;
                else if (done && gold[s0 - 1] == s1 && st.IsLegal(ParseState.Right)) move = ParseState.Right;
            }
            if (!st.IsLegal(move)) throw new InvalidOperationException("The static oracle met a tree it cannot build.");
            moves[k++] = move;
            st.Apply(move, 0);
        }
        return moves;
    }

    /// <summary>One sentence of global training: early update when the gold sequence leaves the beam, or at the end when it is not the best.</summary>
    private static void TrainBeam(BeamSearch beam, ParserModel current, ParseState state, Sample s, AveragedTable moves, AveragedTable labels, int rootLabel)
    {
        LoadSample(state, s);
        var gold = GoldMoves(state, s.ParseHeads!);
        LoadSample(state, s);
        int steps = beam.Run(current, state, gold);
        if (beam.FellOutAt >= 0 || !beam.BestIsGold)
        {
            var predicted = beam.BestMoves(steps).ToArray();
            Replay(current, state, s, predicted, moves, null, -1f, rootLabel);
            Replay(current, state, s, gold.AsSpan(0, steps), moves, labels, 1f, rootLabel);
        }
        else
        {
            Replay(current, state, s, gold, null, labels, 0f, rootLabel);
        }
        moves.Clock++;
    }

    /// <summary>Follows a move sequence, adding <paramref name="delta"/> to its move features and (with <paramref name="labels"/>) training the relation of every gold arc on the way.</summary>
    private static void Replay(ParserModel current, ParseState state, Sample s, ReadOnlySpan<int> sequence, AveragedTable? moves, AveragedTable? labels, float delta, int rootLabel)
    {
        LoadSample(state, s);
        state.StartParse();
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<ulong> lf = stackalloc ulong[ParseState.MaxLabelFeatures];
        Span<float> labelScores = stackalloc float[64];
        var gold = s.ParseHeads!;
        foreach (int move in sequence)
        {
            if (moves is not null && state.Sp > 1 && state.B <= state.N)
            {
                int nf = state.MoveFeatures(f);
                moves.Update(f[..nf], move, delta);
            }
            int label = 0;
            if (move != ParseState.Shift)
            {
                var (h, d) = state.ArcOf(move);
                label = current.BestLabel(state, move, f, labelScores);
                if (labels is not null && h != 0 && gold[d - 1] == h)
                {
                    int lnf = state.LabelFeatures(h, d, lf);
                    labels.Current.Score(lf[..lnf], labelScores);
                    int guess = -1;
                    for (int l = 0; l < labels.Current.Stride; l++)
                    {
                        if (l == rootLabel) continue;
                        if (guess < 0 || labelScores[l] > labelScores[guess]) guess = l;
                    }
                    int g = s.GoldLabels[d - 1];
                    if (g != guess && g != rootLabel)
                    {
                        labels.Update(lf[..lnf], g, 1f);
                        labels.Update(lf[..lnf], guess, -1f);
                    }
                    labels.Clock++;
                }
            }
            state.Apply(move, label);
        }
    }

    /// <summary>Gold arcs a move makes unreachable (arc-hybrid, Goldberg and Nivre 2013).</summary>
    private static int Cost(ParseState st, int[] gold, int move)
    {
        int n = st.N;
        int b = st.B;
        int s0 = st.Stack[st.Sp - 1];
        int c = 0;
        switch (move)
        {
            case ParseState.Shift:
            {
                int gb = gold[b - 1];
                for (int k = 0; k < st.Sp; k++)
                {
                    int item = st.Stack[k];
                    if (item != s0 && gb == item) c++;
                    if (item > 0 && gold[item - 1] == b) c++;
                }
                return c;
            }
            case ParseState.Left:
            {
                int s1 = st.Sp >= 2 ? st.Stack[st.Sp - 2] : -1;
                int g = gold[s0 - 1];
                if (g != b && (g == s1 || g > b)) c++;
                for (int k = b; k <= n; k++) if (gold[k - 1] == s0) c++;
                return c;
            }
            default:
            {
                int s1 = st.Stack[st.Sp - 2];
                int g = gold[s0 - 1];
                if (g != s1 && g >= b && b <= n) c++;
                for (int k = b; k <= n; k++) if (gold[k - 1] == s0) c++;
                return c;
            }
        }
    }

    /// <summary>True when two arcs of the tree cross (the arc-hybrid system cannot build it).</summary>
    internal static bool IsNonProjective(int[] heads)
    {
        int n = heads.Length;
        for (int d = 1; d <= n; d++)
        {
            int h = heads[d - 1];
            int lo = Math.Min(h, d), hi = Math.Max(h, d);
            for (int k = lo + 1; k < hi; k++)
            {
                int hk = heads[k - 1];
                if (hk < lo || hk > hi) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A projective tree close to <paramref name="heads"/>: while some arc h → d spans a word that h does not
    /// dominate, the shortest such arc is lifted (d is attached to h's head). Relations are kept.
    /// </summary>
    internal static int[] Projectivise(int[] heads)
    {
        var h = (int[])heads.Clone();
        int n = h.Length;
        for (int round = 0; round < 4 * n; round++)
        {
            int bestD = -1, bestLen = int.MaxValue;
            for (int d = 1; d <= n; d++)
            {
                int hd = h[d - 1];
                if (hd == 0) continue;
                int lo = Math.Min(hd, d), hi = Math.Max(hd, d);
                if (hi - lo >= bestLen) continue;
                for (int k = lo + 1; k < hi; k++)
                {
                    if (!Dominates(h, hd, k)) { bestD = d; bestLen = hi - lo; break; }
                }
            }
            if (bestD < 0) return h;
            h[bestD - 1] = h[h[bestD - 1] - 1];
        }
        return h;
    }

    private static bool Dominates(int[] heads, int ancestor, int k)
    {
        for (int steps = 0; k != 0 && steps <= heads.Length; steps++)
        {
            k = heads[k - 1];
            if (k == ancestor) return true;
        }
        return false;
    }

    private static void Diagnose(ParserModel model, Sample[] train, Sample[] dev, DependencyRelation[] relations, ParseState state, TextWriter log)
    {
        int nonProj = train.Count(s => IsNonProjective(s.GoldHeads));
        log.WriteLine($"diagnose: non-projective training trees {nonProj} of {train.Length}");
        var predicted = dev.Select(s => s.Tags).ToArray();
        foreach (var s in dev) s.Tags = s.GoldTags;
        var (gu, gl) = QuickScore(model, dev, state);
        log.WriteLine($"diagnose: dev with gold tags UAS {gu:F4} LAS(sub) {gl:F4}");
        for (int i = 0; i < dev.Length; i++) dev[i].Tags = predicted[i];
        var (pu, pl) = QuickScore(model, dev, state);
        log.WriteLine($"diagnose: dev with predicted tags UAS {pu:F4} LAS(sub) {pl:F4}");
        var byRel = new int[relations.Length, 3];
        var byLen = new int[6, 3];
        string[] lenNames = ["root", "1", "2", "3-4", "5-8", "9+"];
        // Relation errors among correctly attached words, by universal relation (what LAS counts: UAS − LAS).
        var confused = new Dictionary<(string Gold, string Predicted), int>();
        int labelErrors = 0;
        static string Universal(DependencyRelation r) { string name = r.ToUDName(); int colon = name.IndexOf(':'); return colon < 0 ? name : name[..colon]; }
        foreach (var s in dev)
        {
            LoadSample(state, s);
            model.Parse(state);
            for (int i = 1; i <= state.N; i++)
            {
                int g = s.GoldHeads[i - 1], gl2 = s.GoldLabels[i - 1];
                int len = g == 0 ? 0 : Math.Abs(g - i) switch { 1 => 1, 2 => 2, <= 4 => 3, <= 8 => 4, _ => 5 };
                bool u = state.Head[i] == g, l = u && state.Label[i] == gl2;
                if (u && g != 0)
                {
                    string goldRel = Universal(relations[gl2]), predictedRel = Universal(relations[state.Label[i]]);
                    if (goldRel != predictedRel)
                    {
                        confused[(goldRel, predictedRel)] = confused.GetValueOrDefault((goldRel, predictedRel)) + 1;
                        labelErrors++;
                    }
                }
                byRel[gl2, 0]++; if (u) byRel[gl2, 1]++; if (l) byRel[gl2, 2]++;
                byLen[len, 0]++; if (u) byLen[len, 1]++; if (l) byLen[len, 2]++;
            }
        }
        for (int k = 0; k < 6; k++)
            log.WriteLine($"diagnose: length {lenNames[k],-4} {byLen[k, 0],6} words  UAS {(double)byLen[k, 1] / byLen[k, 0]:F3}  LAS {(double)byLen[k, 2] / byLen[k, 0]:F3}");
        log.WriteLine($"diagnose: correctly attached words with a wrong universal relation: {labelErrors} (top confusions, gold -> predicted)");
        foreach (var ((goldRel, predictedRel), count) in confused.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Gold, StringComparer.Ordinal).ThenBy(kv => kv.Key.Predicted, StringComparer.Ordinal).Take(25))
            log.WriteLine($"diagnose: {goldRel,-11} -> {predictedRel,-11} {count,5}");
        foreach (int r in Enumerable.Range(0, relations.Length).OrderByDescending(r => byRel[r, 0] - byRel[r, 2]).Take(20))
            log.WriteLine($"diagnose: {relations[r].ToUDName(),-14} {byRel[r, 0],6} words  UAS {(double)byRel[r, 1] / Math.Max(1, byRel[r, 0]):F3}  LAS {(double)byRel[r, 2] / Math.Max(1, byRel[r, 0]):F3}  lost {byRel[r, 0] - byRel[r, 2]}");
    }

    private static (double Uas, double Las) QuickScore(ParserModel model, Sample[] samples, ParseState state, BeamSearch? beam = null)
    {
        int n = 0, u = 0, l = 0;
        foreach (var s in samples)
        {
            LoadSample(state, s);
            model.Parse(state, beam);
            for (int i = 1; i <= state.N; i++)
            {
                n++;
                if (state.Head[i] == s.GoldHeads[i - 1])
                {
                    u++;
                    if (state.Label[i] == s.GoldLabels[i - 1]) l++;
                }
            }
        }
        return ((double)u / n, (double)l / n);
    }
}
