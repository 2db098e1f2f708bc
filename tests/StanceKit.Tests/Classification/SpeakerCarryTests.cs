using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>
/// Carrying a speaker across the sentences of a document (<see cref="StanceAnalyzerOptions.CarrySpeakers"/>): a sentence
/// with no speech event of its own that continues a quotation speaks with the previous sentence's main-clause speaker,
/// and a subject pronoun with nothing before it stands for that speaker. Both directions are tested: what is carried and
/// what is not (a new attribution, a narrator sentence in between, a scare quote, a paragraph that closes the quote).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class SpeakerCarryTests
{
    private static readonly StanceClassifier s_classifier = StanceClassifier.Default;
    // Carrying changes a sentence's features; these tests read each sentence's scores without the document prior, which
    // weighs a document's sentences on each other afterwards (DocumentPriorTests).
    private static readonly StanceAnalyzer s_analyzer = new(StanceClassifier.Default, options: StanceAnalyzerOptions.Default with { DocumentPrior = 0f, CarrySpeakers = false });
    private static readonly StanceAnalyzer s_carrying = new(s_analyzer.Scorer, s_analyzer.Segmenter, s_analyzer.Extractor, s_analyzer.Options with { CarrySpeakers = true });

    // ---- The quotation shape of one sentence ----

    [TestCase("\"It is a provocation and a violation of our sovereignty.\"", true)]
    [TestCase("\u201CIt is a provocation.\u201D", true)]
    [TestCase("  \"It is a provocation\".", true)]
    [TestCase("\"We will not accept this, and we will respond", true)] // the quote runs on into the next sentence
    [TestCase("'It is a provocation,' and 'a violation'.", false)]
    [TestCase("'We won't accept it.'", true)] // an apostrophe inside a word closes nothing
    [TestCase("\u00ABIt is a provocation.\u00BB", true)]
    [TestCase("\"Terrorists\" attacked the base overnight.", false)] // a scare quote, then the narrator
    [TestCase("\"It is a provocation,\" the minister said.", false)]
    [TestCase("The minister said: \"It is a provocation.\"", false)]
    [TestCase("It is a provocation.", false)]
    [TestCase("", false)]
    [TestCase("\"", true)]
    public void ASentenceIsAllQuoteWhenItsOpeningQuoteRunsToItsEnd(string sentence, bool expected)
        => Assert.That(SpeakerCarry.IsAllQuote(sentence), Is.EqualTo(expected));

    [TestCase("The ministry said: \"We will respond firmly.", false, true)]
    [TestCase("It is a provocation.", true, true)]
    [TestCase("We will not accept it.\"", true, false)]
    [TestCase("\"We will respond,\" he said.", false, false)]
    [TestCase("\u201CWe will respond.", false, true)]
    [TestCase("It is a provocation.\u201D", true, false)]
    [TestCase("Officials' \"concerns\" were noted.", false, false)]
    public void ADoubleQuotationIsFollowedAcrossTheSentence(string sentence, bool before, bool after)
        => Assert.That(SpeakerCarry.QuoteOpenAfter(sentence, before), Is.EqualTo(after));

    // ---- Documents: which sentence gets which speaker ----

    [TestCase("\"We will not accept this,\" the foreign minister said. \"It is a provocation and a violation of our sovereignty.\"", 1, "tgt", TestName = "A quote after a quoted official speaks with the official")]
    [TestCase("\u201CWe will not accept this,\u201D the foreign minister said. \u201CIt is a provocation.\u201D", 1, "tgt", TestName = "Curly quotes")]
    [TestCase("'We will not accept this,' the foreign minister said. 'It is a provocation.'", 1, "tgt", TestName = "Single quotes")]
    [TestCase("Amnesty International said the detentions were arbitrary. \"Families have had no news of their relatives for months.\"", 1, "ngo", TestName = "A quote after a rights group's paraphrase is the rights group's")]
    [TestCase("The ministry said on Tuesday: \"We will respond firmly to any provocation. This is a violation of our sovereignty.\"", 1, "tgt", TestName = "A quotation the previous sentence left open")]
    [TestCase("\"We will not accept this,\" the foreign minister said. \"It is a provocation.\" \"Our patience has limits.\"", 2, "tgt", TestName = "A carried speaker is carried on")]
    [TestCase("\"We will not accept this,\" the foreign minister said.\n\n\"It is a provocation.\"", 1, "tgt", TestName = "A new paragraph that opens with a quote")]
    [TestCase("\"We will not accept this,\" the foreign minister said. \"It is a lie,\" Amnesty International said.", 1, "none", TestName = "A new attribution wins")]
    [TestCase("The foreign minister said the talks would go on. Fighting continued overnight near the border. \"It is a provocation.\"", 2, "none", TestName = "Nothing after a narrator sentence")]
    [TestCase("\"We will not accept this,\" the foreign minister said. Troops crossed the border on Monday.", 1, "none", TestName = "Nothing for a narrator sentence after a closed quote")]
    [TestCase("\"We will not accept this,\" the foreign minister said. \"Terrorists\" attacked the base overnight.", 1, "none", TestName = "Nothing for a scare quote")]
    [TestCase("The ministry said on Tuesday: \"We will respond firmly to any provocation.\n\nTroops crossed the border on Monday.", 1, "none", TestName = "An open quote ends at a paragraph break")]
    [TestCase("Fighting continued overnight. \"It is a provocation.\"", 1, "none", TestName = "Nothing when the previous sentence has no speaker")]
    public void ASentenceContinuingAQuotationSpeaksWithThePreviousSpeaker(string text, int index, string carried)
    {
        var speakers = Speakers(text, "Russia", carry: true);
        Assert.That(speakers[index].Carried, Is.EqualTo(carried), string.Join(" | ", speakers.Select(s => $"{s.Text} => {s.Main}/{s.Carried}")));
        if (carried != "none") Assert.That(speakers[index].Main, Is.EqualTo(carried), "the carried speaker is the sentence's main speaker");
        // Without the switch nothing is carried.
        Assert.That(Speakers(text, "Russia", carry: false).Select(s => s.Carried), Is.All.EqualTo("none"));
    }

    [TestCase("Amnesty International said the detentions were arbitrary. She added that families had no news.", 1, "ngo", "tgt", TestName = "She added after a rights group")]
    [TestCase("Human Rights Watch said the trial was unfair. They said the court ignored the evidence.", 1, "ngo", "tgt", TestName = "They said after a rights group")]
    [TestCase("\"We are deeply concerned,\" Amnesty International said. \"The detentions are arbitrary,\" she added.", 1, "ngo", "tgt", TestName = "An inverted pronoun attribution")]
    [TestCase("The foreign ministry said the strikes were defensive. He added that the army had hit only military sites.", 1, "tgt", "tgt", TestName = "He added after the ministry")]
    [TestCase("Amnesty International said the detentions were arbitrary. Alaa's sentence was extended, his lawyers said.", 1, "other", "other", TestName = "A possessive is not carried")]
    [TestCase("Amnesty International said the detentions were arbitrary. Alaa Abd El-Fattah was held for years, he said.", 1, "tgt", "tgt", TestName = "A pronoun after a name in its sentence is not carried")]
    [TestCase("Fighting continued overnight. He added that the army had hit only military sites.", 1, "tgt", "tgt", TestName = "A pronoun after a narrator sentence keeps the default")]
    public void ASubjectPronounWithNothingBeforeItStandsForThePreviousSpeaker(string text, int index, string carried, string alone)
    {
        Assert.That(Speakers(text, "Russia", carry: true)[index].Main, Is.EqualTo(carried));
        Assert.That(Speakers(text, "Russia", carry: false)[index].Main, Is.EqualTo(alone));
    }

    [Test]
    public void ACarriedSpeakerGivesTheFeaturesOfASpeakerFoundInTheMainClause()
    {
        const string quote = "\"It is a provocation and a violation of our sovereignty.\"";
        const string attributed = "The foreign ministry said it is a provocation and a violation of our sovereignty.";
        var carried = Trace(quote, new SpeakerCarry(SpeakerClass.Target, QuoteOpen: false));
        var found = Trace(attributed, default);
        var speakerFeatures = carried.Where(t => t.Feature.EndsWith(" (carried)", StringComparison.Ordinal)).ToList();
        Assert.That(speakerFeatures.Select(t => t.Feature), Does.Contain("spk=tgt/main (carried)").And.Contain("spk=tgt×say/main (carried)"));
        Assert.That(speakerFeatures.Count, Is.GreaterThan(2), "the speaker × cue pairs of what it says");
        // Every carried feature is a bucket the found speaker has under the same name (so trained weights apply as they are).
        foreach (var (bucket, feature) in speakerFeatures)
            Assert.That(found, Does.Contain((bucket, feature[..^" (carried)".Length])), feature);
        // The narrator reading of the quote's cues is gone.
        Assert.That(Trace(quote, default).Select(t => t.Feature), Has.Some.StartsWith("narrator×"));
        Assert.That(carried.Select(t => t.Feature), Has.None.StartsWith("narrator×").And.None.StartsWith("spk=none"));
        // Not carried: an own attribution, or a sentence that does not continue a quotation.
        Assert.That(Trace("\"It is a provocation,\" Amnesty International said.", new SpeakerCarry(SpeakerClass.Target, false)).Select(t => t.Feature), Has.None.EndsWith("(carried)"));
        Assert.That(Trace("It is a provocation.", new SpeakerCarry(SpeakerClass.Target, false)).Select(t => t.Feature), Has.None.EndsWith("(carried)"));
        Assert.That(Trace("It is a provocation.", new SpeakerCarry(SpeakerClass.Target, true)).Select(t => t.Feature), Does.Contain("spk=tgt/main (carried)"));
    }

    [Test]
    public void WithoutTheSwitchADocumentScoresAsBefore()
    {
        const string text = "\"We will not accept this,\" the foreign minister said. \"It is a provocation and a violation of our sovereignty.\" Amnesty International said the detentions were arbitrary. She added that families had no news.";
        var off = s_analyzer.Analyze(text, "Russia");
        var on = s_carrying.Analyze(text, "Russia");
        // Sentence by sentence, the default analyzer's scores are those of the document scorer with nothing carried.
        Assert.That(off.Sentences.Select(s => s.Scores), Is.EqualTo(Scores(text, "Russia", carry: false)));
        Assert.That(on.Sentences.Select(s => s.Scores), Is.EqualTo(Scores(text, "Russia", carry: true)));
        Assert.That(on.Sentences[0].Scores, Is.EqualTo(off.Sentences[0].Scores), "the first sentence has nothing to carry");
        Assert.That(on.Sentences[1].Scores, Is.Not.EqualTo(off.Sentences[1].Scores), "the quote continues the minister");
        Assert.That(on.Sentences[3].Scores, Is.Not.EqualTo(off.Sentences[3].Scores), "she is the rights group");
        // The carried quote reads as the official's own voice.
        Assert.That(on.Sentences[1].Scores.StateFraming, Is.GreaterThan(off.Sentences[1].Scores.StateFraming));
        // Sentence mode is untouched.
        Assert.That(s_classifier.Predict(on.Sentences[1].Text, "Russia").Scores, Is.EqualTo(off.Sentences[1].Scores));
    }

    [Test]
    public void TheStreamCarriesSpeakersAsTheDocumentDoes()
    {
        const string text = "\"We will not accept this,\" the foreign minister said. \"It is a provocation and a violation of our sovereignty.\" Amnesty International said the detentions were arbitrary. She added that families had no news.";
        var streamed = s_carrying.AnalyzeStream(new StringReader(text), "Russia").Select(s => s.Scores).ToList();
        Assert.That(streamed, Is.EqualTo(s_carrying.Analyze(text, "Russia").Sentences.Select(s => s.Scores)));
        Assert.That(streamed, Is.Not.EqualTo(s_analyzer.AnalyzeStream(new StringReader(text), "Russia").Select(s => s.Scores)));
    }

    [Test]
    public void ScoringADocumentWithCarriedSpeakersAllocatesNothingPerSentenceAfterWarmUp()
    {
        // No entity in these sentences: the document scorer hands them no mention list, so the loop itself must not allocate.
        const string text = "\"We will not accept this,\" the foreign minister said. \"It is a provocation and a violation of our sovereignty.\" \"Our patience has limits.\" She added that the army would respond.";
        var spans = s_analyzer.Segmenter.Segment(text);
        Assert.That(spans, Has.Count.EqualTo(4));
        var target = s_classifier.ResolveTarget("Russia");
        var p = new float[3];
        using var scorer = DocumentScorer.Extract(s_classifier, EntityExtractor.Default, text, 0, documentContext: true, carrySpeakers: true, default);
        Assert.That(scorer.Mentions, Is.Empty);
        void Document()
        {
            for (int k = 0; k < spans.Count; k++) scorer.Score(spans[k], target, p, out _, default);
        }
        for (int i = 0; i < 10; i++) Document();
        Assert.That(StanceFeaturizer.GetScratch().MainSpeaker, Is.EqualTo(SpeakerClass.Target));
        Assert.That(Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 200; i++) Document();
        }), Is.Zero);
        // And through the scorer's context directly.
        Assert.That(Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 200; i++)
                s_classifier.Score(text.AsSpan(spans[1].Start, spans[1].Length), p, target, new DocumentContext(default, default, new SpeakerCarry(SpeakerClass.Ngo, false)));
        }), Is.Zero);
    }

    private static List<(string Text, string Main, string Carried)> Speakers(string text, string target, bool carry)
    {
        var result = new List<(string, string, string)>();
        var p = new float[3];
        using var scorer = DocumentScorer.Extract(s_classifier, EntityExtractor.Default, text, 0, documentContext: true, carrySpeakers: carry, default);
        foreach (var span in s_analyzer.Segmenter.Segment(text))
        {
            scorer.Score(span, s_classifier.ResolveTarget(target), p, out _, default);
            var scratch = StanceFeaturizer.GetScratch();
            result.Add((text.Substring(span.Start, span.Length), SpeakerFinder.Name(scratch.Speakers.MainSpeaker), SpeakerFinder.Name(scratch.Speakers.Carried)));
        }
        return result;
    }

    private static List<StanceScores> Scores(string text, string target, bool carry)
    {
        var result = new List<StanceScores>();
        var p = new float[3];
        using var scorer = DocumentScorer.Extract(s_classifier, EntityExtractor.Default, text, 0, documentContext: true, carrySpeakers: carry, default);
        foreach (var span in s_analyzer.Segmenter.Segment(text))
        {
            scorer.Score(span, s_classifier.ResolveTarget(target), p, out _, default);
            result.Add(StanceScores.FromSpan(p));
        }
        return result;
    }

    private static List<(int Bucket, string Feature)> Trace(string sentence, SpeakerCarry carry)
    {
        var trace = new List<(int, string)>();
        s_classifier.Featurizer.Featurize(sentence, "Russia", StanceFeaturizer.GetScratch(), out _, trace, default, default, carry);
        return trace;
    }
}
