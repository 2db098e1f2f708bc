using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        /// <summary>Builds the capitalised run starting at s; returns its end (exclusive) and the kind of its last head.</summary>
        private int BuildRun(int s, bool allowTitleAtStart, out HeadKind head)
        {
            head = HeadKind.None;
            int k = s;
            bool usedOf = false;
            while (k < _tokenCount)
            {
                if (k > s && IsTitleBeforeName(k, out _) && !StartsGazetteerName(k)) break;
                if (StartsGazetteerName(k) && (IsCapitalised(k) || IsGluedParticle(k) || k == s || IsAllCaps(k)))
                {
                    // A known organisation acts as a head ("Ministry of Economy" + ", Trade and Industry").
                    if (k == s && TypeOfAlias(_scratch.AliasAt[k]) == EntityType.Org)
                    {
                        head = HeadKind.Organisation;
                        for (int j = k; j < k + _scratch.AliasLength[k]; j++) if (IsWord(j) && TextOf(j).SequenceEqual("of")) usedOf = true;
                    }
                    k += _scratch.AliasLength[k];
                    continue;
                }
                if (IsNameWord(k))
                {
                    var h = HeadKindOf(k);
                    if (h != HeadKind.None) head = h;
                    k++;
                    // Initials and generational suffixes: "George W. Bush", "Marcos Jr."
                    if (IsPunct(k, '.') && Adjacent(k - 1, k) && (TextOf(k - 1).Length == 1 || _words.NameSuffix.Contains(TextOf(k - 1))))
                    {
                        if (TextOf(k - 1).Length == 1 && !IsCapitalised(k + 1)) break;
                        k++;
                    }
                    continue;
                }
                if (k > s && IsHyphen(k) && Adjacent(k - 1, k) && Adjacent(k, k + 1) && IsWord(k + 1) && (IsCapitalised(k - 1) || IsParticle(k - 1) || (IsLowerWord(k - 1) && _words.GluedParticle.Contains(TextOf(k - 1)))))
                {
                    if (IsCapitalised(k + 1) && !IsStopWord(k + 1)) { k++; continue; }
                    var next = TextOf(k + 1);
                    if (IsLowerWord(k + 1) && next.Length <= 6 && !_words.HyphenSuffix.Contains(next) && !_words.StopCap.Contains(next)
                        && IsCapitalised(k - 1) && !StartsGazetteerName(k - 1) && !(k + 2 < _tokenCount && IsHyphen(k + 2)))
                    {
                        k += 2;
                        continue;
                    }
                    break;
                }
                // "Larsen & Toubro", "Procter & Gamble": an ampersand between capitalised words joins a company's name.
                if (k > s && IsPunct(k, '&') && IsCapitalised(k - 1) && IsNameWord(k + 1))
                {
                    k++;
                    continue;
                }
                // "People's Liberation Army", "Kurdistan Workers' Party": a possessive inside an organisation's name.
                if (k > s && (_tokens[k].Kind == TokenKind.Clitic || IsPunct(k, '\'') || IsPunct(k, '\u2019')) && Adjacent(k - 1, k)
                    && IsNameWord(k + 1) && !GazetteerNameEndsAt(s, k) && OrganisationHeadAhead(k + 1))
                {
                    k++;
                    continue;
                }
                if (IsParticle(k) || IsGluedParticle(k))
                {
                    if (IsGluedParticle(k)) { k++; continue; }
                    if (k > s && IsCapitalised(k - 1))
                    {
                        int j = k;
                        while (IsParticle(j) && j - k < 3) j++;
                        if (IsNameWord(j) && HeadKindOf(j) == HeadKind.None) { k = j; continue; }
                    }
                    break;
                }
                // "Ministry of Economy, Trade and Industry"
                if (k > s && usedOf && head == HeadKind.Organisation && IsPunct(k, ','))
                {
                    int j = k + 1;
                    while (IsNameWord(j) && j - k < 4) j++;
                    if (j > k + 1 && IsConnector(j, out bool and2) && and2 && IsNameWord(j + 1)) { k = j; continue; }
                }
                if (k > s && head is HeadKind.Organisation or HeadKind.Place or HeadKind.Event && IsConnector(k, out bool isAnd) && (!isAnd || usedOf))
                {
                    int j = k + 1;
                    if (IsLowerWord(j) && TextOf(j).SequenceEqual("the")) j++;
                    if (IsNameWord(j) || (StartsGazetteerName(j) && IsCapitalised(j)))
                    {
                        usedOf = true;
                        k = j;
                        continue;
                    }
                }
                break;
            }
            // Never end on a particle, hyphen or connector.
            while (k > s + 1 && (IsHyphen(k - 1) || IsParticle(k - 1))) k--;
            return k;
        }

        private void SegmentRun(int s, int e, bool person, HeadKind head = HeadKind.None)
        {
            if (e <= s) return;
            // 1. The whole run is one gazetteer name.
            if (StartsGazetteerName(s) && _scratch.AliasLength[s] == e - s)
            {
                EmitGazetteerName(s, e, person);
                return;
            }
            // 2. A company joined by an ampersand ("Larsen & Toubro").
            for (int k = s + 1; k < e - 1; k++)
            {
                if (!IsPunct(k, '&')) continue;
                EmitCandidate(s, e, EntityType.Org, -1);
                return;
            }
            // 3. Organisation / place / event patterns.
            head = LastHeadOfRun(s, e, out int lastHead);
            if (head == HeadKind.Event)
            {
                // Events, treaties, embassies: keep only known names inside.
                SegmentByGazetteerNames(s, e, false, onlyKnown: true);
                return;
            }
            if (head is HeadKind.Organisation or HeadKind.Place)
            {
                // A descriptive country or demonym before a generic body stays separate ("Iranian" + "Foreign Ministry").
                if (StartsGazetteerName(s) && s + _scratch.AliasLength[s] < e)
                {
                    var entry = FirstEntryOfAlias(_scratch.AliasAt[s]);
                    int next = s + _scratch.AliasLength[s];
                    if (IsHyphen(next)) next++;
                    if (entry.Type is EntityType.Loc or EntityType.Norp && (next < e && IsWord(next) && (_words.GenericBody.Contains(TextOf(next)) || _words.EventHead.Contains(TextOf(next)) || IsAllCaps(next)))
                        || entry.Type == EntityType.Person)
                    {
                        EmitGazetteerName(s, s + _scratch.AliasLength[s], false);
                        SegmentRun(next, e, false);
                        return;
                    }
                }
                // Tokens after the last head that are not joined by a connector form their own run.
                int stop = e;
                if (lastHead + 1 < e && (lastHead > s || head == HeadKind.Organisation) && !IsConnector(lastHead + 1, out _) && !IsPunct(lastHead + 1, ',')) stop = lastHead + 1;
                // A lone head word ("Police", "Parliament") is left to the tagger.
                if (stop - s == 1 && lastHead == s)
                {
                    EmitUnknownChunk(s, stop, false);
                    if (stop < e) SegmentRun(stop, e, false);
                    return;
                }
                EmitCandidate(s, stop, head == HeadKind.Organisation ? EntityType.Org : EntityType.Loc, -1);
                if (stop < e) SegmentRun(stop, e, false);
                return;
            }
            // 4. Names after a title or role noun.
            if (person)
            {
                // Leading known non-person names stay themselves ("minister Hamas" is not a person).
                if (StartsGazetteerName(s) && TypeOfAlias(_scratch.AliasAt[s]) != EntityType.Person && !_words.AmbiguousGivenName.Contains(TextOf(s)) && _scratch.AliasLength[s] >= e - s)
                {
                    EmitGazetteerName(s, s + _scratch.AliasLength[s], false);
                    return;
                }
                int entry = -1;
                if (StartsGazetteerName(s) && TypeOfAlias(_scratch.AliasAt[s]) == EntityType.Person) entry = FirstEntryIdOfAlias(_scratch.AliasAt[s]);
                else
                {
                    for (int k = s + 1; k < e; k++)
                        if (StartsGazetteerName(k) && TypeOfAlias(_scratch.AliasAt[k]) == EntityType.Person && k + _scratch.AliasLength[k] == e) { entry = FirstEntryIdOfAlias(_scratch.AliasAt[k]); break; }
                }
                EmitUnknownChunk(s, e, person: true);
                if (entry >= 0 && _scratch.CandidateCount > 0) _scratch.Candidates[_scratch.CandidateCount - 1].Entry = entry;
                return;
            }
            SegmentByGazetteerNames(s, e, false, onlyKnown: false);
        }
    }
}
