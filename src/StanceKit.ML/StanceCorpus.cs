using System.Security.Cryptography;
using System.Text;
using StanceKit.Internal;

namespace StanceKit.ML;

/// <summary>One labelled sentence of the stance corpus (markup removed).</summary>
public sealed class StanceRecord
{
    /// <summary>Creates a <see cref="StanceRecord"/>.</summary>
    /// <param name="id">Unique id (sentence id, or article id and index).</param>
    /// <param name="group">The story cluster or article it belongs to; splits never cut a group.</param>
    /// <param name="text">The clean sentence text.</param>
    /// <param name="label">The gold stance toward <paramref name="target"/>.</param>
    /// <param name="target">The canonical target state actor.</param>
    /// <param name="register">wire, state-media, gov-release, ngo-report, op-ed, analysis, briefing, headline.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="hard">The hard-case tag, empty for ordinary cases.</param>
    /// <param name="entities">Gold entity spans in <paramref name="text"/>.</param>
    public StanceRecord(string id, string group, string text, Stance label, string target, string register, string topic, string hard, IReadOnlyList<EntityGold> entities)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(hard);
        ArgumentNullException.ThrowIfNull(entities);
        Id = id;
        Group = group;
        Text = text;
        Label = label;
        Target = target;
        Register = register;
        Topic = topic;
        Hard = hard;
        Entities = entities;
    }

    /// <summary>Unique id (sentence id, or article id and index).</summary>
    public string Id { get; }

    /// <summary>The story cluster or article it belongs to; splits never cut a group.</summary>
    public string Group { get; }

    /// <summary>The clean sentence text.</summary>
    public string Text { get; }

    /// <summary>The gold stance toward <see cref="Target"/>.</summary>
    public Stance Label { get; }

    /// <summary>The canonical target state actor.</summary>
    public string Target { get; }

    /// <summary>wire, state-media, gov-release, ngo-report, op-ed, analysis, briefing, headline.</summary>
    public string Register { get; }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>The hard-case tag, empty for ordinary cases.</summary>
    public string Hard { get; }

    /// <summary>Gold entity spans in <see cref="Text"/>.</summary>
    public IReadOnlyList<EntityGold> Entities { get; }

    /// <summary>The phenomenon tag of realistic records (voice-third-party, dateline, ...); empty when absent.</summary>
    public string Phenomenon { get; init; } = "";
}

/// <summary>Reads the stance corpus (docs/corpus-format.md): the stance view of the annotated JSONL line.</summary>
public static class StanceCorpus
{
    /// <summary>Loads every <c>*.jsonl</c> file under <paramref name="path"/> (a file or a folder, recursively), in ordinal path order.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names file and line.</exception>
    public static IReadOnlyList<StanceRecord> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var files = File.Exists(path) ? [path] : Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var records = new List<StanceRecord>();
        foreach (var file in files) records.AddRange(AnnotatedLine.ReadFile(file, Parse));
        return records;
    }

    /// <summary>Parses one corpus line (sentence or article record).</summary>
    public static StanceRecord Parse(string jsonLine)
    {
        var line = AnnotatedLine.Parse(jsonLine);
        string id, group;
        if (line.IsArticleSentence(out var article, out int index))
        {
            group = article;
            id = group + "#" + index;
        }
        else
        {
            id = line.String("id");
            group = line.String("set");
        }
        if (id.Length == 0) throw new FormatException("Missing id.");
        var label = StanceNames.Parse(line.String("label"));
        var target = line.String("target");
        if (target.Length == 0) throw new FormatException("Missing target.");
        return new StanceRecord(id, group.Length == 0 ? id : group, line.Text, label, target, line.String("register"), line.String("topic"), line.String("hard"),
            line.Entities.ToArray())
        { Phenomenon = line.String("phenomenon") };
    }

    /// <summary>SHA-256 over the files' bytes in ordinal path order: identifies the data a model was trained on.</summary>
    internal static string Hash(string path)
    {
        var files = File.Exists(path) ? [path] : Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(f)));
            sha.AppendData(File.ReadAllBytes(f));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A stable 0..1 value for a group id (FNV-1a), used for deterministic splits.</summary>
    internal static double GroupUnit(string group, ulong salt = 0)
    {
        ulong h = 0xCBF29CE484222325UL ^ salt;
        foreach (char c in group) h = (h ^ c) * 0x100000001B3UL;
        h = StableHash.Mix(h);
        return (h >> 11) * (1.0 / (1UL << 53));
    }
}
