using System.Runtime.CompilerServices;
using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    /// <summary>A club cue beside a place's name: none, weak (needs a score or a minute of play), strong (any sports evidence).</summary>
    private enum ClubCue
    {
        None,
        Weak,
        Strong,
    }

    private ref partial struct RulePass
    {
        /// <summary>How far (in tokens) a sentence is searched each way for sports evidence.</summary>
        private const int SportsWindow = 48;

        /// <summary>
        /// Clubs in sports copy (issue 15, CoNLL convention): a club is an ORG even when it is named after its city
        /// ("Bayern", "Southampton were relegated", "Baltimore 's four-run second inning"); a country stays LOC (national
        /// teams). A capitalised run holding a club word ("Werder Bremen", "Borussia Dortmund", "the Orioles") is a club
        /// anywhere; a city or region is retyped only in a sentence with sports evidence (a score, "innings", "relegated", ...)
        /// and with a club cue next to it: a verb of results, a squad role after it ("Bayern coach"), a result word before
        /// it ("beat Bremen", "victory over Baltimore").
        /// </summary>
        public void TypeClubs()
        {
            // Nearly every sentence holds no club word and no place beside a club cue, yet this pass cost about a tenth of
            // the extractor's time (issue 15), nearly all of it in these two scans: so each does one cheap test per token or
            // candidate, and the rare work (a club run, a place's cue) sits in a method of its own, out of the loop.
            bool indexed = false;
            var tokens = _tokens;
            var text = _text;
            for (int k = 0; k < tokens.Length; k++)
            {
                // One test per token that nearly every token fails the same way (the list's filter: no club name opens and
                // closes with those letters at that length), so it is well predicted; the exact checks only follow a pass.
                var t = tokens[k];
                if (!_words.ClubWord.MayContain(text[t.Start], text[t.End - 1], t.Length)) continue;
                if (!IsCapitalised(k) || !_words.ClubWord.Contains(TextOf(k))) continue;
                // The candidate index is only needed to insert a club: made at the first club word (nothing changed before).
                if (!indexed) { IndexCandidates(); indexed = true; }
                k = TypeClubRun(k);
            }
            for (int c = 0; c < _scratch.CandidateCount; c++)
            {
                if (_scratch.Candidates[c].Type == EntityType.Loc) TypeCityClub(c);
            }
        }

        /// <summary>The capitalised run around club word k is an ORG (unless the word is a prefix alone or a person's); returns the run's last token.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private int TypeClubRun(int k)
        {
            bool prefix = _words.ClubPrefix.Contains(TextOf(k));
            if (prefix && !(IsCapitalised(k + 1) && !IsStopWord(k + 1))) return k;
            // A person the tagger guessed ("ORIOLES", "Bayer Leverkusen") gives way, one opening with a given name does not.
            if (PersonAt(k) is int pc and >= 0 && OpensWithGivenName(_scratch.Candidates[pc].Start, _scratch.Candidates[pc].End)) return k;
            int rs = k, re = k + 1;
            while (rs > 0 && k - rs < 3 && IsClubRunWord(rs - 1)) rs--;
            while (re < _tokenCount && re - k < 3 && IsClubRunWord(re)) re++;
            if (FindCandidate(rs, re) is int same and >= 0 && _scratch.Candidates[same].Type == EntityType.Org) return re - 1;
            RemoveOverlappingCandidates(rs, re);
            InsertCandidate(rs, re, EntityType.Org, -1);
            return re - 1;
        }

        /// <summary>Candidate c, a place, is a club's ORG when it is city-like with a club cue next to it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void TypeCityClub(int c)
        {
            var x = _scratch.Candidates[c];
            // Cheapest first: the words beside the span (at hand), then the gazetteer entry (may be far off in memory), and
            // the scan of the sentence for sports evidence only for a city with a cue ("talks with Russia" scans nothing).
            var cue = ClubCueAt(x.Start, x.End);
            if (cue == ClubCue.None || !IsCityLike(x) || !SportsSentence(x.Start, words: cue == ClubCue.Strong)) return;
            _scratch.Candidates[c].Type = EntityType.Org;
            _scratch.Candidates[c].Entry = -1;
        }

        /// <summary>
        /// "Naomi Osaka", "Denzel Washington": a common given name right before a one-word city of the gazetteer, with no
        /// capitalised word after it, is one person (the rules split it at the gazetteer name).
        /// </summary>
        public void JoinGivenNameAndCity()
        {
            for (int c = 0; c < _scratch.CandidateCount; c++)
            {
                var x = _scratch.Candidates[c];
                int g = x.Start - 1;
                if (x.Type != EntityType.Loc || x.End - x.Start != 1 || x.Entry < 0 || g < 0) continue;
                if (_gazetteer[x.Entry].Kind is not (EntityKind.City or EntityKind.Capital)) continue;
                if (!IsCapitalised(g) || IsAllCaps(g) || !_words.GivenName.Contains(TextOf(g)) || _words.AmbiguousGivenName.Contains(TextOf(g))) continue;
                if (IsCapitalised(x.End) || (g > 0 && IsCapitalised(g - 1) && !IsSentenceStart(g))) continue;
                // The given name may stand alone or be the tagger's one-word person; any other span over it stays.
                int before = c > 0 && _scratch.Candidates[c - 1].End > g ? c - 1 : -1;
                if (before >= 0 && !(_scratch.Candidates[before].Type == EntityType.Person && _scratch.Candidates[before].Start == g)) continue;
                IndexCandidates();
                RemoveOverlappingCandidates(g, x.End);
                InsertCandidate(g, x.End, EntityType.Person, -1);
                c = -1;
            }
        }

        /// <summary>A capitalised word that can be part of a club's name (not a headline word, not sentence-initial "The").</summary>
        private bool IsClubRunWord(int k) => IsNameWord(k) && !_words.SportsWord.Contains(TextOf(k));

        private int PersonAt(int k)
        {
            for (int c = 0; c < _scratch.CandidateCount; c++)
            {
                var x = _scratch.Candidates[c];
                if (x.Type == EntityType.Person && x.Start <= k && k < x.End) return c;
            }
            return -1;
        }

        /// <summary>A city, capital or region of the gazetteer, or a place the gazetteer does not know (never a country).</summary>
        private bool IsCityLike(EntityCandidate x)
        {
            if (x.Entry >= 0) return _gazetteer[x.Entry].Kind is EntityKind.City or EntityKind.Capital or EntityKind.Region;
            // A span the tagger or a pattern typed: a country alias at its start keeps it a national team.
            return !(StartsGazetteerName(x.Start) && _scratch.AliasLength[x.Start] == x.End - x.Start
                && FirstEntryOfAlias(_scratch.AliasAt[x.Start]).Kind is EntityKind.Country or EntityKind.Territory);
        }

        /// <summary>
        /// A club cue next to the span: a squad role, a plural verb or a possessive (strong: any sports evidence will do), or a
        /// verb or preposition of results (weak: only beside a score, so plain news such as "talks with Moscow" costs one
        /// scan of figures and no word lookups). Only the words beside the span are read; the caller scans for the evidence.
        /// </summary>
        private ClubCue ClubCueAt(int start, int end)
        {
            int after = end;
            if (after < _tokenCount && _tokens[after].Kind == TokenKind.Clitic) after++;
            // "Baltimore 's four-run second inning": a possessive city.
            if (after > end) return ClubCue.Strong;
            if (after < _tokenCount && IsLowerWord(after))
            {
                var w = TextOf(after);
                // "Southampton were relegated": a plural verb after a city's name is a team's.
                if (_words.ClubRoleAfter.Contains(w) || w.SequenceEqual("were") || w.SequenceEqual("are")) return ClubCue.Strong;
                if (_words.ClubVerbAfter.Contains(w)) return ClubCue.Weak;
            }
            int before = start - 1;
            return before >= 0 && IsLowerWord(before) && _words.ClubCueBefore.Contains(TextOf(before)) ? ClubCue.Weak : ClubCue.None;
        }

        /// <summary>
        /// Whether the sentence around token k has a score ("2-1", "6-4") or a minute of play ("54th minute"), or, with
        /// <paramref name="words"/>, a word only sports copy uses ("innings", "relegated").
        /// </summary>
        private bool SportsSentence(int k, bool words)
        {
            int from = k, to = k;
            while (from > 0 && k - from < SportsWindow && !IsTerminator(from - 1)) from--;
            while (to < _tokenCount && to - k < SportsWindow && !IsTerminator(to)) to++;
            for (int j = from; j < to; j++)
            {
                var kind = _tokens[j].Kind;
                if (kind == TokenKind.Number) { if (IsScoreLike(j)) return true; continue; }
                if (kind != TokenKind.Word) continue;
                char first = _text[_tokens[j].Start];
                // "in the 54th minute"
                if (char.IsAsciiDigit(first)) { if (IsOrdinal(j) && IsWord(j + 1) && TextOf(j + 1).SequenceEqual("minute")) return true; continue; }
                if (words && char.IsLower(first) && _words.SportsWord.Contains(TextOf(j))) return true;
            }
            return false;
        }

        private bool IsOrdinal(int k)
        {
            var w = TextOf(k);
            return w.Length >= 3 && char.IsAsciiDigit(w[0]) && (w.EndsWith("th") || w.EndsWith("st") || w.EndsWith("nd") || w.EndsWith("rd"));
        }

        private bool IsTerminator(int k) => _tokens[k].Kind == TokenKind.Punct && _text[_tokens[k].Start] is '.' or '!' or '?' or '\n';

        /// <summary>"2-1" as one number token, or "2" "-" "1" glued together.</summary>
        private bool IsScoreLike(int k)
        {
            var w = TextOf(k);
            int dash = w.IndexOf('-');
            if (dash > 0 && dash < w.Length - 1 && char.IsAsciiDigit(w[0]) && char.IsAsciiDigit(w[^1]) && w.Length <= 7) return true;
            // Not the tail of a date ("1996-08-30").
            if (k > 0 && IsHyphen(k - 1) && Adjacent(k - 1, k)) return false;
            return IsScore(k) && k + 2 < _tokenCount && IsHyphen(k + 1) && Adjacent(k, k + 1) && Adjacent(k + 1, k + 2) && _tokens[k + 2].Kind == TokenKind.Number;
        }
    }
}
