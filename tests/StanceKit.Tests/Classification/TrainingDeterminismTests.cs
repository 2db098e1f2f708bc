using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>`stancekit train` promises the same model from the same data: fixed seed, one thread.</summary>
public class TrainingDeterminismTests
{
    [Test]
    public void TwoFitsOnTheSameDataGiveByteIdenticalModels()
    {
        var corpus = StanceCorpus.Load(Repo.Path("data", "stance", "raw"));
        var sample = corpus.Where((_, i) => i % 5 == 0).ToList();
        var settings = new FeaturizerSettings();
        foreach (var spec in new[] { new TrainerSpec("lbfgs", 0.03f, 0, 100), new TrainerSpec("sdca", 1e-4f, 0, 10) })
        {
            byte[] Train()
            {
                var model = new StanceTrainer().Fit(sample, settings, spec);
                using var ms = new MemoryStream();
                model.Save(ms);
                return ms.ToArray();
            }
            var first = Train();
            var second = Train();
            Assert.That(second, Is.EqualTo(first), spec.ToString());
        }
    }
}
