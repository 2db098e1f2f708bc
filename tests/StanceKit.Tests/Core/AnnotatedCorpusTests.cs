using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Core;

/// <summary>
/// The stance corpus and the entity corpus are two views of one annotated JSONL line reader. Both must load exactly
/// the records they loaded before they shared it: counts and every field hash to digests recorded on the code before
/// the reader was shared (on the two separate readers of main 8cb427e); and where both read the same file they agree on text, spans and group.
/// </summary>
public class AnnotatedCorpusTests
{
    private const string StanceDigest = "F05EF240E4D112B7DE89E6B91490AA99B2B9EEAC3DEDFC328ACCBF174FF0D908"; // 13554 records
    private const string EntityDigest = "DAA59F38937AF05564074EF75FC00D76A94C53B044993DA76A03EC3A8980DE80"; // 16730 examples (session 5: + data/entities/unseen-names-2.jsonl, 900)

    private static IEnumerable<string> JsonlFiles(params string[] folder) =>
        Directory.GetFiles(Repo.Path(folder), "*.jsonl", SearchOption.AllDirectories).Where(IsPinned).OrderBy(f => f, StringComparer.Ordinal);

    // The digests pin the files that existed when they were recorded; corpus files added later (data/stance/pairs and
    // data/stance/realnews, December 2026) are read by the same reader but left out, so the digests keep proving what
    // they were made for.
    private static readonly string[] s_laterFolders =
        [Repo.Path("data", "stance", "pairs") + Path.DirectorySeparatorChar, Repo.Path("data", "stance", "realnews") + Path.DirectorySeparatorChar];

    private static bool IsPinned(string file) => !s_laterFolders.Any(folder => file.StartsWith(folder, StringComparison.Ordinal));

    private static string Spans<T>(IEnumerable<T> spans, Func<T, (TextSpan Span, EntityType Type)> view) =>
        string.Join(";", spans.Select(view).Select(s => FormattableString.Invariant($"{s.Span.Start}-{s.Span.End}-{s.Type}")));

    private static string Digest(IEnumerable<string> lines, out int count)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        count = 0;
        foreach (var line in lines)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line));
            hash.AppendData("\n"u8);
            count++;
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [Test]
    public void StanceCorpusLoadsTheSameRecordsAsBefore()
    {
        var records = JsonlFiles("data", "stance").SelectMany(StanceCorpus.Load).ToList();
        var digest = Digest(records.Select(r => string.Join("|", r.Id, r.Group, r.Text, r.Label.ToWireName(), r.Target, r.Register, r.Topic, r.Hard,
            r.Phenomenon, Spans(r.Entities, e => (e.Span, e.Type)))), out int count);
        Assert.That(count, Is.GreaterThan(3000));
        Assert.That(digest, Is.EqualTo(StanceDigest), $"{count} records");
    }

    [Test]
    public void EntityCorpusLoadsTheSameExamplesAsBefore()
    {
        var lines = JsonlFiles("data", "entities").Concat(JsonlFiles("data", "stance"))
            .SelectMany(f => EntityCorpus.ReadJsonl(f).Select(x => string.Join("|", Path.GetFileName(f), x.Group ?? "(none)", x.Text, Spans(x.Entities, e => (e.Span, e.Type)))));
        var digest = Digest(lines, out int count);
        Assert.That(count, Is.GreaterThan(5000));
        Assert.That(digest, Is.EqualTo(EntityDigest), $"{count} examples");
    }

    [Test]
    public void BothViewsReadTheSameSentencesAndSpans()
    {
        foreach (var file in JsonlFiles("data", "stance"))
        {
            var stance = StanceCorpus.Load(file);
            var entities = EntityCorpus.ReadJsonl(file);
            Assert.That(entities, Has.Count.EqualTo(stance.Count), file);
            for (int i = 0; i < stance.Count; i++)
            {
                Assert.That(entities[i].Text, Is.EqualTo(stance[i].Text), $"{file} record {i}");
                Assert.That(Spans(entities[i].Entities, e => (e.Span, e.Type)), Is.EqualTo(Spans(stance[i].Entities, e => (e.Span, e.Type))), $"{file} record {i}");
                Assert.That(entities[i].Group, Is.EqualTo(stance[i].Group), $"{file} record {i}");
            }
        }
    }

    [Test]
    public void CorpusFileLinesAreSplitAndNumberedAsTheCliSplitsJsonLines()
    {
        // A byte order mark, CRLF endings, a blank line and no final newline: the corpus reader must see the same lines
        // as the CLI's splitter, and name the bad fourth line as line 4.
        var good = "\uFEFF{\"set\":\"a\",\"text\":\"[[Moscow|LOC]] said.\"}\r\n\r\n{\"set\":\"b\",\"text\":\"Hi \u00e9.\"}\r\n";
        var path = Path.Combine(Path.GetTempPath(), $"stancekit-lines-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, good + "{\"text\": 3}", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var error = Assert.Throws<FormatException>(() => EntityCorpus.ReadJsonl(path));
            Assert.That(error!.Message, Does.StartWith($"{path}:4: "));

            File.WriteAllText(path, good, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var examples = EntityCorpus.ReadJsonl(path);
            Assert.That(examples.Select(e => e.Text), Is.EqualTo(new[] { "Moscow said.", "Hi \u00e9." }));
            Assert.That(examples[0].Entities.Single().Span, Is.EqualTo(TextSpan.FromBounds(0, 6)));
            Assert.That(examples.Select(e => e.Group), Is.EqualTo(new[] { "a", "b" }));

            using var stream = File.OpenRead(path);
            var splitter = new StanceKit.Internal.ByteLineReader(stream);
            var lines = new List<string>();
            while (splitter.ReadLine() is { } bytes) lines.Add(Encoding.UTF8.GetString(bytes.Span));
            Assert.That(lines, Has.Count.EqualTo(3));
            Assert.That(lines[1], Is.Empty);
            Assert.That(lines.All(l => !l.EndsWith('\r')), Is.True);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
