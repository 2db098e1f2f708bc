using System.Globalization;

namespace StanceKit;

/// <summary>
/// One period of a person's role history (people.tsv's optional sixth column): the role's kind and the years it
/// covers, both inclusive; an open start or end is <see cref="int.MinValue"/> / <see cref="int.MaxValue"/>.
/// </summary>
internal readonly record struct RolePeriod(EntityKind Kind, int From, int To)
{
    /// <summary>
    /// Parses "kind from..to; kind from..to" ("opposition-figure ..2022; head-of-government 2022.."); either year may
    /// be left out. Kinds are the gazetteer's kind names; <c>intergovernmental</c> marks an office in an international
    /// body and <c>other</c> a time out of office.
    /// </summary>
    /// <exception cref="FormatException">A period is malformed; the message starts with <paramref name="where"/>.</exception>
    public static RolePeriod[] ParseHistory(string column, string where)
    {
        var parts = column.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var periods = new RolePeriod[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            int space = p.IndexOf(' ');
            var kindName = space < 0 ? p : p[..space];
            if (!EntityKindNames.TryParse(kindName, out var kind))
                throw new FormatException($"{where}: unknown role kind '{kindName}' in the role history.");
            int from = int.MinValue, to = int.MaxValue;
            if (space >= 0)
            {
                var range = p[(space + 1)..].Trim();
                int dots = range.IndexOf("..", StringComparison.Ordinal);
                if (dots < 0) throw new FormatException($"{where}: role period '{p}' needs a year range 'from..to' (either side may be empty).");
                if (!TryYear(range[..dots], ref from) || !TryYear(range[(dots + 2)..], ref to) || from > to)
                    throw new FormatException($"{where}: bad years in role period '{p}'.");
            }
            periods[i] = new RolePeriod(kind, from, to);
        }
        return periods;
    }

    private static bool TryYear(string s, ref int year)
    {
        s = s.Trim();
        if (s.Length == 0) return true;
        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int y) || y is < 1000 or > 2999) return false;
        year = y;
        return true;
    }
}
