using StanceKit.Tests.Support;

namespace StanceKit.Tests.Parsing;

public class ParseCliTests
{
    private const string Input =
        "{\"id\":1,\"text\":\"Officials in Kyiv don't think Russia's army will stop. “We’ll see,” he said.\"}\n" +
        "{\"id\":2,\"text\":\"\"}\n" +
        "{\"id\":3,\"text\":\"Tabs\\there and a line\\nbreak. Second one!\"}\n";

    [Test]
    public void JsonlOutputHasWellFormedTrees()
    {
        var (exit, stdout, stderr) = Repo.RunCli(Input, "parse", "--jsonl", "-");
        Assert.That(exit, Is.Zero, stderr);
        var lines = Repo.JsonLines(stdout);
        Assert.That(lines, Has.Count.EqualTo(3));
        var texts = new[] { "Officials in Kyiv don't think Russia's army will stop. “We’ll see,” he said.", "", "Tabs\there and a line\nbreak. Second one!" };
        int sentences = 0;
        for (int r = 0; r < 3; r++)
        {
            foreach (var s in lines[r].GetProperty("sentences").EnumerateArray())
            {
                sentences++;
                var span = TextSpan.FromBounds(s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32());
                var tokens = s.GetProperty("tokens").EnumerateArray().Select(t =>
                {
                    Assert.That(UniversalPosNames.TryParse(t.GetProperty("upos").GetString(), out var pos), Is.True);
                    Assert.That(DependencyRelationNames.TryParse(t.GetProperty("rel").GetString(), out var rel), Is.True);
                    return new ParsedToken(t.GetProperty("start").GetInt32(), t.GetProperty("end").GetInt32(), pos, t.GetProperty("head").GetInt32(), rel);
                }).ToArray();
                Assert.That(span.End, Is.LessThanOrEqualTo(texts[r].Length));
                ParseAssert.WellFormed(tokens, span, $"record {r + 1}");
            }
        }
        Assert.That(sentences, Is.EqualTo(4));
        Assert.That(lines[0].GetProperty("id").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void ConlluOutputIsWellFormed()
    {
        var (exit, stdout, stderr) = Repo.RunCli(Input, "parse", "--jsonl", "-", "--format", "conllu");
        Assert.That(exit, Is.Zero, stderr);
        var blocks = stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(blocks, Has.Length.EqualTo(4));
        var ids = new HashSet<string>();
        foreach (var block in blocks)
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines[0], Does.StartWith("# sent_id = "));
            Assert.That(ids.Add(lines[0]), Is.True, "sent_id unique");
            Assert.That(lines[1], Does.StartWith("# text = "));
            var words = lines.Skip(2).Select(l => l.Split('\t')).ToArray();
            Assert.That(words, Is.Not.Empty);
            int roots = 0;
            var heads = new int[words.Length + 1];
            for (int i = 0; i < words.Length; i++)
            {
                var cols = words[i];
                Assert.That(cols, Has.Length.EqualTo(10), string.Join("|", cols));
                Assert.That(cols[0], Is.EqualTo((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), "ids consecutive from 1");
                Assert.That(cols[1], Is.Not.Empty.And.Not.Contain(' ').Or.Not.Empty);
                Assert.That(UniversalPosNames.TryParse(cols[3], out _), Is.True, cols[3]);
                int head = int.Parse(cols[6], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(head, Is.InRange(0, words.Length));
                Assert.That(head, Is.Not.EqualTo(i + 1));
                Assert.That(DependencyRelationNames.TryParse(cols[7], out var rel), Is.True, cols[7]);
                Assert.That(head == 0, Is.EqualTo(rel == DependencyRelation.Root));
                if (head == 0) roots++;
                heads[i + 1] = head;
            }
            Assert.That(roots, Is.EqualTo(1));
            // UD validation level 2 ("text" metadata): the forms, joined by one space unless MISC says
            // SpaceAfter=No, give back the "# text" line exactly; MISC holds nothing else.
            var rebuilt = new System.Text.StringBuilder();
            for (int i = 0; i < words.Length; i++)
            {
                Assert.That(words[i][9], Is.EqualTo("_").Or.EqualTo("SpaceAfter=No"), "MISC");
                Assert.That(words[i][1], Does.Not.Contain(' ').And.Not.Contain('\t'), "FORM");
                rebuilt.Append(words[i][1]);
                if (i < words.Length - 1 && words[i][9] != "SpaceAfter=No") rebuilt.Append(' ');
            }
            Assert.That(rebuilt.ToString(), Is.EqualTo(lines[1]["# text = ".Length..]), "# text equals the forms and their spacing");
            for (int i = 1; i <= words.Length; i++)
            {
                int k = i, steps = 0;
                while (heads[k] != 0 && steps <= words.Length) { k = heads[k]; steps++; }
                Assert.That(steps, Is.LessThanOrEqualTo(words.Length), "no cycle");
            }
        }
        Assert.That(stdout, Does.Contain("\tn't\t"));
    }
}
