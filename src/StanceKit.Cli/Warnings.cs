using System.Text;

namespace StanceKit.Cli;

/// <summary>
/// Warnings on standard error, each at most once per run: a long input must not bury the output of a pipeline in
/// repeated lines, and one line is enough to tell the user what to look at.
/// </summary>
internal static class Warnings
{
    private static readonly HashSet<string> s_seen = new(StringComparer.Ordinal);

    /// <summary>Writes <c>stancekit: warning: message</c> unless a warning with the same key was written before.</summary>
    public static void Once(string key, string message)
    {
        lock (s_seen)
        {
            if (!s_seen.Add(key)) return;
            try { Console.Error.WriteLine("stancekit: warning: " + message); } catch (IOException) { /* stderr closed */ }
        }
    }

    /// <summary>Warns once per name when a target is not a state actor the model's gazetteer knows.</summary>
    public static void UnknownTarget(Gazetteer gazetteer, string? target)
    {
        if (target is null || string.IsNullOrWhiteSpace(target)) return;
        if (gazetteer.TryResolve(target.Trim(), out _)) return;
        Once("target:" + target, $"unknown target '{target}': not a state actor the gazetteer knows, so no target-relative features apply and the labels are weak (use a country name or an alias such as 'Kremlin').");
    }

    /// <summary>Warns once per run when a text does not look like English (see <see cref="LanguageCheck"/>).</summary>
    public static void NonEnglish(string text, string where)
    {
        if (!LanguageCheck.LooksNonEnglish(text)) return;
        Once("language", $"{where} does not look like English; the models are English-only and their labels and entities mean little for other languages.");
    }
}

/// <summary>
/// A cheap language check: English prose is made of function words ("the", "of", "and", ...) for roughly a third of its
/// words, so a long enough text in which they are rare is almost certainly in another language.
/// </summary>
internal static class LanguageCheck
{
    /// <summary>Texts with fewer words say too little (headlines, names, figures).</summary>
    public const int MinWords = 12;

    /// <summary>English news prose measures 0.3–0.5; French or German prose below 0.08 (only shared words such as "on" or "in").</summary>
    public const double MinEnglishShare = 0.12;

    private static readonly HashSet<string> s_functionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "of", "to", "and", "or", "but", "in", "on", "at", "for", "with", "by", "from", "as", "that", "this",
        "these", "those", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "he", "she", "they",
        "his", "her", "their", "we", "our", "you", "not", "will", "would", "said", "says", "which", "who", "after", "over",
        "about", "than", "into", "against", "also", "more", "if", "there", "what", "when",
    };

    /// <summary>True when <paramref name="text"/> has at least <see cref="MinWords"/> words and few English function words.</summary>
    public static bool LooksNonEnglish(string text)
    {
        int words = 0, english = 0;
        int i = 0;
        Span<char> word = stackalloc char[32];
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetter(text[i])) i++;
            int start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || text[i] == '\'')) i++;
            int len = i - start;
            if (len == 0) continue;
            words++;
            if (len <= word.Length && s_functionWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(start, len))) english++;
        }
        return words >= MinWords && english < MinEnglishShare * words;
    }
}

/// <summary>Repairs JSON text that System.Text.Json cannot decode.</summary>
internal static class JsonRepair
{
    /// <summary>
    /// Replaces every unpaired UTF-16 surrogate escape (<c>\ud800</c> with no low surrogate after it, or a lone low one) by
    /// <c>\ufffd</c>. One code unit for one, so the UTF-16 offsets of the decoded text are those of the original.
    /// Returns the line itself when there is nothing to repair.
    /// </summary>
    public static string ReplaceLoneSurrogateEscapes(string line, out int replaced)
    {
        replaced = 0;
        if (line.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) < 0) return line;
        StringBuilder? sb = null;
        int copied = 0;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\' || i + 1 >= line.Length) continue;
            if (line[i + 1] != 'u') { i++; continue; } // any other escape, including "\\"
            if (!TryHex(line, i + 2, out int unit)) { i++; continue; }
            if (char.IsHighSurrogate((char)unit) && i + 7 < line.Length && line[i + 6] == '\\' && line[i + 7] == 'u'
                && TryHex(line, i + 8, out int next) && char.IsLowSurrogate((char)next))
            {
                i += 11; // a valid pair
                continue;
            }
            if (char.IsSurrogate((char)unit))
            {
                sb ??= new StringBuilder(line.Length);
                sb.Append(line, copied, i - copied).Append("\\ufffd");
                copied = i + 6;
                replaced++;
            }
            i += 5;
        }
        if (sb is null) return line;
        sb.Append(line, copied, line.Length - copied);
        return sb.ToString();
    }

    private static bool TryHex(string s, int at, out int value)
    {
        value = 0;
        if (at + 4 > s.Length) return false;
        return int.TryParse(s.AsSpan(at, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
