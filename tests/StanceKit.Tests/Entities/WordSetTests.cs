using System.Reflection;

namespace StanceKit.Tests.Entities;

/// <summary>
/// <see cref="WordSet"/> turns most misses away before hashing; its answers must be its hash set's answers, word for word,
/// whatever the case, length, first or last character.
/// </summary>
public class WordSetTests
{
    private static readonly string[] s_listed =
    [
        "Bayern", "Werder", "PSV", "coach", "half-time", "Atlético", "Ölfabrik", "ıspir", "men's", "x", "café", "Mosı",
        new string('a', 63), new string('b', 64), new string('c', 100),
    ];

    // Probes: the listed words in other cases, near misses (one letter or one character longer or shorter, another first
    // or last letter), first and last characters whose case folding leaves ASCII (dotless i, long s, Kelvin sign), digits,
    // punctuation, very long words.
    private static IEnumerable<string> Probes()
    {
        foreach (var w in s_listed)
        {
            yield return w;
            yield return w.ToUpperInvariant();
            yield return w.ToLowerInvariant();
            yield return w + "s";
            if (w.Length > 1) yield return w[..^1];
            yield return "Z" + w[1..];
            yield return w[..^1] + "Z";
        }
        yield return "";
        yield return "İspir";
        yield return "Ispir";
        yield return "ISPIR";
        yield return "\u017Fcoach";
        yield return "\u212Aoach";
        yield return "Atletico";
        yield return "ATLÉTICO";
        yield return "ölfabrik";
        yield return "Ölfabri\u212A";
        yield return "men'\u017F";
        yield return "MEN'\u017F";
        yield return "cafe";
        yield return "CAFÉ";
        yield return "MOSI";
        yield return "mosi";
        yield return "OLFABRIK";
        yield return "2-1";
        yield return "'s";
        yield return new string('A', 63);
        yield return new string('a', 65);
        yield return new string('B', 64);
        yield return new string('c', 99);
        yield return new string('C', 100);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AnswersAsItsHashSetDoes(bool ignoreCase)
    {
        var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var reference = new HashSet<string>(s_listed, comparer);
        var set = new WordSet(s_listed, comparer);
        int found = 0;
        foreach (var probe in Probes())
        {
            bool expected = reference.Contains(probe);
            Assert.That(set.Contains(probe.AsSpan()), Is.EqualTo(expected), $"'{probe}' ({(ignoreCase ? "ignoring case" : "ordinal")})");
            // The filter alone (what the scans ask first) never turns a listed word away.
            if (expected && probe.Length > 0) Assert.That(set.MayContain(probe[0], probe[^1], probe.Length), Is.True, $"filter, '{probe}'");
            if (expected) found++;
        }
        Assert.That(set.Count, Is.EqualTo(reference.Count));
        // Every listed word is found; ignoring case, its other-case forms too.
        Assert.That(found, Is.GreaterThanOrEqualTo(s_listed.Length));
    }

    [Test]
    public void EveryRuleListFindsItsWordsInEveryCase()
    {
        var lists = typeof(EntityWords).GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => f.FieldType == typeof(WordSet)).ToArray();
        Assert.That(lists, Has.Length.GreaterThan(20));
        var words = EntityWords.English;
        // The case-insensitive lists: a word of one list, in any case, is in that list; the given names are case-sensitive.
        foreach (var (name, sample) in new[] { ("ClubWord", "Bayern"), ("ClubPrefix", "Werder"), ("SportsWord", "innings"), ("StopCap", "The"), ("RoleNoun", "spokesman") })
        {
            var set = (WordSet)typeof(EntityWords).GetField(name)!.GetValue(words)!;
            Assert.That(set.Contains(sample), Is.True, name);
            Assert.That(set.Contains(sample.ToUpperInvariant()), Is.True, name);
            Assert.That(set.Contains(sample.ToLowerInvariant()), Is.True, name);
            Assert.That(set.Contains(sample + "zz"), Is.False, name);
        }
        Assert.That(words.GivenName.Contains("Tomas"), Is.True);
        Assert.That(words.GivenName.Contains("tomas"), Is.False);
        Assert.That(words.CommonWord.Count, Is.GreaterThan(1000));
    }
}
