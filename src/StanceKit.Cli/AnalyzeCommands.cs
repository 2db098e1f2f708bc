using System.Globalization;
using System.Text;
using System.Text.Json;
using StanceKit.Internal;
using StanceKit.ML;

namespace StanceKit.Cli;

/// <summary><c>stancekit analyze</c>: whole documents, from files or <c>--jsonl</c> lines.</summary>
internal static partial class Commands
{
    private static int Analyze(string[] rest, CancellationToken ct)
    {
        var a = new CliArgs(rest, new HashSet<string> { "--jsonl", "--skip-invalid", "--no-carry-speakers", "--semantic" }, new HashSet<string> { "--format", "--model", "--out", "--target", "--document-prior" });
        if (a.Has("--jsonl"))
        {
            if (a.Has("--format")) throw new UsageException("--jsonl writes one JSON object per input document; --format does not apply to it.");
            return AnalyzeJsonLines(a, ct).GetAwaiter().GetResult();
        }
        var format = a.Get("--format") ?? "text";
        if (format is not ("text" or "json" or "jsonl" or "csv" or "html")) throw new UsageException($"Unknown format '{format}'.");
        var path = a.SinglePositional("input");
        var files = new List<string>();
        string? stdinText = null;
        if (path is null or "-")
        {
            using var reader = new StreamReader(OpenInput(null, ct), new UTF8Encoding(false, true));
            try { stdinText = reader.ReadToEnd(); Warnings.NonEnglish(stdinText, "standard input"); }
            catch (DecoderFallbackException) { throw new InputException("standard input is not valid UTF-8."); }
        }
        else if (Directory.Exists(path))
        {
            files.AddRange(Directory.GetFiles(path, "*.txt").OrderBy(f => f, StringComparer.Ordinal));
            if (files.Count == 0) throw new BadPathException($"No *.txt files in {path}.");
        }
        else if (File.Exists(path)) files.Add(path);
        else throw new BadPathException($"input not found: {path}");

        if (a.Has("--skip-invalid")) throw new UsageException("--skip-invalid applies to JSON Lines input (--jsonl).");
        var analyzer = CreateAnalyzer(a.Get("--model"), DocumentPriorOption(a), !a.Has("--no-carry-speakers"), a.Has("--semantic")).WithDefaultTarget(a.Get("--target"));
        Warnings.UnknownTarget(analyzer.Scorer.Gazetteer, a.Get("--target"));
        var docs = new List<(string Name, StanceDocument Doc)>();
        if (stdinText is not null) docs.Add(("-", analyzer.Analyze(stdinText, ct)));
        else
        {
            // Files are read lazily and analysed on all cores, in order; the report needs all of them.
            using var progress = new ProgressBar("documents", files.Count, enabled: files.Count > 1 ? null : false);
            async IAsyncEnumerable<string> Texts()
            {
                foreach (var f in files)
                {
                    ct.ThrowIfCancellationRequested();
                    yield return await Task.Run(() => ReadText(f), ct).ConfigureAwait(false);
                }
            }
            Task.Run(async () =>
            {
                int i = 0;
                await foreach (var d in analyzer.AnalyzeManyAsync(Texts(), ct).ConfigureAwait(false))
                {
                    docs.Add((files[i++], d));
                    progress.Report(i);
                }
            }, ct).GetAwaiter().GetResult();
        }

        using var output = new OutputTarget(a.Get("--out"));
        switch (format)
        {
            case "text": TextReport.Write(output.Stream, docs, output.IsTerminal); break;
            case "json": WriteJson(output.Stream, docs); break;
            case "jsonl": WriteJsonl(output.Stream, docs); break;
            case "csv": WriteCsv(output.Stream, docs); break;
            case "html": WriteHtml(output.Stream, docs); break;
        }
        output.Commit();
        return ExitCodes.Success;
    }

    private static void WriteHtml(Stream s, List<(string Name, StanceDocument Doc)> docs)
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var named = docs.Select(d => (d.Name == "-" ? "standard input" : d.Name, d.Doc)).ToList();
        HtmlReport.Write(w, named, null);
        w.Flush();
    }

    /// <summary>Fields that <c>analyze --jsonl</c> adds to each line (input fields of the same names are replaced).</summary>
    private static readonly string[] s_analyzeFields = ["target", "targetInferred", "model", "sentences", "entities", "summary"];

    /// <summary>
    /// Streams JSON Lines of documents through <see cref="StanceAnalyzer.AnalyzeManyAsync"/>: all cores, input
    /// order, a bounded number of documents in flight. One output line per input line: a blank line stays blank; a
    /// malformed line stops the input there (the documents before it are still written, then the error is reported,
    /// exit code 1), or with --skip-invalid is answered by an error record.
    /// </summary>
    private static async Task<int> AnalyzeJsonLines(CliArgs a, CancellationToken ct)
    {
        var analyzer = CreateAnalyzer(a.Get("--model"), DocumentPriorOption(a), !a.Has("--no-carry-speakers"), a.Has("--semantic")).WithDefaultTarget(a.Get("--target"));
        Warnings.UnknownTarget(analyzer.Scorer.Gazetteer, a.Get("--target"));
        bool skipInvalid = a.Has("--skip-invalid");
        var path = a.SinglePositional("input");
        using var input = OpenInput(path, ct);
        long totalBytes = input.CanSeek ? input.Length : -1;
        using var output = new OutputTarget(a.Get("--out"));
        using var progress = new ProgressBar("documents", -1);
        // Input lines in order: a document still being analysed, or a finished line (blank, or an error record) that
        // waits for the documents before it.
        var lines = new System.Collections.Concurrent.ConcurrentQueue<(JsonDocument? Doc, byte[]? Written)>();
        InputException? error = null;
        long bytesRead = 0;

        async IAsyncEnumerable<string> Texts()
        {
            await Task.CompletedTask.ConfigureAwait(false); // the reads below are synchronous by design
            var reader = new ByteLineReader(input);
            var parser = new JsonLineParser();
            using var errorBuffer = new MemoryStream();
            using var errorWriter = JsonLines.NewWriter(errorBuffer);
            int lineNo = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var bytes = reader.ReadLine();
                if (bytes is null) yield break;
                lineNo++;
                Interlocked.Add(ref bytesRead, bytes.Value.Length + 1);
                var (doc, text, message) = parser.Parse(bytes.Value.Span, lineNo);
                if (message is not null)
                {
                    if (!skipInvalid) { error = new InputException(message); yield break; }
                    errorBuffer.SetLength(0);
                    errorWriter.Reset(errorBuffer);
                    JsonLines.WriteErrorRecord(errorWriter, lineNo, message);
                    lines.Enqueue((null, [.. errorBuffer.ToArray(), (byte)'\n']));
                    continue;
                }
                if (doc is null) { lines.Enqueue((null, [(byte)'\n'])); continue; }
                Warnings.NonEnglish(text!, $"the text of line {lineNo}");
                lines.Enqueue((doc, null));
                yield return text!;
            }
        }

        void WriteFinishedLines()
        {
            while (lines.TryPeek(out var next) && next.Doc is null && lines.TryDequeue(out var done))
                output.Stream.Write(done.Written!);
        }

        using var buffer = new MemoryStream();
        using var writer = JsonLines.NewWriter(buffer);
        long analysed = 0;
        try
        {
            await foreach (var d in analyzer.AnalyzeManyAsync(Texts(), ct).ConfigureAwait(false))
            {
                WriteFinishedLines();
                lines.TryDequeue(out var line);
                using (line.Doc)
                {
                    buffer.SetLength(0);
                    writer.Reset(buffer);
                    writer.WriteStartObject();
                    // Input fields keep their order; the added ones follow.
                    foreach (var p in line.Doc!.RootElement.EnumerateObject())
                        if (Array.IndexOf(s_analyzeFields, p.Name) < 0) p.WriteTo(writer);
                    WriteDocumentFields(writer, d);
                    writer.WriteEndObject();
                    writer.Flush();
                    buffer.WriteByte((byte)'\n');
                    // Each line is written whole, so a failure later never leaves half a line behind.
                    output.Stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                }
                analysed++;
                progress.Report(analysed, totalBytes > 0 ? (double)Interlocked.Read(ref bytesRead) / totalBytes : null);
            }
            WriteFinishedLines();
        }
        finally
        {
            while (lines.TryDequeue(out var left)) left.Doc?.Dispose();
        }
        output.Stream.Flush();
        if (error is not null) throw error;
        output.Commit();
        return ExitCodes.Success;
    }

    private static string ReadText(string path)
    {
        string text;
        try { text = File.ReadAllText(path, new UTF8Encoding(false, true)); }
        catch (DecoderFallbackException) { throw new InputException($"{path}: not valid UTF-8."); }
        Warnings.NonEnglish(text, path);
        return text;
    }
}
