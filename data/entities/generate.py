#!/usr/bin/env python3
"""Writes data/entities/unseen-names.jsonl and unseen-names-2.jsonl (training) and data/entities/dev/unseen-names-dev.jsonl
(tuning check).

Sentences in our own templates with invented names in every role (people, clubs, companies, parties, towns), in the
news and sports registers, untokenised and tokenised (spaces before punctuation, " 's"), with all-caps headlines and
results tables. Entity markup is [[surface|TYPE]] (docs/corpus-format.md). Everything here was written by the StanceKit
team; the invented names are made from syllables, so they are in no gazetteer. Deterministic (fixed seed).

Run: python3 data/entities/generate.py
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))

GIVEN = ("Tomas Hanna Pavel Ines Kofi Amara Lars Mirela Jorge Keiko Rustam Leila Anders Petra Diego Sanjay Olga Emeka "
         "Yusuf Marta Ivan Chloe Bogdan Farid Nadia Henrik Lucia Dariusz Aiko Marek Esther Tariq Sofia Goran Rosa "
         "Viktor Ama Ramon Irina Kwabena Elif Stefan Ayesha Bruno Zofia Matteo Ngozi Oleksiy Linnea Hamid Camila").split()
INVENTED_GIVEN = "Brastin Kelvo Ondrik Saviel Tamor Ludma Ferin Oskarin Velma Drago Ilvan Mirto Zorela Karsten Anouk".split()
SURNAME_STEMS = ("Kral Voron Petr Bardz Mikul Golub Dran Sokol Tarn Brav Lesk Morav Ostr Radk Vesel Zhar Kadyr Bek "
                 "Hald Lind Berg Strom Falk Arn Nkem Okor Adeb Mens Kamar Rossel Bellin Ferr Sant Moral Castel "
                 "Papad Kost Yild Demir Avet Gelash Tanab Morik Hoshin Sukar Wiran Pradh Chandr").split()
SUFFIXES = ("ov ova ev enko chuk ski ska ic ovic escu eanu ez es son sen ini etti opoulos idis oglu yan adze ura "
            "moto wa ye o a i er man").split()
PLAIN_SURNAMES = "Hartley Kowalczyk Brandt Okafor Mensah Lindqvist Ferreira Castellano Marchetti Novak Horvat Nakamura".split()
TOWN_STEMS = "Brav Ostr Kel Sarn Vol Dun Mer Tarn Hald Zel Rud Pol Kor Bel Gran Lom Vask Tor".split()
TOWN_ENDS = "ik ova grad ton by holm ia ara ec ino burg field mouth ovo ani".split()
CLUB_ENDS = ["Rovers", "United", "Athletic", "Wanderers", "FC", "City", "Albion"]
COMPANY_ENDS = ["Holdings", "Group", "Corp", "Inc", "Ltd", "Bank", "Securities", "Airlines", "Steel", "Mining", "Co", "SA", "AG"]
INVENTED_COMPANIES = "Vexora Tramix Kelderon Ostrabank Pellix Norvanta Brigstone Calvera Duvnik Sarnoil Zelcom Marlow".split()
PARTIES = ["Party", "Front", "Movement", "Alliance", "Union", "Congress"]
PARTY_WORDS = "Democratic Progressive Labour National Popular Renewal Liberal Green Civic Patriotic".split()
COUNTRIES = ("Britain France Germany Italy Spain Russia Ukraine Poland Romania Nigeria Kenya Ghana Japan China India "
             "Pakistan Brazil Argentina Mexico Canada Australia Sweden Norway Denmark Turkey Egypt Sudan Iran Iraq "
             "Hungary Greece Serbia Croatia Bulgaria Belarus Georgia Armenia Portugal Austria Switzerland Belgium").split()
DEMONYMS = ("British French German Italian Spanish Russian Ukrainian Polish Romanian Nigerian Kenyan Ghanaian Japanese "
            "Chinese Indian Pakistani Brazilian Argentine Mexican Canadian Australian Swedish Norwegian Danish Turkish").split()
CITIES = ("London Paris Berlin Rome Madrid Moscow Kyiv Warsaw Bucharest Lagos Nairobi Accra Tokyo Beijing Mumbai Karachi "
          "Sao_Paulo Buenos_Aires Toronto Sydney Stockholm Oslo Copenhagen Istanbul Cairo Khartoum Tehran Baghdad Budapest Athens").split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
SPORTS = ["SOCCER", "TENNIS", "ATHLETICS", "GOLF", "CYCLING", "RUGBY UNION", "CRICKET", "BASKETBALL", "BOXING", "ICE HOCKEY"]

rng = random.Random(1996)


def pick(xs):
    return rng.choice(xs)


def surname():
    r = rng.random()
    if r < 0.15:
        return pick(PLAIN_SURNAMES)
    s = pick(SURNAME_STEMS) + pick(SUFFIXES)
    if r < 0.22:
        return pick(["al-", "bin ", "van ", "de ", "von "]) + s
    return s


def given():
    return pick(INVENTED_GIVEN) if rng.random() < 0.3 else pick(GIVEN)


def person():
    return f"{given()} {surname()}"


def town():
    return pick(TOWN_STEMS) + pick(TOWN_ENDS)


def city():
    return pick(CITIES).replace("_", " ")


def club():
    r = rng.random()
    if r < 0.35:
        return f"{town()} {pick(CLUB_ENDS)}"
    if r < 0.6:
        return f"{city()} {pick(CLUB_ENDS)}"
    if r < 0.8:
        return f"{pick(['Dinamo', 'Sporting', 'Real', 'Olimpia', 'Spartak', 'Lokomotiv', 'Racing', 'Inter'])} {town()}"
    return town()


def company():
    r = rng.random()
    if r < 0.4:
        return f"{pick(INVENTED_COMPANIES)} {pick(COMPANY_ENDS)}"
    if r < 0.7:
        return pick(INVENTED_COMPANIES)
    return f"{surname().split()[-1].replace('al-', '')} {pick(COMPANY_ENDS)}"


def party():
    return f"{pick(PARTY_WORDS)} {pick(PARTIES)}"


def P(x):
    return f"[[{x}|PERSON]]"


def O(x):
    return f"[[{x}|ORG]]"


def L(x):
    return f"[[{x}|LOC]]"


def N(x):
    return f"[[{x}|NORP]]"


def score():
    return f"{rng.randint(0, 4)}-{rng.randint(0, 4)}"


def news():
    p, q, c, t, co = person(), person(), pick(COUNTRIES), town(), company()
    last = p.split()[-1]
    templates = [
        f"{P(p)} , a spokesman for {O(co)} , said the deal would close in {pick(['March', 'June', 'October'])} .",
        f"\" We will not give in , \" {P(p)} told reporters in {L(city())} on {pick(DAYS)} .",
        f"{O(co)} shares fell 4 percent after chairman {P(p)} resigned .",
        f"{O(co)} 's chief executive , {P(p)} , said profits would rise this year .",
        f"Police in {L(t)} arrested {P(p)} , 34 , on {pick(DAYS)} , a police statement said .",
        f"{P(p)} said the {N(pick(DEMONYMS))} government had ignored the warning .",
        f"Opposition leader {P(p)} of the {O(party())} called for fresh elections in {L(c)} .",
        f"{P(last)} , who heads the {O(party())} , met {P(q)} in {L(city())} .",
        f"The talks in {L(t)} were chaired by {P(p)} and {P(q)} .",
        f"{L(c)} 's central bank governor {P(p)} said inflation would ease .",
        f"{P(p)} of {O(co)} said the plant near {L(t)} would close .",
        f"Residents of {L(t)} , a town 40 km north of {L(city())} , fled the fighting .",
        f"{O(co)} said on {pick(DAYS)} it had agreed to buy {O(company())} for $ 310 million .",
        f"Analyst {P(p)} at {O(co)} said the market was oversold .",
        f"{P(p)} , 52 , was born in {L(t)} and studied in {L(city())} .",
        f"{L(t.upper())} , {L(c)} {pick(['1996-08-22', '1996-10-03', '1996-11-14'])}",
        f"{P(p)} 's lawyer , {P(q)} , said his client was innocent .",
        f"Shares in {O(co)} rose 12 pence after the results .",
        f"{N(pick(DEMONYMS))} Foreign Minister {P(p)} arrived in {L(city())} on {pick(DAYS)} .",
        f"{P(p)}, a spokeswoman for {O(co)}, declined to comment.",
        f"{O(co)} posted a first-half loss of 12 million {pick(['dollars', 'francs', 'crowns'])}.",
        f"The ruling {O(party())} won 112 of the 200 seats, official results in {L(t)} showed.",
        f"{P(p)} beat {P(q)} in the second round of the election in {L(t)}.",
        f"Troops loyal to {P(p)} entered {L(t)} late on {pick(DAYS)}, witnesses said.",
        f"{P(p)}'s party, the {O(party())}, said it would boycott the vote.",
        f"{P(last)} told {O(pick(['Reuters', 'AFP', 'Interfax', 'Kyodo']))} he would appeal.",
        f"{L(c)} 's {P(last)} sworn in .",
        f"{P(last)} meets {P(q.split()[-1])} in {L(t)} .",
        f"{P(last)} said after the meeting that a deal was close .",
        f"{O(pick(['Interfax', 'Itar-Tass', 'Xinhua']))} quoted {P(last)} as saying the rebels would not disarm .",
        f"{N(pick(DEMONYMS))} oil producer {O(pick(INVENTED_COMPANIES))} plans to issue new shares in {L(city())} .",
        f"{N(pick(DEMONYMS))} bank {O(pick(INVENTED_COMPANIES))} cut its lending rate by half a point .",
        f"Economist {P(p)} of {O(pick(INVENTED_COMPANIES))} said more cuts were likely .",
        f"{O(pick(INVENTED_COMPANIES))} plans share issue .",
        f"{O(pick(INVENTED_COMPANIES))} shares rose 2.10 to 58.40 in {L(city())} .",
        f"{O(pick(INVENTED_COMPANIES))} , the {N(pick(DEMONYMS))} steelmaker , said output fell 4 percent .",
        f"{P(last)} , 45 , was named to the post on {pick(DAYS)} .",
        f"{P(last)} is due in {L(city())} on {pick(DAYS)} for talks with {P(q)} .",
    ]
    return pick(templates)


def sport():
    p, q, a, b = person(), person(), club(), club()
    c1, c2 = pick(COUNTRIES), pick(COUNTRIES)
    templates = [
        f"{O(a)} {rng.randint(0, 5)} {O(b)} {rng.randint(0, 5)}",
        f"{O(a)} {rng.randint(0, 5)} ( {P(p)} {rng.randint(2, 89)} ) {O(b)} {rng.randint(0, 5)}",
        f"{O(a)} {rng.randint(5, 9)} {rng.randint(0, 5)} {rng.randint(0, 3)} {rng.randint(0, 3)} {rng.randint(5, 20)} {rng.randint(2, 12)} {rng.randint(5, 25)}",
        f"{P(p)} ( {L(c1)} ) beat {P(q)} ( {L(c2)} ) 6-{rng.randint(0, 4)} 7-{rng.randint(5, 6)}",
        f"{rng.randint(1, 8)}. {P(p)} ( {L(c1)} ) {rng.randint(20, 59)}.{rng.randint(10, 99)}",
        f"{rng.randint(1, 8)}. {P(p)} ( {L(c1)} ) {O(company())} {rng.randint(1, 5)}:{rng.randint(10, 59)}.{rng.randint(10, 99)}",
        f"{rng.randint(130, 145)} {P(p)} ( {L(c1)} ) {rng.randint(66, 74)} {rng.randint(66, 74)}",
        f"{O(a)} striker {P(p)} scored twice as his side beat {O(b)} {score()} on {pick(DAYS)} .",
        f"{O(a)} coach {P(p)} said his team had been unlucky .",
        f"{L(c1)} beat {L(c2)} {score()} in a World Cup qualifier in {L(city())} on {pick(DAYS)} .",
        f"{P(p)} , who joined {O(a)} from {O(b)} last season , was sent off .",
        f"{P(p.split()[-1])} 's goal after 20 minutes gave {O(a)} the lead .",
        f"{N(pick(DEMONYMS))} midfielder {P(p)} has signed for {O(a)} .",
        f"{P(p)} won the stage , ahead of {L(c1)} 's {P(q)} .",
        f"{P(p)} of {L(c1)} won the 200 metres in {rng.randint(19, 21)}.{rng.randint(10, 99)} seconds .",
        f"{O(a)} manager {P(p)} was fined by the {O('Football Association')} .",
        f"{P(p)} ({L(c1)}) beat {P(q)} ({L(c2)}) 6-{rng.randint(0, 4)} 6-{rng.randint(0, 4)}",
        f"{O(a)} beat {O(b)} {score()} at home on {pick(DAYS)}.",
        f"{N(pick(DEMONYMS))} first division club {O(a)} sacked coach {P(p)} on {pick(DAYS)} .",
        f"{O(a)} 's goals came from {P(p)} and {P(q)} .",
        f"The defeat by {O(b)} left {O(a)} bottom of the table .",
        f"{P(p.split()[-1])} scored {rng.randint(50, 180)} as {L(c1)} beat {L(c2)} by {rng.randint(2, 90)} runs .",
        f"{O(a)} {rng.randint(60, 99)} {O(b)} {rng.randint(60, 99)}",
        f"{P(p.split()[-1])} , 25 , played last season for {O(b)} .",
    ]
    return pick(templates)


def headline():
    p, a, c = person(), club(), pick(COUNTRIES)
    last = p.split()[-1].upper()
    sp = pick(SPORTS)
    templates = [
        f"{sp} - {P(last)} WINS IN {L(city().upper())} .",
        f"{sp} - {O(a.upper())} SIGN {N(pick(DEMONYMS).upper())} STRIKER .",
        f"{sp} - {L(c.upper())} BEAT {L(pick(COUNTRIES).upper())} TO REACH FINAL .",
        f"{sp} - {P(last)} LEADS BY TWO SHOTS .",
        f"{sp} - RESULTS OF {N(pick(DEMONYMS).upper())} LEAGUE MATCHES .",
        f"{O(company().upper())} TO CUT 900 JOBS .",
        f"{P(last)} NAMED NEW {L(c.upper())} COACH .",
        f"{L(c.upper())} POLICE ARREST {N(pick(DEMONYMS).upper())} OPPOSITION LEADER .",
        f"{sp} - {O(a.upper())} HOLD {O(club().upper())} TO DRAW .",
        f"{sp} - {P(last)} , {P(person().split()[-1].upper())} THROUGH TO SEMI-FINALS .",
    ]
    return pick(templates)


def untokenise(s):
    s = s.replace(" 's", "'s")
    s = re.sub(r" ([,.:;)])", r"\1", s)
    s = re.sub(r"\( ", "(", s)
    s = re.sub(r'^" ', '"', s)
    s = re.sub(r' "$', '"', s).replace(' , "', ', "').replace(', " ', ',"')
    s = re.sub(r"\$ (\d)", r"$\1", s)
    return s


def write(path, n, prefix):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            kind = rng.random()
            text = news() if kind < 0.45 else sport() if kind < 0.85 else headline()
            if rng.random() < 0.3:
                text = untokenise(text)
            rec = {"id": f"{prefix}-{i + 1:04d}", "set": f"{prefix}-s{i // 10 + 1:03d}", "text": text}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# Words of sports and business headlines that our political corpus lacks (written by us).
HEADLINE_WORDS = """sack sacks sacked coach coaches win wins won beat beats lead leads share shares draw draws drew hold holds
sign signs signed striker strikers winger midfielder defender goalkeeper keeper century centuries hits round rounds title
titles final finals semi quarter stage stages leg tie ties goal goals match matches game games cup league division record
records set sets race races lap pole qualifier qualifiers champion champions championship season clinch clinches upset
upsets stun stuns stunned crash crashes injury injured fit doubt doubts ban bans banned fined fine quits quit resigns retire
retires retired return returns back out through advance advances reach reaches knocked scrape scrapes late early surprise
defeat defeats thrash thrashes rout routs edge edges held hat trick double treble scores score scoreboard standings results
summary summaries summary innings wickets runs runner runners sprint sprints stroke strokes shot shots par birdie eagle
bogey tour open masters grand prix world olympic olympics medal medals gold silver bronze metres meters kilometres marathon
relay heats heat freestyle backstroke breaststroke butterfly downhill slalom super giant skiing hockey soccer tennis golf
cricket rugby union athletics cycling boxing swimming baseball basketball handball volleyball motor racing formula rally
yachting rowing skating fight fights bout knockout points profit profits loss losses stocks rise rises rose fall falls fell
cut cuts jobs plant plants plans output sales earnings bid bids merger buys sells sold deal deals rate rates bonds shares
prices price dollar yen sterling gold oil crude wheat coffee sugar cocoa copper nickel tin zinc aluminium
takeover stake unit units firm firms group groups bank banks debt talks vote votes poll polls rebels troops army police
arrest arrests killed kill kills dead blast blasts bomb bombs attack attacks riot riots strike strikes protest protests
named names new old says said sees see seen urges urge warns warn opens open closes close meets meet visit visits
try tries tried arrange arranges climb climbs climbed miss misses missed semifinal semifinals quarterfinal quarterfinals
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth homer homers ease eases eased relegated
relegation promoted promotion v vs test tests equal equals equalled stretch stretches slump slumps slide slides surge surges
soar soars plunge plunges dip dips gain gains jump jumps tumble tumbles rebound rebounds recover recovers recovery steady
firm firmer weaker stronger higher lower mixed flat quiet trade trading session close closing opening world number seed seeds
seeded unseeded crash crashes collapse collapses lose loses lost keep keeps kept stay stays level levels clear clears
stage stages grab grabs snatch snatches sink sinks down extend extends extended cruise cruises sweep sweeps swept""" 


def common_words(path, min_count=2):
    """Lower-case words of our own stance corpus (data/stance, markup removed), seen at least twice: a list of words that
    are not names, for telling "SACK" and "COACH" from "GRONINGEN" in all-capitals headlines."""
    counts = {}
    root = os.path.join(HERE, "..", "stance")
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith(".jsonl"):
                continue
            for line in open(os.path.join(dirpath, name), encoding="utf-8"):
                text = json.loads(line)["text"]
                text = re.sub(r"\[\[([^|\]]+)\|[A-Z]+\]\]", " ", text)  # entity surfaces are names, not common words
                for w in re.findall(r"[A-Za-z]+", text):
                    if w.islower() and len(w) >= 2:
                        counts[w] = counts.get(w, 0) + 1
    words = sorted(set(w for w, c in counts.items() if c >= min_count) | set(HEADLINE_WORDS.split()))
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Lower-case words of the StanceKit stance corpus (data/stance, our own sentences), seen at least twice.\n")
        f.write("# Written by data/entities/generate.py; used to tell common words from names in all-capitals headlines.\n")
        for w in words:
            f.write(w + "\n")
    return len(words)


# Part 2 (session 5, issue 15): the shapes a real-text probe showed the tagger missing, in our own templates with invented
# names: a surname alone in every role, clubs named after their town, scorecards with initials, company lists, papers.
TRADES = ["Pulp", "Spinning", "Jute", "Cement", "Cements", "Auto", "Pharma", "Mills", "Tubes", "Ceramics", "Garments"]
PAPERS = "Al-Nahar Vesnik Dnevnik Gazeta Kurir Pravda Tribuna Vremya Shimbun Jornal".split()
INITIALS = "A B C D E G H J K M N P R S T W".split()


def lastname():
    return surname().split()[-1].replace("al-", "")


def trade_company():
    r = rng.random()
    if r < 0.4:
        return f"{lastname()} {pick(TRADES)}"
    if r < 0.7:
        return f"{town()} {pick(TRADES)}"
    return pick(INVENTED_COMPANIES)


def part2():
    p, q, r = person(), person(), person()
    a, b = lastname(), lastname()
    t1, t2 = town(), town()
    n = rng.randint(2, 140)
    templates = [
        f"{P(a)} went on to make {n} before he was stumped .",
        f"{P(a)} and {P(b)} put on {n} for the fifth wicket .",
        f"{P(a)} needed only {rng.randint(24, 29)} putts on the back nine .",
        f"{P(a)} is two strokes clear of {P(q)} with one round left .",
        f"{P(a)} opened with a bogey but recovered to shoot {rng.randint(66, 71)} .",
        f"{P(a)} doubled home two runs in the seventh .",
        f"{P(a)} pitched six scoreless innings for his fifth win .",
        f"{P(a)} , dropped for the last match , returns at number five .",
        f"{P(a)} must choose between {P(q)} and {P(r)} for the spinner 's place .",
        f"{P(a)} has scored in each of his last four games .",
        f"{P(a)} was booked for a late tackle on {P(b)} .",
        f"The ball fell to {P(a)} , whose shot was blocked by {P(b)} .",
        f"A throw from {P(a)} cut down the runner at home plate .",
        f"{P(q)} was out soon after lunch , caught by {P(a)} at slip .",
        f"{P(a)} told a news conference in {L(city())} that no date had been agreed .",
        f"{P(p)} is expected to hold talks with {P(a)} next week .",
        f"Aides to {P(a)} and {P(b)} have met twice in {L(city())} this month .",
        f"{P(a)} arrived in {L(city())} late on {pick(DAYS)} for a two-day visit .",
        f"{P(a)} later met the {N(pick(DEMONYMS))} ambassador , {P(q)} .",
        f"{P(a)} declined to say when he would travel to {L(city())} .",
        f"{O(t1)} went down after losing {score()} at {O(t2)} on {pick(DAYS)} .",
        f"{O(t1)} goalkeeper {P(p)} was sent off after 30 minutes .",
        f"{O(t1)} trailed 2-0 at the break but rallied to draw .",
        f"{O(t1)} have won three of their last four league games .",
        f"{O(t1)} sit third in the table , a point behind {O(t2)} .",
        f"{O(t1)} were without their captain {P(p)} , who is injured .",
        f"{O(t1)} 's new signing {P(p)} made his debut as a substitute .",
        f"{P(pick(INITIALS) + '. ' + a)} c {P(q)} b {P(r)} {n}",
        f"{P(pick(INITIALS) + '. ' + a)} lbw b {P(q)} {rng.randint(0, 90)}",
        f"{P(pick(INITIALS) + '. ' + a)} b {P(q)} {rng.randint(0, 90)}",
        f"{P(pick(INITIALS) + '. ' + a)} not out {rng.randint(0, 90)}",
        f"Among the most active stocks were {O(trade_company())} , {O(trade_company())} and {O(trade_company())} .",
        f"{O(trade_company())} fell {rng.randint(2, 9)} percent while {O(trade_company())} edged higher .",
        f"Steelmaker {O(pick(INVENTED_COMPANIES))} gained 3 percent on strong orders .",
        f"{O(trade_company())} slipped after a broker cut its target price .",
        f"The {O(pick(PAPERS))} daily reported on {pick(DAYS)} that {P(a)} would resign .",
        f"{P(a)} gave an interview to the weekly {O(pick(PAPERS))} .",
        f"According to {O(pick(PAPERS))} , {P(a)} has left the country .",
    ]
    return pick(templates)


def write_part2(path, n, prefix):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            text = part2()
            if rng.random() < 0.3:
                text = untokenise(text)
            rec = {"id": f"{prefix}-{i + 1:04d}", "set": f"{prefix}-s{i // 10 + 1:03d}", "text": text}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(os.path.join(HERE, "unseen-names.jsonl"), 1600, "unseen")
    write(os.path.join(HERE, "dev", "unseen-names-dev.jsonl"), 300, "unseen-dev")
    print(common_words(os.path.join(HERE, "common-words.txt")), "common words")
    # Part 2 draws from its own seed, so the files above stay as they were.
    rng.seed(2026)
    write_part2(os.path.join(HERE, "unseen-names-2.jsonl"), 900, "unseen2")
