using System.Text.RegularExpressions;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary>The README and docs/ stand on their own: no pointer to files outside the repository, and every relative link resolves.</summary>
[TestFixture]
public partial class DocsTests
{
    private static IEnumerable<string> Documents() =>
        new[] { Repo.Path("README.md") }.Concat(Directory.GetFiles(Repo.Path("docs"), "*.md"));

    [GeneratedRegex(@"\.\./shared|(?<![\w.])/(work|home|root|tmp)/")]
    private static partial Regex OutsidePath();

    [GeneratedRegex(@"\]\(([^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex MarkdownLink();

    [Test]
    public void DocsPointAtNoFileOutsideTheRepository()
    {
        foreach (var file in Documents())
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                Assert.That(OutsidePath().IsMatch(lines[i]), Is.False, $"{Path.GetFileName(file)}:{i + 1}: {lines[i]}");
        }
    }

    [Test]
    public void RelativeLinksResolve()
    {
        foreach (var file in Documents())
        {
            foreach (Match m in MarkdownLink().Matches(File.ReadAllText(file)))
            {
                var target = m.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target));
                Assert.That(File.Exists(path) || Directory.Exists(path), Is.True, $"{Path.GetFileName(file)} links to {target}, which does not exist");
            }
        }
    }

    [Test]
    public void ReadmeLinksTheLabelDefinitions()
    {
        Assert.That(File.ReadAllText(Repo.Path("README.md")), Does.Contain("(docs/labels.md)"));
        var labels = File.ReadAllText(Repo.Path("docs", "labels.md"));
        foreach (var part in new[] { "state-framing", "critical", "neutral", "N1", "N2", "N3", "N4", "N5", "N6" })
            Assert.That(labels, Does.Contain(part));
    }
}
