using System.IO.Compression;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Packaging;

/// <summary>The CLI as users install it: <c>dotnet tool install --add-source ./artifacts StanceKit.Cli</c>.</summary>
[TestFixture]
[Category("Packaging")]
public class ToolPackageTests
{
    private static (int Exit, string Output) Run(string file, string workingDirectory, string packagesFolder, params string[] args)
        => Repo.RunWithPackages(file, workingDirectory, packagesFolder, args);

    [Test]
    public void ToolPackageInstallsAndRuns()
    {
        var root = Directory.CreateTempSubdirectory("stancekit-tool");
        try
        {
            var feed = Path.Combine(root.FullName, "feed");
            var packages = Path.Combine(root.FullName, "packages");
            var tools = Path.Combine(root.FullName, "tools");
            const string version = "0.1.0-tooltest";

            var (exit, output) = Run("dotnet", Repo.Root, packages, "pack", Repo.Path("src", "StanceKit.Cli", "StanceKit.Cli.csproj"), "-c", "Release", "-o", feed, "-p:Version=" + version);
            Assert.That(exit, Is.Zero, output);
            var nupkg = Path.Combine(feed, $"StanceKit.Cli.{version}.nupkg");
            Assert.That(File.Exists(nupkg), Is.True, output);
            Assert.That(File.Exists(Path.Combine(feed, $"StanceKit.Cli.{version}.snupkg")), Is.True, "symbols package");
            using (var zip = ZipFile.OpenRead(nupkg))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.That(entries, Does.Contain("README.md"));
                Assert.That(entries, Does.Contain("DotnetToolSettings.xml").Or.Some.EndsWith("/DotnetToolSettings.xml"));
            }

            (exit, output) = Run("dotnet", root.FullName, packages, "tool", "install", "--tool-path", tools, "--add-source", feed, "StanceKit.Cli", "--version", version);
            Assert.That(exit, Is.Zero, output);
            var stancekit = Path.Combine(tools, OperatingSystem.IsWindows() ? "stancekit.exe" : "stancekit");

            (exit, output) = Run(stancekit, root.FullName, packages, "--version");
            Assert.That((exit, output.Trim()), Is.EqualTo((0, "0.1.0")));
            (exit, output) = Run(stancekit, root.FullName, packages, "analyze", "--help");
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.StartWith("Usage:").And.Contain("--format").And.Contain("Exit codes:"));
            var report = Path.Combine(root.FullName, "report.html");
            (exit, output) = Run(stancekit, root.FullName, packages, "analyze", Repo.Path("samples", "article.txt"), "--format", "html", "--out", report);
            Assert.That(exit, Is.Zero, output);
            ReportDom.AssertMatches(ReportDom.Parse(File.ReadAllText(report)), 0, ReportDom.Sample);
        }
        finally { root.Delete(true); }
    }
}
