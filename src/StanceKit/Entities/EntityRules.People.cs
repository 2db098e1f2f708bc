using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        /// <summary>The longest title phrase looked at, in tokens (real ones have a handful).</summary>
        private const int MaxTitleTokens = 16;

        /// <summary>End of a title phrase starting at <paramref name="k"/> ("Senior Colonel", "Secretary-General", "Gen."), or k.</summary>
        private int TitleEnd(int k)
        {
            int j = k;
            bool sawCore = false;
            int end = k;
            // Bounded: a run of title words ("President President ...") must not make the scan quadratic.
            while (IsWord(j) && j - k < MaxTitleTokens)
            {
                var w = TextOf(j);
                // A capitalised role noun opening a sentence works as a title ("Activist Joshua Wong was ...").
                bool core = _words.TitleCore.Contains(w) || (j == k && IsCapitalised(j) && _words.RoleNoun.Contains(w) && IsSentenceStart(j));
                bool mod = _words.TitleModifier.Contains(w);
                if (!core && !mod) break;
                // Lower-case title words only count as cores ("spokesman", "senior colonel").
                j++;
                if (IsPunct(j, '.') && Adjacent(j - 1, j) && w.Length <= 4) j++;
                if (core) sawCore = true;
                if (sawCore) end = j;
                if (IsHyphen(j) && Adjacent(j - 1, j) && IsWord(j + 1) && (_words.TitleCore.Contains(TextOf(j + 1)) || _words.TitleModifier.Contains(TextOf(j + 1)))) j++;
                else if (core && IsWord(j) && TextOf(j).SequenceEqual("of") && IsCapitalised(j + 1) && _words.TitleModifier.Contains(TextOf(j + 1)))
                {
                    // "Secretary of State Marco Rubio"
                    j += 2;
                    end = j;
                    if (IsCapitalised(j) && _words.TitleModifier.Contains(TextOf(j)) && IsCapitalised(j + 1) && !_words.TitleModifier.Contains(TextOf(j + 1))) { j++; end = j; }
                    break;
                }
            }
            return sawCore ? end : k;
        }

        /// <summary>A title phrase at k directly followed by a name.</summary>
        private bool IsTitleBeforeName(int k, out int nameStart)
        {
            nameStart = TitleEnd(k);
            return nameStart > k && IsNameStart(nameStart);
        }

        /// <summary>"officials like", "leaders such as", "figures including" right before k.</summary>
        private bool PersonListBefore(int k)
        {
            int j = k - 1;
            if (!IsLowerWord(j)) return false;
            var w = TextOf(j);
            if (w.SequenceEqual("like") || w.SequenceEqual("including"))
                return IsWord(j - 1) && _words.PersonPlural.Contains(TextOf(j - 1));
            if (w.SequenceEqual("as") && IsWord(j - 1) && TextOf(j - 1).SequenceEqual("such"))
                return IsWord(j - 2) && _words.PersonPlural.Contains(TextOf(j - 2));
            return false;
        }

        /// <summary>A lower-case role noun right before k ("spokesman Dmitry Peskov"), possibly after a hyphenated modifier.</summary>
        private bool RoleNounBefore(int k)
        {
            int j = k - 1;
            return IsLowerWord(j) && _words.RoleNoun.Contains(TextOf(j));
        }

        /// <summary>A lower-case organisation noun right before k ("drug maker Cipla"); not "policy maker".</summary>
        private bool OrgNounBefore(int k)
        {
            int j = k - 1;
            if (!IsLowerWord(j) || !_words.OrgNoun.Contains(TextOf(j))) return false;
            return !(TextOf(j).SequenceEqual("maker") && IsLowerWord(j - 1) && (TextOf(j - 1).SequenceEqual("policy") || TextOf(j - 1).SequenceEqual("decision")
                || TextOf(j - 1).SequenceEqual("peace") || TextOf(j - 1).SequenceEqual("film") || TextOf(j - 1).SequenceEqual("law")));
        }

        /// <summary>"the Al-Ayyam newspaper": a media noun right after the run, with "the" before it.</summary>
        private bool MediaNounAfter(int start, int end) => IsLowerWord(end) && _words.MediaNounAfter.Contains(TextOf(end))
            && IsLowerWord(start - 1) && TextOf(start - 1).SequenceEqual("the") && !_words.GenericBody.Contains(TextOf(start));

        /// <summary>"J. Root", "D. Malan": one initial and one or two capitalised words (no organisation or place head).</summary>
        private bool IsInitialAndSurname(int start, int end)
        {
            if (end - start < 3 || end - start > 4 || !IsCapitalised(start) || TextOf(start).Length != 1 || !IsPunct(start + 1, '.') || !Adjacent(start, start + 1)) return false;
            for (int k = start + 2; k < end; k++) if (!IsCapitalised(k) || IsAllCaps(k) || HeadKindOf(k) != HeadKind.None) return false;
            return true;
        }

        /// <summary>
        /// "Tomas Kralik", "Hanna Vostrikova": two to four capitalised name words (not all capitals, no organisation or place
        /// head) whose first is a common given name, not followed by a word that makes them an organisation's name.
        /// </summary>
        private bool OpensWithGivenName(int start, int end)
        {
            int words = 0;
            for (int k = start; k < end; k++)
            {
                if (IsPunct(k, '.') || IsHyphen(k) || IsParticle(k)) continue;
                if (!IsCapitalised(k) || IsAllCaps(k) || HeadKindOf(k) != HeadKind.None) return false;
                words++;
            }
            if (words < 2 || words > 4 || !IsWord(start) || !_words.GivenName.Contains(TextOf(start))) return false;
            // "Louis Vuitton 's shares": a company named after its founder is left to the tagger.
            return !(IsWord(end) && _words.OrgCueAfter.Contains(TextOf(end)));
        }

        /// <summary>"Mohammed bin Salman", "Ursula von der Leyen": a name particle between capitalised words.</summary>
        private bool HasNameParticle(int start, int end)
        {
            for (int k = start + 1; k < end - 1; k++)
            {
                if (!IsLowerWord(k) || !IsCapitalised(k - 1)) continue;
                var w = TextOf(k);
                if (w.SequenceEqual("bin") || w.SequenceEqual("ibn") || w.SequenceEqual("bint") || w.SequenceEqual("von") || w.SequenceEqual("van") || w.SequenceEqual("binti"))
                    return true;
            }
            return false;
        }
    }
}
