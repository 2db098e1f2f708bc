using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        private EntityType TypeOfAlias(int aliasId) => _gazetteer[_gazetteer.EntriesOfAlias(aliasId)[0]].Type;
        private GazetteerEntry FirstEntryOfAlias(int aliasId) => _gazetteer[_gazetteer.EntriesOfAlias(aliasId)[0]];

        private int FirstEntryIdOfAlias(int aliasId) => _gazetteer.EntriesOfAlias(aliasId)[0];

        private bool StartsGazetteerName(int k) => k < _tokenCount && _scratch.AliasAt[k] >= 0;

        /// <summary>Whether a gazetteer match inside the run [s, ..) ends exactly at token k.</summary>
        private bool GazetteerNameEndsAt(int s, int k)
        {
            for (int j = s; j < k;)
            {
                if (StartsGazetteerName(j)) { if (j + _scratch.AliasLength[j] == k) return true; j += _scratch.AliasLength[j]; }
                else j++;
            }
            return false;
        }

        /// <summary>A gazetteer organisation or place inside [rs, re) (so the run is not a person's name).</summary>
        private bool KnownNonPersonInside(int rs, int re)
        {
            for (int j = rs; j < re; j++)
                if (StartsGazetteerName(j) && TypeOfAlias(_scratch.AliasAt[j]) is EntityType.Org or EntityType.Loc && !_words.AmbiguousGivenName.Contains(TextOf(j))) return true;
            return false;
        }

        private void EmitGazetteerName(int s, int e, bool person)
        {
            var entry = FirstEntryOfAlias(_scratch.AliasAt[s]);
            int id = FirstEntryIdOfAlias(_scratch.AliasAt[s]);
            if (person && entry.Type != EntityType.Person && _words.AmbiguousGivenName.Contains(TextOf(s)))
            {
                EmitCandidate(s, e, EntityType.Person, -1);
                return;
            }
            // "France 24": a country followed by a channel number is a media outlet.
            // Not in a results line ("Leeds 0 Manchester United 4", "Uzbekistan 2-1"): only before a lower-case word or "'s".
            if (entry.Type == EntityType.Loc && e < _tokenCount && _tokens[e].Kind == TokenKind.Number && _tokens[e].Length <= 2 && IsCapitalised(s)
                && e + 1 < _tokenCount && (IsLowerWord(e + 1) || _tokens[e + 1].Kind == TokenKind.Clitic) && _text[_tokens[e].Start] != '0')
            {
                EmitCandidate(s, e + 1, EntityType.Org, -1);
                return;
            }
            EmitCandidate(s, e, entry.Type, id);
        }

        private bool IsDirection(int k)
        {
            if (!IsCapitalised(k)) return false;
            var w = TextOf(k);
            return w.SequenceEqual("North") || w.SequenceEqual("South") || w.SequenceEqual("East") || w.SequenceEqual("West")
                || w.SequenceEqual("Central") || w.SequenceEqual("Northern") || w.SequenceEqual("Southern") || w.SequenceEqual("Eastern")
                || w.SequenceEqual("Upper") || w.SequenceEqual("Lower") || w.SequenceEqual("Northeast") || w.SequenceEqual("Northwest")
                || w.SequenceEqual("Southeast") || w.SequenceEqual("Southwest");
        }

        /// <summary>Gazetteer names left to right; the stretches between them are unknown chunks.</summary>
        private void SegmentByGazetteerNames(int s, int e, bool person, bool onlyKnown)
        {
            int p = s;
            int unk = -1;
            while (p < e)
            {
                // "West Java", "Central Sulawesi", "North Darfur": a compass word before a place.
                if (IsDirection(p) && (!StartsGazetteerName(p) || _scratch.AliasLength[p] == 1) && p + 1 < e && !IsHyphen(p + 1)
                    && (StartsGazetteerName(p + 1) && TypeOfAlias(_scratch.AliasAt[p + 1]) == EntityType.Loc && p + 1 + _scratch.AliasLength[p + 1] <= e
                        || IsNameWord(p + 1) && !StartsGazetteerName(p + 1) && HeadKindOf(p + 1) == HeadKind.None && (p + 2 >= e || !IsNameWord(p + 2))))
                {
                    if (unk >= 0 && !onlyKnown) EmitUnknownChunk(unk, p, person);
                    unk = -1;
                    int q = StartsGazetteerName(p + 1) ? p + 1 + _scratch.AliasLength[p + 1] : p + 2;
                    EmitCandidate(p, q, EntityType.Loc, -1);
                    p = q;
                    continue;
                }
                if (StartsGazetteerName(p) && p + _scratch.AliasLength[p] <= e && (IsCapitalised(p) || IsGluedParticle(p) || IsAllCaps(p)))
                {
                    int len = _scratch.AliasLength[p];
                    var entry = FirstEntryOfAlias(_scratch.AliasAt[p]);
                    // A lone generic body word ("Parliament", "Army") is left to the tagger: sentence-initial uses are not names.
                    if (len == 1 && entry.Type == EntityType.Org && entry.Country is null && HeadKindOf(p) == HeadKind.Organisation && !onlyKnown)
                    {
                        if (unk < 0) unk = p;
                        p++;
                        continue;
                    }
                    bool givenName = len == 1 && entry.Type != EntityType.Person && _words.AmbiguousGivenName.Contains(TextOf(p));
                    // "Jordan Bardella", "Michael Jordan": an ambiguous given name next to unknown name words.
                    if (givenName && ((p + 1 < e && IsNameWord(p + 1) && !StartsGazetteerName(p + 1) && !IsHyphen(p + 1) && HeadKindOf(p + 1) == HeadKind.None) || (unk >= 0 && !IsHyphen(p - 1))))
                    {
                        if (unk < 0) unk = p;
                        p++;
                        int q = p;
                        while (q < e && IsNameWord(q) && !StartsGazetteerName(q) && HeadKindOf(q) == HeadKind.None) q++;
                        if (!onlyKnown) EmitUnknownChunk(unk, q, person: true);
                        unk = -1;
                        p = q;
                        continue;
                    }
                    // "Social Democrats": capitalised words before a party-group adjective.
                    if (entry.Type == EntityType.Norp && entry.Kind == EntityKind.Group && unk >= 0 && !onlyKnown && !IsHyphen(p - 1) && !IsSentenceStart(unk))
                    {
                        EmitCandidate(unk, p + len, EntityType.Norp, -1);
                        unk = -1;
                        p += len;
                        continue;
                    }
                    // "Kim Aris": a one-word known person alias followed by unknown name words is another person.
                    if (entry.Type == EntityType.Person && len == 1 && unk < 0 && p + 1 < e && IsNameWord(p + 1) && !StartsGazetteerName(p + 1) && HeadKindOf(p + 1) == HeadKind.None && !onlyKnown)
                    {
                        int q = p + 1;
                        while (q < e && IsNameWord(q) && !StartsGazetteerName(q) && HeadKindOf(q) == HeadKind.None) q++;
                        EmitCandidate(p, q, EntityType.Person, -1);
                        p = q;
                        continue;
                    }
                    // A known person with extra given names before it: "Abdel Fattah el-Sisi".
                    if (entry.Type == EntityType.Person && unk >= 0 && !onlyKnown)
                    {
                        EmitCandidate(unk, p + len, EntityType.Person, FirstEntryIdOfAlias(_scratch.AliasAt[p]));
                        unk = -1;
                        p += len;
                        continue;
                    }
                    if (unk >= 0 && !onlyKnown) EmitUnknownChunk(unk, p, person);
                    unk = -1;
                    // "San Jose del Monte": a known place or person continued by a particle and more name words is a longer name.
                    if (entry.Type is EntityType.Loc or EntityType.Person && p + len < e && IsParticle(p + len) && !onlyKnown)
                    {
                        EmitCandidate(p, e, entry.Type, -1);
                        p = e;
                        continue;
                    }
                    EmitGazetteerName(p, p + len, false);
                    p += len;
                    // Generational suffix after a known person: "Ferdinand Marcos Jr."
                    if (entry.Type == EntityType.Person && p < e && IsWord(p) && _words.NameSuffix.Contains(TextOf(p)))
                    {
                        int end = p + 1;
                        if (IsPunct(end, '.') && Adjacent(p, end)) end++;
                        _scratch.Candidates[_scratch.CandidateCount - 1].End = end;
                        p = end;
                    }
                    if (p < e && IsHyphen(p)) p++;
                    continue;
                }
                if (unk < 0) unk = p;
                p++;
            }
            if (unk >= 0 && !onlyKnown) EmitUnknownChunk(unk, e, person);
        }
    }
}
