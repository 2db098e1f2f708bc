using System.Text;

namespace StanceKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/StanceKit.Benchmarks -- document-speed [passes] [megabytes]</c>: the
/// document path (<see cref="StanceAnalyzer.Analyze(string, string?, CancellationToken)"/>: segmentation, entity
/// extraction and linking, every sentence scored with its document context) timed with this process's CPU time, as
/// <c>scoring-speed</c> times the span loop. Three inputs: the sample article analysed 200 times, 500 documents of 20
/// corpus sentences each (the benchmark's 10,000 sentences), and one large document (the sample article repeated to
/// about <c>megabytes</c> MB of UTF-16, 10 by default; timed once). Each line gives the bytes allocated by one pass and a
/// digest of every probability's bits and every mention's span and type, so two builds can be compared for equality.
/// </summary>
public static class DocumentSpeed
{
    // The calling thread's CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID, Linux): the process's CPU time (CpuTime) also
    // counts the tiered JIT's background compiles, which on a loaded machine were still running after the warm-up and
    // made the first timed input look several times slower than the same work timed later.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static double ThreadSeconds()
    {
        if (ClockGetTime(3, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }

    /// <summary>As <see cref="CpuTime.BestOf"/> (a warm-up of at least 3 passes and 3 s, then the best of <paramref name="passes"/>), in this thread's CPU seconds.</summary>
    private static double ThreadBestOf(int passes, Action pass)
    {
        var warm = System.Diagnostics.Stopwatch.StartNew();
        for (int w = 0; w < 3 || warm.ElapsedMilliseconds < 3000; w++) pass();
        double best = double.MaxValue;
        for (int p = 0; p < passes; p++)
        {
            double start = ThreadSeconds();
            pass();
            best = Math.Min(best, ThreadSeconds() - start);
        }
        return best;
    }

    /// <summary>
    /// <c>document-speed [passes] [megabytes] layer</c>: the sentences of the 500 corpus documents scored by the built-in
    /// classifier alone (tokenized and matched per sentence, the span loop) and from their document's
    /// <see cref="TokenLayer"/> (built beforehand, not timed), alternating in one process, five rounds: what reading the
    /// layer saves per sentence, apart from the rest of the document path. Both give the same probabilities (digest).
    /// </summary>
    private static void LayerAgainstAlone(int passes, string[] documents)
    {
        var classifier = StanceClassifier.Default;
        var segmenter = SentenceSegmenter.Default;
        var spans = documents.Select(d => segmenter.Segment(d).ToArray()).ToArray();
        var layers = documents.Select(d =>
        {
            var layer = new TokenLayer();
            layer.Annotate(d, classifier.Gazetteer, classifier.Featurizer.MatchedGazetteer, default);
            return layer;
        }).ToArray();
        var annotated = new SentenceTokens[documents.Length][];
        for (int d = 0; d < documents.Length; d++)
        {
            int cursor = 0;
            annotated[d] = spans[d].Select(sp => DocumentScorer.SentenceTokensOf(layers[d], sp, ref cursor)).ToArray();
        }
        int sentences = spans.Sum(x => x.Length), fromLayer = annotated.Sum(x => x.Count(a => a.Layer is not null));
        var p = new float[3];
        ulong Pass(bool useLayer)
        {
            ulong digest = 0xCBF29CE484222325UL;
            for (int d = 0; d < documents.Length; d++)
            {
                var text = documents[d].AsSpan();
                for (int i = 0; i < spans[d].Length; i++)
                {
                    var sp = spans[d][i];
                    var context = new DocumentContext([], useLayer ? annotated[d][i] : default);
                    classifier.Score(text.Slice(sp.Start, sp.Length), p, "China", context);
                    for (int k = 0; k < 3; k++) digest = (digest ^ (uint)BitConverter.SingleToInt32Bits(p[k])) * 0x100000001B3UL;
                }
            }
            return digest;
        }
        Console.WriteLine($"{sentences} sentences of {documents.Length} documents, {fromLayer} read from the layer; CPU time of the thread per pass, best of {passes}:");
        for (int round = 1; round <= 5; round++)
        {
            double alone = ThreadBestOf(passes, () => Pass(false));
            double layer = ThreadBestOf(passes, () => Pass(true));
            Console.WriteLine($"  round {round}: alone {alone * 1e3,6:F1} ms, from the layer {layer * 1e3,6:F1} ms ({layer / alone:F2}); digests {Pass(false):X16} / {Pass(true):X16}");
        }
    }

    public static void Run(string[] args)
    {
        int passes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        int megabytes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var analyzer = StanceAnalyzer.Default;
        string article = File.ReadAllText(Path.Combine(BenchmarkData.RepoRoot, "samples", "article.txt"));
        var sentences = BenchmarkData.Sentences().Select(r => r.Text).ToArray();
        var documents = new string[sentences.Length / 20];
        for (int d = 0; d < documents.Length; d++)
        {
            var sb = new StringBuilder();
            for (int k = 0; k < 20; k++) sb.Append(sentences[d * 20 + k]).Append(k % 5 == 4 ? "\n\n" : " ");
            documents[d] = sb.ToString();
        }
        if (args.Length > 2 && args[2] == "articles-only")
        {
            // For a profiler: the sample article analysed 200 times per pass, nothing else.
            for (int p = 0; p < passes; p++) for (int i = 0; i < 200; i++) GC.KeepAlive(analyzer.Analyze(article));
            return;
        }
        if (args.Length > 2 && args[2] == "layer")
        {
            LayerAgainstAlone(passes, documents);
            return;
        }
        int copies = (int)((megabytes * 1_000_000L / 2) / (article.Length + 2));
        string large = new StringBuilder((article.Length + 2) * copies).Insert(0, article + "\n\n", copies).ToString();

        ulong digest = 0xCBF29CE484222325UL;
        void Digest(StanceDocument doc)
        {
            foreach (var s in doc.Sentences)
            {
                digest = (digest ^ (uint)s.Span.Start) * 0x100000001B3UL;
                digest = (digest ^ (uint)BitConverter.SingleToInt32Bits(s.Scores.StateFraming)) * 0x100000001B3UL;
                digest = (digest ^ (uint)BitConverter.SingleToInt32Bits(s.Scores.Critical)) * 0x100000001B3UL;
                digest = (digest ^ (uint)BitConverter.SingleToInt32Bits(s.Scores.Neutral)) * 0x100000001B3UL;
            }
            foreach (var m in doc.Entities)
            {
                digest = (digest ^ (uint)m.Span.Start) * 0x100000001B3UL;
                digest = (digest ^ (uint)m.Span.Length) * 0x100000001B3UL;
                digest = (digest ^ (uint)m.Type) * 0x100000001B3UL;
            }
            digest = (digest ^ (uint)(doc.Target?.Length ?? 0)) * 0x100000001B3UL;
        }

        int count = 0;
        (double Best, long Bytes, ulong Digest) Measure(Action pass)
        {
            double best = ThreadBestOf(passes, pass);
            digest = 0xCBF29CE484222325UL;
            long before = GC.GetAllocatedBytesForCurrentThread();
            pass();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            return (best, bytes, digest);
        }

        // Every workload runs until the tiered JIT has promoted its hot methods before any is timed: on a loaded machine
        // the JIT's background thread gets little CPU, and the first input timed used to run unoptimised code for
        // seconds (the sample article line came out three times slower than the same work timed last).
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 6000)
        {
            for (int i = 0; i < 20; i++) analyzer.Analyze(article);
            for (int d = 0; d < 50; d++) analyzer.Analyze(documents[d]);
            Thread.Sleep(50); // room for the JIT's background thread
        }
        var articles = Measure(() => { for (int i = 0; i < 200; i++) Digest(analyzer.Analyze(article)); });
        int sink = 0;
        double segmentOnly = ThreadBestOf(passes, () => { for (int i = 0; i < 200; i++) foreach (var span in analyzer.Segmenter.EnumerateSentences(article)) sink += span.Length; });
        double extractOnly = ThreadBestOf(passes, () => { for (int i = 0; i < 200; i++) sink += analyzer.Extractor.Extract(article).Count; });
        var articleSpans = analyzer.Segmenter.Segment(article).ToArray();
        float[] probabilities = new float[3];
        double spanLoopOnly = ThreadBestOf(passes, () =>
        {
            for (int i = 0; i < 200; i++) foreach (var span in articleSpans) analyzer.Scorer.Score(article.AsSpan(span.Start, span.Length), probabilities, "China");
        });
        var documentSpans = documents.Select(d => analyzer.Segmenter.Segment(d).ToArray()).ToArray();
        double corpusExtract = ThreadBestOf(passes, () => { foreach (var d in documents) sink += analyzer.Extractor.Extract(d).Count; });
        double corpusSpanLoop = ThreadBestOf(passes, () =>
        {
            for (int d = 0; d < documents.Length; d++)
                foreach (var span in documentSpans[d]) analyzer.Scorer.Score(documents[d].AsSpan(span.Start, span.Length), probabilities, "China");
        });
        var corpus = Measure(() => { foreach (var d in documents) { var doc = analyzer.Analyze(d); count += doc.Sentences.Count; Digest(doc); } });

        // The large document once (warm from the passes above): CPU time, allocated bytes, digest.
        GC.Collect();
        digest = 0xCBF29CE484222325UL;
        double cpu = ThreadSeconds();
        long largeBefore = GC.GetAllocatedBytesForCurrentThread();
        var largeDoc = analyzer.Analyze(large);
        long largeBytes = GC.GetAllocatedBytesForCurrentThread() - largeBefore;
        double largeCpu = ThreadSeconds() - cpu;
        Digest(largeDoc);
        ulong largeDigest = digest;

        Console.WriteLine($"document path, CPU time of the thread per pass, best of {passes}:");
        Console.WriteLine($"  sample article x200 ({article.Length} chars each)   {articles.Best * 1e3,8:F1} ms   {articles.Bytes / 200,9} B per article    digest {articles.Digest:X16}");
        Console.WriteLine($"    of which segmentation alone {segmentOnly * 1e3:F1} ms, entity extraction alone {extractOnly * 1e3:F1} ms, its {articleSpans.Length} sentences scored alone (span loop) {spanLoopOnly * 1e3:F1} ms (sink {sink})");
        Console.WriteLine($"  {documents.Length} corpus documents (20 sentences)  {corpus.Best * 1e3,8:F1} ms   {corpus.Bytes / documents.Length,9} B per document   digest {corpus.Digest:X16}");
        Console.WriteLine($"    of which entity extraction alone {corpusExtract * 1e3:F1} ms, the sentences scored alone (span loop) {corpusSpanLoop * 1e3:F1} ms");
        Console.WriteLine($"  one document of {large.Length * 2 / 1e6:F1} MB ({largeDoc.Sentences.Count} sentences, once) {largeCpu * 1e3,8:F0} ms   {largeBytes / 1e6,9:F1} MB allocated ({(double)largeBytes / (large.Length * 2):F2} per text byte)   digest {largeDigest:X16}");
        GC.KeepAlive(count);
    }
}
