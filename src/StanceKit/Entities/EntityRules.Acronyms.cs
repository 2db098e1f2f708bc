using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        /// <summary>How many "(ACRONYM)" patterns one text may have typed by the rules (a long news article has a few dozen).</summary>
        private const int MaxParenthesisedAcronyms = 1024;

        /// <summary>"Shanghai Cooperation Organization (SCO)": two spans of the long form's type.</summary>
        public void TypeParenthesisedAcronyms()
        {
            int seen = 0;
            IndexCandidates();
            for (int k = 1; k + 2 < _tokenCount; k++)
            {
                if (!IsPunct(k, '(') || !IsPunct(k + 2, ')') || !IsWord(k + 1)) continue;
                // Each one may shift the candidates: bounded, so hostile text cannot make this quadratic; and each
                // checks the token, so a long document stops promptly.
                if (++seen > MaxParenthesisedAcronyms) break;
                _scratch.Cancellation.ThrowIfCancellationRequested();
                var acr = TextOf(k + 1);
                if (!IsAcronym(acr)) continue;
                int longStart = MatchInitials(acr, k);
                int before = FindCandidateEndingAt(k);
                EntityType type;
                int entry = -1;
                if (longStart >= 0)
                {
                    int exact = FindCandidate(longStart, k);
                    if (exact >= 0) { type = _scratch.Candidates[exact].Type; entry = _scratch.Candidates[exact].Entry; }
                    else type = EntityType.Org;
                    if (type is EntityType.Norp or EntityType.Person) continue;
                    RemoveOverlappingCandidates(longStart, k);
                    InsertCandidate(longStart, k, type, entry);
                }
                else if (before >= 0 && _scratch.Candidates[before].Type == EntityType.Org && IsAllCapsWord(acr))
                {
                    type = EntityType.Org;
                    entry = _scratch.Candidates[before].Entry;
                }
                else continue;
                int existing = FindCandidate(k + 1, k + 2);
                int acrEntry = existing >= 0 && _scratch.Candidates[existing].Entry >= 0 ? _scratch.Candidates[existing].Entry : entry;
                RemoveOverlappingCandidates(k + 1, k + 2);
                InsertCandidate(k + 1, k + 2, type, acrEntry);
            }
        }

        private static bool IsAllCapsWord(ReadOnlySpan<char> w)
        {
            foreach (char ch in w) if (char.IsLower(ch)) return false;
            return true;
        }

        private static bool IsAcronym(ReadOnlySpan<char> w)
        {
            if (w.Length < 2 || w.Length > 10) return false;
            int upper = 0;
            foreach (char ch in w)
            {
                if (char.IsUpper(ch)) upper++;
                else if (!(char.IsLower(ch) || char.IsDigit(ch) || ch == '.')) return false;
            }
            return upper >= 2 || (upper == 1 && char.IsUpper(w[0]) && w.Length <= 6 && false);
        }

        /// <summary>Start token of the words before <paramref name="paren"/> whose initials spell the acronym, or -1.</summary>
        private int MatchInitials(ReadOnlySpan<char> acr, int paren)
        {
            Span<char> letters = stackalloc char[12];
            int m = 0;
            foreach (char ch in acr) if (char.IsUpper(ch) && m < letters.Length) letters[m++] = ch;
            if (m < 2) return -1;
            int li = m - 1;
            int k = paren - 1;
            int start = -1;
            while (k >= 0 && li >= 0)
            {
                if (IsHyphen(k) || _tokens[k].Kind == TokenKind.Clitic || IsPunct(k, '\'') || IsPunct(k, '\u2019')) { k--; continue; }
                if (!IsWord(k)) return -1;
                var w = TextOf(k);
                if (IsLowerWord(k))
                {
                    // connectors may or may not contribute a letter
                    if (!(w.SequenceEqual("of") || w.SequenceEqual("and") || w.SequenceEqual("the") || w.SequenceEqual("for") || w.SequenceEqual("de") || w.SequenceEqual("on") || w.SequenceEqual("in") || w.SequenceEqual("to") || IsParticle(k))) return -1;
                    if (char.ToUpperInvariant(w[0]) == letters[li] && li > 0 && !(k - 1 >= 0 && IsCapitalised(k - 1) && char.ToUpperInvariant(TextOf(k - 1)[0]) == letters[li])) li--;
                    k--;
                    continue;
                }
                // A capitalised word contributes its initial, or its capitals ("PetroChina").
                if (char.ToUpperInvariant(w[0]) != letters[li])
                {
                    if (start < 0 && li == m - 1) return -1;
                    break;
                }
                int capsInWord = 0;
                foreach (char ch in w) if (char.IsUpper(ch)) capsInWord++;
                if (capsInWord > 1 && capsInWord <= li + 1 && IsAllCapsWord(w) == false)
                {
                    // consume internal capitals right to left
                    int need = capsInWord;
                    bool ok = true;
                    int pos = li;
                    for (int j = w.Length - 1; j >= 0 && need > 0; j--)
                    {
                        if (!char.IsUpper(w[j])) continue;
                        if (pos < 0 || w[j] != letters[pos]) { ok = false; break; }
                        pos--;
                        need--;
                    }
                    if (ok) li = pos; else li--;
                }
                else li--;
                start = k;
                k--;
            }
            if (li >= 0 || start < 0) return -1;
            // Drop a leading lower-case connector.
            while (start < paren && IsLowerWord(start)) start++;
            return start;
        }
    }
}
