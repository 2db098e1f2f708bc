namespace StanceKit.Tests.Entities;

public class EntityTaggerTests
{
    private static string WriteTrainingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stancekit-ent-{Guid.NewGuid():N}.jsonl");
        var lines = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            lines.Add($"{{\"set\":\"s{i % 7}\",\"text\":\"Residents of [[Velkaro{i}|LOC]] said [[Tomas Vrel{i}|PERSON]] left.\"}}");
            lines.Add($"{{\"set\":\"s{i % 5}\",\"text\":\"[[Marta Quon{i}|PERSON]] visited [[Brenvik{i}|LOC]] with [[Russian|NORP]] envoys.\"}}");
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void TrainingIsDeterministicAndTheModelLoads()
    {
        var data = WriteTrainingFile();
        var dir1 = Path.Combine(Path.GetTempPath(), $"stancekit-ent-{Guid.NewGuid():N}");
        var dir2 = Path.Combine(Path.GetTempPath(), $"stancekit-ent-{Guid.NewGuid():N}");
        try
        {
            var options = new EntityTaggerTrainingOptions { Epochs = 3, Bits = 12 };
            var r1 = EntityTaggerTrainer.Train([data], dir1, options);
            var r2 = EntityTaggerTrainer.Train([data], dir2, options);
            Assert.That(File.ReadAllBytes(r1.ModelPath), Is.EqualTo(File.ReadAllBytes(r2.ModelPath)));
            Assert.That(r1.DataHash, Is.EqualTo(r2.DataHash));
            Assert.That(File.ReadAllText(r1.CardPath), Does.Contain(r1.DataHash).And.Contain("micro"));
            Assert.That(r1.TrainExamples + r1.DevExamples, Is.EqualTo(60));

            using var fs = File.OpenRead(r1.ModelPath);
            var extractor = EntityExtractor.Create(Gazetteer.Default, fs);
            Assert.That(extractor.HasTagger, Is.True);
            var spans = new EntitySpan[8];
            const string text = "Residents of Velkaro99 said Tomas Vrel99 left.";
            int n = extractor.Extract(text.AsSpan(), spans);
            Assert.That(spans.Take(n).Select(s => $"{s.Span.GetText(text)}/{s.Type.ToWireName()}"),
                Is.EqualTo(new[] { "Velkaro99/LOC", "Tomas Vrel99/PERSON" }));
        }
        finally
        {
            File.Delete(data);
            if (Directory.Exists(dir1)) Directory.Delete(dir1, true);
            if (Directory.Exists(dir2)) Directory.Delete(dir2, true);
        }
    }

    [Test]
    public void CorruptModelIsRejected()
    {
        using var ms = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.That(() => EntityExtractor.Create(Gazetteer.Default, ms), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void BilouConstraintsForbidBrokenSequences()
    {
        int bPer = EntityTagger.Label(EntityType.Person, 0), iPer = EntityTagger.Label(EntityType.Person, 1);
        int lPer = EntityTagger.Label(EntityType.Person, 2), uLoc = EntityTagger.Label(EntityType.Loc, 3);
        int lLoc = EntityTagger.Label(EntityType.Loc, 2);
        Assert.That(EntityTagger.Allowed(0, iPer, last: false), Is.False);
        Assert.That(EntityTagger.Allowed(bPer, lLoc, last: true), Is.False);
        Assert.That(EntityTagger.Allowed(bPer, iPer, last: true), Is.False);
        Assert.That(EntityTagger.Allowed(bPer, lPer, last: true), Is.True);
        Assert.That(EntityTagger.Allowed(lPer, uLoc, last: true), Is.True);
        Assert.That(EntityTagger.Allowed(0, bPer, last: true), Is.False);
    }
}
