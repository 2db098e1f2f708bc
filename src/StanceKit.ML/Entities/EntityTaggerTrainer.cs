using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit.ML;

/// <summary>Options of <see cref="EntityTaggerTrainer"/>.</summary>
public sealed record EntityTaggerTrainingOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>log2 of the number of feature buckets.</summary>
    public int Bits { get; init; } = 16;
    /// <summary>Seed of the (deterministic) shuffling.</summary>
    public int Seed { get; init; } = 17;
    /// <summary>Share of groups (sets / articles) held out for the development measurement; 0 disables it.</summary>
    public double DevFraction { get; init; } = 0.2;
    /// <summary>
    /// Leave out of training the examples that carry no gold entity although the gazetteer finds a country
    /// in them (lines whose entities were never annotated). Measurement always uses every held-out example.
    /// </summary>
    public bool SkipUnannotated { get; init; } = true;

    /// <summary>
    /// Annotated JSONL files never trained on (held-out checks such as a CoNLL-like set): the shipped model is measured on
    /// each, with the gazetteer and without its people, places and organisations, and the scores go into the card.
    /// </summary>
    public IReadOnlyList<string> CheckFiles { get; init; } = [];
}

/// <summary>What a training run produced and measured.</summary>
public sealed class EntityTaggerTrainingReport
{
    /// <summary>Creates an <see cref="EntityTaggerTrainingReport"/>.</summary>
    /// <param name="modelPath">The written model.</param>
    /// <param name="cardPath">The written model card.</param>
    /// <param name="dataHash">SHA-256 over the training files (sorted by name).</param>
    /// <param name="trainExamples">Examples in the training part of the split.</param>
    /// <param name="devExamples">Held-out examples.</param>
    /// <param name="rulesOnlyDev">Held-out strict scores of the rules without the tagger, or null without a dev part.</param>
    /// <param name="dev">Held-out strict scores of rules + tagger trained on the training part, or null without a dev part.</param>
    public EntityTaggerTrainingReport(string modelPath, string cardPath, string dataHash, int trainExamples, int devExamples, EntityEvaluation? rulesOnlyDev, EntityEvaluation? dev)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(cardPath);
        ArgumentNullException.ThrowIfNull(dataHash);
        ModelPath = modelPath;
        CardPath = cardPath;
        DataHash = dataHash;
        TrainExamples = trainExamples;
        DevExamples = devExamples;
        RulesOnlyDev = rulesOnlyDev;
        Dev = dev;
    }

    /// <summary>The written model.</summary>
    public string ModelPath { get; }

    /// <summary>The written model card.</summary>
    public string CardPath { get; }

    /// <summary>SHA-256 over the training files (sorted by name).</summary>
    public string DataHash { get; }

    /// <summary>Examples in the training part of the split.</summary>
    public int TrainExamples { get; }

    /// <summary>Held-out examples.</summary>
    public int DevExamples { get; }

    /// <summary>Held-out strict scores of the rules without the tagger, or null without a dev part.</summary>
    public EntityEvaluation? RulesOnlyDev { get; }

    /// <summary>Held-out strict scores of rules + tagger trained on the training part, or null without a dev part.</summary>
    public EntityEvaluation? Dev { get; }
}

/// <summary>
/// Trains the entity tagger from annotated JSONL (corpus markup or text + entities), deterministically:
/// fixed seed, fixed order, no parallelism. Measures on a held-out split by group (never by sentence),
/// then trains the shipped model on all examples and writes <c>entity-tagger.bin</c> and <c>card.md</c>.
/// </summary>
/// <remarks>
/// Training takes a <see cref="CancellationToken"/>, checked before every file, every example (evaluation and
/// feature extraction), every epoch and every chunk of a sentence the perceptron learns from. A cancelled run throws
/// <see cref="OperationCanceledException"/> and writes nothing: the model and card are computed in memory, the token
/// is checked a last time, then the model is written to a temporary file and renamed.
/// </remarks>
public static class EntityTaggerTrainer
{
    /// <summary>Trains from JSONL files and writes the model and its card into <paramref name="outputDirectory"/>.</summary>
    /// <param name="dataFiles">Annotated JSONL files.</param>
    /// <param name="outputDirectory">Where <c>entity-tagger.bin</c> and <c>card.md</c> are written.</param>
    /// <param name="options">Training options; the defaults when null.</param>
    /// <param name="log">Progress (one line per epoch) and the held-out measurement; none when null.</param>
    /// <param name="cancellationToken">Stops training within one sentence's work; a cancelled run writes nothing.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing was written.</exception>
    public static EntityTaggerTrainingReport Train(IEnumerable<string> dataFiles, string outputDirectory, EntityTaggerTrainingOptions? options = null, TextWriter? log = null,
        CancellationToken cancellationToken = default)
        => Train(dataFiles, outputDirectory, Gazetteer.Default, options, log, cancellationToken);

    /// <summary>Trains over a given gazetteer (the model is only valid with that gazetteer).</summary>
    /// <param name="dataFiles">Annotated JSONL files.</param>
    /// <param name="outputDirectory">Where <c>entity-tagger.bin</c> and <c>card.md</c> are written.</param>
    /// <param name="gazetteer">The gazetteer the rules and the tagger's features use.</param>
    /// <param name="options">Training options; the defaults when null.</param>
    /// <param name="log">Progress (one line per epoch) and the held-out measurement; none when null.</param>
    /// <param name="cancellationToken">Stops training within one sentence's work; a cancelled run writes nothing.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing was written.</exception>
    public static EntityTaggerTrainingReport Train(IEnumerable<string> dataFiles, string outputDirectory, Gazetteer gazetteer, EntityTaggerTrainingOptions? options = null, TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataFiles);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        ArgumentNullException.ThrowIfNull(gazetteer);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new EntityTaggerTrainingOptions();
        var files = dataFiles.Select(Path.GetFullPath).Distinct().OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ThenBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new ArgumentException("No training files.", nameof(dataFiles));
        var examples = new List<EntityExample>();
        foreach (var f in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            examples.AddRange(EntityCorpus.ReadJsonl(f));
        }
        string hash = DataHash(files, cancellationToken);
        log?.WriteLine($"read {examples.Count} examples from {files.Count} files (sha256 {hash[..16]})");

        var train = new List<EntityExample>();
        var dev = new List<EntityExample>();
        foreach (var ex in examples) (IsDev(ex, options.DevFraction) ? dev : train).Add(ex);

        EntityEvaluation? rulesDev = null, dev1 = null;
        if (dev.Count > 0 && train.Count > 0)
        {
            rulesDev = EntityEvaluation.Evaluate(new EntityExtractor(gazetteer), dev, cancellationToken);
            var splitModel = TrainModel(train, gazetteer, options, log, cancellationToken);
            dev1 = EntityEvaluation.Evaluate(new EntityExtractor(gazetteer, splitModel), dev, cancellationToken);
            log?.WriteLine($"held-out ({dev.Count} examples), rules only:");
            log?.Write(rulesDev.ToReport());
            log?.WriteLine("held-out, rules + tagger:");
            log?.Write(dev1.ToReport());
        }

        var model = TrainModel(examples, gazetteer, options, log, cancellationToken);
        byte[] modelBytes;
        using (var ms = new MemoryStream())
        {
            model.Save(ms);
            modelBytes = ms.ToArray();
        }
        var checks = new List<(string File, EntityEvaluation WithGazetteer, EntityEvaluation WithoutNames)>();
        if (options.CheckFiles.Count > 0)
        {
            // Gazetteer-free: the same weights over the countries and demonyms only (a name the tables do not know).
            var bare = Gazetteer.LoadEmbeddedWithoutNames();
            EntityTagger bareTagger;
            using (var ms = new MemoryStream(modelBytes)) bareTagger = EntityTagger.Load(ms, bare);
            foreach (var f in options.CheckFiles.OrderBy(f => f, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var set = EntityCorpus.ReadJsonl(f);
                var full = EntityEvaluation.Evaluate(new EntityExtractor(gazetteer, model), set, cancellationToken);
                var none = EntityEvaluation.Evaluate(new EntityExtractor(bare, bareTagger), set, cancellationToken);
                checks.Add((Path.GetFileName(f), full, none));
                log?.WriteLine($"check {Path.GetFileName(f)}, shipped model, with the gazetteer:");
                log?.Write(full.ToReport());
                log?.WriteLine(PerOrgLocLine(full));
                log?.WriteLine($"check {Path.GetFileName(f)}, shipped model, gazetteer-free (countries and demonyms only):");
                log?.Write(none.ToReport());
                log?.WriteLine(PerOrgLocLine(none));
            }
        }
        var card = Card(files, hash, examples.Count, train.Count, dev.Count, options, modelBytes.Length, rulesDev, dev1, checks);

        // The last check: from here on the model and its card are written whole (each through a temporary file).
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(outputDirectory);
        var modelPath = Path.Combine(outputDirectory, "entity-tagger.bin");
        AtomicFile.WriteAllBytes(modelPath, modelBytes);
        var cardPath = Path.Combine(outputDirectory, "card.md");
        AtomicFile.WriteAllText(cardPath, card);
        log?.WriteLine($"wrote {modelPath} ({modelBytes.Length} bytes) and {cardPath}");
        return new EntityTaggerTrainingReport(modelPath, cardPath, hash, train.Count, dev.Count, rulesDev, dev1);
    }

    /// <summary>Whether an example's group falls in the held-out part (stable hash of the group name).</summary>
    internal static bool IsDev(EntityExample example, double devFraction)
    {
        ArgumentNullException.ThrowIfNull(example);
        if (devFraction <= 0) return false;
        var g = example.Group ?? example.Text;
        ulong h = StableHash.Hash(g, 0xD3E5_0000_0000_0001UL);
        return (h % 10_000) < (ulong)(devFraction * 10_000);
    }

    private sealed class Instance
    {
        public required ulong[][] Features;
        public required ulong[] Words;
        public required int[] Gold;
    }

    internal static EntityTagger TrainModel(IReadOnlyList<EntityExample> examples, Gazetteer gazetteer, EntityTaggerTrainingOptions options, TextWriter? log, CancellationToken cancellationToken)
    {
        if (options.SkipUnannotated)
        {
            int before = examples.Count;
            examples = examples.Where(e =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return e.Entities.Count > 0 || !MentionsKnownCountry(e.Text, gazetteer);
            }).ToList();
            log?.WriteLine($"  skipped {before - examples.Count} examples without any entity markup that name a known country");
        }
        var instances = BuildInstances(examples, gazetteer, cancellationToken);
        int bits = options.Bits;
        int rows = 1 << bits;
        int mask = rows - 1;
        const int L = EntityTagger.LabelCount;
        var w = new float[rows * L];
        var u = new double[rows * L];
        long c = 1;
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, instances.Count).ToArray();
        Span<ulong> dyn = stackalloc ulong[3];
        var scores = new float[L];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Fisher–Yates with a fixed seed: the same order in every run.
            for (int i = order.Length - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            int errors = 0, total = 0;
            foreach (int idx in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var inst = instances[idx];
                int prev = 0, prev2 = 0;
                int n = inst.Gold.Length;
                for (int k = 0; k < n; k++)
                {
                    var stat = inst.Features[k];
                    Span<ulong> d = dyn;
                    EntityFeatures.LabelHistoryFeatures(prev, prev2, inst.Words[k], d, 0);
                    Array.Clear(scores);
                    foreach (var f in stat) AddRow(w, (int)(f & (ulong)mask) * L, scores);
                    foreach (var f in d) AddRow(w, (int)(f & (ulong)mask) * L, scores);
                    bool last = k == n - 1;
                    int best = 0;
                    float bs = float.NegativeInfinity;
                    for (int l = 0; l < L; l++)
                    {
                        if (!EntityTagger.Allowed(prev, l, last)) continue;
                        if (scores[l] > bs) { bs = scores[l]; best = l; }
                    }
                    int gold = inst.Gold[k];
                    total++;
                    if (best != gold)
                    {
                        errors++;
                        foreach (var f in stat) Update(w, u, (int)(f & (ulong)mask) * L, gold, best, c);
                        foreach (var f in d) Update(w, u, (int)(f & (ulong)mask) * L, gold, best, c);
                    }
                    c++;
                    prev2 = prev;
                    prev = best;
                }
            }
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {epoch + 1}: {instances.Count} chunks, token error {(total == 0 ? 0 : (double)errors / total):0.0000}"));
        }
        var avg = new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            double v = w[i] - u[i] / c;
            avg[i] = Math.Abs(v) < 1e-4 ? 0f : (float)v;
        }
        return new EntityTagger(avg, bits, gazetteer);
    }

    private static bool MentionsKnownCountry(string text, Gazetteer gazetteer)
    {
        var spans = new EntitySpan[text.Length / 2 + 8];
        int n = new EntityExtractor(gazetteer).Extract(text.AsSpan(), spans);
        for (int i = 0; i < n; i++)
            if (spans[i].EntryId >= 0 && gazetteer[spans[i].EntryId].Kind == EntityKind.Country) return true;
        return false;
    }

    private static void AddRow(float[] w, int row, float[] scores)
    {
        for (int l = 0; l < scores.Length; l++) scores[l] += w[row + l];
    }

    private static void Update(float[] w, double[] u, int row, int gold, int guess, long c)
    {
        w[row + gold] += 1f;
        u[row + gold] += c;
        w[row + guess] -= 1f;
        u[row + guess] -= c;
    }

    /// <summary>Runs the rules on every example and turns each unknown chunk into a tagging instance with gold BILOU labels.</summary>
    private static List<Instance> BuildInstances(IReadOnlyList<EntityExample> examples, Gazetteer gazetteer, CancellationToken cancellationToken)
    {
        var extractor = new EntityExtractor(gazetteer);
        var pipeline = new EntityRules(LanguageData.English.WithGazetteer(gazetteer));
        var gaz = GazetteerTokens.For(gazetteer);
        var s = new EntityScratch();
        var list = new List<Instance>();
        var feats = new ulong[EntityFeatures.MaxFeatures];
        foreach (var ex in examples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = ex.Text.AsSpan();
            pipeline.Run(text, s);
            var tokens = s.Tokens.AsSpan(0, s.TokenCount);
            for (int ci = 0; ci < s.ChunkCount; ci++)
            {
                var ch = s.Chunks[ci];
                int n = ch.End - ch.Start;
                var gold = new int[n];
                foreach (var g in ex.Entities)
                {
                    int first = -1, last = -1;
                    for (int k = ch.Start; k < ch.End; k++)
                    {
                        if (tokens[k].Start >= g.Span.Start && tokens[k].End <= g.Span.End)
                        {
                            if (first < 0) first = k;
                            last = k;
                        }
                    }
                    if (first < 0) continue;
                    if (first == last) gold[first - ch.Start] = EntityTagger.Label(g.Type, 3);
                    else
                    {
                        gold[first - ch.Start] = EntityTagger.Label(g.Type, 0);
                        for (int k = first + 1; k < last; k++) gold[k - ch.Start] = EntityTagger.Label(g.Type, 1);
                        gold[last - ch.Start] = EntityTagger.Label(g.Type, 2);
                    }
                }
                var ctx = EntityExtractor.ContextOf(text, tokens, s, s.CandidateCount, ch.Start, ch.End);
                var fs = new ulong[n][];
                var words = new ulong[n];
                for (int k = ch.Start; k < ch.End; k++)
                {
                    int nf = EntityFeatures.TokenFeatures(text, tokens, k, ch.Start, ch.End, ctx, gaz, feats);
                    fs[k - ch.Start] = feats.AsSpan(0, nf).ToArray();
                    words[k - ch.Start] = feats[1];
                }
                list.Add(new Instance { Features = fs, Words = words, Gold = gold });
            }
        }
        GC.KeepAlive(extractor);
        return list;
    }

    private static string DataHash(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(f) + "\n"));
            sha.AppendData(File.ReadAllBytes(f));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Micro precision, recall and F1 over PERSON, ORG and LOC only (CoNLL's three name types; NORP is left out).</summary>
    internal static string PerOrgLocLine(EntityEvaluation e)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var t in new[] { EntityType.Person, EntityType.Org, EntityType.Loc })
        {
            tp += e[t].TruePositives;
            fp += e[t].FalsePositives;
            fn += e[t].FalseNegatives;
        }
        var s = new EntityScore(tp, fp, fn);
        return string.Create(CultureInfo.InvariantCulture, $"PER/ORG/LOC micro: precision {s.Precision:0.000} recall {s.Recall:0.000} f1 {s.F1:0.000} (support {s.Support})");
    }

    private static string Card(IReadOnlyList<string> files, string hash, int all, int train, int dev, EntityTaggerTrainingOptions o, long size,
        EntityEvaluation? rules, EntityEvaluation? tagged, List<(string File, EntityEvaluation WithGazetteer, EntityEvaluation WithoutNames)> checks)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Entity tagger model card");
        sb.AppendLine();
        sb.AppendLine("Averaged-perceptron BILOU tagger (O + B/I/L/U × PERSON, ORG, LOC, NORP = 17 labels) that types the");
        sb.AppendLine("capitalised stretches the extraction rules leave unknown. Greedy left-to-right decoding with BILOU constraints.");
        sb.AppendLine();
        sb.AppendLine("## Data");
        sb.AppendLine(inv, $"- files: {string.Join(", ", files.Select(Path.GetFileName))}");
        sb.AppendLine(inv, $"- sha256 (file names + contents, sorted by name): `{hash}`");
        sb.AppendLine(inv, $"- examples: {all} (our own annotated sentences, inline entity markup: the stance corpus and its articles, and generated sentences with invented names in every role, data/entities/generate.py)");
        sb.AppendLine(inv, $"- split for measurement: by `set` / `article` (stable hash of the group name), {train} train / {dev} held-out; the shipped model is then trained on all {all}");
        sb.AppendLine();
        sb.AppendLine("## Training");
        sb.AppendLine(inv, $"- epochs {o.Epochs}, seed {o.Seed}, 2^{o.Bits} feature buckets × 17 labels, weights averaged, near-zero weights pruned");
        if (o.SkipUnannotated) sb.AppendLine("- training skips lines with no entity markup in which the gazetteer finds a country (unannotated lines, e.g. headlines); the held-out measurement keeps them");
        sb.AppendLine(inv, $"- model file: {size} bytes (zlib, non-zero rows only), format {EntityTagger.FormatVersion}, features {EntityTagger.FeatureVersion}");
        sb.AppendLine("- features: bias; lower-cased word; word shape; 3-char prefix; 2/3/4-char suffixes; words and shapes at -2..+2 and their bigrams;");
        sb.AppendLine("  position in the chunk and chunk length; sentence-initial word; gazetteer token-type masks of the word and its neighbours;");
        sb.AppendLine("  types of the rule spans left and right of the chunk; title / role noun / function-word flags; first+last word of the chunk;");
        sb.AppendLine("  given-name flags (this word, the word before, the chunk's first word; data/gazetteer/first-names.tsv); capitals-around flag (all-caps headlines);");
        sb.AppendLine("  previous label, previous two labels, previous label × word");
        sb.AppendLine();
        sb.AppendLine("## Held-out measurement (strict: exact span and type)");
        if (rules is null || tagged is null) sb.AppendLine("No held-out part.");
        else
        {
            sb.AppendLine("Rules only:");
            sb.AppendLine("```");
            sb.Append(rules.ToReport());
            sb.AppendLine("```");
            sb.AppendLine("Rules + tagger (tagger trained on the training part only):");
            sb.AppendLine("```");
            sb.Append(tagged.ToReport());
            sb.AppendLine("```");
        }
        if (checks.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Held-out checks (never trained on; the shipped model)");
            sb.AppendLine("Gazetteer-free = the same model over the countries and demonyms only (no people, places or organisations): names the tables do not know.");
            sb.AppendLine("Files under a `dev/` folder were used to tune the rules; files under `test/` are measurements (data/README.md says how each was used).");
            foreach (var (file, full, none) in checks)
            {
                sb.AppendLine();
                sb.AppendLine(inv, $"`{file}`, with the gazetteer:");
                sb.AppendLine("```");
                sb.Append(full.ToReport());
                sb.AppendLine(PerOrgLocLine(full));
                sb.AppendLine("```");
                sb.AppendLine(inv, $"`{file}`, gazetteer-free:");
                sb.AppendLine("```");
                sb.Append(none.ToReport());
                sb.AppendLine(PerOrgLocLine(none));
                sb.AppendLine("```");
            }
        }
        sb.AppendLine();
        sb.AppendLine("## Limits");
        sb.AppendLine("- Trained on sentences we wrote about state actors and international news; other domains are untested.");
        sb.AppendLine("- Only valid with the gazetteer it was trained with (gazetteer hits are features and the rules decide what the tagger sees).");
        return sb.ToString();
    }
}
