using System.Diagnostics;
using System.Text.RegularExpressions;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Cli;

/// <summary>
/// Every C# block of the README is a program that builds and runs: each is written into a small project in a temporary
/// folder that references the built StanceKit assemblies, built with <c>dotnet build</c> and run next to a copy of samples/.
/// </summary>
[TestFixture]
[Category("Slow")]
public partial class ReadmeCodeTests
{
    [GeneratedRegex(@"^```csharp\s*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    public static IEnumerable<TestCaseData> Blocks()
    {
        var readme = File.ReadAllText(Repo.Path("README.md")).ReplaceLineEndings("\n");
        int n = 0;
        foreach (Match m in CSharpBlock().Matches(readme))
        {
            int line = readme[..m.Index].Count(c => c == '\n') + 1;
            yield return new TestCaseData(m.Groups[1].Value).SetName($"ReadmeBlock{++n}AtLine{line}BuildsAndRuns");
        }
    }

    [Test]
    public void TheReadmeHasCSharpBlocks() => Assert.That(Blocks().Count(), Is.GreaterThanOrEqualTo(2));

    [TestCaseSource(nameof(Blocks))]
    public void BuildsAndRuns(string code)
    {
        var bin = Path.GetDirectoryName(typeof(ReadmeCodeTests).Assembly.Location)!;
        // A block that uses StanceKit.Semantic also gets the MiniLM and ONNX Runtime assemblies and this platform's
        // native ONNX Runtime library, as a package reference would bring them.
        bool semantic = code.Contains("StanceKit.Semantic", StringComparison.Ordinal);
        var references = Directory.GetFiles(bin, "*.dll")
            .Where(f => Path.GetFileName(f) is "StanceKit.dll" or "StanceKit.Extensions.DependencyInjection.dll" || Path.GetFileName(f).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || (semantic && (Path.GetFileName(f) is "StanceKit.Semantic.dll" or "Microsoft.ML.OnnxRuntime.dll" || Path.GetFileName(f).StartsWith("SentenceTransformers", StringComparison.Ordinal))))
            .Select(f => $"    <Reference Include=\"{f}\" />");
        var native = Path.Combine(bin, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native");
        if (semantic && Directory.Exists(native))
            references = references.Concat(Directory.GetFiles(native).Select(f => $"    <None Include=\"{f}\" Link=\"{Path.GetFileName(f)}\" CopyToOutputDirectory=\"PreserveNewest\" />"));
        var dir = Directory.CreateTempSubdirectory("stancekit-readme");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "Snippet.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                {string.Join("\n", references)}
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir.FullName, "Program.cs"), code);
            var samples = Directory.CreateDirectory(Path.Combine(dir.FullName, "samples"));
            foreach (var f in Directory.GetFiles(Repo.Path("samples"), "*.txt")) File.Copy(f, Path.Combine(samples.FullName, Path.GetFileName(f)));

            var (exit, output) = Run(dir.FullName, "dotnet", "build", "-nologo", "-v", "q", "-o", "out");
            Assert.That(exit, Is.Zero, "the README block does not build:\n" + output + "\n" + code);
            (exit, output) = Run(dir.FullName, "dotnet", Path.Combine("out", "Snippet.dll"));
            Assert.That(exit, Is.Zero, "the README block fails when run:\n" + output);
            Assert.That(output, Is.Not.Empty);
        }
        finally { dir.Delete(true); }
    }

    private static (int Exit, string Output) Run(string workingDirectory, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 5 minutes"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>Explanations read as reasons: cue features name their word, function words are left out, ToString is readable.</summary>
[TestFixture]
public class ExplanationTests
{
    private static readonly StanceClassifier s_classifier = StanceClassifier.Default;

    [Test]
    public void CueFeaturesNameTheWordThatFired()
    {
        var x = s_classifier.Explain("Rights groups accused the army of abuses.", "Myanmar");
        var cues = x.TopFeatures.Concat(x.Against).Select(f => f.Feature).Where(f => f.StartsWith('@')).ToList();
        Assert.That(cues, Is.Not.Empty);
        Assert.That(cues, Has.Some.Contain("(accused)"));
        Assert.That(cues, Has.All.Match(@"^@[\w-]+\([^)]+\)"));
    }

    [TestCase("The ministry said the strikes hit only military sites.", "Russia")]
    [TestCase("The government has rejected the report, which it said was a lie.", "China")]
    public void FunctionWordsAreNotShownAsReasons(string sentence, string target)
    {
        var x = s_classifier.Explain(sentence, target, top: 50);
        var shown = x.TopFeatures.Concat(x.Against).Select(f => f.Feature).ToList();
        Assert.That(shown, Is.Not.Empty);
        foreach (var word in new[] { "the", "a", "has", "of", "<s> the", ". </s>", "it" })
            Assert.That(shown, Has.None.EqualTo(word));
    }

    [Test]
    public void ToStringListsLabelTargetAndFeatures()
    {
        var x = s_classifier.Explain("Rights groups accused the army of abuses.", "Myanmar");
        var text = x.ToString();
        Assert.That(text, Does.StartWith(x.Prediction.Stance.ToWireName() + " (p = "));
        Assert.That(text, Does.Contain("toward Myanmar").And.Contain("for: " + x.TopFeatures[0].Feature));
        Assert.That(text, Does.Not.Contain("FeatureContribution").And.Not.Contain("System.Collections"));
    }
}
