using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        private static readonly string[] s_connectors = ["of", "for", "on", "de", "del", "du", "and", "to"];

        private bool IsConnector(int k, out bool isAnd)
        {
            isAnd = false;
            if (!IsLowerWord(k)) return false;
            var w = TextOf(k);
            foreach (var c in s_connectors)
            {
                if (w.SequenceEqual(c)) { isAnd = c == "and"; return true; }
            }
            return false;
        }

        /// <summary>What a head word makes of the capitalised run it ends ("Ministry": an organisation).</summary>
        private enum HeadKind
        {
            None = 0,
            Organisation = 1,
            Place = 2,
            /// <summary>Events, treaties, embassies: not annotated themselves; only known names inside count.</summary>
            Event = 3,
        }

        private HeadKind HeadKindOf(int k)
        {
            if (!IsCapitalised(k)) return HeadKind.None;
            var w = TextOf(k);
            if (_words.EventHead.Contains(w)) return HeadKind.Event;
            if (_words.OrgHead.Contains(w)) return HeadKind.Organisation;
            if (_words.PlaceHead.Contains(w)) return HeadKind.Place;
            return HeadKind.None;
        }

        /// <summary>An organisation head among the capitalised words from k on.</summary>
        private bool OrganisationHeadAhead(int k)
        {
            for (int j = k; j < _tokenCount && j < k + 5 && (IsNameWord(j) || IsHyphen(j)); j++) if (HeadKindOf(j) == HeadKind.Organisation) return true;
            return false;
        }

        /// <summary>The kind of the last head word of a run outside known names (<see cref="HeadKind.None"/> when none).</summary>
        private HeadKind LastHeadOfRun(int s, int e, out int lastHead)
        {
            var head = HeadKind.None;
            lastHead = -1;
            for (int k = s; k < e;)
            {
                if (StartsGazetteerName(k) && k + _scratch.AliasLength[k] <= e && (IsCapitalised(k) || IsGluedParticle(k)))
                {
                    if (k == s && TypeOfAlias(_scratch.AliasAt[k]) == EntityType.Org) { head = HeadKind.Organisation; lastHead = k + _scratch.AliasLength[k] - 1; }
                    else
                    {
                        // A known generic body at the end of a longer name ("... Defence Army") is that name's head.
                        int last = k + _scratch.AliasLength[k] - 1;
                        var gh = HeadKindOf(last);
                        if (gh is HeadKind.Organisation or HeadKind.Place && TypeOfAlias(_scratch.AliasAt[k]) is EntityType.Org or EntityType.Loc) { head = gh; lastHead = last; }
                    }
                    k += _scratch.AliasLength[k];
                    continue;
                }
                var h = HeadKindOf(k);
                if (h != HeadKind.None) { head = h; lastHead = k; }
                k++;
            }
            return head;
        }
    }
}
