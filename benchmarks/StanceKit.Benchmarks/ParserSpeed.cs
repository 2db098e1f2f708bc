using System.Diagnostics;
using System.Runtime.InteropServices;
using StanceKit.Parsing;
using StanceKit.Text;

namespace StanceKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/StanceKit.Benchmarks -- parser-speed [model.bin] [passes]</c>: a
/// plain loop over the corpus sentences timed with this process's CPU time (not wall time, which a shared machine
/// inflates), split into tokenising, tagging and parsing, so a change to the parser can be measured in seconds.
/// </summary>
public static class ParserSpeed
{
    public static void Run(string[] args)
    {
        // '8bit' / '16bit': the move and relation tables in 8 bits (ParserModel.EightBitParseTables, the default since
        // session 10) or in 16 bits as before, set before the model loads.
        if (args.Contains("8bit")) ParserModel.EightBitParseTables = true;
        if (args.Contains("16bit")) ParserModel.EightBitParseTables = false;
        var parser = args.Length > 0 && args[0] != "-" ? DependencyParser.Load(args[0]) : DependencyParser.Default;
        int passes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var sentences = new List<(string Text, TextSpan Sentence)>();
        foreach (var text in BenchmarkData.Corpus().Select(r => r.Text).Distinct(StringComparer.Ordinal))
            foreach (var s in SentenceSegmenter.Default.Segment(text)) sentences.Add((text, s));
        var buffer = new ParsedToken[4096];
        var tokens = new Token[4096];
        var words = new WordSpan[4096];
        var tokenWord = new int[4096];
        var state = new ParseState();
        var model = parser.Model;
        long wordCount = 0;
        foreach (var (text, s) in sentences) wordCount += parser.Parse(text.AsSpan(), s, buffer);
        if (args.Contains("rows")) PrintRows(model);
        Console.WriteLine($"{sentences.Count} sentences, {wordCount} words, model rows: tags {1 << model.Tags.Bits}x{model.Tags.Stride}, moves {1 << model.Moves.Bits}x{model.Moves.Stride}, labels {1 << model.Labels.Bits}x{model.Labels.Stride}");

        double Time(Action pass) => CpuTime.BestOf(passes, pass, warmUpPasses: 1, warmUpMilliseconds: 0);

        if (args.Contains("interleaved"))
        {
            // Same process, the four variants of the session-8 switches (cached move sums on/off × integer argmax
            // on/off; the same output) interleaved in chunks of the corpus: at every step each variant parses another
            // chunk (variant v chunk (step + 2v) mod 8), so over 8 steps every variant parses every sentence once and
            // meets the same load; this thread's CPU time is summed per variant. One line per round of 8 steps.
            var variants = new[] { (false, false), (true, false), (false, true), (true, true) };
            const int chunks = 8;
            int per = (sentences.Count + chunks - 1) / chunks;
            void Use((bool Cached, bool ArgMax) v)
            {
                model.CachedMoveSums = v.Cached;
                model.IntegerArgMax = v.ArgMax;
            }
            void ParseChunk(int c)
            {
                for (int i = c * per; i < Math.Min(sentences.Count, (c + 1) * per); i++) parser.Parse(sentences[i].Text.AsSpan(), sentences[i].Sentence, buffer);
            }
            for (int w = 0; w < 2; w++)
                foreach (var v in variants)
                {
                    Use(v);
                    for (int c = 0; c < chunks; c++) ParseChunk(c);
                }
            string Name((bool Cached, bool ArgMax) v) => $"cached {(v.Cached ? 1 : 0)} argmax {(v.ArgMax ? 1 : 0)}";
            var totals = new List<double>[variants.Length];
            for (int v = 0; v < variants.Length; v++) totals[v] = [];
            for (int round = 1; round <= passes; round++)
            {
                var ns = new double[variants.Length];
                for (int step = 0; step < chunks; step++)
                {
                    for (int j = 0; j < variants.Length; j++)
                    {
                        int v = (j + step + round) % variants.Length; // rotate the order
                        Use(variants[v]);
                        long t0 = ThreadCpu.Nanoseconds();
                        ParseChunk((step + 2 * v) % chunks);
                        ns[v] += ThreadCpu.Nanoseconds() - t0;
                    }
                }
                string line = $"round {round} (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):";
                for (int v = 0; v < variants.Length; v++)
                {
                    totals[v].Add(ns[v] / 1e3 / sentences.Count);
                    line += $" {Name(variants[v])}: {ns[v] / 1e3 / sentences.Count:F2} us;";
                }
                Console.WriteLine(line);
            }
            string medians = "medians (us per sentence):";
            for (int v = 0; v < variants.Length; v++)
            {
                var sorted = totals[v].Order().ToList();
                medians += $" {Name(variants[v])}: {sorted[sorted.Count / 2]:F2};";
            }
            Console.WriteLine(medians);
            Use((true, true));
            return;
        }

        if (args.Contains("layouts"))
        {
            // Same process, two parsers of the same model: A with the plain 16-bit rows, B with the block layout
            // (SplitRows), interleaved in eighths of the corpus so both meet the same load; this thread's CPU time, and
            // whether both gave the same tags, heads and relations. One line per round.
            DependencyParser Load(bool split)
            {
                WeightTable.SplitLayout = split;
                using var st = typeof(DependencyParser).Assembly.GetManifestResourceStream("StanceKit.Models.parser.bin")!;
                return DependencyParser.Load(st);
            }
            var both = new[] { Load(false), Load(true) };
            WeightTable.SplitLayout = true;
            const int chunks = 8;
            int per = (sentences.Count + chunks - 1) / chunks;
            var totals = new List<double>[] { [], [] };
            var digests = new ulong[2];
            void Chunk(int v, int c)
            {
                ulong d = (ulong)c;
                for (int i = c * per; i < Math.Min(sentences.Count, (c + 1) * per); i++)
                {
                    int k = both[v].Parse(sentences[i].Text.AsSpan(), sentences[i].Sentence, buffer);
                    for (int j = 0; j < k; j++) d = (d ^ (ulong)(uint)buffer[j].Head ^ ((ulong)buffer[j].Pos << 32) ^ ((ulong)buffer[j].Relation << 40)) * 0x100000001B3UL;
                }
                digests[v] += d; // a sum over chunks: the same whatever order the chunks come in
            }
            for (int w = 0; w < 2; w++) for (int v = 0; v < 2; v++) for (int c = 0; c < chunks; c++) Chunk(v, c);
            for (int round = 1; round <= passes; round++)
            {
                var ns = new double[2];
                digests[0] = digests[1] = 0;
                for (int step = 0; step < chunks; step++)
                    for (int j = 0; j < 2; j++)
                    {
                        int v = (j + step + round) % 2; // alternate which goes first
                        long t0 = ThreadCpu.Nanoseconds();
                        Chunk(v, (step + 4 * v) % chunks);
                        ns[v] += ThreadCpu.Nanoseconds() - t0;
                    }
                for (int v = 0; v < 2; v++) totals[v].Add(ns[v] / 1e3 / sentences.Count);
                Console.WriteLine($"round {round} (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}): plain {totals[0][^1]:F2} us, blocks {totals[1][^1]:F2} us per sentence, output {(digests[0] == digests[1] ? "the same" : "DIFFERENT")}");
            }
            Console.WriteLine($"medians (us per sentence): plain {totals[0].Order().ElementAt(passes / 2):F2}, blocks {totals[1].Order().ElementAt(passes / 2):F2}");
            return;
        }

        if (args.Contains("bits"))
        {
            // Same process, two parsers of the same model: A with 16-bit tables, B with 8-bit ones
            // (WeightTable.Quantize(eightBit: true)), interleaved in eighths of the corpus so both meet the same load; this thread's CPU time, and
            // whether both gave the same tags, heads and relations. One line per round.
            // 'tables=tags,moves,labels' (default moves,labels, as ParserModel.EightBitParseTables): which tables B holds in 8 bits.
            var eightBit = (args.FirstOrDefault(a => a.StartsWith("tables=", StringComparison.Ordinal))?[7..] ?? "moves,labels").Split(',');
            DependencyParser Load(bool eight)
            {
                using var st = typeof(DependencyParser).Assembly.GetManifestResourceStream("StanceKit.Models.parser.bin")!;
                var p = DependencyParser.Load(st);
                foreach (var (name, t) in new[] { ("tags", p.Model.Tags), ("moves", p.Model.Moves), ("labels", p.Model.Labels) })
                    t.Quantize(eightBit: eight && eightBit.Contains(name));
                return p;
            }
            Console.WriteLine($"8-bit tables in B: {string.Join(",", eightBit)}");
            var both = new[] { Load(false), Load(true) };
            const int chunks = 8;
            int per = (sentences.Count + chunks - 1) / chunks;
            var totals = new List<double>[] { [], [] };
            var digests = new ulong[2];
            void Chunk(int v, int c)
            {
                ulong d = (ulong)c;
                for (int i = c * per; i < Math.Min(sentences.Count, (c + 1) * per); i++)
                {
                    int k = both[v].Parse(sentences[i].Text.AsSpan(), sentences[i].Sentence, buffer);
                    for (int j = 0; j < k; j++) d = (d ^ (ulong)(uint)buffer[j].Head ^ ((ulong)buffer[j].Pos << 32) ^ ((ulong)buffer[j].Relation << 40)) * 0x100000001B3UL;
                }
                digests[v] += d; // a sum over chunks: the same whatever order the chunks come in
            }
            for (int w = 0; w < 2; w++) for (int v = 0; v < 2; v++) for (int c = 0; c < chunks; c++) Chunk(v, c);
            for (int round = 1; round <= passes; round++)
            {
                var ns = new double[2];
                digests[0] = digests[1] = 0;
                for (int step = 0; step < chunks; step++)
                    for (int j = 0; j < 2; j++)
                    {
                        int v = (j + step + round) % 2; // alternate which goes first
                        long t0 = ThreadCpu.Nanoseconds();
                        Chunk(v, (step + 4 * v) % chunks);
                        ns[v] += ThreadCpu.Nanoseconds() - t0;
                    }
                for (int v = 0; v < 2; v++) totals[v].Add(ns[v] / 1e3 / sentences.Count);
                Console.WriteLine($"round {round} (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}): 16-bit {totals[0][^1]:F2} us, 8-bit {totals[1][^1]:F2} us per sentence, output {(digests[0] == digests[1] ? "the same" : "DIFFERENT")}");
            }
            Console.WriteLine($"medians (us per sentence): 16-bit {totals[0].Order().ElementAt(passes / 2):F2}, 8-bit {totals[1].Order().ElementAt(passes / 2):F2}");
            return;
        }

        if (args.Contains("full-only"))
        {
            // Only the full parse, for a profiler (perf record ... parser-speed - 20 full-only).
            double fullOnly = Time(() =>
            {
                foreach (var (text, s) in sentences) parser.Parse(text.AsSpan(), s, buffer);
            });
            Console.WriteLine($"full parse {fullOnly / sentences.Count * 1e6:F2} us/sentence (best of {passes})");
            return;
        }

        double tokenize = Time(() =>
        {
            foreach (var (text, s) in sentences)
            {
                int nt = NewsTokenizer.Tokenize(s.Slice(text), tokens);
                ParserWords.Split(s.Slice(text), tokens.AsSpan(0, nt), words, tokenWord);
            }
        });
        double tag = Time(() =>
        {
            foreach (var (text, s) in sentences)
            {
                var slice = s.Slice(text);
                int nt = NewsTokenizer.Tokenize(slice, tokens);
                int n = ParserWords.Split(slice, tokens.AsSpan(0, nt), words, tokenWord);
                state.SetWords(slice, words.AsSpan(0, Math.Min(n, DependencyParser.MaxSentenceWords)), model.Clusters, model.ClusterUse);
                model.Tag(state);
            }
        });
        double ParseLoop(bool score, bool labels)
        {
            return Time(() =>
            {
                Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
                Span<float> scores = stackalloc float[ParseState.MoveCount];
                Span<float> labelScores = stackalloc float[64];
                foreach (var (text, s) in sentences)
                {
                    var slice = s.Slice(text);
                    int nt = NewsTokenizer.Tokenize(slice, tokens);
                    int n = ParserWords.Split(slice, tokens.AsSpan(0, nt), words, tokenWord);
                    state.SetWords(slice, words.AsSpan(0, Math.Min(n, DependencyParser.MaxSentenceWords)), model.Clusters, model.ClusterUse);
                    model.Tag(state);
                    state.StartParse();
                    while (!state.Terminal)
                    {
                        int nf = state.MoveFeatures(f);
                        int move;
                        if (score) { model.Moves.Score(f[..nf], scores); move = ParserModel.BestLegal(state, scores); }
                        else move = state.IsLegal(ParseState.Shift) ? ParseState.Shift : ParseState.Right;
                        int label = labels && move != ParseState.Shift ? model.BestLabel(state, move, f, labelScores) : 0;
                        state.Apply(move, label);
                    }
                }
            });
        }
        double featuresOnly = ParseLoop(false, false);
        double movesOnly = ParseLoop(true, false);
        double withLabels = ParseLoop(true, true);
        Console.WriteLine($"move features only {(featuresOnly - tag) / sentences.Count * 1e6:F2} us/sentence, + move scoring {(movesOnly - tag) / sentences.Count * 1e6:F2} us/sentence, + relations {(withLabels - tag) / sentences.Count * 1e6:F2} us/sentence");
        double full = Time(() =>
        {
            foreach (var (text, s) in sentences) parser.Parse(text.AsSpan(), s, buffer);
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var (text, s) in sentences) parser.Parse(text.AsSpan(), s, buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int n = sentences.Count;
        Console.WriteLine($"CPU time per pass (best of {passes}): tokenise+split {tokenize * 1e3:F0} ms, +hash+tag {tag * 1e3:F0} ms, full parse {full * 1e3:F0} ms");
        Console.WriteLine($"per sentence: tokenise {tokenize / n * 1e6:F2} us, hash+tag {(tag - tokenize) / n * 1e6:F2} us, parse {(full - tag) / n * 1e6:F2} us, total {full / n * 1e6:F2} us");
        Console.WriteLine($"=> {n / full:F0} sentences/s of CPU time ({wordCount / full:F0} words/s); {allocated} B allocated over {n} sentences");
        // Every word's offsets, tag, head and relation, so two builds can be compared for identical output.
        ulong outputDigest = 0xCBF29CE484222325UL;
        foreach (var (text, s) in sentences)
        {
            int k = parser.Parse(text.AsSpan(), s, buffer);
            for (int i = 0; i < k; i++)
            {
                outputDigest = (outputDigest ^ (ulong)buffer[i].Start ^ ((ulong)buffer[i].End << 24)) * 0x100000001B3UL;
                outputDigest = (outputDigest ^ (ulong)(uint)buffer[i].Head ^ ((ulong)buffer[i].Pos << 32) ^ ((ulong)buffer[i].Relation << 40)) * 0x100000001B3UL;
            }
        }
        Console.WriteLine($"output digest {outputDigest:X16} (offsets, tags, heads, relations of every word)");
        if (args.Contains("summations"))
        {
            // Same process, same sentences: the two ways of adding the 16-bit rows (the scoring of session 4 and the
            // register sums), alternating, several rounds; every round is printed (the machine is shared), with a
            // digest of each one's output.
            var tables = new[] { model.Tags, model.Moves, model.Labels };
            for (int round = 1; round <= passes; round++)
            {
                string line = $"round {round}:";
                foreach (var summation in Enum.GetValues<QuantizedSummation>())
                {
                    foreach (var t in tables) t.Quantize(summation);
                    double tagged = Time(() => { foreach (var (text, s) in sentences) { var slice = s.Slice(text); int nt = NewsTokenizer.Tokenize(slice, tokens); int n2 = ParserWords.Split(slice, tokens.AsSpan(0, nt), words, tokenWord); state.SetWords(slice, words.AsSpan(0, Math.Min(n2, DependencyParser.MaxSentenceWords)), model.Clusters, model.ClusterUse); model.Tag(state); } });
                    double parsed = Time(() => { foreach (var (text, s) in sentences) parser.Parse(text.AsSpan(), s, buffer); });
                    ulong digest = 0;
                    foreach (var (text, s) in sentences)
                    {
                        int k = parser.Parse(text.AsSpan(), s, buffer);
                        for (int i = 0; i < k; i++)
                            digest = (digest ^ (ulong)buffer[i].Start ^ ((ulong)(uint)buffer[i].Head << 20) ^ ((ulong)buffer[i].Pos << 40) ^ ((ulong)buffer[i].Relation << 48)) * 0x100000001B3UL;
                    }
                    line += $" {summation}: tokenise+tag {tagged / n * 1e6:F2}, full {parsed / n * 1e6:F2} us/sentence ({n / parsed:F0}/s, digest {digest:x16});";
                }
                Console.WriteLine(line);
            }
            foreach (var t in tables) t.Quantize();
        }
        if (args.Length > 2 && args[2] == "floats")
        {
            // Same process, same sentences: the 16-bit tables against the float ones, alternating passes.
            var tables = new[] { model.Tags, model.Moves, model.Labels };
            double bestQ = double.MaxValue, bestF = double.MaxValue, tagQ = double.MaxValue, tagF = double.MaxValue;
            var original = tables.Select(t => t.IsQuantized).ToArray();
            for (int round = 0; round < passes; round++)
            {
                foreach (var t in tables) t.Quantize();
                tagQ = Math.Min(tagQ, Time(() => { foreach (var (text, s) in sentences) { var slice = s.Slice(text); int nt = NewsTokenizer.Tokenize(slice, tokens); int n2 = ParserWords.Split(slice, tokens.AsSpan(0, nt), words, tokenWord); state.SetWords(slice, words.AsSpan(0, Math.Min(n2, DependencyParser.MaxSentenceWords)), model.Clusters, model.ClusterUse); model.Tag(state); } }));
                bestQ = Math.Min(bestQ, Time(() => { foreach (var (text, s) in sentences) parser.Parse(text.AsSpan(), s, buffer); }));
                foreach (var t in tables) t.DropQuantized();
                tagF = Math.Min(tagF, Time(() => { foreach (var (text, s) in sentences) { var slice = s.Slice(text); int nt = NewsTokenizer.Tokenize(slice, tokens); int n2 = ParserWords.Split(slice, tokens.AsSpan(0, nt), words, tokenWord); state.SetWords(slice, words.AsSpan(0, Math.Min(n2, DependencyParser.MaxSentenceWords)), model.Clusters, model.ClusterUse); model.Tag(state); } }));
                bestF = Math.Min(bestF, Time(() => { foreach (var (text, s) in sentences) parser.Parse(text.AsSpan(), s, buffer); }));
            }
            Console.WriteLine($"16-bit tables: tokenise+tag {tagQ / n * 1e6:F2} us, full {bestQ / n * 1e6:F2} us/sentence ({n / bestQ:F0}/s); float tables: tokenise+tag {tagF / n * 1e6:F2} us, full {bestF / n * 1e6:F2} us/sentence ({n / bestF:F0}/s)");
            for (int i = 0; i < tables.Length; i++) if (original[i]) tables[i].Quantize();
        }
    }

    /// <summary>
    /// <c>parser-dev UD_DIR [model.bin] [tables=tags,moves,labels]</c>: the embedded (or given) model scored on EWT dev
    /// (gold tokenisation) with 16-bit tables and with the listed tables (default moves,labels) in 8 bits
    /// (<see cref="WeightTable.Quantize"/>), and how many words differ in tag, head or relation between the two outputs.
    /// </summary>
    public static void Dev(string[] args)
    {
        string ud = args[0];
        string gold = Path.Combine(ud, "en_ewt-ud-dev.conllu");
        var sentences = StanceKit.ML.Parsing.Conllu.Read(gold);
        var outputs = new List<string>();
        var eightBit = (args.FirstOrDefault(a => a.StartsWith("tables=", StringComparison.Ordinal))?[7..] ?? "moves,labels").Split(',');
        string? modelPath = args.Skip(1).FirstOrDefault(a => !a.StartsWith("tables=", StringComparison.Ordinal));
        Console.WriteLine($"8-bit tables: {string.Join(",", eightBit)}");
        foreach (bool eight in new[] { false, true })
        {
            using var st = modelPath is not null ? File.OpenRead(modelPath) : typeof(DependencyParser).Assembly.GetManifestResourceStream("StanceKit.Models.parser.bin")!;
            var parser = DependencyParser.Load(st);
            foreach (var (name, t) in new[] { ("tags", parser.Model.Tags), ("moves", parser.Model.Moves), ("labels", parser.Model.Labels) })
                t.Quantize(eightBit: eight && eightBit.Contains(name));
            string path = Path.Combine(Path.GetTempPath(), $"parser-dev-{(eight ? 8 : 16)}bit-{Environment.ProcessId}.conllu");
            var scores = StanceKit.ML.Parsing.ParserTrainer.Evaluate(parser, sentences, path, gold);
            Console.WriteLine($"{(eight ? 8 : 16)}-bit tables: {scores}; words right: UPOS {Math.Round(scores.Upos * scores.Words)}, UAS {Math.Round(scores.Uas * scores.Words)}, LAS {Math.Round(scores.Las * scores.Words)} of {scores.Words}");
            outputs.Add(path);
        }
        static List<string[]> Words(string path) => [.. File.ReadLines(path)
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).Where(c => !c[0].Contains('-') && !c[0].Contains('.'))];
        var a = Words(outputs[0]);
        var b = Words(outputs[1]);
        int tag = 0, head = 0, rel = 0, any = 0;
        for (int i = 0; i < a.Count; i++)
        {
            bool t = a[i][3] != b[i][3], h = a[i][6] != b[i][6], r = a[i][7] != b[i][7];
            tag += t ? 1 : 0;
            head += h ? 1 : 0;
            rel += r ? 1 : 0;
            any += t || h || r ? 1 : 0;
        }
        Console.WriteLine($"{a.Count} words: tag differs {tag}, head differs {head}, relation differs {rel}, any {any} (outputs {outputs[0]}, {outputs[1]})");
    }

    /// <summary>How full the rows of each table are (non-zero weights per row, and the span they cover).</summary>
    private static void PrintRows(ParserModel model)
    {
        foreach (var (name, t) in new[] { ("tags", model.Tags), ("moves", model.Moves), ("labels", model.Labels) })
        {
            int rows = 1 << t.Bits, used = 0;
            long nonZero = 0;
            var histogram = new int[t.Stride + 1];
            for (int r = 0; r < rows; r++)
            {
                int k = 0;
                foreach (float w in t.Weights.AsSpan(r * t.Stride, t.Stride)) if (w != 0) k++;
                histogram[k]++;
                if (k > 0) used++;
                nonZero += k;
            }
            Console.WriteLine($"{name}: {used} of {rows} rows used, {nonZero} non-zero weights ({(double)nonZero / Math.Max(1, used):F1} per used row of {t.Stride})");
            Console.WriteLine("  non-zeros per row: " + string.Join(" ", histogram.Select((c, k) => (c, k)).Where(x => x.c > 0).Select(x => $"{x.k}:{x.c}")));
        }
    }
}

/// <summary>This thread's CPU time in nanoseconds (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)).</summary>
internal static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054, CA5392 // a benchmark helper; no unsafe code for LibraryImport
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054, CA5392

    public static long Nanoseconds()
    {
        if (ClockGetTime(3, out var t) != 0) throw new InvalidOperationException("clock_gettime failed"); // CLOCK_THREAD_CPUTIME_ID
        return t.Seconds * 1_000_000_000L + t.Nanoseconds;
    }
}
