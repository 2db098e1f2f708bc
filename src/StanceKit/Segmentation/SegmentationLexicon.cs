using System.Collections.Frozen;

namespace StanceKit.Segmentation;

/// <summary>How a word followed by a period behaves at a potential sentence boundary.</summary>
internal enum TokenClass : byte
{
    /// <summary>An ordinary word or number: the period ends the sentence before a capital, digit or symbol.</summary>
    Regular,

    /// <summary>A title or other prepositive abbreviation (Mr., Dr., Gen., Sen., St., Mt.): never ends a sentence.</summary>
    Title,

    /// <summary>An abbreviation that may or may not end a sentence (U.S., Inc., Co., etc., Jan.): ends it only before a typical sentence opener.</summary>
    Ambiguous,

    /// <summary>An abbreviation that is always followed by more of the sentence (e.g., i.e., vs., cf., approx.).</summary>
    Never,

    /// <summary>a.m./p.m. after a clock time.</summary>
    Time,

    /// <summary>A single capital letter: an initial (George W. Bush).</summary>
    Initial,

    /// <summary>The pronoun "I" after a lower-case word ("you and I.").</summary>
    PronounI,

    /// <summary>"am"/"pm" written with internal periods; a time only after a number.</summary>
    DottedTimeWord,

    /// <summary>"am"/"pm" without periods; a time only after a number, otherwise an ordinary word.</summary>
    BareTimeWord,
}

/// <summary>The look-ups the segmenter's rules make: one struct per language, its members static (see <see cref="BoundaryScanner{TLexicon}"/>).</summary>
internal interface ISegmentationLexicon
{
    /// <summary>The class of a word followed by a period, when it is a known abbreviation.</summary>
    static abstract bool TryGetAbbreviation(ReadOnlySpan<char> word, out TokenClass kind);
    /// <summary>A word that typically opens a sentence after an ambiguous abbreviation.</summary>
    static abstract bool IsSentenceStarter(ReadOnlySpan<char> word);
    /// <summary>A function word.</summary>
    static abstract bool IsFunctionWord(ReadOnlySpan<char> word);
    /// <summary>A small word that headline case leaves in lower case.</summary>
    static abstract bool IsHeadlineSmallWord(ReadOnlySpan<char> word);
    /// <summary>A speech verb of an attribution after a quote.</summary>
    static abstract bool IsSpeechVerb(ReadOnlySpan<char> word);
    /// <summary>A word that follows a clock time within the sentence.</summary>
    static abstract bool IsTimeFollower(ReadOnlySpan<char> word);
    /// <summary>A word that leads a sentence-initial time phrase.</summary>
    static abstract bool IsTimeLead(ReadOnlySpan<char> word);
    /// <summary>A word that continues a name after an initialism.</summary>
    static abstract bool IsInitialismContinuation(ReadOnlySpan<char> word);
    /// <summary>A word that continues a sentence after a name suffix.</summary>
    static abstract bool IsSuffixContinuation(ReadOnlySpan<char> word);
    /// <summary>A company suffix (Inc, Corp).</summary>
    static abstract bool IsCompanySuffix(ReadOnlySpan<char> word);
    /// <summary>A word that continues a sentence after a company suffix.</summary>
    static abstract bool IsCompanyContinuation(ReadOnlySpan<char> word);
    /// <summary>A saint's name after "St.".</summary>
    static abstract bool IsSaintName(ReadOnlySpan<char> word);
    /// <summary>A weekday.</summary>
    static abstract bool IsWeekday(ReadOnlySpan<char> word);
}

/// <summary>The closed English word lists of the segmenter. All look-ups are allocation-free.</summary>
internal readonly struct EnglishSegmentationLexicon : ISegmentationLexicon
{
    // Matched ignoring case.
    private static readonly string[] s_titles =
    [
        "Mr", "Mrs", "Ms", "Mx", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs", "Prof", "Profs", "Rev", "Revs", "Fr", "Msgr",
        "Hon", "Pres", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "Amb", "Atty", "Supt", "Insp", "Det", "Sgt", "Cpl", "Pvt",
        "Pfc", "Spc", "Lt", "Lieut", "Capt", "Cpt", "Maj", "Col", "Gen", "Gens", "Brig", "Adm", "Cmdr", "Cdr", "Comdr", "Cmdt",
        "St", "Mt", "Rt", "Asst", "Cllr", "Sra", "Srta", "Ret", "Hr", "Mssrs",
    ];

    private static readonly string[] s_ambiguous =
    [
        "Jr", "Sr", "Inc", "Corp", "Co", "Cos", "Ltd", "Plc", "Llc", "Llp", "Bros", "Assn", "Assoc", "Dept", "Univ", "Ave", "Blvd",
        "Rd", "Hwy", "Sq", "Ste", "Apt", "Bldg", "Esq", "etc", "al", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
        "Sept", "Oct", "Nov", "Dec", "Nr", "N\u00B0", "N\u00BA", "Vol", "Vols", "Fig", "Figs", "Ch", "Chap", "Para", "pp", "Tel",
        "Ext", "Eds", "Est", "Govt", "Intl", "Natl", "Mfg", "Mgr", "Pct", "yrs", "hrs", "mins", "secs", "lbs", "oz", "ft", "sq",
        "Ph.D", "M.D", "B.A", "M.A", "B.Sc", "M.Sc", "LL.B", "LL.M", "D.Phil", "Jos", "Wm", "Chas", "Geo", "Thos",
    ];

    private static readonly string[] s_never =
    [
        "vs", "e.g", "i.e", "cf", "viz", "approx", "ca", "esp", "incl", "excl", "ibid", "resp", "eg", "ie",
    ];

    // Matched ignoring case, but only when the word starts with a capital: "No." is an abbreviation, "no." is a word.
    private static readonly string[] s_capitalOnly =
    [
        "No", "Nos", "Art", "Sec", "Op", "Ed", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "Ft",
        // U.S. states in AP style (N.Y., D.C., ... are caught by the initialism pattern).
        "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass",
        "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Vt", "Va", "Wash", "Wis",
        "Wyo", "Alta", "Ont", "Que", "Sask", "Man",
    ];

    private static readonly FrozenDictionary<string, TokenClass>.AlternateLookup<ReadOnlySpan<char>> s_abbreviations = BuildAbbreviations();
    private static readonly FrozenDictionary<string, TokenClass>.AlternateLookup<ReadOnlySpan<char>> s_capitalAbbreviations = BuildCapitalAbbreviations();

    private static FrozenDictionary<string, TokenClass>.AlternateLookup<ReadOnlySpan<char>> BuildAbbreviations()
    {
        var d = new Dictionary<string, TokenClass>(StringComparer.OrdinalIgnoreCase);
        foreach (var w in s_titles) d[w] = TokenClass.Title;
        foreach (var w in s_ambiguous) d[w] = TokenClass.Ambiguous;
        foreach (var w in s_never) d[w] = TokenClass.Never;
        d["a.m"] = TokenClass.DottedTimeWord;
        d["p.m"] = TokenClass.DottedTimeWord;
        d["am"] = TokenClass.BareTimeWord;
        d["pm"] = TokenClass.BareTimeWord;
        return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static FrozenDictionary<string, TokenClass>.AlternateLookup<ReadOnlySpan<char>> BuildCapitalAbbreviations()
    {
        var d = new Dictionary<string, TokenClass>(StringComparer.OrdinalIgnoreCase);
        foreach (var w in s_capitalOnly) d[w] = TokenClass.Ambiguous;
        d["Ft"] = TokenClass.Title; // Fort; lower-case "ft." (feet) is in the general list
        return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Looks up a word (without its final period) in the abbreviation lists.</summary>
    public static bool TryGetAbbreviation(ReadOnlySpan<char> word, out TokenClass kind)
    {
        if (word.Length == 0 || word.Length > 8) { kind = TokenClass.Regular; return false; }
        if (char.IsUpper(word[0]) && s_capitalAbbreviations.TryGetValue(word, out kind)) return true;
        return s_abbreviations.TryGetValue(word, out kind);
    }

    /// <summary>
    /// Capitalised words that typically open an English sentence (pronouns, determiners, conjunctions, prepositions,
    /// sentence adverbs): after an ambiguous abbreviation such a word signals a new sentence.
    /// </summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_starters = Set(StringComparer.Ordinal,
        "A", "An", "The", "This", "That", "These", "Those", "There", "Then", "Their", "They", "He", "She", "It", "Its", "We", "I",
        "You", "Our", "My", "His", "Her", "Your", "But", "And", "Or", "So", "Yet", "Nor", "However", "Meanwhile", "Moreover",
        "Furthermore", "Also", "In", "On", "At", "For", "From", "By", "With", "Without", "After", "Before", "During", "While",
        "When", "Where", "What", "Who", "Whom", "Whose", "Why", "How", "Which", "If", "As", "Although", "Though", "Since",
        "Because", "Despite", "Still", "Now", "Today", "Yesterday", "Tomorrow", "Tonight", "Last", "Next", "Some", "Many",
        "Most", "Several", "Both", "All", "Each", "Every", "No", "Not", "None", "One", "Such", "Other", "Another", "Earlier",
        "Later", "According", "Under", "Over", "Instead", "Indeed", "Even", "Only", "Here", "Let", "Do", "Does", "Did", "Is",
        "Are", "Was", "Were", "Would", "Can", "Could", "Should", "Might", "Must", "Has", "Have", "Had", "Please", "Thanks",
        "Yes", "Among", "About", "Around", "Against", "Amid", "Until", "Unlike", "Once", "Otherwise", "Thus", "Hence",
        "Therefore", "Nevertheless", "Nonetheless", "Additionally", "Afterward", "Afterwards", "Finally", "First", "Second",
        "Third", "Initially", "Eventually", "Overall", "Separately", "Similarly", "Specifically", "Together", "Few", "More",
        "Much", "Any", "Whether", "Either", "Neither", "Just", "Asked", "Officials", "Critics", "Witnesses");

    /// <summary>Whether <paramref name="word"/> (exact case) typically opens a sentence.</summary>
    public static bool IsSentenceStarter(ReadOnlySpan<char> word) => word.Length <= 16 && s_starters.Contains(word);

    /// <summary>Lower-case words after which a line cannot end a sentence (articles, prepositions, conjunctions, auxiliaries).</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_functionWords = Set(StringComparer.Ordinal,
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but", "nor", "as", "that",
        "which", "who", "whom", "whose", "than", "into", "onto", "over", "under", "about", "after", "before", "between", "during",
        "against", "among", "through", "via", "per", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
        "will", "would", "can", "could", "should", "may", "might", "must", "shall", "its", "their", "his", "her", "our", "your",
        "my", "said", "says", "told", "including", "near", "if", "when", "while", "because", "whether", "not", "very", "such",
        "this", "these", "those", "some", "any", "all", "both", "each", "every", "no", "so", "then", "also", "where", "what",
        "how", "why", "it", "he", "she", "they", "we", "you", "do", "does", "did", "up", "out", "off", "across", "toward",
        "towards", "within", "without", "upon", "amid", "despite", "like", "unlike", "since", "until", "just", "only", "more",
        "most", "less", "least", "either", "neither", "other", "another", "than", "de", "von", "van", "der", "la", "le", "du",
        "del", "da", "di", "bin", "al");

    /// <summary>Whether <paramref name="word"/> (exact case) is a lower-case function word.</summary>
    public static bool IsFunctionWord(ReadOnlySpan<char> word) => word.Length <= 12 && s_functionWords.Contains(word);

    /// <summary>Words that may stay lower case in a Title Case headline.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_headlineSmallWords = Set(StringComparer.Ordinal,
        "a", "an", "the", "and", "but", "or", "nor", "for", "of", "on", "in", "at", "to", "by", "with", "from", "as", "vs", "via",
        "up", "into", "over", "per", "amid", "after", "off", "out", "v");

    /// <summary>Whether <paramref name="word"/> may stay lower case in a Title Case headline.</summary>
    public static bool IsHeadlineSmallWord(ReadOnlySpan<char> word) => word.Length <= 5 && s_headlineSmallWords.Contains(word);

    /// <summary>Speech verbs of a quote attribution ("…?” Smith asked).</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_speechVerbs = Set(StringComparer.Ordinal,
        "said", "says", "asked", "asks", "added", "adds", "told", "tells", "wrote", "writes", "replied", "replies", "shouted",
        "yelled", "exclaimed", "insisted", "insists", "declared", "noted", "notes", "explained", "explains", "continued",
        "recalled", "warned", "warns", "tweeted", "posted", "cried", "demanded", "whispered", "answered", "argued", "argues",
        "stated", "responded", "countered", "conceded", "admitted", "acknowledged", "quipped", "joked", "laughed", "sighed",
        "screamed", "chanted", "wondered", "urged", "pleaded", "snapped", "muttered", "suggested", "added", "predicted");

    /// <summary>Whether <paramref name="word"/> is a speech verb.</summary>
    public static bool IsSpeechVerb(ReadOnlySpan<char> word) => word.Length <= 12 && s_speechVerbs.Contains(word);

    /// <summary>Words that continue a clock time: "5 p.m. Monday", "5 p.m. EST", "9 a.m. Jan. 6".</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_timeFollowers = Set(StringComparer.Ordinal,
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue", "Tues", "Wed", "Thu",
        "Thur", "Thurs", "Fri", "Sat", "Sun", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
        "Nov", "Dec", "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AT", "AST", "ADT", "GMT",
        "UTC", "BST", "CET", "CEST", "EET", "EEST", "WET", "WEST", "IST", "JST", "KST", "HKT", "SGT", "AEST", "AEDT", "MSK",
        "WIB", "Eastern", "Central", "Mountain", "Pacific", "Atlantic", "Greenwich", "Zulu");

    /// <summary>Whether <paramref name="word"/> continues a clock time (a weekday, month or time zone).</summary>
    public static bool IsTimeFollower(ReadOnlySpan<char> word) => word.Length <= 10 && s_timeFollowers.Contains(word);

    /// <summary>Words that open a sentence-initial time phrase ("At 5 a.m. Mr. Smith ...").</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_timeLeads = Set(StringComparer.Ordinal,
        "At", "By", "Around", "About", "Before", "After", "Until", "Till", "From", "Since", "Shortly", "Just", "Starting",
        "Beginning", "Early", "Late", "Sometime", "Today", "Tonight", "Yesterday", "Tomorrow", "On", "Then", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Approximately", "Roughly", "Nearly", "Almost",
        "Between", "Circa", "Through", "Past", "Soon", "Only", "Even", "Precisely", "Exactly");

    /// <summary>Whether <paramref name="word"/> opens a sentence-initial time phrase.</summary>
    public static bool IsTimeLead(ReadOnlySpan<char> word) => word.Length <= 13 && s_timeLeads.Contains(word);

    /// <summary>
    /// Capitalised words that continue a name after a country initialism ("U.S. President", "U.K. Treasury", "E.U.
    /// Commission"): offices, institutions and titles. Any other capitalised word after "in the U.S." starts a sentence.
    /// </summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_initialismContinuations = Set(StringComparer.Ordinal,
        "President", "Presidents", "Vice", "Secretary", "Secretaries", "Senate", "Senator", "Senators", "Sen", "Rep", "Representative",
        "Representatives", "House", "Congress", "Congressman", "Congresswoman", "Government", "Administration", "Treasury", "Army",
        "Navy", "Air", "Marine", "Marines", "Coast", "Border", "Customs", "Embassy", "Embassies", "Consulate", "Ambassador",
        "Ambassadors", "Envoy", "Special", "Department", "Dept", "Defense", "Defence", "State", "States", "Justice", "Trade",
        "Commerce", "Energy", "Interior", "Foreign", "Home", "Supreme", "Federal", "District", "Circuit", "Court", "Courts",
        "Attorney", "Attorneys", "Judge", "Central", "Forces", "Force", "Military", "Armed", "Joint", "National", "Agency",
        "Postal", "Chamber", "Open", "Capitol", "Commission", "Commissioner", "Council", "Parliament", "Security", "General",
        "Assembly", "Mission", "Command", "Office", "Cabinet", "Prime", "Minister", "Ministers", "Ministry", "Chancellor",
        "Economic", "Space", "Geological", "Census", "Bureau", "Steel", "Bancorp", "Bank", "Dollar", "Dollars", "Intelligence",
        "Food", "Drug", "Environmental", "Fish", "Forest", "Patent", "Olympic", "Soccer", "Chief", "Deputy", "Acting",
        "Delegation", "Delegate", "Delegates", "Permanent", "Representative's", "Court's", "Labor", "Labour", "Health",
        "Transportation", "Education", "Agriculture", "Veterans", "Homeland", "Immigration", "Citizenship", "Navy's", "Army's",
        "Summit", "Presidency", "Council's", "Parliament's", "Commission's", "Member", "Members", "Competition", "Regulators",
        "Aid", "High", "Representative", "Naval", "Legation", "Marshal", "Marshals", "Census", "Copyright", "Mint", "Virgin",
        "Pacific", "European", "Atlantic", "Northern", "Southern", "Midwest", "Open's", "Masters", "Championship", "Championships");

    /// <summary>Whether <paramref name="word"/> continues a name after a country initialism ("U.S. Army").</summary>
    public static bool IsInitialismContinuation(ReadOnlySpan<char> word) => word.Length <= 16 && s_initialismContinuations.Contains(word);

    /// <summary>Words that continue a name after "Jr.", "Sr." or a street "St.": places named after a person or a street ("King Jr. Boulevard", "Wall St. Journal").</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_suffixContinuations = Set(StringComparer.Ordinal,
        "Boulevard", "Blvd", "Avenue", "Ave", "Street", "St", "Drive", "Dr", "Road", "Rd", "Highway", "Hwy", "Parkway", "Way", "Plaza",
        "Square", "Bridge", "Day", "High", "Middle", "Elementary", "School", "Academy", "College", "University", "Park", "Memorial",
        "Library", "Center", "Centre", "Hospital", "Airport", "Stadium", "Arena", "Foundation", "Award", "Prize", "Federal",
        "Building", "Hall", "Institute", "Trust", "Fund", "Museum", "Collection", "Papers", "Tunnel", "Expressway", "Freeway",
        "Journal", "Station", "Pier", "Wharf", "Market", "Mall", "Crossing");

    /// <summary>Whether <paramref name="word"/> continues a name after a generational suffix ("Jr. Boulevard").</summary>
    public static bool IsSuffixContinuation(ReadOnlySpan<char> word) => word.Length <= 12 && s_suffixContinuations.Contains(word);

    /// <summary>Company suffixes: "Acme Corp. Chief Executive ..." continues, "... Norden Shipping Inc. Analysts said" does not.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_companySuffixes = Set(StringComparer.OrdinalIgnoreCase,
        "Inc", "Corp", "Co", "Cos", "Ltd", "Plc", "Llc", "Llp", "Bros");

    /// <summary>Whether <paramref name="word"/> (without its period) is a company suffix.</summary>
    public static bool IsCompanySuffix(ReadOnlySpan<char> word) => word.Length <= 4 && s_companySuffixes.Contains(word);

    /// <summary>Words after a company suffix that continue the sentence: titles and a further suffix ("Corp. Chief Executive", "Bros. Ltd.").</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_companyContinuations = Set(StringComparer.Ordinal,
        "Chief", "Chairman", "Chairwoman", "Chair", "President", "Vice", "Executive", "Executives", "Managing", "Director",
        "Directors", "Senior", "Spokesman", "Spokeswoman", "Spokesperson", "CEO", "CFO", "COO", "Founder", "Co-founder", "Head",
        "General", "Deputy", "Group", "Board", "Inc", "Corp", "Co", "Ltd", "Plc", "LLC", "Llc", "LLP", "Bros", "Holdings",
        "Subsidiary", "Unit", "Division", "Shareholders", "Stock", "Share", "Tower", "Building", "Headquarters", "Plant");

    /// <summary>Whether <paramref name="word"/> continues the sentence after a company suffix.</summary>
    public static bool IsCompanyContinuation(ReadOnlySpan<char> word) => word.Length <= 16 && s_companyContinuations.Contains(word);

    /// <summary>
    /// Names that follow "St." as a saint (a place, church or school), so "Mount St. Helens" and "Fort St. John" continue
    /// even though the word before "St." is capitalised like a street's ("Elm St. Hundreds joined").
    /// </summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_saints = Set(StringComparer.Ordinal,
        "Louis", "Petersburg", "Paul", "Peter", "John", "Johns", "Helens", "Helena", "Helier", "Lucia", "Lucie", "Kitts", "Vincent",
        "Andrews", "Andrew", "Albans", "Mary", "Marys", "Mark", "Patrick", "George", "Georges", "Germain", "Moritz", "Gallen",
        "Tropez", "Augustine", "Lawrence", "Clair", "Cloud", "Denis", "Etienne", "Malo", "Nazaire", "Thomas", "Croix", "Martin",
        "Barts", "Barths", "Kilda", "Ives", "Jude", "Anne", "Catharines", "Albert", "Charles", "Joseph", "Pancras", "Michael",
        "Stephen", "Nicholas", "James", "Jean", "Pierre", "Gotthard", "Bernard", "Francis", "Francisco", "Ignatius", "Luke",
        "Matthew", "Catherine", "Cecilia", "Jerome", "Benedict", "Dominic", "Agnes", "Ann", "Bride", "Brides", "Columba", "David",
        "Davids", "Edmund", "Edmunds", "Giles", "Leonard", "Leonards", "Margaret", "Margarets", "Neots", "Ninian", "Pauli", "Tammany",
        "Kilian", "Lambert", "Laurent", "Maarten", "Eustatius", "Barthelemy", "Lucas", "Pölten", "Veit", "Wendel", "Ingbert",
        "Gallen's", "Joseph's", "Mary's", "Peter's", "Paul's", "Patrick's", "John's", "Mark's", "Andrew's", "George's", "James's",
        "Michael's", "Thomas's", "Stephen's", "Luke's", "Anne's", "Anthony", "Antony", "Christopher", "Elias", "Elizabeth",
        "Marks", "Petersburg's", "Louis's", "Valentine", "Valentine's", "Vitus", "Basil", "Basil's", "Sophia", "Isaac", "Isaac's",
        "Cyril", "Gregory", "Sergius", "Alban", "Aidan", "Hilda", "Olaf", "Olav", "Eric", "Knut", "Wenceslas", "Adalbert");

    /// <summary>Whether <paramref name="word"/> is a saint's name after "St.".</summary>
    public static bool IsSaintName(ReadOnlySpan<char> word) => word.Length <= 16 && s_saints.Contains(word);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_weekdays = Set(StringComparer.Ordinal,
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");

    /// <summary>Whether <paramref name="word"/> is a weekday name.</summary>
    public static bool IsWeekday(ReadOnlySpan<char> word) => word.Length <= 9 && s_weekdays.Contains(word);

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(StringComparer comparer, params string[] words) =>
        words.Distinct(comparer).ToFrozenSet(comparer).GetAlternateLookup<ReadOnlySpan<char>>();
}
