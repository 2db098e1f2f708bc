using StanceKit.ML;
using StanceKit.Tests.Support;

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
            var extractor = EntityExtractor.Load(fs, Gazetteer.Default);
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

    /// <summary>A dense table with a fixed seed: about a third of the rows set, some weights in them zero or negative.</summary>
    private static float[] RandomDenseTable(int bits, int seed)
    {
        var rng = new Random(seed);
        var dense = new float[(1 << bits) * EntityTagger.LabelCount];
        for (int b = 0; b < 1 << bits; b++)
        {
            if (rng.Next(3) != 0) continue;
            for (int l = 0; l < EntityTagger.LabelCount; l++)
                dense[b * EntityTagger.LabelCount + l] = rng.Next(4) == 0 ? 0f : (float)(rng.NextDouble() * 8 - 4);
        }
        return dense;
    }

    /// <summary>The model file the dense table always gave: every non-zero row, in ascending bucket order.</summary>
    private static byte[] DenseFile(float[] dense, int bits, IEnumerable<int>? order = null)
    {
        const int L = EntityTagger.LabelCount;
        var rows = (order ?? Enumerable.Range(0, 1 << bits)).Where(b => dense.AsSpan(b * L, L).ContainsAnyExcept(0f)).ToList();
        using var ms = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(ms, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        using (var w = new BinaryWriter(z))
        {
            w.Write(0x5445_4B53u); w.Write(EntityTagger.FormatVersion); w.Write(EntityTagger.FeatureVersion); w.Write(bits); w.Write(L); w.Write(rows.Count);
            foreach (int b in rows)
            {
                w.Write(b);
                for (int l = 0; l < L; l++) w.Write(dense[b * L + l]);
            }
        }
        return ms.ToArray();
    }

    [Test]
    public void SparseRowsScoreBitForBitAsTheDenseTableAndSaveWritesTheSameFile()
    {
        const int bits = 10, L = EntityTagger.LabelCount;
        var dense = RandomDenseTable(bits, seed: 20240611);
        int stored = Enumerable.Range(0, 1 << bits).Count(b => dense.AsSpan(b * L, L).ContainsAnyExcept(0f));
        var tagger = new EntityTagger(dense, bits, Gazetteer.Default);
        Assert.That(tagger.RowCount, Is.EqualTo(stored));

        using var saved = new MemoryStream();
        tagger.Save(saved);
        Assert.That(saved.ToArray(), Is.EqualTo(DenseFile(dense, bits)));
        var loaded = EntityTagger.Load(new MemoryStream(saved.ToArray()), Gazetteer.Default);
        Assert.That(loaded.RowCount, Is.EqualTo(stored));

        // The dense table's sum: every feature's row added in feature order, a missing row adding zeros.
        var rng = new Random(7);
        var feats = new ulong[EntityFeatures.MaxFeatures];
        var expected = new float[L];
        var fromDense = new float[L];
        var fromFile = new float[L];
        for (int v = 0; v < 5000; v++)
        {
            int n = rng.Next(1, feats.Length + 1);
            for (int i = 0; i < n; i++) feats[i] = (ulong)rng.NextInt64();
            Array.Clear(expected);
            for (int i = 0; i < n; i++)
            {
                int row = (int)(feats[i] & ((1UL << bits) - 1)) * L;
                for (int l = 0; l < L; l++) expected[l] += dense[row + l];
            }
            tagger.Score(feats.AsSpan(0, n), fromDense);
            loaded.Score(feats.AsSpan(0, n), fromFile);
            var bitsOf = (float[] a) => a.Select(BitConverter.SingleToInt32Bits).ToArray();
            Assert.That(bitsOf(fromDense), Is.EqualTo(bitsOf(expected)), $"vector {v}");
            Assert.That(bitsOf(fromFile), Is.EqualTo(bitsOf(expected)), $"vector {v}");
        }
    }

    [Test]
    public void RowsStoredOutOfOrderLoadAndSaveInBucketOrder()
    {
        // Files written by other tools may list rows in any order; loading accepts that and saving restores the canonical bytes.
        const int bits = 9;
        var dense = RandomDenseTable(bits, seed: 5);
        var shuffled = Enumerable.Range(0, 1 << bits).OrderBy(b => (b * 7919) % 509).ToList();
        var tagger = EntityTagger.Load(new MemoryStream(DenseFile(dense, bits, shuffled)), Gazetteer.Default);
        using var saved = new MemoryStream();
        tagger.Save(saved);
        Assert.That(saved.ToArray(), Is.EqualTo(DenseFile(dense, bits)));
    }

    [Test]
    public void TheEmbeddedTaggerSavesToTheShippedFile()
    {
        // The sparse table keeps every stored row: saving the embedded model rewrites models/entity-tagger byte for byte.
        var tagger = EntityTagger.Default;
        Assert.That(tagger, Is.Not.Null);
        using var saved = new MemoryStream();
        tagger!.Save(saved);
        Assert.That(saved.ToArray(), Is.EqualTo(File.ReadAllBytes(Repo.Path("models", "entity-tagger", "entity-tagger.bin"))));
    }

    [Test]
    public void CorruptModelIsRejected()
    {
        using var ms = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.That(() => EntityExtractor.Load(ms, Gazetteer.Default), Throws.InstanceOf<InvalidModelException>());
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
