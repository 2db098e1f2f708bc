using StanceKit.ML;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>A sentence's probabilities depend on the sentence and target only, never on what the thread scored before.</summary>
[TestFixture]
public class ScoringStateTests
{
    [Test]
    public void ASentenceScoresTheSameAfterAnyOtherSentence()
    {
        var clf = StanceClassifier.Default;
        var records = StanceCorpus.Load(Repo.Path("data", "stance", "test", "articles.jsonl")).Take(60).ToList();
        var alone = new float[records.Count][];
        for (int i = 0; i < records.Count; i++)
        {
            var p = new float[3];
            clf.Score(records[i].Text, p, records[i].Target);
            alone[i] = p;
        }
        var q = new float[3];
        for (int i = 0; i < records.Count; i++)
        {
            for (int j = records.Count - 1; j >= 0; j -= 7)
            {
                clf.Score(records[j].Text, q, records[j].Target);
                clf.Score(records[i].Text, q, records[i].Target);
                Assert.That(q, Is.EqualTo(alone[i]), $"{records[i].Id} after {records[j].Id}");
            }
        }
    }
}
