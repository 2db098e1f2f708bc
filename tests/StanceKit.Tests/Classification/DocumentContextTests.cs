using StanceKit.Tests.Robustness;

namespace StanceKit.Tests.Classification;

/// <summary>
/// Document context: a person named in full once ("Foreign Ministry spokeswoman Mao Ning") is that person in every
/// sentence of the document, a lone surname included ("...," Mao told a briefing), and a person the gazetteer does not
/// know takes the actor the document introduces them by ("Iranian government spokeswoman Fatemeh Mohajerani").
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class DocumentContextTests
{
    // Document context is about each sentence's own features, so these tests read scores without the document prior,
    // which weighs a document's sentences on each other (DocumentPriorTests), and without speakers carried from the
    // sentence before (SpeakerCarryTests).
    private static readonly StanceAnalyzer s_analyzer = new(StanceClassifier.Default, options: new StanceAnalyzerOptions { DocumentPrior = 0f, CarrySpeakers = false });

    [Test]
    public void ALoneSurnameOfAPersonNamedInFullIsThatPerson()
    {
        const string text = "Foreign Ministry spokeswoman Mao Ning rejected the criticism on Wednesday. \"The other side is stirring up trouble,\" Mao told a regular news briefing in Beijing.";
        var mentions = EntityExtractor.Default.Extract(text);
        var mao = mentions.Single(m => text.Substring(m.Span.Start, m.Span.Length) == "Mao");
        Assert.That(mao.Type, Is.EqualTo(EntityType.Person));
        Assert.That(mao.Canonical, Is.EqualTo("Mao Ning"));
    }

    [Test]
    public void ANameWordOpeningASentenceIsNotTakenForThePerson()
    {
        // "Rose" opens a sentence: a common word there, not the person named earlier.
        const string text = "Analyst Rose Kamara said the vote was calm. Rose petals covered the square after the count.";
        var mentions = EntityExtractor.Default.Extract(text);
        Assert.That(mentions.Any(m => m.Span.Start == text.IndexOf("Rose petals", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void TheAnalyzerScoresALoneSurnameAsThePersonNamedInFull()
    {
        var article = File.ReadAllText(Support.Repo.Path("samples", "article.txt"));
        var doc = s_analyzer.Analyze(article, "China");
        var sentence = doc.Sentences.Single(s => s.Text.Contains("Mao told", StringComparison.Ordinal));
        var full = StreamingTests.WithFullNames(sentence.Text, sentence.Span.Start, sentence.Entities);
        Assert.That(full, Does.Contain("Mao Ning told"));
        // Exactly the scores of the sentence with the full name, and not those of the sentence read alone.
        Assert.That(sentence.Scores, Is.EqualTo(s_analyzer.Classifier.Predict(full, "China").Scores));
        Assert.That(sentence.Scores, Is.Not.EqualTo(s_analyzer.Classifier.Predict(sentence.Text, "China").Scores));
    }

    [Test]
    public void APersonIntroducedByAStateRoleSpeaksForThatState()
    {
        const string first = "Iranian government spokeswoman Fatemeh Mohajerani said the talks would continue.";
        const string second = "Mohajerani said the sanctions had failed to weaken the country.";
        var doc = s_analyzer.Analyze(first + " " + second, "Iran");
        var scored = doc.Sentences[1].Scores;
        // The same features as a spokesperson the gazetteer knows for Iran (both are a voice of the target).
        Assert.That(scored, Is.EqualTo(s_analyzer.Classifier.Predict(second.Replace("Mohajerani", "Esmaeil Baghaei", StringComparison.Ordinal), "Iran").Scores));
        Assert.That(scored, Is.Not.EqualTo(s_analyzer.Classifier.Predict(second, "Iran").Scores));
    }

    [TestCase("Human Rights Watch researcher Leila Mourad said the detentions were arbitrary. Mourad said families had no news.", "Human Rights Watch")]
    [TestCase("Iranian fisherman Reza Karimi said the catch was poor. Karimi said prices had doubled.", null)]
    [TestCase("Iran and Fatemeh Mohajerani were mentioned. Mohajerani said nothing.", null)]
    public void RolesAreTakenOnlyFromARolePhrase(string text, string? body)
    {
        var mentions = EntityExtractor.Default.Extract(text);
        var actors = DocumentActors.Build(text, mentions, Gazetteer.Default);
        int second = text.IndexOf(". ", StringComparison.Ordinal) + 2;
        var inSecond = mentions.Where(m => m.Span.Start >= second).ToList();
        var known = actors.InSentence(inSecond, second);
        if (body is null)
        {
            Assert.That(known, Is.Empty);
            return;
        }
        Assert.That(Gazetteer.Default.TryResolve(body, out var entry), Is.True);
        Assert.That(known, Has.Length.EqualTo(1));
        Assert.That(known[0].Entry.Kind, Is.EqualTo(entry.Kind));
        Assert.That(text.AsSpan(second)[known[0].Start..known[0].End].ToString(), Is.EqualTo("Mourad"));
    }
}
