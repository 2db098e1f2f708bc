namespace StanceKit.Tests.Core;

/// <summary>
/// The language data object is what the segmenter, the extractor and the featurizer read their word lists and
/// gazetteer from; a public constructor that takes a gazetteer builds English with it.
/// </summary>
public class LanguageDataTests
{
    private static readonly string s_article = File.ReadAllText(Support.Repo.Path("samples", "article.txt"));

    [Test]
    public void EnglishWithItsOwnGazetteerIsEnglish()
    {
        Assert.That(LanguageData.English.Name, Is.EqualTo("en"));
        Assert.That(LanguageData.English.Gazetteer, Is.SameAs(Gazetteer.Default));
        Assert.That(LanguageData.English.WithGazetteer(Gazetteer.Default), Is.SameAs(LanguageData.English));
    }

    [Test]
    public void AnotherGazetteerKeepsTheWordListsAndReachesEveryComponent()
    {
        var gazetteer = Gazetteer.Load([("people.tsv", new StringReader("Jane Roquefort\tPERSON\tofficial\tUnited States\tRoquefort\n"))]);
        var language = LanguageData.English.WithGazetteer(gazetteer);
        Assert.That(language.Gazetteer, Is.SameAs(gazetteer));
        Assert.That(language.Words, Is.SameAs(LanguageData.English.Words));
        Assert.That(language.Segmentation, Is.SameAs(LanguageData.English.Segmentation));
        Assert.That(language.Cues, Is.SameAs(LanguageData.English.Cues));

        // The public constructors that take a gazetteer build English with it.
        var extractor = new EntityExtractor(gazetteer);
        Assert.That(extractor.Language.Gazetteer, Is.SameAs(gazetteer));
        Assert.That(extractor.Language.Words, Is.SameAs(LanguageData.English.Words));
        Assert.That(extractor.Extract("Jane Roquefort spoke in the city."), Has.Some.Matches<EntityMention>(m => m!.Canonical == "Jane Roquefort" && m.Type == EntityType.Person));
    }

    [Test]
    public void ComponentsBuiltFromEnglishGiveTheDefaultsResults()
    {
        var segmenter = new SentenceSegmenter(LanguageData.English);
        Assert.That(segmenter.Segment(s_article), Is.EqualTo(SentenceSegmenter.Default.Segment(s_article)));

        var extractor = new EntityExtractor(LanguageData.English, EntityExtractor.Default.Tagger);
        Assert.That(extractor.Extract(s_article), Is.EqualTo(EntityExtractor.Default.Extract(s_article)));

        var recipe = StanceModel.Default.Recipe;
        var fromLanguage = new StanceFeaturizer(recipe, LanguageData.English);
        var fromGazetteer = new StanceFeaturizer(recipe, Gazetteer.Default);
        var scratch = StanceFeaturizer.GetScratch();
        foreach (var sentence in SentenceSegmenter.Default.Segment(s_article).Select(s => s.GetText(s_article)))
        {
            int n = fromLanguage.Featurize(sentence, "Russia", scratch, out _);
            var first = (scratch.Indices.AsSpan(0, n).ToArray(), scratch.Values.AsSpan(0, n).ToArray());
            int m = fromGazetteer.Featurize(sentence, "Russia", scratch, out _);
            Assert.That((scratch.Indices.AsSpan(0, m).ToArray(), scratch.Values.AsSpan(0, m).ToArray()), Is.EqualTo(first), sentence);
        }
    }
}
