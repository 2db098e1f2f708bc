using System.Diagnostics;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Robustness;

/// <summary>
/// Training takes a <see cref="CancellationToken"/> too: a cancelled token stops every training API before any work;
/// cancelled mid-way, training stops at the next configuration, fold, epoch, sentence or (inside ML.NET) row read,
/// and nothing is written. The CLI's <c>train</c> and <c>train-entities</c> stop on Ctrl-C with exit code 130.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class TrainingCancellationTests
{
    private static CancellationToken Cancelled => new(canceled: true);

    /// <summary>Every 8th sentence of the stance corpus (about 800): seconds of training, all three labels.</summary>
    private static readonly Lazy<string> s_smallCorpus = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"stancekit-cancel-{Guid.NewGuid():N}.jsonl");
        var lines = Directory.GetFiles(Repo.Path("data", "stance", "raw"), "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines).Where(l => l.Length > 0).Where((_, i) => i % 8 == 0);
        File.WriteAllLines(path, lines);
        return path;
    });

    private static IReadOnlyList<StanceRecord> SmallRecords => StanceCorpus.Load(s_smallCorpus.Value);

    private static readonly FeatureRecipe s_small = new() { BucketBits = 12 };
    private static readonly TrainerOptions s_lbfgs = new() { Algorithm = "lbfgs", L2 = 0.1f, Iterations = 30 };

    [OneTimeTearDown]
    public void DeleteCorpus()
    {
        if (s_smallCorpus.IsValueCreated) File.Delete(s_smallCorpus.Value);
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), $"stancekit-cancel-{Guid.NewGuid():N}");

    // ------------------------------------------------------------------ a cancelled token: no work at all

    [Test]
    public void PreCancelledTokenStopsEveryStanceTrainingApiBeforeAnyWork()
    {
        // The inputs fail the test if they are read at all, and the data path does not exist: only the token can stop these.
        var untouched = new Untouchable<StanceRecord>();
        var classifier = StanceClassifier.Default;
        var config = new TrainingCandidate("small", s_small, s_lbfgs);
        var log = new StringWriter();
        var output = TempDir();
        var options = new TrainingOptions { DataPath = Path.Combine(output, "no-such-corpus"), OutputPath = output, Grid = [config], Folds = 2 };
        var trainer = new StanceTrainer();
        var featurized = trainer.Featurize(SmallRecords.Take(30), s_small);

        Assert.Multiple(() =>
        {
            Expect(() => StanceTraining.Run(options, log, Cancelled));
            Expect(() => StanceTraining.CrossValidate(untouched, config, _ => throw new AssertionException("fold asked"), 2, Cancelled));
            Expect(() => StanceTraining.EvaluateBaselineRecipe(untouched, untouched, Cancelled));
            Expect(() => StanceTraining.FitTemperature(classifier, untouched, Cancelled));
            Expect(() => StanceTraining.Evaluate(classifier, untouched, cancellationToken: Cancelled));
            Expect(() => trainer.Featurize(untouched, s_small, Cancelled));
            Expect(() => trainer.Fit(untouched, s_small, s_lbfgs, cancellationToken: Cancelled));
            Expect(() => trainer.Fit(featurized, s_small, s_lbfgs, cancellationToken: Cancelled));
            Expect(() => trainer.FitPipeline(untouched, s_small, s_lbfgs, Cancelled));
            Assert.That(log.ToString(), Is.Empty, "nothing logged");
            Assert.That(Directory.Exists(output), Is.False, "nothing written");
        });
    }

    [Test]
    public void PreCancelledTokenStopsEntityTrainingAndEvaluationBeforeAnyWork()
    {
        var untouched = new Untouchable<string>();
        var log = new StringWriter();
        var output = TempDir();
        Assert.Multiple(() =>
        {
            Expect(() => EntityTaggerTrainer.Train(untouched, output, log: log, cancellationToken: Cancelled));
            Expect(() => EntityTaggerTrainer.Train(untouched, output, Gazetteer.Default, new EntityTaggerTrainingOptions(), log, Cancelled));
            Expect(() => EntityEvaluation.Evaluate(EntityExtractor.Default, new Untouchable<EntityExample>(), Cancelled));
            Expect(() => EntityEvaluation.EvaluateFile(EntityExtractor.Default, Path.Combine(output, "no-such-file.jsonl"), Cancelled));
            Assert.That(log.ToString(), Is.Empty, "nothing logged");
            Assert.That(Directory.Exists(output), Is.False, "nothing written");
        });
    }

    private static void Expect(Action call)
    {
        var e = Assert.Throws<OperationCanceledException>(() => call());
        Assert.That(e?.CancellationToken.IsCancellationRequested, Is.True, "the exception carries the cancelled token");
    }

    // ------------------------------------------------------------------ cancelled mid-way

    [TestCase("  first", TestName = "RunCancelledAfterTheFirstConfigurationStopsThereAndWritesNothing")]
    [TestCase("chosen by grouped CV", TestName = "RunCancelledBeforeTheFinalFitStopsThereAndWritesNothing")]
    public void RunCancelledMidwayStopsAtTheNextCheckAndWritesNothing(string trigger)
    {
        using var cts = new CancellationTokenSource();
        var log = new CancellingWriter(cts, trigger);
        var output = TempDir();
        var options = new TrainingOptions
        {
            DataPath = s_smallCorpus.Value,
            OutputPath = output,
            Grid = [new("first", s_small, s_lbfgs), new("second", s_small, s_lbfgs with { L2 = 0.3f }), new("third", s_small, s_lbfgs with { L2 = 1f })],
            Folds = 2,
        };
        try
        {
            var e = Assert.Throws<OperationCanceledException>(() => StanceTraining.Run(options, log, cts.Token));
            Assert.That(e!.CancellationToken, Is.EqualTo(cts.Token));
            Assert.That(log.Lines, Is.Not.Empty);
            Assert.That(log.Lines[^1], Does.StartWith(trigger), "no progress line after the cancel:\n" + string.Join('\n', log.Lines));
            Assert.That(log.Lines.Count(l => l.StartsWith(trigger, StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(Directory.Exists(output), Is.False, "no model, no card, not even the folder");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }

    [Test]
    public void MLNetFitStopsWithinARowReadAndTheTrainerStaysUsable()
    {
        var records = SmallRecords;
        var featurized = new StanceTrainer().Featurize(records, s_small);
        int rowsPerPass = records.Count;

        // An uncancelled fit through the counting view: how many rows a whole training reads.
        var full = new CountingView(featurized, null, 0);
        new StanceTrainer().Fit(full, s_small, s_lbfgs);
        int cancelAt = rowsPerPass * 3 + rowsPerPass / 2; // mid-pass, inside the trainer (the label mapping reads the first pass)
        Assert.That(full.Rows, Is.GreaterThan(cancelAt + rowsPerPass), "the whole fit reads far more than the cancel point");

        using var cts = new CancellationTokenSource();
        var counting = new CountingView(featurized, cts, cancelAt);
        var trainer = new StanceTrainer();
        var e = Assert.Throws<OperationCanceledException>(() => trainer.Fit(counting, s_small, s_lbfgs, cancellationToken: cts.Token));
        Assert.That(e!.CancellationToken, Is.EqualTo(cts.Token), "ML.NET's wrapped exception comes out as our cancellation");
        TestContext.Out.WriteLine($"rows read: whole fit {full.Rows}, cancelled at {cancelAt}, read after the cancel {counting.Rows - cancelAt}");
        Assert.That(counting.Rows - cancelAt, Is.LessThanOrEqualTo(Environment.ProcessorCount), "at most one row per cursor in flight after the cancel");

        // The same trainer (and its MLContext) still trains, and gives the model a fresh trainer gives.
        Assert.That(Bytes(trainer.Fit(featurized, s_small, s_lbfgs)), Is.EqualTo(Bytes(new StanceTrainer().Fit(featurized, s_small, s_lbfgs))));
    }

    [Test]
    public void ACancellableTokenThatIsNotCancelledChangesNoModel()
    {
        // The CLI always passes a live token, so the watched data view must give exactly the models of the plain one.
        var records = SmallRecords;
        using var cts = new CancellationTokenSource();
        foreach (var spec in new[] { s_lbfgs, new TrainerOptions { Algorithm = "sdca", L2 = 1e-4f, Iterations = 5 } })
            Assert.That(Bytes(new StanceTrainer().Fit(records, s_small, spec, cancellationToken: cts.Token)), Is.EqualTo(Bytes(new StanceTrainer().Fit(records, s_small, spec))), spec.ToString());
    }

    [Test]
    public void FeaturizeAndEvaluateStopWithinOneSentence()
    {
        var records = SmallRecords;
        var classifier = StanceClassifier.Default;
        var trainer = new StanceTrainer();
        foreach (var run in new Action<IEnumerable<StanceRecord>, CancellationToken>[]
        {
            (r, ct) => trainer.Featurize(r, s_small, ct),
            (r, ct) => StanceTraining.Evaluate(classifier, r, cancellationToken: ct),
        })
        {
            using var cts = new CancellationTokenSource();
            int handedOut = 0;
            IEnumerable<StanceRecord> Records()
            {
                foreach (var r in records)
                {
                    if (handedOut == 5) cts.Cancel(); // after five sentences were processed
                    handedOut++;
                    yield return r;
                }
            }
            var e = Assert.Throws<OperationCanceledException>(() => run(Records(), cts.Token));
            Assert.That(e!.CancellationToken, Is.EqualTo(cts.Token));
            Assert.That(handedOut, Is.EqualTo(6), "the sentence handed out after the cancel is the last one asked for");
        }
    }

    [Test]
    public void EntityTrainingCancelledAfterTheFirstEpochRunsNoOtherEpochAndWritesNothing()
    {
        var data = Path.Combine(Path.GetTempPath(), $"stancekit-cancel-ent-{Guid.NewGuid():N}.jsonl");
        var lines = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            lines.Add($"{{\"set\":\"g{i % 9}\",\"text\":\"Farmers near [[Oskarveld{i}|LOC]] told [[Ilse Marrow{i}|PERSON]] the harvest failed.\"}}");
            lines.Add($"{{\"set\":\"g{i % 4}\",\"text\":\"[[Petra Lune{i}|PERSON]] flew to [[Quarnholt{i}|LOC]] with [[French|NORP]] diplomats.\"}}");
        }
        File.WriteAllLines(data, lines);
        var output = TempDir();
        using var cts = new CancellationTokenSource();
        var log = new CancellingWriter(cts, "  epoch 1:");
        try
        {
            var options = new EntityTaggerTrainingOptions { Epochs = 5, Bits = 12 };
            var e = Assert.Throws<OperationCanceledException>(() => EntityTaggerTrainer.Train([data], output, options, log, cts.Token));
            Assert.That(e!.CancellationToken, Is.EqualTo(cts.Token));
            var all = string.Join('\n', log.Lines);
            Assert.That(log.Lines[^1], Does.StartWith("  epoch 1:"), all);
            Assert.That(log.Lines.Count(l => l.Contains("epoch", StringComparison.Ordinal)), Is.EqualTo(1), "no other epoch ran:\n" + all);
            Assert.That(Directory.Exists(output), Is.False, "no model, no card, not even the folder");

            // The same data and options without a cancel train and write the model (so the cancel, not the data, stopped it).
            var report = EntityTaggerTrainer.Train([data], output, options, cancellationToken: CancellationToken.None);
            Assert.That(File.Exists(report.ModelPath), Is.True);
            Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "entity-tagger.bin", "card.md" }), "no temporary file left behind");
        }
        finally
        {
            File.Delete(data);
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }

    // ------------------------------------------------------------------ the CLI: Ctrl-C

    [TestCase("train-entities", "read ", "entity-tagger.bin", TestName = "CtrlCDuringTrainEntitiesIsExitCode130AndWritesNoModel")]
    [TestCase("train", "corpus ", "stance.skm", TestName = "CtrlCDuringTrainIsExitCode130AndWritesNoModel")]
    public void CtrlCDuringTrainingIsExitCode130AndWritesNoModel(string command, string interruptAfter, string modelFile)
    {
        var output = TempDir();
        try
        {
            string[] args = command == "train"
                ? ["train", "--data", Repo.Path("data", "stance", "raw"), "--out", output, "--quick"]
                : ["train-entities", "--data", Repo.Path("data", "stance"), "--out", output];
            using var p = Repo.StartCli(args);
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync();
            var seen = new StringBuilder();
            string? line;
            // Interrupt once training is under way: after its first progress line (train-entities has about two seconds
            // of work left then, train more than a minute).
            while ((line = p.StandardOutput.ReadLine()) is not null)
            {
                seen.AppendLine(line);
                if (line.StartsWith(interruptAfter, StringComparison.Ordinal)) break;
            }
            if (line is null) Assert.Fail($"the CLI ended before '{interruptAfter}':\n{seen}\n{stderr.Result}");
            Repo.Interrupt(p);
            var rest = p.StandardOutput.ReadToEndAsync();
            Repo.WaitForExit(p);
            Assert.That(p.ExitCode, Is.EqualTo(130), seen + rest.Result + stderr.Result);
            Assert.That(stderr.Result, Does.Contain("training cancelled; no model was written"));
            Assert.That(stderr.Result, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(rest.Result, Does.Not.Contain("wrote "));
            Assert.That(File.Exists(Path.Combine(output, modelFile)), Is.False, "no model under the final name");
            Assert.That(!Directory.Exists(output) || Directory.GetFiles(output).Length == 0, Is.True, "and no temporary or card file");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }

    // ------------------------------------------------------------------ helpers


    private static byte[] Bytes(StanceModel model)
    {
        using var ms = new MemoryStream();
        model.Save(ms);
        return ms.ToArray();
    }

    /// <summary>A list that fails the test when anything in it is read.</summary>
    private sealed class Untouchable<T> : IReadOnlyList<T>
    {
        public T this[int index] => throw new AssertionException("read after cancellation");
        public int Count => throw new AssertionException("read after cancellation");
        public IEnumerator<T> GetEnumerator() => throw new AssertionException("read after cancellation");
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Keeps the lines written to it; cancels when a line starts with the trigger.</summary>
    private sealed class CancellingWriter(CancellationTokenSource cts, string trigger) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public List<string> Lines { get; } = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\r') return;
            if (value != '\n') { _line.Append(value); return; }
            var line = _line.ToString();
            _line.Clear();
            Lines.Add(line);
            if (line.StartsWith(trigger, StringComparison.Ordinal)) cts.Cancel();
        }
    }

    /// <summary>Passes a data view through, counting the rows its cursors read; cancels after <c>cancelAt</c> rows.</summary>
    private sealed class CountingView(IDataView inner, CancellationTokenSource? cts, int cancelAt) : IDataView
    {
        private int _rows;

        public int Rows => Volatile.Read(ref _rows);

        public bool CanShuffle => inner.CanShuffle;
        public DataViewSchema Schema => inner.Schema;
        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            => new Cursor(this, inner.GetRowCursor(columnsNeeded, rand));

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => Array.ConvertAll(inner.GetRowCursorSet(columnsNeeded, n, rand), c => (DataViewRowCursor)new Cursor(this, c));

        private void Read()
        {
            if (Interlocked.Increment(ref _rows) == cancelAt) cts?.Cancel();
        }

        private sealed class Cursor(CountingView view, DataViewRowCursor inner) : DataViewRowCursor
        {
            public override DataViewSchema Schema => inner.Schema;
            public override long Position => inner.Position;
            public override long Batch => inner.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();
            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

            public override bool MoveNext()
            {
                bool more = inner.MoveNext();
                if (more) view.Read();
                return more;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
