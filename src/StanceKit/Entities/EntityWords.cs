namespace StanceKit;

/// <summary>
/// Closed word lists used by the entity rules: titles, organisation and place heads,
/// name particles, capitalised function words. Lookups are case-insensitive and allocation-free.
/// One instance per language (<see cref="English"/>), held by <see cref="LanguageData"/>: the rules read the lists of
/// the language their extractor was built with.
/// </summary>
internal sealed class EntityWords
{
    /// <summary>The English lists.</summary>
    public static EntityWords English { get; } = new();

    /// <summary>A case-insensitive word set looked up by span (no string per lookup).</summary>
    internal static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(params string[] words)
        => new HashSet<string>(words, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A case-insensitive word list of the rules (a <see cref="WordSet"/>: most misses cost no hashing).</summary>
    private static WordSet List(params string[] words) => new(words, StringComparer.OrdinalIgnoreCase);

    /// <summary>The embedded resource of <c>data/gazetteer/first-names.tsv</c>.</summary>
    internal const string GivenNameResource = "StanceKit.Gazetteer.first-names.tsv";

    /// <summary>
    /// Common given names of many cultures (data/gazetteer/first-names.tsv, case-sensitive: "Tomas", not "tomas"): an
    /// unknown capitalised stretch that opens with one is very likely a person.
    /// </summary>
    public readonly WordSet GivenName = LoadWordList(GivenNameResource, StringComparer.Ordinal);

    /// <summary>
    /// Common lower-case words (data/entities/common-words.txt: the words of our own corpus and of sports and business
    /// headlines): in an all-capitals headline "SACK" and "COACH" are such words, "GRONINGEN" is not.
    /// </summary>
    public readonly WordSet CommonWord = LoadWordList("StanceKit.Entities.common-words.txt", StringComparer.OrdinalIgnoreCase);

    private static WordSet LoadWordList(string resource, StringComparer comparer)
    {
        var set = new HashSet<string>(comparer);
        using var stream = typeof(EntityWords).Assembly.GetManifestResourceStream(resource);
        if (stream is not null)
        {
            using var reader = new StreamReader(stream);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.Length == 0 || line[0] == '#') continue;
                int tab = line.IndexOf('\t');
                var word = (tab < 0 ? line : line[..tab]).Trim();
                if (word.Length > 1) set.Add(word);
            }
        }
        return new WordSet(set, comparer);
    }

    /// <summary>
    /// Lower-case nouns before a capitalised name that make it an organisation's ("drug maker Cipla", "construction firm
    /// Larsen &amp; Toubro", "the newspaper Al Quds"), as role nouns make a person's.
    /// </summary>
    public readonly WordSet OrgNoun = List(
        "firm", "company", "maker", "producer", "lender", "carrier", "insurer", "retailer", "developer", "exporter",
        "importer", "conglomerate", "manufacturer", "supplier", "operator", "distributor", "miner", "refiner", "brokerage",
        "newspaper", "daily", "weekly", "broadcaster", "magazine", "tabloid", "network", "channel", "club");

    /// <summary>Lower-case nouns after an unknown name that make it a paper's or broadcaster's ("the Al-Ayyam newspaper").</summary>
    public readonly WordSet MediaNounAfter = List(
        "newspaper", "daily", "weekly", "magazine", "tabloid", "broadcaster", "television", "radio");

    /// <summary>Title nouns that can directly precede a person's name ("President", "Gen.").</summary>
    public readonly WordSet TitleCore = List(
        "President", "Vice-President", "Premier", "Chancellor", "Minister", "Secretary", "General", "Colonel", "Col",
        "Gen", "Lt", "Lieutenant", "Major", "Maj", "Captain", "Capt", "Admiral", "Adm", "Commander", "Cmdr", "Marshal",
        "Brigadier", "Sergeant", "Sgt", "Corporal", "King", "Queen", "Prince", "Princess", "Emir", "Amir",
        "Sheikh", "Sheik", "Sultan", "Pope", "Cardinal", "Archbishop", "Bishop", "Ayatollah", "Imam", "Rabbi", "Patriarch",
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "Senator", "Sen", "Rep",
        "Representative", "Congressman", "Congresswoman", "Governor", "Gov", "Mayor", "Ambassador", "Envoy",
        "Spokesman", "Spokeswoman", "Spokesperson", "Chairman", "Chairwoman", "Chair", "Chief", "Director",
        "Judge", "Justice", "Attorney", "Speaker", "Commissioner", "Councillor", "Councilor", "Counsellor",
        "Secretary-General", "Superintendent", "Inspector", "Colonel-General", "MP", "Leader", "Brig", "Mirwaiz", "Gens", "Rev", "Reverend", "Tsar", "Czar",
        "Mufti", "Lieutenant-General", "Major-General");

    /// <summary>Words that modify a title ("Prime", "Foreign", "Senior") and may precede a title noun.</summary>
    public readonly WordSet TitleModifier = List(
        "Prime", "Vice", "Deputy", "Cabinet", "Foreign", "Defense", "Defence", "Interior", "Finance", "Justice", "Trade",
        "Economy", "Health", "Home", "State", "Senior", "Chief", "Acting", "Interim", "Former", "First", "Crown",
        "Supreme", "Grand", "Lieutenant", "Major", "Brigadier", "Rear", "Field", "Air", "Vice-Admiral", "Opposition",
        "Security", "Energy", "Education", "Commerce", "Industry", "Agriculture", "Environment", "Labour", "Labor",
        "Information", "Culture", "Transport", "Executive", "Colonel", "Lt", "Maj", "Gen", "Staff", "Army", "Navy",
        "Military", "Police", "Party", "Presidential", "Special", "Permanent", "Top", "Regional", "Provincial",
        "Minority", "Majority", "House", "Senate", "Secretary", "General", "Attorney", "National", "Assistant",
        "Undersecretary", "Under", "Economic", "Digital", "Science", "Technology", "Sports", "Tourism", "Women's",
        "Foreign-Affairs", "Emergency", "Emergencies", "Elder", "Late", "Then", "Current", "Outgoing", "Incoming", "New");

    /// <summary>Lower-case role nouns after which a capitalised name is a person ("spokesman Dmitry Peskov").</summary>
    public readonly WordSet RoleNoun = List(
        "spokesman", "spokeswoman", "spokesperson", "minister", "president", "premier", "chancellor", "leader",
        "chief", "commander", "general", "envoy", "ambassador", "official", "analyst", "activist", "lawmaker",
        "senator", "counterpart", "secretary", "director", "governor", "mayor", "journalist", "dissident", "colonel",
        "chairman", "chairwoman", "emir", "king", "prince", "sheikh", "cleric", "economist", "researcher", "lawyer",
        "professor", "candidate", "challenger", "incumbent", "successor", "predecessor", "deputy", "strongman",
        "reporter", "correspondent", "editor", "blogger", "critic", "opponent", "adviser", "advisor", "aide",
        "negotiator", "mediator", "commissioner", "judge", "prosecutor", "lieutenant", "admiral", "marshal",
        "captain", "sergeant", "defendant", "detainee", "prisoner", "politician", "businessman",
        "businesswoman", "tycoon", "oligarch", "billionaire", "founder", "ceo", "coordinator", "rapporteur",
        "speaker", "warlord", "nominee", "writer", "poet", "artist", "scholar", "expert",
        "actor", "singer", "captain", "pastor", "imam", "bishop", "rabbi", "monk", "priest", "nun",
        // Sport (issue 15): "goalkeeper Zong Lei", "umpire Paul Reiffel", "second baseman Gleyber Torres", "seventh seed Iga Swiatek".
        "coach", "manager", "goalkeeper", "keeper", "midfielder", "striker", "defender", "winger", "forward", "skipper",
        "batsman", "bowler", "spinner", "all-rounder", "wicketkeeper", "umpire", "referee", "pitcher", "starter", "reliever",
        "shortstop", "baseman", "outfielder", "catcher", "quarterback", "debutant", "teenager", "seed", "champion", "golfer",
        "rider", "driver", "sprinter", "cyclist", "swimmer", "boxer", "jockey", "trainer", "substitute", "newcomer", "veteran",
        "compatriot", "teammate", "team-mate", "opener", "right-hander", "left-hander");

    /// <summary>Plural person nouns before "like", "such as", "including" ("officials like Xiao Gan").</summary>
    public readonly WordSet PersonPlural = List(
        "officials", "leaders", "figures", "ministers", "politicians", "activists", "lawmakers", "generals",
        "diplomats", "critics", "analysts", "commanders", "dissidents", "journalists", "officers", "opponents",
        "candidates", "people", "presidents", "senators", "envoys", "spokespeople", "spokesmen", "advisers", "advisors",
        "aides", "economists", "scholars", "experts", "reporters", "writers", "lawyers", "judges", "clerics",
        "hardliners", "moderates", "reformists", "veterans", "heavyweights", "allies", "rivals", "successors",
        "businessmen", "tycoons", "oligarchs", "billionaires", "members", "colleagues", "counterparts", "legislators");

    /// <summary>Heads that make a capitalised run an organisation ("... Organization", "Ministry of ...").</summary>
    public readonly WordSet OrgHead = List(
        "Organization", "Organisation", "Army", "Party", "Council", "Agency", "Commission", "Forces", "Force", "Front",
        "Movement", "Institute", "Institution", "Bank", "Court", "Ministry", "Ministries", "Committee", "Union",
        "Association", "Assembly", "Parliament", "Congress", "Senate", "Guard", "Guards", "Corps", "Office",
        "Department", "Service", "Services", "Corporation", "Corp", "Foundation", "University", "College",
        "Fund", "Authority", "Alliance", "Federation", "League", "Board", "Bureau", "Police", "Navy",
        "Brigade", "Brigades", "Battalion", "Regiment", "Division", "Command", "Watch", "Network", "Company", "Inc",
        "Ltd", "Bloc", "Coalition", "Society", "Centre", "Center", "Programme", "Secretariat", "Cabinet", "Tribunal",
        "Church", "Times", "Post", "News", "Daily", "Journal", "Herald", "Tribune", "Press", "Television", "TV",
        "Radio", "Broadcasting", "Airlines", "Airways", "Industries", "Holdings", "Group", "Mission", "Directorate",
        "Administration", "Presidency", "Legislature", "Militia", "Militias", "Taskforce", "Council",
        "Chamber", "Gazette", "Observer", "Monitor", "Agency's", "Intelligence", "Lab", "Laboratory", "Exchange",
        "Railways", "Railway", "Petroleum", "Energy", "Motors", "Telecom", "Post", "Guardian", "Caucus", "Senate",
        "Observatory", "Trust", "Forum", "Initiative", "Partnership", "Consortium", "Group's", "Syndicate", "Cartel", "Gang",
        "Brotherhood", "Jihad", "Ministerium", "Majlis", "Cooperative", "Council's", "Faction", "Wing", "Directorate",
        "Academy", "School", "Hospital", "Prosecutor's", "Procuratorate", "Soviet", "Institutes", "Commissariat",
        // Company forms and trades, and sports clubs (issue 15: names never seen, "Nomura Securities Co", "Blackburn Rovers").
        "Co", "Cos", "SA", "AG", "NV", "GmbH", "SpA", "Plc", "PLC", "Bhd", "Tbk", "Securities", "Investors", "Minerals",
        "Banka", "Banca", "Banco", "Bancorp", "Financial", "Insurance", "Airline", "Steel", "Mining", "Chemicals",
        "Pharmaceuticals", "Electronics", "Electric", "Systems", "Technologies", "Communications", "Resources", "Investments",
        "Partners", "Ventures", "Brewery", "Breweries", "Foods", "Shipping", "Rubber", "Textiles", "Semiconductor",
        "Software", "Motor", "Club", "United", "FC", "AFC", "CF", "SC", "Rovers", "Wanderers", "Athletic", "Albion", "Hotspur",
        "Pulp", "Spinning", "Jute", "Cement", "Cements", "Pharma", "Mills", "Tubes", "Ceramics", "Garments", "Auto");

    /// <summary>Words after a capitalised name that make it an organisation's ("Renault shares", "Nomura 's chief").</summary>
    public readonly WordSet OrgCueAfter = List(
        "shares", "stock", "stocks", "stake", "subsidiary", "unit", "chairman", "chairwoman", "shareholders", "plant",
        "factory", "brand", "executives", "board", "profit", "profits", "posted", "posts", "earnings", "revenue", "sales",
        "spokeswoman", "bonds", "debt", "takeover", "merger", "coach", "manager", "striker", "midfielder", "defender",
        "goalkeeper", "forward", "winger", "fans", "supporters", "squad", "club", "team");

    /// <summary>
    /// Clubs and teams whose name alone marks a club in sports copy (issue 15; names are facts): "Bayern", "Feyenoord",
    /// "Juventus", "Orioles". A capitalised run holding one is an ORG (<see cref="EntityRules"/>' club pass).
    /// </summary>
    public readonly WordSet ClubWord = List(
        "Bayern", "Schalke", "Leverkusen", "Hoffenheim", "Gladbach", "Ajax", "Feyenoord", "PSV", "Vitesse", "Twente", "Heerenveen",
        "Juventus", "Lazio", "Fiorentina", "Sampdoria", "Napoli", "Atalanta", "Udinese", "Internazionale", "Benfica", "Boavista",
        "Osasuna", "Espanyol", "Deportivo", "Betis", "Villarreal", "Galatasaray", "Fenerbahce", "Besiktas", "Trabzonspor",
        "Anderlecht", "Celtic", "Rangers", "Hibernian", "Arsenal", "Everton", "Tottenham", "Spurs", "Wolves", "Yankees", "Orioles",
        "Mets", "Dodgers", "Cubs", "Braves", "Phillies", "Astros", "Padres", "Marlins", "Expos", "Jays", "Sox", "Lakers",
        "Celtics", "Knicks", "Pistons", "Mavericks", "Nuggets", "Clippers", "Pacers", "Raptors", "Timberwolves", "SuperSonics",
        "Sonics", "Cavaliers", "Cowboys", "Redskins", "Steelers", "Packers", "Broncos", "Seahawks", "Buccaneers", "Canadiens",
        "Leafs", "Bruins", "Flyers", "Oilers", "Canucks", "Blackhawks",
        // Club prefixes: only with the capitalised word after them ("Werder Bremen", "Real Madrid", "Sporting Lisbon").
        "Werder", "Borussia", "Hertha", "Eintracht", "Fortuna", "Arminia", "Hansa", "Atletico", "Atlético", "Olympique",
        "Dynamo", "Dinamo", "Spartak", "Lokomotiv", "CSKA", "Steaua", "Partizan", "Slavia", "Legia", "Sporting", "Racing", "Real", "Inter");

    /// <summary>The <see cref="ClubWord"/>s that name a club only before another capitalised word ("Real Madrid", not "Real wages").</summary>
    public readonly WordSet ClubPrefix = List(
        "Werder", "Borussia", "Hertha", "Eintracht", "Fortuna", "Arminia", "Hansa", "Atletico", "Atlético", "Olympique",
        "Dynamo", "Dinamo", "Spartak", "Lokomotiv", "CSKA", "Steaua", "Partizan", "Slavia", "Legia", "Sporting", "Racing", "Real", "Inter");

    /// <summary>Squad roles after a city's name that make it a club's in a sports sentence ("Bayern coach", "Burnley keeper").</summary>
    public readonly WordSet ClubRoleAfter = List(
        "coach", "manager", "keeper", "goalkeeper", "captain", "skipper", "striker", "midfielder", "defender", "forward",
        "winger", "starter", "pitcher", "reliever", "right-hander", "left-hander", "fans", "supporters", "squad", "debutant");

    /// <summary>Verbs of results after a city's name ("Leeds beat ...", "Coventry took the lead"): a club's only beside a score.</summary>
    public readonly WordSet ClubVerbAfter = List(
        "beat", "beats", "drew", "edged", "thrashed", "routed", "crushed", "hammered", "equalised", "equalized", "scored",
        "conceded", "won", "lost", "led", "trailed", "earned", "held", "clinched", "rallied", "jumped", "stay", "stayed", "moved",
        "host", "hosted", "hosts", "visit", "visited", "took", "fired", "survived", "advanced", "defeated");

    /// <summary>Words before a city's name that make it a club's beside a score ("beat Bremen 2-0", "a 3-2 win over Baltimore").</summary>
    public readonly WordSet ClubCueBefore = List(
        "beat", "beating", "beats", "against", "over", "drew", "defeated", "edged", "thrashed", "routed", "crushed", "hammered",
        "by", "to", "with", "visiting", "hosts", "champions", "leaders", "for", "giving", "gave");

    /// <summary>Words that only sports copy uses: a sentence holding one (or a score) is a sports sentence.</summary>
    public readonly WordSet SportsWord = List(
        "halftime", "half-time", "equaliser", "equalizer", "inning", "innings", "homer", "homers", "homered", "wicket", "wickets",
        "bowled", "lbw", "overs", "relegated", "relegation", "standings", "striker", "midfielder", "goalkeeper", "keeper", "bullpen",
        "pitcher", "touchdown", "quarterback", "playoff", "playoffs", "walk-off", "scorer", "scoreline", "hat-trick", "semifinal",
        "semifinals", "semi-final", "quarterfinal", "quarter-final", "birdie", "birdies", "bogey", "equalised", "equalized",
        "right-hander", "left-hander", "shutout", "strikeouts", "homer", "putts");

    /// <summary>Heads that make a capitalised run a place ("Sea of Japan", "Gaza Strip").</summary>
    public readonly WordSet PlaceHead = List(
        "Sea", "Ocean", "Strait", "Straits", "Gulf", "Bay", "Island", "Islands", "Isle", "Isles", "Peninsula", "River",
        "Lake", "Mountains", "Mountain", "Mount", "Mt", "Valley", "Desert", "Plateau", "Basin", "Shoal", "Reef", "Reefs",
        "Canal", "Province", "Region", "Oblast", "Governorate", "County", "Prefecture", "City", "Square",
        "Street", "Avenue", "Airport", "Port", "Pass", "Corridor", "Strip", "Heights", "Territory", "Territories",
        "Archipelago", "Atoll", "Cape", "Coast", "Delta", "Highlands", "Hills", "Plain", "Plains", "Crossing",
        "Camp", "Krai", "Raion", "Municipality", "Township", "Village", "Refinery", "Mine", "Dam", "Base", "Field",
        "Park", "Harbour", "Harbor", "Line", "Road", "Shrine", "Temple", "Mosque", "Cathedral", "Prison", "Stadium", "Lagoon", "Falls", "Glacier", "Forest", "Steppe", "Zone", "Bridge", "Checkpoint");

    /// <summary>Heads of events, laws, treaties and products: not annotated (names inside are).</summary>
    public readonly WordSet EventHead = List(
        "Summit", "Conference", "Meeting", "Meetings", "Talks", "Games", "Olympics", "Cup", "Festival", "War", "Wars",
        "Treaty", "Agreement", "Accord", "Accords", "Act", "Law", "Protocol", "Declaration", "Day",
        "Week", "Plan", "Doctrine", "Strategy", "Program", "Operation", "Exercise", "Drills", "Drill", "Award",
        "Prize", "Charter", "Resolution", "Bill", "Amendment", "Code", "Deal", "Pact", "Embassy", "Consulate",
        "Embassies", "Consulates", "Revolution", "Uprising", "Massacre", "Crisis", "Election", "Elections", "Sessions", "Session", "Congress's", "Plenum", "Report", "Index", "Covenant", "Article", "Articles", "Statute", "Constitution", "Clause", "Survey", "Budget", "Framework",
        "Convention", "Mechanism", "Format", "Process", "Roadmap", "Offensive", "Campaign", "Ceasefire", "Truce", "Trial",
        // Sporting events (CoNLL's MISC): "Dubai Desert Classic", "Hamburg Open", "Italian Grand Prix".
        "Classic", "Open", "Prix", "Championship", "Championships", "Trophy", "Tour", "Series", "Marathon", "Rally", "Grand");

    /// <summary>Words after a country or demonym that mark a generic body described by it ("Iranian" + "Foreign Ministry").</summary>
    public readonly WordSet GenericBody = List(
        "Foreign", "Defense", "Defence", "Interior", "Finance", "Justice", "Health", "Economy", "Trade", "Commerce",
        "Education", "Energy", "Agriculture", "Environment", "Information", "Culture", "Home", "Labour", "Labor",
        "Transport", "Industry", "Ministry", "Ministries", "Government", "Cabinet", "Parliament", "Navy", "Army",
        "Air", "Military", "Senate", "Presidency", "Supreme", "Constitutional", "State", "Security",
        "Embassy", "Consulate", "Prime", "President's", "Emergency", "Emergencies", "Border", "Interior", "Naval",
        "Presidential", "Foreign-Affairs", "Digital", "Science", "Economic", "Finance", "Treasury", "Customs",
        "Immigration", "Migration", "Ground", "Marine", "Marines", "Special", "Defense-Ministry",
        "Parliamentary", "Legislative", "Electoral", "Election", "Statistics", "Tax", "Agriculture");

    /// <summary>Particles glued to a name by a hyphen ("al-Burhan", "el-Sisi", "ul-Haq").</summary>
    public readonly WordSet GluedParticle = List(
        "al", "el", "ad", "as", "ash", "an", "ar", "az", "at", "ul", "ur", "ed", "es", "er", "bin", "ibn", "abu", "bint", "ben");

    /// <summary>Name particles that may occur inside a person's name ("von der Leyen", "al-Burhan", "bin Salman").</summary>
    public readonly WordSet Particle = List(
        "al", "el", "bin", "bint", "ibn", "ben", "von", "van", "der", "den", "de", "da", "di", "du", "dos", "das",
        "del", "della", "la", "le", "ul", "ur", "zu", "abu", "bte", "binti", "ould", "delos", "dela", "los", "las");

    /// <summary>Lower-case words after a hyphen that end a name ("US-led", "Russia-backed").</summary>
    public readonly WordSet HyphenSuffix = List(
        "led", "backed", "based", "controlled", "born", "run", "owned", "made", "style", "era", "allied", "aligned",
        "friendly", "funded", "linked", "held", "occupied", "annexed", "installed", "appointed", "brokered",
        "sponsored", "affiliated", "leaning", "related", "bound", "wide", "level", "specific", "type", "like",
        "centric", "focused", "bashing", "skeptic", "sceptic", "skeptical", "sceptical", "educated", "trained",
        "supplied", "built", "designed", "manufactured", "origin", "registered", "flagged", "dominated", "imposed",
        "mediated", "sanctioned", "proof", "free", "wide", "ruled", "governed", "administered", "claimed",
        "facing", "bordering", "speaking", "ness", "ism", "ist", "ists", "ization", "isation", "ward", "wards",
        "inspired", "themed", "listed", "oriented", "leaning", "backers", "watchers", "hawks", "born", "produced",
        "certified", "approved", "sized", "set", "made", "linked", "origin", "native", "centred", "centered", "only",
        "first", "plus", "minus", "bound", "grown", "sourced", "exposed", "heavy", "lite");

    /// <summary>Capitalised words that never start or continue a name on their own (function words, days, months).</summary>
    public readonly WordSet StopCap = List(
        "the", "a", "an", "in", "on", "at", "but", "and", "or", "if", "when", "while", "after", "before", "since", "as",
        "for", "from", "with", "without", "by", "to", "of", "this", "that", "these", "those", "it", "he", "she",
        "they", "we", "i", "you", "his", "her", "their", "its", "our", "my", "your", "there", "here", "what", "which",
        "who", "whom", "whose", "why", "how", "where", "not", "no", "yes", "some", "many", "most", "all", "any", "each",
        "every", "both", "few", "several", "more", "less", "other", "another", "such", "only", "also", "even", "still",
        "yet", "so", "then", "than", "now", "today", "tonight", "yesterday", "tomorrow", "however", "meanwhile",
        "although", "though", "because", "despite", "during", "under", "over", "about", "against", "between",
        "among", "amid", "across", "through", "into", "onto", "upon", "within", "around", "near", "until", "unless",
        "whether", "once", "instead", "indeed", "moreover", "furthermore", "nevertheless", "nonetheless", "thus",
        "hence", "therefore", "according", "asked", "speaking", "writing", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
        "september", "october", "november", "december", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does",
        "did", "will", "would", "can", "could", "should", "might", "must", "shall", "pro", "anti", "non", "ex",
        "post", "pre", "self", "former", "ngo", "ngos", "late",
        "early", "last", "next", "first", "second", "third", "one", "two", "three", "four", "five",
        "ten", "hundreds", "thousands", "millions", "dozens", "why", "let", "please", "thank", "thanks", "dear",
        "ok", "okay", "mr", "mrs", "ms", "dr",
        "just", "nearly", "almost", "about", "roughly", "some", "none", "neither",
        "either", "nor", "whereas", "although", "unlike", "like", "per", "via", "following", "ahead", "beyond",
        "behind", "below", "above", "toward", "towards", "throughout", "outside", "inside", "along", "alongside",
        "besides", "beside", "off", "out", "up", "down", "again", "already", "never", "always", "often", "sometimes",
        "perhaps", "maybe", "probably", "certainly", "clearly", "officially", "separately", "earlier", "later",
        "recently", "currently", "previously", "initially", "finally", "eventually", "overall", "together", "too",
        "very", "much", "well", "far", "soon", "long", "last", "least", "less", "lest", "said", "says", "say",
        // Labels of results pages ("Men 's singles", "Scoreboard on the first day ...").
        "men", "women", "men's", "women's", "scoreboard", "results", "standings", "scores", "extras", "total");

    /// <summary>All-capital abbreviations that are not names ("HIV", "LNG", "GDP").</summary>
    public readonly WordSet CommonAcronym = List(
        "HIV", "AIDS", "LNG", "GDP", "CEO", "COVID", "AI", "CCTV", "VPN", "NGO", "LGBT", "LGBTQ", "LGBTQ+", "OK", "DNA",
        "CO2", "GMT", "UTC", "AM", "PM", "FM", "SMS", "PDF", "IT", "VIP", "PR", "HQ", "ID", "GPS", "IQ", "USD", "EUR", "CPI",
        "FDI", "IPO", "VAT", "MP", "MPs", "LPG", "EV", "EVs", "UAV", "UAVs", "ICBM", "ICBMs", "SUV", "ETA", "FAQ");
    public readonly WordSet NameSuffix = List("Jr", "Sr", "II", "III", "IV");

    /// <summary>Given names that are also country or city names ("Jordan", "Chad", "Georgia").</summary>
    public readonly WordSet AmbiguousGivenName = List(
        "Jordan", "Chad", "Georgia", "Israel", "India", "Paris", "Sydney", "Austin", "Victoria", "Florence",
        "Lincoln", "Washington", "Madison", "Virginia", "Carolina", "Houston", "Troy", "Jackson", "Charlotte",
        "Savannah", "Dallas", "Kenya", "Cuba", "Mali", "Chelsea", "Orlando", "Regina", "Santiago", "Salvador",
        "Lima", "Adelaide", "Valencia", "Alexandria", "Eugene", "Jersey", "Brooklyn", "Denver", "Nancy", "Sofia",
        "Vienna", "Kingston", "Hamilton", "Wellington", "Darwin", "Nelson", "Columbus", "Montgomery", "Raleigh",
        "Lafayette", "Dakota", "Phoenix", "Tripoli");
}
