using StanceKit.ML.Parsing;

namespace StanceKit.Tests.Parsing;

public class ConlluScorerTests
{
    // A hand-made pair. Gold: "We do n't like cold tea ." with the multiword token "don't" (lines 2-3).
    private const string Gold = """
        # sent_id = a
        # text = We don't like cold tea.
        1	We	we	PRON	_	_	4	nsubj	_	_
        2-3	don't	_	_	_	_	_	_	_	_
        2	do	do	AUX	_	_	4	aux	_	_
        3	n't	not	PART	_	_	4	advmod	_	_
        4	like	like	VERB	_	_	0	root	_	_
        5	cold	cold	ADJ	_	_	6	amod	_	_
        6	tea	tea	NOUN	_	_	4	obj	_	SpaceAfter=No
        7	.	.	PUNCT	_	_	4	punct	_	_

        # sent_id = b
        # text = It was sold.
        1	It	it	PRON	_	_	3	nsubj:pass	_	_
        2	was	be	AUX	_	_	3	aux:pass	_	_
        3	sold	sell	VERB	_	_	0	root	_	SpaceAfter=No
        4	.	.	PUNCT	_	_	3	punct	_	_


        """;

    // Predicted: sentence a has a wrong tag on "cold" (NOUN), a wrong head on "cold" (4) and a wrong label on "tea"
    // (nsubj); the period is attached to "tea" (wrong head). Sentence b has "It" as plain nsubj (right head,
    // right universal relation, wrong subtype) and everything else right.
    private const string Predicted = """
        # sent_id = a
        1	We	_	PRON	_	_	4	nsubj	_	_
        2	do	_	AUX	_	_	4	aux	_	_
        3	n't	_	PART	_	_	4	advmod	_	_
        4	like	_	VERB	_	_	0	root	_	_
        5	cold	_	NOUN	_	_	4	amod	_	_
        6	tea	_	NOUN	_	_	4	nsubj	_	_
        7	.	_	PUNCT	_	_	6	punct	_	_

        # sent_id = b
        1	It	_	PRON	_	_	3	nsubj	_	_
        2	was	_	AUX	_	_	3	aux:pass	_	_
        3	sold	_	VERB	_	_	0	root	_	_
        4	.	_	PUNCT	_	_	3	punct	_	_


        """;

    private static (string Gold, string Pred) WriteFiles()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-scorer").FullName;
        var gold = Path.Combine(dir, "gold.conllu");
        var pred = Path.Combine(dir, "pred.conllu");
        File.WriteAllText(gold, Gold.Replace("\r", ""));
        File.WriteAllText(pred, Predicted.Replace("\r", ""));
        return (gold, pred);
    }

    [Test]
    public void ScoresTheHandMadePair()
    {
        var (gold, pred) = WriteFiles();
        var s = ParserScores.ScoreFiles(gold, pred);
        // 11 syntactic words (the "don't" range line is not a word).
        Assert.That(s.Words, Is.EqualTo(11));
        // UPOS: only "cold" is wrong.
        Assert.That(s.Upos, Is.EqualTo(10.0 / 11).Within(1e-12));
        // Heads: "cold" and "." of sentence a are wrong.
        Assert.That(s.Uas, Is.EqualTo(9.0 / 11).Within(1e-12));
        // LAS (universal relations): also "tea" (nsubj for obj) is wrong; "It" nsubj = nsubj:pass universally.
        Assert.That(s.Las, Is.EqualTo(8.0 / 11).Within(1e-12));
        // With subtypes "It" is wrong too.
        Assert.That(s.LasFull, Is.EqualTo(7.0 / 11).Within(1e-12));
        // Without punctuation: 9 words; wrong heads: "cold"; wrong labels: "cold", "tea".
        Assert.That(s.UasNoPunct, Is.EqualTo(8.0 / 9).Within(1e-12));
        Assert.That(s.LasNoPunct, Is.EqualTo(7.0 / 9).Within(1e-12));
    }

    [Test]
    public void AFileScoredAgainstItselfIsPerfect()
    {
        var (gold, _) = WriteFiles();
        var s = ParserScores.ScoreFiles(gold, gold);
        Assert.That((s.Upos, s.Uas, s.Las, s.LasFull), Is.EqualTo((1.0, 1.0, 1.0, 1.0)));
    }

    [Test]
    public void MismatchedWordsAreAFormatError()
    {
        var (gold, pred) = WriteFiles();
        File.WriteAllText(pred, Predicted.Replace("\r", "").Replace("\tcold\t", "\thot\t"));
        Assert.Throws<FormatException>(() => ParserScores.ScoreFiles(gold, pred));
    }
}
