using System.Reflection;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// The table of known entities (countries, demonyms, places, organisations, people) with
/// their aliases. Immutable and thread safe; lookups do not allocate.
/// </summary>
public sealed class Gazetteer
{
    private const ulong Seed = 0x6A2E_77E3_0000_0001UL;

    private readonly GazetteerEntry[] _entries;
    private readonly Alias[] _aliases;
    private readonly Dictionary<ulong, int> _exact = new();
    private readonly HashSet<ulong> _exactPrefixes = new();
    private readonly Dictionary<ulong, int> _upper = new();
    private readonly HashSet<ulong> _upperPrefixes = new();
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _maxAliasTokens;
    private readonly string[]? _lowerStarts;
    // A 512-kbit filter of the hashes of every alias' first token (64 KB, stays in L2): most tokens start no
    // alias, and this rejects them without touching the large hash tables (about 16,000 first tokens: at 64 kbit a
    // fifth of the capitalised words that start none passed it).
    private const int FilterWords = 8192;
    private readonly ulong[] _firstTokenFilter = new ulong[FilterWords];
    private readonly bool _punctStarts;
    // The alias hash tables above as flat open-addressing tables for matching (see AliasTable): one probe sequence per
    // token answers both "an alias ends here" and "an alias continues", against a dictionary and a set lookup before.
    private readonly AliasHashTable _exactTable, _upperTable;
    // The aliases' token texts in one array (Verify reads them without following alias → string[] → string pointers):
    // alias a has tokens _aliasFirstToken[a] .. _aliasFirstToken[a + 1] - 1; token t is _aliasChars[_tokenStart[t] .. _tokenStart[t + 1]].
    private readonly char[] _aliasChars;
    private readonly int[] _aliasFirstToken;
    private readonly int[] _tokenStart;
    // Per lower-case start letter a..z: a bit per length (1..63) of the listed lower-case alias starts, so IsLowerStart
    // compares strings only when a listed word has the token's first letter and length.
    private readonly ulong[] _lowerStartLengths = new ulong[26];
    // Role history by entry id (people.tsv's optional sixth column); null where none is given.
    private readonly RolePeriod[]?[] _roles;

    private sealed record Alias(string[] Tokens, int[] EntryIds)
    {
        /// <summary>The alias has a lower-case common word ("Kursk region", "Gaza health ministry"): not a proper name span.</summary>
        public bool Generic { get; } = HasGenericWord(Tokens);
    }

    private static readonly HashSet<string> s_nameLowerWords = new(StringComparer.Ordinal)
    {
        "of", "the", "and", "for", "on", "in", "at", "to", "de", "du", "da", "di", "dos", "das", "del", "della", "la", "le",
        "al", "el", "ad", "as", "ash", "an", "ar", "az", "ul", "ur", "bin", "bint", "ibn", "ben", "abu", "von", "van", "der",
        "den", "zu", "y", "e", "es", "et", "'s", "'", "s",
    };

    private static bool HasGenericWord(string[] parts)
    {
        for (int k = 0; k < parts.Length; k++)
        {
            var p = parts[k];
            if (p.Length == 0 || !char.IsLower(p[0])) continue;
            if (s_nameLowerWords.Contains(p)) continue;
            if (k > 0 && parts[k - 1] is "-" or "\u2010" or "\u2011") continue; // "Jong-un", "Kim Jong-il"
            if (k + 1 < parts.Length && parts[k + 1] is "-") continue;
            return true;
        }
        return false;
    }

    private static readonly Lazy<Gazetteer> s_default = new(() => LoadEmbedded(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The gazetteer embedded in the StanceKit assembly.</summary>
    public static Gazetteer Default => s_default.Value;

    /// <summary>All entries, in load order.</summary>
    public IReadOnlyList<GazetteerEntry> Entries => _entries;

    /// <summary>Builds a gazetteer from entries and their aliases (the canonical name is always an alias).</summary>
    internal Gazetteer(IEnumerable<(GazetteerEntry Entry, IEnumerable<string> Aliases)> rows, IReadOnlyList<RolePeriod[]?>? roles = null)
    {
        var entries = new List<GazetteerEntry>();
        var aliasByText = new Dictionary<string, (string[] Tokens, List<int> Entries)>(StringComparer.Ordinal);
        Span<Token> tokens = stackalloc Token[64];
        foreach (var (entry, aliases) in rows)
        {
            int id = entries.Count;
            entries.Add(entry.WithId(id));
            _byName.TryAdd(entry.Canonical, id);
            foreach (var alias in aliases.Prepend(entry.Canonical))
            {
                var trimmed = alias.Trim();
                if (trimmed.Length == 0) continue;
                int n = NewsTokenizer.Tokenize(trimmed, tokens);
                if (n == 0 || n > tokens.Length) continue;
                var parts = new string[n];
                for (int k = 0; k < n; k++) parts[k] = Normalize(trimmed.Substring(tokens[k].Start, tokens[k].Length));
                var key = string.Join('\u0001', parts);
                if (!aliasByText.TryGetValue(key, out var slot))
                {
                    slot = (parts, new List<int>());
                    aliasByText[key] = slot;
                }
                if (!slot.Entries.Contains(id)) slot.Entries.Add(id);
                _byName.TryAdd(trimmed, id);
            }
        }
        _entries = entries.ToArray();
        _roles = new RolePeriod[]?[_entries.Length];
        if (roles is not null) for (int i = 0; i < Math.Min(roles.Count, _roles.Length); i++) _roles[i] = roles[i];
        var aliasList = new List<Alias>();
        foreach (var (parts, ids) in aliasByText.Values)
        {
            int aliasId = aliasList.Count;
            aliasList.Add(new Alias(parts, ids.ToArray()));
            _maxAliasTokens = Math.Max(_maxAliasTokens, parts.Length);
            Index(parts, aliasId, upper: false);
            Index(parts, aliasId, upper: true);
        }
        _aliases = aliasList.ToArray();
        _exactTable = new AliasHashTable(_exact, _exactPrefixes);
        _upperTable = new AliasHashTable(_upper, _upperPrefixes);
        var chars = new System.Text.StringBuilder();
        var tokenStart = new List<int>();
        _aliasFirstToken = new int[_aliases.Length + 1];
        for (int a = 0; a < _aliases.Length; a++)
        {
            _aliasFirstToken[a] = tokenStart.Count;
            foreach (var part in _aliases[a].Tokens)
            {
                tokenStart.Add(chars.Length);
                chars.Append(part);
            }
        }
        _aliasFirstToken[_aliases.Length] = tokenStart.Count;
        tokenStart.Add(chars.Length);
        _aliasChars = chars.ToString().ToCharArray();
        _tokenStart = tokenStart.ToArray();
        // Lower-case starts are limited to particles beginning a, b, d, e, i or v ("al-", "bin", "de", "el", "ibn",
        // "van", "von"); other lower-case aliases ("southern ...") are never matched at their first word.
        var lowerStarts = _aliases.Select(a => a.Tokens[0]).Where(t => t.Length > 0 && t[0] is 'a' or 'b' or 'd' or 'e' or 'i' or 'v').Distinct(StringComparer.Ordinal).ToArray();
        _lowerStarts = lowerStarts.Length <= 64 ? lowerStarts : null;
        foreach (var w in lowerStarts)
            if (w[0] is >= 'a' and <= 'z') _lowerStartLengths[w[0] - 'a'] |= w.Length < 64 ? 1UL << w.Length : 1UL; // bit 0: 64 or longer
        _punctStarts = _aliases.Any(a => a.Tokens[0].Length > 0 && !NewsTokenizer.IsWordChar(a.Tokens[0][0]));
    }

    private void Index(string[] parts, int aliasId, bool upper)
    {
        var full = upper ? _upper : _exact;
        var prefixes = upper ? _upperPrefixes : _exactPrefixes;
        ulong h = Seed;
        for (int k = 0; k < parts.Length; k++)
        {
            h = StableHash.Combine(h, upper ? StableHash.HashUpper(parts[k], Seed) : StableHash.Hash(parts[k], Seed));
            if (k == 0) _firstTokenFilter[(h >> 6) & (FilterWords - 1)] |= 1UL << (int)(h & 63);
            if (k < parts.Length - 1) prefixes.Add(h);
        }
        full.TryAdd(h, aliasId); // identical token text was merged above, so a clash here is a true 64-bit collision
    }

    private static string Normalize(string token) => token.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u02BC', '\'');

    /// <summary>Finds an entry by canonical name or alias (case-insensitive), e.g. "US" gives United States.</summary>
    public bool TryResolve(string name, out GazetteerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name.Trim(), out int id)) { entry = _entries[id]; return true; }
        entry = null!;
        return false;
    }

    /// <summary>The id of the entry with this canonical name or alias (case-insensitive).</summary>
    internal bool TryResolveId(string name, out int id) => _byName.TryGetValue(name.Trim(), out id);

    /// <summary>The role history of an entry (people.tsv's sixth column), in file order; empty when none is given.</summary>
    internal ReadOnlySpan<RolePeriod> RolesOf(int id) => (uint)id < (uint)_roles.Length ? _roles[id] : default;

    /// <summary>
    /// The role of an entry in <paramref name="year"/>, or its current role when no year is known: the period that
    /// covers the year (the later one where two share a boundary year); with no year the open-ended period, or
    /// <see cref="EntityKind.Other"/> (out of office) when every listed period has ended. Entries without a history
    /// keep their kind.
    /// </summary>
    internal EntityKind RoleAt(int id, int? year)
    {
        var periods = RolesOf(id);
        if (periods.IsEmpty) return _entries[id].Kind;
        if (year is not int y)
        {
            for (int i = periods.Length - 1; i >= 0; i--) if (periods[i].To == int.MaxValue) return periods[i].Kind;
            return EntityKind.Other;
        }
        for (int i = periods.Length - 1; i >= 0; i--) if (periods[i].From <= y && y <= periods[i].To) return periods[i].Kind;
        return EntityKind.Other;
    }

    /// <summary>Gets an entry by id.</summary>
    public GazetteerEntry this[int id] => _entries[id];

    /// <summary>
    /// Longest alias starting at token <paramref name="index"/>; returns the alias id or -1.
    /// Case-sensitive, except that an all-capitals run (datelines such as "BEIJING") also
    /// matches case-insensitively.
    /// </summary>
    internal int MatchLongest(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int index, out int tokenCount)
        => MatchLongest(text, tokens, index, out tokenCount, properNamesOnly: false);

    /// <summary>
    /// As <see cref="MatchLongest(ReadOnlySpan{char}, ReadOnlySpan{Token}, int, out int)"/>; with
    /// <paramref name="properNamesOnly"/> aliases containing a lower-case common word ("Kursk region") are skipped,
    /// so the longest proper-name alias wins ("Kursk").
    /// </summary>
    internal int MatchLongest(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int index, out int tokenCount, bool properNamesOnly)
    {
        tokenCount = 0;
        var first = tokens[index];
        if (first.Kind == TokenKind.Clitic) return -1;
        if (first.Kind == TokenKind.Punct && !_punctStarts) return -1;
        char c0 = text[first.Start];
        // Aliases start with an upper-case letter, a digit or one of a few lower-case particles ("al", "von"):
        // common lower-case words are rejected without hashing or any table lookup.
        if (char.IsLower(c0) && !IsLowerStart(text.Slice(first.Start, first.Length))) return -1;

        int best = -1;
        ulong h = Seed;
        int max = Math.Min(_maxAliasTokens, tokens.Length - index);
        for (int n = 1; n <= max; n++)
        {
            var t = tokens[index + n - 1];
            h = StableHash.Combine(h, StableHash.Hash(text.Slice(t.Start, t.Length), Seed));
            if (n == 1 && (_firstTokenFilter[(h >> 6) & (FilterWords - 1)] & (1UL << (int)(h & 63))) == 0) break;
            int found = _exactTable.Get(h);
            int aliasId = AliasHashTable.AliasOf(found);
            if (aliasId >= 0 && !(properNamesOnly && _aliases[aliasId].Generic) && Verify(text, tokens, index, n, aliasId, ignoreCase: false))
            {
                best = aliasId;
                tokenCount = n;
            }
            if (!AliasHashTable.IsPrefix(found)) break;
        }
        if (best >= 0) return best;

        if (IsAllCaps(text.Slice(first.Start, first.Length)))
        {
            h = Seed;
            for (int n = 1; n <= max; n++)
            {
                var t = tokens[index + n - 1];
                var slice = text.Slice(t.Start, t.Length);
                if (t.Kind == TokenKind.Word && !IsAllCaps(slice)) break;
                h = StableHash.Combine(h, StableHash.HashUpper(slice, Seed));
                if (n == 1 && (_firstTokenFilter[(h >> 6) & (FilterWords - 1)] & (1UL << (int)(h & 63))) == 0) break;
                int found = _upperTable.Get(h);
                int aliasId = AliasHashTable.AliasOf(found);
                if (aliasId >= 0 && !(properNamesOnly && _aliases[aliasId].Generic) && Verify(text, tokens, index, n, aliasId, ignoreCase: true))
                {
                    best = aliasId;
                    tokenCount = n;
                }
                if (!AliasHashTable.IsPrefix(found)) break;
            }
        }
        return best;
    }

    /// <summary>
    /// Both answers of <see cref="MatchLongest(ReadOnlySpan{char}, ReadOnlySpan{Token}, int, out int, bool)"/> in one walk
    /// (one hash chain, one probe and one text check per alias prefix): the longest proper-name alias (what the entity
    /// rules read) is returned, the longest alias of any kind (what the stance featurizer reads) comes out in
    /// <paramref name="anyAlias"/>. Each is exactly what the single call with that setting gives.
    /// </summary>
    internal int MatchLongestBoth(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int index, out int properLength, out int anyAlias, out int anyLength)
    {
        properLength = 0;
        anyAlias = -1;
        anyLength = 0;
        var first = tokens[index];
        if (first.Kind == TokenKind.Clitic) return -1;
        if (first.Kind == TokenKind.Punct && !_punctStarts) return -1;
        char c0 = text[first.Start];
        if (char.IsLower(c0) && !IsLowerStart(text.Slice(first.Start, first.Length))) return -1;

        int proper = -1;
        ulong h = Seed;
        int max = Math.Min(_maxAliasTokens, tokens.Length - index);
        for (int n = 1; n <= max; n++)
        {
            var t = tokens[index + n - 1];
            h = StableHash.Combine(h, StableHash.Hash(text.Slice(t.Start, t.Length), Seed));
            if (n == 1 && (_firstTokenFilter[(h >> 6) & (FilterWords - 1)] & (1UL << (int)(h & 63))) == 0) break;
            int found = _exactTable.Get(h);
            int aliasId = AliasHashTable.AliasOf(found);
            if (aliasId >= 0 && Verify(text, tokens, index, n, aliasId, ignoreCase: false))
            {
                anyAlias = aliasId;
                anyLength = n;
                if (!_aliases[aliasId].Generic)
                {
                    proper = aliasId;
                    properLength = n;
                }
            }
            if (!AliasHashTable.IsPrefix(found)) break;
        }
        // Each setting falls back to the all-capitals match only when its own case-sensitive walk found nothing.
        bool anyOpen = anyAlias < 0, properOpen = proper < 0;
        if (!anyOpen && !properOpen) return proper;

        if (IsAllCaps(text.Slice(first.Start, first.Length)))
        {
            h = Seed;
            for (int n = 1; n <= max; n++)
            {
                var t = tokens[index + n - 1];
                var slice = text.Slice(t.Start, t.Length);
                if (t.Kind == TokenKind.Word && !IsAllCaps(slice)) break;
                h = StableHash.Combine(h, StableHash.HashUpper(slice, Seed));
                if (n == 1 && (_firstTokenFilter[(h >> 6) & (FilterWords - 1)] & (1UL << (int)(h & 63))) == 0) break;
                int found = _upperTable.Get(h);
                int aliasId = AliasHashTable.AliasOf(found);
                if (aliasId >= 0 && Verify(text, tokens, index, n, aliasId, ignoreCase: true))
                {
                    if (anyOpen)
                    {
                        anyAlias = aliasId;
                        anyLength = n;
                    }
                    if (properOpen && !_aliases[aliasId].Generic)
                    {
                        proper = aliasId;
                        properLength = n;
                    }
                }
                if (!AliasHashTable.IsPrefix(found)) break;
            }
        }
        return proper;
    }

    /// <summary>Every alias as its normalised tokens with the entries it names (for the tagger's gazetteer features).</summary>
    internal IEnumerable<(string[] Tokens, int[] EntryIds)> AliasTable()
    {
        foreach (var a in _aliases) yield return (a.Tokens, a.EntryIds);
    }

    private bool IsLowerStart(ReadOnlySpan<char> token)
    {
        if (_lowerStarts is null) return true; // too many distinct lower-case starts to list: fall back to the tables
        // The list holds only words beginning a, b, d, e, i or v: most lower-case words ("the", "said") stop here.
        if (token[0] is not ('a' or 'b' or 'd' or 'e' or 'i' or 'v')) return false;
        ulong lengths = token[0] is >= 'a' and <= 'z' ? _lowerStartLengths[token[0] - 'a'] : 0;
        if ((lengths & (token.Length < 64 ? 1UL << token.Length : 1UL)) == 0) return false;
        foreach (var w in _lowerStarts)
            if (token.Length == w.Length && token.SequenceEqual(w)) return true;
        return false;
    }

    /// <summary>The entries an alias names (more than one when ambiguous), in load order.</summary>
    internal ReadOnlySpan<int> EntriesOfAlias(int aliasId) => _aliases[aliasId].EntryIds;

    private bool Verify(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int index, int n, int aliasId, bool ignoreCase)
    {
        int firstToken = _aliasFirstToken[aliasId];
        if (_aliasFirstToken[aliasId + 1] - firstToken != n) return false;
        for (int k = 0; k < n; k++)
        {
            var t = tokens[index + k];
            var slice = text.Slice(t.Start, t.Length);
            int partStart = _tokenStart[firstToken + k];
            var part = _aliasChars.AsSpan(partStart, _tokenStart[firstToken + k + 1] - partStart);
            if (slice.Length != part.Length) return false;
            if (slice.SequenceEqual(part)) continue; // the usual case, vectorised; the loop below folds ’ and case
            for (int j = 0; j < slice.Length; j++)
            {
                char a = slice[j] is '\u2019' or '\u2018' or '\u02BC' ? '\'' : slice[j];
                char b = part[j];
                if (a == b) continue;
                if (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b)) continue;
                return false;
            }
        }
        return true;
    }

    private static bool IsAllCaps(ReadOnlySpan<char> s)
    {
        if (s.Length < 2) return false;
        bool anyLetter = false;
        foreach (char c in s)
        {
            if (char.IsLower(c)) return false;
            if (char.IsLetter(c)) anyLetter = true;
        }
        return anyLetter;
    }

    /// <summary>Loads a gazetteer from TSV files in the format of docs/gazetteer-format.md.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the file and line.</exception>
    public static Gazetteer Load(IEnumerable<(string Name, TextReader Reader)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rows = new List<(GazetteerEntry, IEnumerable<string>)>();
        var roles = new List<RolePeriod[]?>();
        foreach (var (name, reader) in files)
        {
            int lineNo = 0;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNo++;
                if (line.Length == 0 || line[0] == '#' || string.IsNullOrWhiteSpace(line)) continue;
                var cols = line.Split('\t');
                if (cols.Length < 4)
                    throw new FormatException($"{name}:{lineNo}: expected 5 tab-separated columns (canonical, type, kind, country, aliases).");
                if (!EntityTypeNames.TryParse(cols[1].Trim(), out var type))
                    throw new FormatException($"{name}:{lineNo}: unknown entity type '{cols[1]}'.");
                if (!EntityKindNames.TryParse(cols[2].Trim(), out var kind))
                    throw new FormatException($"{name}:{lineNo}: unknown entity kind '{cols[2]}'.");
                var country = cols[3].Trim();
                var aliases = cols.Length > 4 ? cols[4].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                rows.Add((new GazetteerEntry(0, cols[0].Trim(), type, kind, country.Length == 0 ? null : country), aliases));
                roles.Add(cols.Length > 5 && cols[5].Trim().Length > 0 ? RolePeriod.ParseHistory(cols[5], $"{name}:{lineNo}") : null);
            }
        }
        return new Gazetteer(rows, roles);
    }

    // Files load in a fixed order so that ambiguous aliases prefer countries, then demonyms, then the rest.
    private static readonly string[] s_fileOrder = ["countries", "demonyms", "organisations", "people", "places"];

    /// <summary>
    /// The embedded countries and demonyms only: no people, places or organisations. Measurements with it stand for text
    /// whose names the gazetteer has never seen (the "gazetteer-free" evaluation).
    /// </summary>
    internal static Gazetteer LoadEmbeddedWithoutNames() => LoadEmbedded(["countries", "demonyms"]);

    private static Gazetteer LoadEmbedded(string[]? only = null)
    {
        var asm = typeof(Gazetteer).Assembly;
        const string prefix = "StanceKit.Gazetteer.";
        // first-names.tsv sits next to the tables but is a word list of the rules (EntityWords.GivenName), not a table.
        var names = asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n != EntityWords.GivenNameResource)
            .Where(n => only is null || Array.IndexOf(only, n[prefix.Length..^4]) >= 0)
            .OrderBy(n => { int i = Array.IndexOf(s_fileOrder, n[prefix.Length..^4]); return i < 0 ? int.MaxValue : i; })
            .ThenBy(n => n, StringComparer.Ordinal).ToList();
        var readers = names.Select(n => (n, (TextReader)new StreamReader(asm.GetManifestResourceStream(n)!))).ToList();
        try { return Load(readers); }
        finally { foreach (var (_, r) in readers) r.Dispose(); }
    }
}

/// <summary>
/// A read-only open-addressing table (linear probing, load at most 0.5) from an alias-prefix hash to what ends and
/// continues there: the alias id of the full alias with that hash, if any, and whether a longer alias starts with it.
/// Built from the gazetteer's dictionary and prefix set, so it answers exactly as they do.
/// </summary>
internal sealed class AliasHashTable
{
    private const int PrefixBit = 1 << 30;
    // Key and value side by side: one cache line per probe in a table too large for the L1 cache.
    private readonly Slot[] _slots;
    private readonly int _mask;

    private struct Slot
    {
        public ulong Key;
        public int Value; // 0: empty slot; else (alias id + 1, or 0 for none) | PrefixBit
    }

    public AliasHashTable(Dictionary<ulong, int> full, HashSet<ulong> prefixes)
    {
        int count = full.Count + prefixes.Count;
        int slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2));
        _slots = new Slot[slots];
        _mask = slots - 1;
        foreach (var (key, aliasId) in full) ValueOf(key) = aliasId + 1;
        foreach (var key in prefixes) ValueOf(key) |= PrefixBit;
    }

    private ref int ValueOf(ulong key)
    {
        int i = (int)key & _mask;
        while (_slots[i].Value != 0 && _slots[i].Key != key) i = (i + 1) & _mask;
        _slots[i].Key = key;
        return ref _slots[i].Value;
    }

    /// <summary>The value for <paramref name="key"/> (0 when absent); read it with <see cref="AliasOf"/> and <see cref="IsPrefix"/>.</summary>
    public int Get(ulong key)
    {
        var slots = _slots;
        int i = (int)key & _mask;
        while (true)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Key == key) return slot.Value;
            if (slot.Value == 0) return 0;
            i = (i + 1) & _mask;
        }
    }

    /// <summary>The alias id of a value, or -1.</summary>
    public static int AliasOf(int value) => (value & (PrefixBit - 1)) - 1;

    /// <summary>Whether a longer alias continues the prefix.</summary>
    public static bool IsPrefix(int value) => (value & PrefixBit) != 0;
}
