namespace StanceKit.Tests.Parsing;

/// <summary>A parse depends on its sentence only: never on what the same thread parsed before.</summary>
[TestFixture]
public class ParserStateTests
{
    [Test]
    public void ASentenceParsesTheSameAfterAnyOtherSentence()
    {
        var sentences = new[]
        {
            "The ministry rejected the report, calling it biased and saying the army had acted within the law.",
            "Rights groups said at least 40 people were killed when security forces opened fire on protesters in the capital on Friday, according to witnesses who spoke to reporters.",
            "It said so.",
            "While critics say the vote was rigged, the electoral commission, which is appointed by the president, insisted that the count had been fair and transparent and that observers had been welcome.",
        };
        var alone = sentences.Select(s => DependencyParser.Default.Parse(s).ToArray()).ToArray();
        for (int i = 0; i < sentences.Length; i++)
            for (int j = 0; j < sentences.Length; j++)
            {
                _ = DependencyParser.Default.Parse(sentences[j]).ToArray();
                Assert.That(DependencyParser.Default.Parse(sentences[i]).ToArray(), Is.EqualTo(alone[i]), $"sentence {i} after sentence {j}");
            }
    }
}
