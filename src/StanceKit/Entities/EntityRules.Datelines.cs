using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        /// <summary>"PORT SUDAN, Sudan —", "BEIJING (Reuters) —": the capitalised place at the start of a story.</summary>
        private int MatchDateline()
        {
            int k = 0;
            while (k < _tokenCount && _tokens[k].Kind == TokenKind.Punct && !IsDash(k)) k++;
            int s = k;
            while (IsAllCaps(k) || (k > s && (IsHyphen(k) || IsPunct(k, '.')) && IsAllCaps(k + 1))) k++;
            if (k == s || k - s > 5) return 0;
            if (!(IsDash(k) || IsPunct(k, ',') || IsPunct(k, '('))) return 0;
            // "SOCCER - GRONINGEN SACK COACH": a section before an all-capitals headline, not a dateline.
            if (IsDash(k) && IsAllCaps(k + 1) && IsAllCaps(k + 2)) return 0;
            if (IsCapsHeadlineWord(s)) return 0;
            // A lone acronym before a comma is not a dateline ("NATO, the alliance, ...").
            if (IsPunct(k, ',') && !IsDashAhead(k)) return 0;
            int entry = StartsGazetteerName(s) && _scratch.AliasLength[s] == k - s ? FirstEntryIdOfAlias(_scratch.AliasAt[s]) : -1;
            if (entry >= 0 && _gazetteer[entry].Type != EntityType.Loc) return 0;
            EmitCandidate(s, k, EntityType.Loc, entry);
            return k;
        }

        private bool IsDashAhead(int k)
        {
            for (int j = k + 1; j < _tokenCount && j < k + 8; j++) if (IsDash(j) && !Adjacent(j - 1, j)) return true;
            return false;
        }

        /// <summary>
        /// In an all-capitals line ("SOCCER - GRONINGEN SACK COACH AFTER FOURTH DEFEAT") a function word or common word
        /// that no gazetteer name starts is not a name; the words left ("GRONINGEN") are.
        /// </summary>
        private bool IsCapsHeadlineWord(int k)
        {
            var w = TextOf(k);
            if (!(_words.StopCap.Contains(w) || IsCommonWordForm(w)) || StartsGazetteerName(k)) return false;
            // Up to four words each side (figures such as "6-5" in between do not count): mostly capitals = a headline.
            int caps = 0, other = 0;
            for (int side = -1; side <= 1; side += 2)
            {
                int seenWords = 0;
                for (int j = k + side; j >= 0 && j < _tokenCount && seenWords < 4 && Math.Abs(j - k) <= 10; j += side)
                {
                    if (!IsWord(j)) continue;
                    seenWords++;
                    if (IsAllCaps(j)) caps++;
                    else if (char.IsLetter(_text[_tokens[j].Start])) other++;
                }
            }
            return caps >= 2 && caps > 2 * other;
        }

        /// <summary>A common word or a plain inflection of one ("EASES", "HOMERS", "RELEGATED", "CLIMBING").</summary>
        private bool IsCommonWordForm(ReadOnlySpan<char> w)
        {
            if (_words.CommonWord.Contains(w)) return true;
            if (w.Length < 4) return false;
            if (EndsWith(w, "S") && _words.CommonWord.Contains(w[..^1])) return true;
            if (EndsWith(w, "ES") && _words.CommonWord.Contains(w[..^2])) return true;
            if (EndsWith(w, "ED") && (_words.CommonWord.Contains(w[..^1]) || _words.CommonWord.Contains(w[..^2]))) return true;
            return w.Length > 5 && EndsWith(w, "ING") && _words.CommonWord.Contains(w[..^3]);
        }

        private static bool EndsWith(ReadOnlySpan<char> w, string suffix) => w.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

        private bool AllCapsRange(int start, int end)
        {
            bool any = false;
            for (int k = start; k < end; k++)
            {
                if (!IsWord(k)) continue;
                if (!IsAllCaps(k)) return false;
                any = true;
            }
            return any;
        }
    }
}
