namespace StanceKit.Cli;

/// <summary>A usage error: bad or missing arguments (exit code 2; the command's usage is printed).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A well-formed command line naming a path that cannot be used: an input that is not there, or an output folder that
/// already holds a model (exit code 2). A runtime error: one line, no usage.
/// </summary>
internal sealed class BadPathException(string message) : Exception(message);

/// <summary>A model file that is missing (exit code 3, like a corrupt one): one line, no usage.</summary>
internal sealed class MissingModelException(string message) : Exception(message);

/// <summary>A data error: malformed input (exit code 1).</summary>
internal sealed class InputException(string message) : Exception(message);

/// <summary>Minimal argument parsing: positionals, <c>--flag</c> and <c>--name value</c> options.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _all = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = new();

    public CliArgs(IEnumerable<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a;
                string? value = null;
                int eq = a.IndexOf('=');
                if (eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; }
                if (flags.Contains(name)) { if (value is not null) throw new UsageException($"{name} takes no value."); _options[name] = null; }
                else if (valued.Contains(name))
                {
                    if (value is null)
                    {
                        if (!e.MoveNext()) throw new UsageException($"{name} needs a value.");
                        value = e.Current;
                    }
                    _options[name] = value;
                    if (!_all.TryGetValue(name, out var list)) _all[name] = list = new List<string>();
                    list.Add(value);
                }
                else throw new UsageException($"Unknown option {name}.");
            }
            else Positionals.Add(a);
        }
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every value of an option given more than once, in order (<see cref="Get"/> returns the last).</summary>
    public IReadOnlyList<string> GetAll(string name) => _all.TryGetValue(name, out var v) ? v : [];

    public string Require(string name) => Get(name) ?? throw new UsageException($"Missing required option {name}.");

    public string? SinglePositional(string what)
    {
        if (Positionals.Count > 1) throw new UsageException($"Expected at most one {what}, got {Positionals.Count}.");
        return Positionals.Count == 1 ? Positionals[0] : null;
    }
}
