using System.Globalization;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Packaging;

/// <summary>
/// Packs StanceKit, then builds and runs a throw-away console app that references the package
/// from a local folder source: the way users meet the library.
/// </summary>
[TestFixture]
[Category("Packaging")]
public class NuGetConsumptionTests
{
    private const string Program = """
        using StanceKit;
        var analyzer = StanceAnalyzer.Default;
        var doc = analyzer.Analyze(File.ReadAllText("article.txt"));
        foreach (var s in doc.Sentences) Console.WriteLine($"{s.Stance}\t{doc.Text.Substring(s.Span.Start, s.Span.Length)}");
        Console.WriteLine($"SENTENCES {doc.Sentences.Count} ENTITIES {doc.Entities.Count}");
        """;

    private static (int Exit, string Output) Dotnet(string workingDirectory, string packagesFolder, params string[] args)
        => Repo.RunWithPackages("dotnet", workingDirectory, packagesFolder, args);

    [Test]
    public void PackedPackageWorksInAFreshConsoleApp()
    {
        var root = Directory.CreateTempSubdirectory("stancekit-nuget");
        try
        {
            var feed = Path.Combine(root.FullName, "feed");
            var packages = Path.Combine(root.FullName, "packages");
            var app = Directory.CreateDirectory(Path.Combine(root.FullName, "app")).FullName;

            var (exit, output) = Dotnet(Repo.Root, packages, "pack", Repo.Path("src", "StanceKit", "StanceKit.csproj"), "-c", "Release", "-o", feed, "-p:Version=0.1.0-localtest");
            Assert.That(exit, Is.Zero, output);
            Assert.That(Directory.GetFiles(feed, "StanceKit.0.1.0-localtest.nupkg"), Has.Length.EqualTo(1), output);

            File.WriteAllText(Path.Combine(app, "app.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="StanceKit" Version="0.1.0-localtest" />
                  </ItemGroup>
                </Project>
                """);
            // Empty Directory.Build.* files stop MSBuild from walking up into unrelated folders.
            File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), Program);
            File.Copy(Repo.Path("samples", "article.txt"), Path.Combine(app, "article.txt"));

            (exit, output) = Dotnet(app, packages, "run", "-c", "Release");
            Assert.That(exit, Is.Zero, output);
            var summary = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("SENTENCES ", StringComparison.Ordinal));
            var parts = summary.Split(' ');
            Assert.That(int.Parse(parts[1], CultureInfo.InvariantCulture), Is.InRange(15, 40), output);
            Assert.That(int.Parse(parts[3], CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0));
            var labelled = output.Split('\n').Count(l => l.StartsWith("Neutral\t", StringComparison.Ordinal) || l.StartsWith("StateFraming\t", StringComparison.Ordinal) || l.StartsWith("Critical\t", StringComparison.Ordinal));
            Assert.That(labelled, Is.EqualTo(int.Parse(parts[1], CultureInfo.InvariantCulture)), output);
        }
        finally
        {
            try { root.Delete(true); } catch (IOException) { }
        }
    }
}
