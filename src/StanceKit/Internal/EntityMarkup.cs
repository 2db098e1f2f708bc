using System.Text;

namespace StanceKit.Internal;

/// <summary>
/// Parses the corpus' inline entity markup <c>[[surface|TYPE]]</c> (docs/corpus-format.md)
/// into clean text plus gold spans.
/// </summary>
internal static class EntityMarkup
{
    /// <summary>Strips the markup; returns the clean text and the entity spans in it.</summary>
    /// <exception cref="FormatException">Unbalanced brackets or an unknown type.</exception>
    public static (string Text, IReadOnlyList<EntityGold> Entities) Parse(string marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var sb = new StringBuilder(marked.Length);
        var entities = new List<EntityGold>();
        int i = 0;
        while (i < marked.Length)
        {
            int open = marked.IndexOf("[[", i, StringComparison.Ordinal);
            int stray = marked.IndexOf("]]", i, StringComparison.Ordinal);
            if (stray >= 0 && (open < 0 || stray < open)) throw new FormatException($"Unbalanced ']]' at {stray}: {marked}");
            if (open < 0) { sb.Append(marked, i, marked.Length - i); break; }
            sb.Append(marked, i, open - i);
            int close = marked.IndexOf("]]", open + 2, StringComparison.Ordinal);
            if (close < 0) throw new FormatException($"Unclosed '[[' at {open}: {marked}");
            var inner = marked.AsSpan(open + 2, close - open - 2);
            int bar = inner.LastIndexOf('|');
            if (bar <= 0 || inner[..bar].Contains("[[", StringComparison.Ordinal)) throw new FormatException($"Malformed entity markup at {open}: {marked}");
            if (!EntityTypeNames.TryParse(inner[(bar + 1)..].Trim(), out var type)) throw new FormatException($"Unknown entity type '{inner[(bar + 1)..]}' in: {marked}");
            int start = sb.Length;
            sb.Append(inner[..bar]);
            entities.Add(new EntityGold(TextSpan.FromBounds(start, sb.Length), type));
            i = close + 2;
        }
        return (sb.ToString(), entities);
    }
}
