using System.Diagnostics;
using System.Text;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// One-shot calls on very large documents: what they allocate grows with the text (a small multiple of its bytes), a
/// thread keeps little of it afterwards, and a cancel is seen while the text is still being tokenized.
/// </summary>
/// <remarks>
/// Allocation is read with <see cref="GC.GetAllocatedBytesForCurrentThread"/> (the work runs on the test's thread), so
/// tests running side by side do not disturb it. The fixture is non-parallel only to keep the peak memory of the run
/// down (each test holds tens of megabytes of text and what is built from it).
/// </remarks>
[TestFixture]
[NonParallelizable]
public class LargeDocumentMemoryTests
{
    private static readonly string s_article = File.ReadAllText(Support.Repo.Path("samples", "article.txt"));

    private static string Copies(int copies) => new StringBuilder((s_article.Length + 2) * copies).Insert(0, s_article + "\n\n", copies).ToString();

    private static long TextBytes(string text) => text.Length * (long)sizeof(char);

    // The bound: the entity scratch costs about 24 bytes per token (the token, its gazetteer match, its tagger label)
    // and news text has a token every five characters or so, about 2.5 times the text's UTF-16 bytes; the tagger's and
    // the name pass's pooled indexes add about as much again while a document is this large; the result (a mention
    // object, its text and the linker's tables, about 50 mentions per copy of the article) is about 1.5 times. So about
    // 6 times, and 8 leaves room for growth of the buffers by doubling. Sizing the scratch by characters, as before,
    // cost 52 bytes per character on top: 26 times the text's bytes for the scratch alone.
    private const int AllocationPerTextByte = 8;

    [Test]
    public void ExtractingALargeDocumentAllocatesASmallMultipleOfItsText()
    {
        const int copies = 8_000;
        var text = Copies(copies); // about 20 M characters, 40 MB of UTF-16
        int perCopy = EntityExtractor.Default.Extract(s_article + "\n\n").Count;

        long before = GC.GetAllocatedBytesForCurrentThread();
        var mentions = EntityExtractor.Default.Extract(text);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{TextBytes(text) / 1e6:F1} MB of text: {allocated / 1e6:F1} MB allocated ({(double)allocated / TextBytes(text):F2} per text byte), {mentions.Count} mentions");
        Assert.That(mentions, Has.Count.EqualTo(copies * perCopy), "every copy of the article gives its mentions");
        Assert.That(allocated, Is.LessThanOrEqualTo(AllocationPerTextByte * TextBytes(text)));
    }

    [Test]
    public void ThreadKeepsASmallScratchAfterAHugeDocument()
    {
        // About 10 MB of UTF-16, some 900,000 tokens: its buffers (about 25 MB) are well above what a thread keeps.
        var text = Copies(2_000);
        EntityExtractor.Default.Extract(text);
        long kept = EntityScratch.RetainedBytesOnCurrentThread;
        var buffer = new EntitySpan[1_000];
        int written = EntityExtractor.Default.Extract(text.AsSpan(), buffer);
        long keptAfterSpanApi = EntityScratch.RetainedBytesOnCurrentThread;

        TestContext.Out.WriteLine($"scratch kept after {TextBytes(text) / 1e6:F1} MB: {kept / 1e6:F2} MB (document API), {keptAfterSpanApi / 1e6:F2} MB (span API)");
        Assert.That(written, Is.EqualTo(buffer.Length));
        Assert.That(kept, Is.LessThanOrEqualTo(EntityScratch.MaxRetainedBytes));
        Assert.That(keptAfterSpanApi, Is.LessThanOrEqualTo(EntityScratch.MaxRetainedBytes));
        // A document below the limit keeps its buffers: the next call of that size allocates no scratch again.
        Assert.That(EntityScratch.MaxRetainedBytes, Is.LessThan(16L << 20));
    }

    [Test]
    public void ExtractionOfAHugeDocumentSeesACancelDuringTokenization()
    {
        // About 100 MB of UTF-16: tokenizing it alone takes a few hundred milliseconds, so a cancel 5 ms in arrives
        // while the tokenizer runs. Cancelled by a thread of its own (a busy pool could fire a timer late).
        var text = Copies(20_000);
        using var cancel = new CancelFromOwnThread(TimeSpan.FromMilliseconds(5));
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<OperationCanceledException>(() => EntityExtractor.Default.Extract(text, cancel.Token))!;
        long stoppedAt = sw.ElapsedMilliseconds;
        Assert.That(e.CancellationToken, Is.EqualTo(cancel.Token));
        TestContext.Out.WriteLine($"{TextBytes(text) / 1e6:F0} MB: stopped {stoppedAt} ms after the call began, about {stoppedAt - 5} ms after the cancel");
        Assert.That(EntityScratch.RetainedBytesOnCurrentThread, Is.LessThanOrEqualTo(EntityScratch.MaxRetainedBytes), "a cancelled call releases its scratch too");
    }

    [Test]
    public void OneShotAnalysisAllocatesInProportionToTheText()
    {
        // About 10 MB of UTF-16 (the full analysis is tens of times slower than extraction alone). What one-shot
        // analysis costs per megabyte is in the XML docs of StanceAnalyzer.Analyze; AnalyzeStream is the bounded path.
        var text = Copies(2_000);
        StanceAnalyzer.Default.Analyze(s_article);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var doc = StanceAnalyzer.Default.Analyze(text);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{TextBytes(text) / 1e6:F1} MB of text: {allocated / 1e6:F1} MB allocated ({(double)allocated / TextBytes(text):F2} per text byte), {doc.Sentences.Count} sentences, {doc.Entities.Count} mentions");
        Assert.That(doc.Sentences, Has.Count.EqualTo(2_000 * StanceAnalyzer.Default.Analyze(s_article).Sentences.Count));
        Assert.That(allocated, Is.LessThanOrEqualTo(OneShotAllocationPerTextByte * TextBytes(text)));
    }

    [Test]
    [Explicit("About 100 MB of text: a minute of work; run by hand to measure what one-shot analysis costs per megabyte")]
    public void OneShotAnalysisOfAHundredMegabytes()
    {
        var text = Copies(20_000);
        StanceAnalyzer.Default.Analyze(s_article);
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var doc = StanceAnalyzer.Default.Analyze(text);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long live = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();

        TestContext.Out.WriteLine($"{TextBytes(text) / 1e6:F1} MB of text: {allocated / 1e6:F1} MB allocated ({(double)allocated / TextBytes(text):F2} per text byte), "
            + $"{live / 1e6:F1} MB live with the text and the document, peak working set {process.PeakWorkingSet64 / 1e6:F0} MB; {doc.Sentences.Count} sentences");
        Assert.That(allocated, Is.LessThanOrEqualTo(OneShotAllocationPerTextByte * TextBytes(text)));
        Assert.That(EntityScratch.RetainedBytesOnCurrentThread, Is.LessThanOrEqualTo(EntityScratch.MaxRetainedBytes));
        GC.KeepAlive(doc);
    }

    // Extraction's bound plus the document's sentences (one object, its prediction and its scores per sentence of
    // about 130 characters) and the segmenter's span list: a little more than extraction's.
    private const int OneShotAllocationPerTextByte = 10;
}
