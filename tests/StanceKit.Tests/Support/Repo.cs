using System.Diagnostics;
using System.Reflection;

namespace StanceKit.Tests.Support;

/// <summary>Paths of the repository and helpers to run the built CLI.</summary>
internal static class Repo
{
    /// <summary>The JSON objects of CLI output in JSON Lines, one per non-empty line.</summary>
    public static List<System.Text.Json.JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static string Metadata(string key) => typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string Root { get; } = Metadata("RepoRoot");
    public static string Configuration { get; } = Metadata("Configuration");
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
    public static string CliDll => Path("src", "StanceKit.Cli", "bin", Configuration, "net10.0", "StanceKit.Cli.dll");

    /// <summary>
    /// Runs a program with a private NuGet package folder (so a stale package from an earlier run is never
    /// picked up); returns the exit code and stdout followed by stderr.
    /// </summary>
    public static (int Exit, string Output) RunWithPackages(string file, string workingDirectory, string packagesFolder, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NUGET_PACKAGES"] = packagesFolder;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 10 minutes"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Starts the CLI with every stream redirected (standard output read as UTF-8).</summary>
    public static Process StartCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.StandardOutputEncoding = System.Text.Encoding.UTF8;
        return Process.Start(psi)!;
    }

    /// <summary>Sends SIGINT (Ctrl-C) to a process.</summary>
    public static void Interrupt(Process p)
    {
        using var kill = Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits up to two minutes for a process to exit; kills it and fails the test otherwise.</summary>
    public static void WaitForExit(Process p)
    {
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); Assert.Fail("the CLI did not exit"); }
    }

    /// <summary>Runs the CLI with stdin text; returns exit code, stdout and stderr.</summary>
    public static (int Exit, string Out, string Err) RunCli(string? stdin, params string[] args)
        => RunCliBytes(stdin is null ? [] : System.Text.Encoding.UTF8.GetBytes(stdin), args);

    /// <summary>Runs the CLI with raw stdin bytes.</summary>
    public static (int Exit, string Out, string Err) RunCliBytes(byte[] stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.StandardOutputEncoding = System.Text.Encoding.UTF8;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail("CLI did not finish in 120 s"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
