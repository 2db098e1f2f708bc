using StanceKit.Parsing;
using StanceKit.Text;

namespace StanceKit.Tests.Support;

/// <summary>Assertions on parser output shared by the unit and the integration tests.</summary>
internal static class ParseAssert
{
    /// <summary>Asserts the tree contract: words in order inside the sentence, heads in range, one root, no cycle.</summary>
    public static void WellFormed(ReadOnlySpan<ParsedToken> words, TextSpan sentence, string what)
    {
        if (words.Length == 0) return;
        int roots = 0;
        int previousEnd = sentence.Start;
        for (int i = 0; i < words.Length; i++)
        {
            var t = words[i];
            Assert.That(t.Start, Is.GreaterThanOrEqualTo(previousEnd), $"{what}: word {i} starts before the previous one ends");
            Assert.That(t.End, Is.GreaterThan(t.Start), $"{what}: word {i} is empty");
            Assert.That(t.End, Is.LessThanOrEqualTo(sentence.End), $"{what}: word {i} ends outside the sentence");
            previousEnd = t.End;
            Assert.That(t.Head, Is.InRange(-1, words.Length - 1), $"{what}: head of word {i} out of range");
            Assert.That(t.Head, Is.Not.EqualTo(i), $"{what}: word {i} is its own head");
            Assert.That(Enum.IsDefined(t.Pos), Is.True, $"{what}: word {i} tag");
            Assert.That(Enum.IsDefined(t.Relation), Is.True, $"{what}: word {i} relation");
            if (t.Head < 0)
            {
                roots++;
                Assert.That(t.Relation, Is.EqualTo(DependencyRelation.Root), $"{what}: the root's relation");
            }
            else Assert.That(t.Relation, Is.Not.EqualTo(DependencyRelation.Root), $"{what}: word {i} is labelled root but has a head");
        }
        Assert.That(roots, Is.EqualTo(1), $"{what}: roots");
        for (int i = 0; i < words.Length; i++)
        {
            // Following heads reaches the root in at most n steps.
            int k = i, steps = 0;
            while (words[k].Head >= 0 && steps <= words.Length) { k = words[k].Head; steps++; }
            Assert.That(steps, Is.LessThanOrEqualTo(words.Length), $"{what}: cycle through word {i}");
        }
    }
}
