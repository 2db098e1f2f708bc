using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// A stance model whose features read the dependency parse records the fingerprint of the parser it was trained on,
/// and a classifier refuses it under another parser (session 7: the embedded parser changed and the parse-family model
/// lost 1.5 points on our article set without any sign).
/// </summary>
public class ParserFingerprintTests
{
    private static readonly FeatureRecipe s_parse = new() { ParseStructure = true };

    private static StanceModel Model(FeatureRecipe recipe, string? fingerprint)
    {
        var meta = new Dictionary<string, string> { ["name"] = "fingerprint-test" };
        if (fingerprint is not null) meta[StanceClassifier.ParserFingerprintKey] = fingerprint;
        return new StanceModel(recipe, new float[recipe.Buckets * 3], [0f, 0f, 0f], 1f, meta);
    }

    [Test]
    public void TheEmbeddedParserHasAStableFingerprintOfItsBytes()
    {
        var fingerprint = DependencyParser.Default.Fingerprint;
        Assert.That(fingerprint, Does.Match("^[0-9A-F]{16}$"));
        // The same bytes loaded from the model file give the same fingerprint.
        Assert.That(DependencyParser.Load(Repo.Path("models", "parser", "parser.bin")).Fingerprint, Is.EqualTo(fingerprint));
        Assert.That(DependencyParser.Load(Repo.Path("models", "parser", "parser-beam8.bin")).Fingerprint, Is.Not.EqualTo(fingerprint));
    }

    [Test]
    public void AParseModelTrainedWithAnotherParserIsRefusedNamingBoth()
    {
        var model = Model(s_parse, "0123456789ABCDEF");
        var e = Assert.Throws<InvalidModelException>(() => _ = new StanceClassifier(model));
        Assert.That(e!.Message, Does.Contain("0123456789ABCDEF").And.Contain(DependencyParser.Default.Fingerprint).And.Contain("Retrain"));
    }

    [Test]
    public void AParseModelTrainedWithThisParserIsAccepted() =>
        Assert.That(new StanceClassifier(Model(s_parse, DependencyParser.Default.Fingerprint)).Model.Recipe.ParseStructure, Is.True);

    [Test]
    public void AModelWithoutAFingerprintOrWithoutTheParseIsAcceptedAsBefore()
    {
        // Files written before the fingerprint was recorded carry none; a model that does not read the parse ignores it.
        Assert.DoesNotThrow(() => _ = new StanceClassifier(Model(s_parse, null)));
        Assert.DoesNotThrow(() => _ = new StanceClassifier(Model(new FeatureRecipe(), "0123456789ABCDEF")));
    }

    [Test]
    public void TheFingerprintSurvivesSavingAndLoading()
    {
        using var ms = new MemoryStream();
        Model(s_parse, DependencyParser.Default.Fingerprint).Save(ms);
        ms.Position = 0;
        Assert.That(StanceModel.Load(ms).Metadata[StanceClassifier.ParserFingerprintKey], Is.EqualTo(DependencyParser.Default.Fingerprint));
    }

    [Test]
    public void TheShippedParseModelWasTrainedWithTheEmbeddedParser()
    {
        // models/parse must be retrained whenever the embedded parser changes; this test says so.
        var model = StanceModel.Load(Repo.Path("models", "parse", "stance.skm"));
        Assert.That(model.Metadata[StanceClassifier.ParserFingerprintKey], Is.EqualTo(DependencyParser.Default.Fingerprint));
        Assert.DoesNotThrow(() => _ = new StanceClassifier(model));
    }
}
