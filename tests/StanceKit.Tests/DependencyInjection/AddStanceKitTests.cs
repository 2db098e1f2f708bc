using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StanceKit.Extensions.DependencyInjection;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.DependencyInjection;

/// <summary><c>services.AddStanceKit(o => ...)</c>: a singleton analyzer through the options pattern, logged at model load only.</summary>
public class AddStanceKitTests
{
    private sealed class CapturingLogger : ILogger<StanceAnalyzer>
    {
        public List<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, eventId, formatter(state, exception), exception));
        }
    }

    private static (ServiceProvider Provider, CapturingLogger Log) Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        var log = new CapturingLogger();
        services.AddSingleton<ILogger<StanceAnalyzer>>(log);
        register(services);
        return (services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), log);
    }

    [Test]
    public void RegistersOneSharedAnalyzerOverTheDefaultModel()
    {
        var (provider, _) = Build(s => s.AddStanceKit());
        using (provider)
        {
            var a = provider.GetRequiredService<StanceAnalyzer>();
            Assert.That(provider.GetRequiredService<StanceAnalyzer>(), Is.SameAs(a));
            using (var scope = provider.CreateScope()) Assert.That(scope.ServiceProvider.GetRequiredService<StanceAnalyzer>(), Is.SameAs(a));
            Assert.That(provider.GetRequiredService<StanceClassifier>(), Is.SameAs(a.Classifier));
            Assert.That(a.Classifier.Model.Name, Is.EqualTo(StanceModel.Default.Name));
            Assert.That((a.DefaultTarget, a.Segmenter.MaxSentenceLength), Is.EqualTo(((string?)null, SentenceSegmenter.DefaultMaxSentenceLength)));
            var doc = a.Analyze(ReportDom.Sample.Text);
            Assert.That(doc.Sentences.Select(s => s.Stance), Is.EqualTo(ReportDom.Sample.Sentences.Select(s => s.Stance)));
        }
    }

    [Test]
    public void OptionsSetTargetAndMaximumSentenceLength()
    {
        var (provider, _) = Build(s => s.AddStanceKit(o => { o.DefaultTarget = "Philippines"; o.MaxSentenceLength = 300; }));
        using (provider)
        {
            var a = provider.GetRequiredService<StanceAnalyzer>();
            Assert.That((a.DefaultTarget, a.Segmenter.MaxSentenceLength), Is.EqualTo(("Philippines", 300)));
            var doc = a.Analyze(ReportDom.Sample.Text);
            Assert.That((doc.Target, doc.TargetInferred), Is.EqualTo(("Philippines", false)));
            Assert.That(doc.Sentences.Select(s => s.Span.Length), Is.All.LessThanOrEqualTo(300));
        }
    }

    [Test]
    public void OptionsConfiguredElsewhereAreHonoured()
    {
        var (provider, _) = Build(s => { s.AddStanceKit(); s.Configure<StanceKitOptions>(o => o.DefaultTarget = "China"); });
        using (provider) Assert.That(provider.GetRequiredService<StanceAnalyzer>().DefaultTarget, Is.EqualTo("China"));
    }

    [Test]
    public void CarryingSpeakersAndTheDocumentPriorAreOnUnlessConfiguredOff()
    {
        var (on, _) = Build(s => s.AddStanceKit());
        using (on) Assert.That((on.GetRequiredService<StanceAnalyzer>().Options.CarrySpeakers, on.GetRequiredService<StanceAnalyzer>().Options.DocumentPrior), Is.EqualTo((true, StanceAnalyzerOptions.DefaultDocumentPrior)));
        var (off, _) = Build(s => s.AddStanceKit(o => { o.CarrySpeakers = false; o.DocumentPrior = 0f; }));
        using (off) Assert.That((off.GetRequiredService<StanceAnalyzer>().Options.CarrySpeakers, off.GetRequiredService<StanceAnalyzer>().Options.DocumentPrior), Is.EqualTo((false, 0f)));
    }

    [Test]
    public void ModelIsLoadedFromTheConfiguredFileAndLoggedOnceNeverWhileAnalysing()
    {
        var path = Path.GetTempFileName();
        try
        {
            StanceModel.Default.With(1f, new Dictionary<string, string> { ["name"] = "custom-model", ["version"] = "7" }).Save(path);
            var (provider, log) = Build(s => s.AddStanceKit(o => o.ModelPath = path));
            using (provider)
            {
                var a = provider.GetRequiredService<StanceAnalyzer>();
                Assert.That((a.Classifier.Model.Name, a.Classifier.Model.Version), Is.EqualTo(("custom-model", "7")));
                var loaded = log.Entries.Single(e => e.Id.Name == "ModelLoaded");
                Assert.That((loaded.Level, loaded.Id.Id), Is.EqualTo((LogLevel.Information, 2)));
                Assert.That(loaded.Message, Does.Contain("custom-model").And.Contain("version 7").And.Contain(path));
                Assert.That(log.Entries.Single(e => e.Id.Name == "LoadingModel").Level, Is.EqualTo(LogLevel.Debug));
                int atLoad = log.Entries.Count;

                for (int i = 0; i < 20; i++) provider.GetRequiredService<StanceAnalyzer>().Analyze(ReportDom.Sample.Text);
                Assert.That(log.Entries, Has.Count.EqualTo(atLoad), "nothing is logged in the hot path");
            }
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void AModelInstanceCanBeGiven()
    {
        var model = StanceModel.Default.With(1f, new Dictionary<string, string> { ["name"] = "in-memory" });
        var (provider, _) = Build(s => s.AddStanceKit(o => o.Model = model));
        using (provider) Assert.That(provider.GetRequiredService<StanceAnalyzer>().Classifier.Model, Is.SameAs(model));
    }

    [Test]
    public void ACorruptModelFileFailsResolutionAndIsLoggedAsAnError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
            var (provider, log) = Build(s => s.AddStanceKit(o => o.ModelPath = path));
            using (provider)
            {
                Assert.That(() => provider.GetRequiredService<StanceAnalyzer>(), Throws.TypeOf<InvalidModelException>());
                var error = log.Entries.Single(e => e.Level == LogLevel.Error);
                Assert.That(error.Id.Name, Is.EqualTo("ModelLoadFailed"));
                Assert.That(error.Exception, Is.TypeOf<InvalidModelException>());
                Assert.That(error.Message, Does.Contain(path));
            }
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void AMissingModelFileFailsResolution()
    {
        var (provider, log) = Build(s => s.AddStanceKit(o => o.ModelPath = "/nonexistent/stance.skm"));
        using (provider)
        {
            // Options validation, like every other configuration error (was DirectoryNotFoundException from the load).
            Assert.That(() => provider.GetRequiredService<StanceAnalyzer>(),
                Throws.TypeOf<OptionsValidationException>().With.Message.Contains("/nonexistent/stance.skm").And.Message.Contains("ModelPath"));
            Assert.That(log.Entries.Count(e => e.Id.Name == "LoadingModel"), Is.Zero);
        }
    }

    [TestCase(0)]
    [TestCase(10)]
    public void InvalidOptionsAreRejected(int maxSentenceLength)
    {
        var (provider, _) = Build(s => s.AddStanceKit(o => o.MaxSentenceLength = maxSentenceLength));
        using (provider)
            Assert.That(() => provider.GetRequiredService<StanceAnalyzer>(), Throws.TypeOf<OptionsValidationException>().With.Message.Contains("MaxSentenceLength"));
    }

    [Test]
    public void ModelAndModelPathTogetherAreRejected()
    {
        var (provider, _) = Build(s => s.AddStanceKit(o => { o.Model = StanceModel.Default; o.ModelPath = "x.skm"; }));
        using (provider)
            Assert.That(() => provider.GetRequiredService<StanceAnalyzer>(), Throws.TypeOf<OptionsValidationException>());
    }

    [Test]
    public void AnUnknownTargetIsAWarning()
    {
        var (provider, log) = Build(s => s.AddStanceKit(o => o.DefaultTarget = "Freedonia"));
        using (provider)
        {
            provider.GetRequiredService<StanceAnalyzer>();
            Assert.That(log.Entries.Single(e => e.Level == LogLevel.Warning).Message, Does.Contain("Freedonia"));
        }
    }

    [Test]
    public void WorksWithoutLogging()
    {
        var services = new ServiceCollection().AddStanceKit(o => o.DefaultTarget = "Russia");
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<StanceAnalyzer>().Analyze("The Kremlin said the strikes hit military targets.").Target, Is.EqualTo("Russia"));
    }

    [Test]
    public void ArgumentsAreChecked()
    {
        Assert.That(() => StanceKitServiceCollectionExtensions.AddStanceKit(null!), Throws.ArgumentNullException);
        Assert.That(() => new ServiceCollection().AddStanceKit(null!), Throws.ArgumentNullException);
    }
}
