using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>Every target name a user can reasonably type resolves to a canonical state actor, or is reported.</summary>
public class TargetResolutionTests
{
    private static readonly StanceClassifier s_classifier = StanceClassifier.Default;

    private static IEnumerable<(string Name, string Canonical)> CountryRows()
    {
        foreach (var line in File.ReadLines(Repo.Path("data", "gazetteer", "countries.tsv")))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var cols = line.Split('\t');
            yield return (cols[0], cols[0]);
            if (cols.Length > 4)
                foreach (var a in cols[4].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    yield return (a, cols[0]);
        }
    }

    [Test]
    public void EveryCountryAndEveryAliasOfCountriesTsvResolvesToItsCountry()
    {
        var rows = CountryRows().ToList();
        Assert.That(rows, Has.Count.GreaterThan(400));
        var failures = new List<string>();
        foreach (var (name, canonical) in rows)
        {
            if (!s_classifier.TryResolveTarget(name, out var got)) failures.Add($"{name}: unresolved");
            // A shared alias may name another country (listed with a "shared alias" comment); it must still resolve.
            else if (got != canonical && !s_classifier.Gazetteer.TryResolve(name, out _)) failures.Add($"{name}: {got}");
            if (!s_classifier.TryResolveTarget(canonical, out var self) || self != canonical) failures.Add($"{canonical}: {self}");
        }
        Assert.That(failures, Is.Empty);
    }

    [TestCase("US", "United States")]
    [TestCase("U.S.", "United States")]
    [TestCase("USA", "United States")]
    [TestCase("America", "United States")]
    [TestCase("the United States", "United States")]
    [TestCase("Washington", "United States")]
    [TestCase("UK", "United Kingdom")]
    [TestCase("Britain", "United Kingdom")]
    [TestCase("EU", "European Union")]
    [TestCase("the EU", "European Union")]
    [TestCase("EU institutions", "European Union")]
    [TestCase("European Commission", "European Union")]
    [TestCase("Brussels", "European Union")]
    [TestCase("Kremlin", "Russia")]
    [TestCase("Moscow", "Russia")]
    [TestCase("Beijing", "China")]
    [TestCase("PRC", "China")]
    [TestCase("Chinese government", "China")]
    [TestCase("Xi Jinping", "China")]
    [TestCase("DPRK", "North Korea")]
    [TestCase("North Korea", "North Korea")]
    [TestCase("ROK", "South Korea")]
    [TestCase("Burma", "Myanmar")]
    [TestCase("Ivory Coast", "Ivory Coast")]
    [TestCase("Côte d'Ivoire", "Ivory Coast")]
    [TestCase("Cote d\u2019Ivoire", "Ivory Coast")]
    [TestCase("DRC", "Democratic Republic of the Congo")]
    [TestCase("Congo-Kinshasa", "Democratic Republic of the Congo")]
    [TestCase("Türkiye", "Turkey")]
    [TestCase("Czechia", "Czech Republic")]
    [TestCase("UAE", "United Arab Emirates")]
    [TestCase("Saudi", "Saudi Arabia")]
    [TestCase("KSA", "Saudi Arabia")]
    [TestCase("Taiwan", "Taiwan")]
    [TestCase("Palestine", "Palestine")]
    [TestCase("Bangladesh", "Bangladesh")]
    [TestCase("Iraq", "Iraq")]
    [TestCase("Eritrea", "Eritrea")]
    [TestCase("Iraqi authorities", "Iraq")]
    [TestCase("Israel's government", "Israel")]
    public void CommonTargetNamesResolve(string name, string canonical)
    {
        Assert.That(s_classifier.TryResolveTarget(name, out var got), Is.True, name);
        Assert.That(got, Is.EqualTo(canonical));
        Assert.That(s_classifier.ResolveTarget(name), Is.EqualTo(canonical));
    }

    [TestCase("Narnia")]
    [TestCase("United Nations")]
    [TestCase("Human Rights Watch")]
    [TestCase("")]
    [TestCase(null)]
    public void NamesOfNoStateActorAreReported(string? name)
        => Assert.That(s_classifier.TryResolveTarget(name, out _), Is.False);

    [TestCase("Bangladesh", "Bangladesh's Foreign Ministry said the report was baseless.")]
    [TestCase("Iraq", "Iraq's Foreign Ministry said the report was baseless.")]
    [TestCase("Eritrea", "Eritrea's Foreign Ministry said the report was baseless.")]
    public void TargetsOutsideTheTrainingSetGetTargetRelativeClasses(string target, string sentence)
    {
        var trace = new List<(int Bucket, string Feature)>();
        s_classifier.Featurizer.Featurize(sentence, s_classifier.ResolveTarget(target), StanceFeaturizer.GetScratch(), out var used, trace);
        Assert.That(used, Is.EqualTo(target));
        Assert.That(trace.Select(t => t.Feature), Does.Contain("@tgt_voice(Foreign Ministry)"));
    }
}
