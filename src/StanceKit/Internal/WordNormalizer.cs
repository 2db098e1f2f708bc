namespace StanceKit.Internal;

/// <summary>
/// Surface normalisation of the featurizer's words (<see cref="FeatureRecipe.FoldSpelling"/>,
/// <see cref="FeatureRecipe.DateClasses"/>): apostrophe, quote and dash variants fold to one character, US
/// spelling folds to the UK spelling of our corpus (defense/defence, criticized/criticised, labor/labour, traveled/
/// travelled, center/centre, program/programme...), and dates become class words. Real news mixes these forms
/// (curly apostrophes in about a fifth of sentences, US spelling in one in twelve) while our corpus is mostly
/// straight-quoted UK English, so unfolded they are different, untrained features. Allocation-free: the word is
/// lower-cased into a stack buffer, rewritten in place and hashed exactly as
/// <see cref="StableHash.HashLowerFoldDigits"/> hashes the folded text.
/// </summary>
internal static class WordNormalizer
{
    /// <summary>Longest word that is folded (longer ones are hashed as they are).</summary>
    private const int MaxFoldLength = 40;

    /// <summary>Class words that replace dates (their hashes are fixed by these texts).</summary>
    public const string WeekdayToken = "@weekday", MonthToken = "@month", YearToken = "@year";

    /// <summary>A date class: none, weekday, month or year.</summary>
    public enum DateClass : byte { None, Weekday, Month, Year }

    /// <summary>Apostrophe, quote and dash variants as one character each (word and punctuation tokens alike).</summary>
    public static char FoldChar(char c) => c switch
    {
        '\u2019' or '\u2018' or '\u02BC' or '\u2032' or '\u00B4' or '\u0060' or '\u201B' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' or '\u2033' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFF0D' => '-',
        '\u2026' => '.',
        _ => c,
    };

    /// <summary>The hash of a word with characters folded and US spelling folded to UK spelling.</summary>
    public static ulong HashFolded(ReadOnlySpan<char> word, ulong seed)
    {
        if (word.Length > MaxFoldLength) return StableHash.HashLowerFoldDigits(word, seed);
        Span<char> buf = stackalloc char[MaxFoldLength + 4];
        int n = word.Length;
        for (int i = 0; i < n; i++) buf[i] = char.ToLowerInvariant(FoldChar(word[i]));
        n = FoldSpelling(buf, n);
        return StableHash.HashLowerFoldDigits(buf[..n], seed);
    }

    /// <summary>The folded form of a word as a string (tests and explanations; allocates).</summary>
    public static string Fold(string word)
    {
        if (word.Length > MaxFoldLength) return word.ToLowerInvariant();
        Span<char> buf = stackalloc char[MaxFoldLength + 4];
        for (int i = 0; i < word.Length; i++) buf[i] = char.ToLowerInvariant(FoldChar(word[i]));
        return new string(buf[..FoldSpelling(buf, word.Length)]);
    }

    /// <summary>
    /// The date class of a token: weekday names (Monday, Mon, Tues...), month names (January, Sept...; "May" and
    /// "March" only capitalised and not opening the sentence, as they are also common words) and years 1900-2099.
    /// "today" and "yesterday" are left as words: they are the same in every register.
    /// </summary>
    public static DateClass ClassOf(ReadOnlySpan<char> token, bool sentenceInitial)
    {
        int n = token.Length;
        if (n == 4 && char.IsAsciiDigit(token[0]))
        {
            if (!(char.IsAsciiDigit(token[1]) && char.IsAsciiDigit(token[2]) && char.IsAsciiDigit(token[3]))) return DateClass.None;
            return (token[0] == '1' && token[1] == '9') || (token[0] == '2' && token[1] == '0') ? DateClass.Year : DateClass.None;
        }
        if (n is < 3 or > 9 || !char.IsAsciiLetter(token[0])) return DateClass.None;
        bool capital = char.IsAsciiLetterUpper(token[0]);
        Span<char> lower = stackalloc char[9];
        for (int i = 0; i < n; i++)
        {
            char c = token[i];
            if (!char.IsAsciiLetter(c)) return DateClass.None;
            lower[i] = (char)(c | 0x20);
        }
        var w = lower[..n];
        if (s_weekdays.Contains(w)) return DateClass.Weekday;
        if (capital && s_weekdayAbbreviations.Contains(w)) return DateClass.Weekday;
        if (s_months.Contains(w)) return DateClass.Month;
        if (capital && !sentenceInitial && (w.SequenceEqual("may") || w.SequenceEqual("march"))) return DateClass.Month;
        if (capital && s_monthAbbreviations.Contains(w)) return DateClass.Month;
        return DateClass.None;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_weekdays =
        Set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    // "Sat" and "Sun" are left out: as capitalised words they are far more often names (The Sun) than dates.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_weekdayAbbreviations =
        Set("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_months =
        Set("january", "february", "april", "june", "july", "august", "september", "october", "november", "december");
    // "Jan", "Mar" and "Dec" are rare as other capitalised words in news; "Jun" and "Jul" likewise.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_monthAbbreviations =
        Set("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(params string[] words)
        => new HashSet<string>(words, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    // Whole words whose US form is not covered by a rule below (or would be mis-folded by one).
    private static readonly Dictionary<string, string> s_exactWords = new(StringComparer.Ordinal)
    {
        ["defense"] = "defence", ["defenses"] = "defences", ["offense"] = "offence", ["offenses"] = "offences",
        ["pretense"] = "pretence", ["license"] = "licence", ["licenses"] = "licences",
        ["program"] = "programme", ["programs"] = "programmes",
        ["judgment"] = "judgement", ["judgments"] = "judgements", ["acknowledgment"] = "acknowledgement",
        ["gray"] = "grey", ["grays"] = "greys",
        ["maneuver"] = "manoeuvre", ["maneuvers"] = "manoeuvres", ["maneuvered"] = "manoeuvred", ["maneuvering"] = "manoeuvring",
        ["center"] = "centre", ["centers"] = "centres", ["centered"] = "centred", ["centering"] = "centring",
        ["theater"] = "theatre", ["theaters"] = "theatres", ["fiber"] = "fibre", ["liter"] = "litre", ["liters"] = "litres",
        ["caliber"] = "calibre", ["somber"] = "sombre", ["meager"] = "meagre", ["specter"] = "spectre", ["luster"] = "lustre",
        ["catalog"] = "catalogue", ["dialog"] = "dialogue", ["jewelry"] = "jewellery", ["enrollment"] = "enrolment",
        ["fulfill"] = "fulfil", ["fulfills"] = "fulfils", ["skillful"] = "skilful", ["willful"] = "wilful",
        ["aging"] = "ageing", ["toward"] = "towards", ["plow"] = "plough", ["sulfur"] = "sulphur",
        ["counselor"] = "counsellor", ["counselors"] = "counsellors", ["councilor"] = "councillor", ["councilors"] = "councillors",
    };
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_exact = s_exactWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // US -or stems that are -our in UK spelling; the suffix must be one of OurSuffixes ("laboratory", "honorary",
    // "humorous" and "vigorous" keep their spelling in both).
    private static readonly string[] s_orStems =
    [
        "color", "labor", "honor", "favor", "neighbor", "behavior", "humor", "rumor", "harbor", "vapor", "valor", "vigor",
        "rigor", "endeavor", "armor", "savior", "flavor", "odor", "parlor", "clamor", "fervor", "splendor", "tumor",
        "demeanor", "candor", "ardor", "rancor",
    ];
    private static readonly string[] s_orSuffixes = ["", "s", "ed", "ing", "ite", "ites", "able", "ably", "ful", "fully", "er", "ers", "hood", "hoods", "less", "al", "ism", "ist", "ists", "ings", "y"];

    // Stems whose final l doubles before -ed/-ing/-er in UK spelling.
    private static readonly string[] s_lStems =
    [
        "travel", "cancel", "label", "model", "fuel", "level", "signal", "marvel", "total", "dial", "equal", "rival",
        "counsel", "jewel", "channel", "tunnel", "quarrel", "shovel", "unravel", "duel", "pummel", "libel", "initial",
        "refuel", "parcel", "spiral", "sandbag", "propel", "gravel", "funnel", "barrel", "panel", "kidnap", "worship",
    ];
    private static readonly string[] s_lSuffixes = ["ed", "ing", "er", "ers", "ings", "ist", "ists"];

    private static readonly string[] s_izeSuffixes = ["e", "es", "ed", "ing", "ation", "ations", "er", "ers", "able"];

    /// <summary>Rewrites a lower-case word in place from US to UK spelling; returns its new length.</summary>
    internal static int FoldSpelling(Span<char> buf, int n)
    {
        var word = buf[..n];
        if (s_exact.TryGetValue(word, out var uk))
        {
            uk.CopyTo(buf);
            return uk.Length;
        }
        if (n < 5) return n;
        // -or -> -our ("labor", "favorite", "neighbors").
        if (word.IndexOf("or", StringComparison.Ordinal) >= 0)
        {
            foreach (var stem in s_orStems)
            {
                if (!word.StartsWith(stem, StringComparison.Ordinal) || !IsOneOf(word[stem.Length..], s_orSuffixes)) continue;
                if (n + 1 > buf.Length) return n;
                // Insert the u after the stem's o.
                for (int i = n; i > stem.Length - 1; i--) buf[i] = buf[i - 1];
                buf[stem.Length - 1] = 'u';
                buf[stem.Length] = 'r';
                return n + 1;
            }
        }
        // Single l before -ed/-ing/-er doubles ("traveled", "canceling", "kidnaped" and "worshiped" double their last consonant too).
        foreach (var stem in s_lStems)
        {
            if (n <= stem.Length || !word.StartsWith(stem, StringComparison.Ordinal) || !IsOneOf(word[stem.Length..], s_lSuffixes)) continue;
            if (n + 1 > buf.Length) return n;
            for (int i = n; i > stem.Length; i--) buf[i] = buf[i - 1];
            buf[stem.Length] = stem[^1];
            return n + 1;
        }
        // -yze -> -yse ("analyzed", "paralyzing").
        int yz = word.IndexOf("yz", StringComparison.Ordinal);
        if (yz > 0 && IsOneOf(word[(yz + 2)..], s_izeSuffixes) && word[(yz + 2)..] is not ("ation" or "ations"))
        {
            buf[yz + 1] = 's';
            return n;
        }
        // -ize -> -ise ("criticized", "organization"), except the -ize words of UK spelling too.
        int iz = word.LastIndexOf("iz", StringComparison.Ordinal);
        if (iz >= 2 && IsOneOf(word[(iz + 2)..], s_izeSuffixes) && !KeepsZ(word[..iz]))
            buf[iz + 1] = 's';
        return n;
    }

    /// <summary>Stems before "iz" whose z is spelled z in UK English as well: size, prize, seize, maize, baize, capsize.</summary>
    private static bool KeepsZ(ReadOnlySpan<char> before)
        => before.EndsWith("s") || before.EndsWith("pr") || before.EndsWith("se") || before.EndsWith("ma") || before.EndsWith("ba")
            || before.EndsWith("ps");

    private static bool IsOneOf(ReadOnlySpan<char> s, string[] options)
    {
        foreach (var o in options) if (s.SequenceEqual(o)) return true;
        return false;
    }
}
