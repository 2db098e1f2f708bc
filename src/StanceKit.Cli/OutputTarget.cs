namespace StanceKit.Cli;

/// <summary>
/// Where a command writes: stdout, or a file written to a temporary name and renamed on
/// success, so an interrupted run never leaves a half-written file under the final name.
/// </summary>
internal sealed class OutputTarget : IDisposable
{
    private readonly string? _finalPath;
    private readonly string? _tempPath;
    private bool _committed;

    public Stream Stream { get; }

    public OutputTarget(string? path)
    {
        if (path is null || path == "-")
        {
            Stream = new BufferedStream(OpenStandardOutput(), 1 << 16);
            return;
        }
        _finalPath = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(_finalPath)!;
        Directory.CreateDirectory(dir);
        _tempPath = Path.Combine(dir, "." + Path.GetFileName(_finalPath) + "." + Environment.ProcessId + ".tmp");
        Stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>
    /// Standard output as a stream that reports a closed pipe. Console's own stream ignores EPIPE on Unix, so a reader
    /// that went away (<c>stancekit ... | head -1</c>) would go unnoticed and the whole input would still be processed;
    /// a file stream over descriptor 1 throws <see cref="IOException"/> instead (exit code 4). That file stream is kept
    /// only when descriptor 1 cannot seek (a pipe, a terminal): over a regular file it would write at positions it
    /// counts itself from 0 (pwrite), overwriting what the shell or an earlier command already wrote to a file shared
    /// by several commands (<c>{ echo HEADER; stancekit ...; } &gt; log</c>). Console's stream writes at the descriptor's
    /// own offset, as every other program does, and a regular file has no EPIPE to miss.
    /// </summary>
    private static Stream OpenStandardOutput()
    {
        if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
        var fd1 = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (!fd1.CanSeek) return fd1;
        fd1.Dispose();
        return Console.OpenStandardOutput();
    }

    public bool IsTerminal => _finalPath is null && !Console.IsOutputRedirected;

    /// <summary>Flushes and, for a file, renames the temporary file to its final name.</summary>
    public void Commit()
    {
        Stream.Flush();
        if (_finalPath is null) return;
        Stream.Dispose();
        File.Move(_tempPath!, _finalPath, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_finalPath is null)
        {
            try { Stream.Dispose(); } catch (IOException) { /* stdout already closed */ }
            return;
        }
        if (!_committed)
        {
            Stream.Dispose();
            try { File.Delete(_tempPath!); } catch (IOException) { }
        }
    }
}
