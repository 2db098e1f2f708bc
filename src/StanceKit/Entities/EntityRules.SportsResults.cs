using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        /// <summary>Most score numbers one text may have examined (a results page has a few hundred).</summary>
        private const int MaxResultNumbers = 4096;

        /// <summary>
        /// Sports results and rosters, where unseen names are the rule: "Leeds 0 Manchester United 4", "Bayern Munich 6 5 1 0
        /// 14 4 16" (a club, ORG, even when named after its city; a country stays LOC: national teams), and "Tomas Kralik (
        /// Czech Republic ) beat ..." (a person before a bracketed country).
        /// </summary>
        public void TypeResultsAndRosters()
        {
            IndexCandidates();
            int seen = 0;
            for (int k = 1; k < _tokenCount; k++)
            {
                if (_tokens[k].Kind == TokenKind.Number)
                {
                    if (!IsScore(k) || ++seen > MaxResultNumbers) continue;
                    int rs = k;
                    while (rs > 0 && k - rs < 5 && (IsNameWord(rs - 1) || IsAllCaps(rs - 1) && !IsStopWord(rs - 1))) rs--;
                    if (rs == k || !ScoreFollows(k) || !ResultLeft(rs)) continue;
                    if (InsideParentheses(rs) || RunIsCountryOrPerson(rs, k, IsTeamLine(rs, k))) continue;
                    RemoveOverlappingCandidates(rs, k);
                    InsertCandidate(rs, k, EntityType.Org, -1);
                }
                else if (IsPunct(k, '(') && k + 2 < _tokenCount)
                {
                    // "Tomas Kralik ( Czech Republic )": the bracketed part is one country.
                    int inner = FindCandidate(k + 1, FindCloser(k));
                    if (inner < 0 || _scratch.Candidates[inner].Type != EntityType.Loc) continue;
                    int rs = k;
                    while (rs > 0 && k - rs < 4 && (IsNameWord(rs - 1) || IsHyphen(rs - 1) && rs - 2 >= 0 && IsNameWord(rs - 2))) rs--;
                    int words = 0;
                    bool head = false;
                    for (int j = rs; j < k; j++) { if (IsWord(j)) words++; head |= HeadKindOf(j) != HeadKind.None; }
                    if (words < 2 || head || KnownNonPersonInside(rs, k)) continue;
                    if (!(rs == 0 || _tokens[rs - 1].Kind == TokenKind.Number || IsPunct(rs - 1, '-') || IsPunct(rs - 1, '.') || IsPunct(rs - 1, ',')
                          || IsLowerWord(rs - 1) && (TextOf(rs - 1).SequenceEqual("beat") || TextOf(rs - 1).SequenceEqual("and") || TextOf(rs - 1).SequenceEqual("v"))))
                        continue;
                    RemoveOverlappingCandidates(rs, k);
                    InsertCandidate(rs, k, EntityType.Person, -1);
                }
            }
        }

        private int FindCloser(int open)
        {
            for (int j = open + 1; j < _tokenCount && j < open + 8; j++) if (IsPunct(j, ')')) return j;
            return -1;
        }

        /// <summary>A score or table figure: 1 to 3 digits.</summary>
        private bool IsScore(int k)
        {
            var w = TextOf(k);
            if (w.Length > 3) return false;
            foreach (char ch in w) if (!char.IsAsciiDigit(ch)) return false;
            return true;
        }

        /// <summary>After the number: the end, another team or figure, a bracket, a comma or semicolon, or "-0" of "2-0".</summary>
        private bool ScoreFollows(int k)
        {
            int j = k + 1;
            if (j >= _tokenCount) return true;
            // "Hertha Berlin 2 Dortmund 5 , Eintracht Frankfurt 1 ...": a comma or semicolon closes a result pair.
            if (_tokens[j].Kind == TokenKind.Number || IsPunct(j, '(') || IsPunct(j, ',') || IsPunct(j, ';') || IsCapitalised(j) && !IsStopWord(j)) return true;
            return (IsHyphen(j) || IsPunct(j, ':')) && Adjacent(k, j) && j + 1 < _tokenCount && _tokens[j + 1].Kind == TokenKind.Number && Adjacent(j, j + 1);
        }

        /// <summary>Before the team: the start, a figure, a bracket or separator, or a verb of results ("beat", "beating").</summary>
        private bool ResultLeft(int rs)
        {
            if (rs == 0) return true;
            int j = rs - 1;
            if (_tokens[j].Kind == TokenKind.Number || IsPunct(j, ')') || IsPunct(j, ',') || IsPunct(j, '-') || IsPunct(j, ':') || IsPunct(j, '.')) return true;
            if (!IsLowerWord(j)) return false;
            var w = TextOf(j);
            return w.SequenceEqual("beat") || w.SequenceEqual("beating") || w.SequenceEqual("beats") || w.SequenceEqual("defeated")
                || w.SequenceEqual("against") || w.SequenceEqual("over") || w.SequenceEqual("drew") || w.SequenceEqual("v") || w.SequenceEqual("vs")
                || w.SequenceEqual("to") || w.SequenceEqual("and") || w.SequenceEqual("with");
        }

        /// <summary>
        /// Two sides of a result ("Deportivo Coruna 1 Atletico Madrid 1": another capitalised run and figure on either side)
        /// or a table row (four or more figures after the run): a person is not written so, a club is.
        /// </summary>
        private bool IsTeamLine(int rs, int number)
        {
            int figures = 0;
            for (int j = number; j < _tokenCount && _tokens[j].Kind == TokenKind.Number; j++) figures++;
            if (figures >= 4) return true;
            int a = number + 1;
            if (a < _tokenCount && IsCapitalised(a))
            {
                while (a < _tokenCount && a - number < 6 && IsCapitalised(a)) a++;
                if (a < _tokenCount && _tokens[a].Kind == TokenKind.Number) return true;
            }
            int b = rs - 1;
            return b >= 1 && _tokens[b].Kind == TokenKind.Number && IsCapitalised(b - 1);
        }

        /// <summary>
        /// The run is one country (a national team) or holds a person span (one the tagger guessed does not count in a
        /// <paramref name="teamLine"/>, unless the run opens with a given name).
        /// </summary>
        private bool RunIsCountryOrPerson(int rs, int re, bool teamLine)
        {
            int from = _candidatesSorted ? FirstCandidateFrom(rs - _longestCandidate + 1) : 0;
            for (int c = from; c < _scratch.CandidateCount; c++)
            {
                var x = _scratch.Candidates[c];
                if (_candidatesSorted && x.Start >= re) break;
                if (x.End <= rs || x.Start >= re) continue;
                if (x.Type == EntityType.Person && (!teamLine || x.Entry >= 0 || OpensWithGivenName(rs, re))) return true;
                if (x.Start == rs && x.End == re && x.Entry >= 0 && _gazetteer[x.Entry].Kind is EntityKind.Country or EntityKind.Territory) return true;
            }
            return false;
        }

        /// <summary>Whether an unclosed "(" opens before rs on the same stretch ("( Luc Nilis 12 , 56 )": scorers).</summary>
        private bool InsideParentheses(int rs)
        {
            for (int j = rs - 1; j >= 0 && rs - j < 12; j--)
            {
                if (IsPunct(j, ')')) return false;
                if (IsPunct(j, '(')) return true;
            }
            return false;
        }
    }
}
