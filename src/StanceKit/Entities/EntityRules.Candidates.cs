using StanceKit.Text;

namespace StanceKit;

internal sealed partial class EntityRules
{
    private ref partial struct RulePass
    {
        private void EmitCandidate(int start, int end, EntityType type, int entry)
        {
            // A leading "the" belongs only to place names ("The Hague").
            if (type != EntityType.Loc && IsWord(start) && TextOf(start).Equals("the", StringComparison.OrdinalIgnoreCase) && end - start > 1) start++;
            while (end - start > 1 && (IsHyphen(end - 1) || IsParticle(end - 1))) end--;
            while (end - start > 1 && IsHyphen(start)) start++;
            if (end <= start) return;
            _scratch.EnsureCandidateRoom();
            ref var c = ref _scratch.Candidates[_scratch.CandidateCount++];
            c.Start = start;
            c.End = end;
            c.Type = type;
            c.Entry = entry;
        }

        private void EmitUnknownChunk(int start, int end, bool person)
        {
            while (end > start && (IsHyphen(end - 1) || IsParticle(end - 1) || IsPunct(end - 1, '.') && !(end - 2 >= start && IsWord(end - 2) && (TextOf(end - 2).Length == 1 || _words.NameSuffix.Contains(TextOf(end - 2)))))) end--;
            while (end > start && (IsHyphen(start) || !IsWord(start))) start++;
            if (end <= start) return;
            // "Assistant Jan van Dijk", "Economist Lars Hedberg": a capitalised role word opening the sentence before a given name.
            if (end - start >= 3 && IsCapitalised(start) && !IsAllCaps(start) && (_words.TitleModifier.Contains(TextOf(start)) || _words.TitleCore.Contains(TextOf(start))
                || _words.RoleNoun.Contains(TextOf(start))) && (OpensWithGivenName(start + 1, end) || HasNameParticle(start + 1, end)))
                start++;
            if (person || HasNameParticle(start, end) || OpensWithGivenName(start, end) || IsInitialAndSurname(start, end))
            {
                EmitCandidate(start, end, EntityType.Person, -1);
                return;
            }
            // Dateline: "KHARTOUM —" at the start of a sentence.
            if (IsSentenceStart(start) && AllCapsRange(start, end) && (IsDash(end) || IsPunct(end, ',') || IsPunct(end, '(')))
            {
                EmitCandidate(start, end, EntityType.Loc, -1);
                return;
            }
            _scratch.EnsureChunkRoom();
            ref var ch = ref _scratch.Chunks[_scratch.ChunkCount++];
            ch.Start = start;
            ch.End = end;
            ch.Person = false;
        }

        private void IndexCandidates()
        {
            _candidatesSorted = true;
            _longestCandidate = 0;
            for (int c = 0; c < _scratch.CandidateCount; c++)
            {
                if (c > 0 && _scratch.Candidates[c - 1].Start > _scratch.Candidates[c].Start) _candidatesSorted = false;
                _longestCandidate = Math.Max(_longestCandidate, _scratch.Candidates[c].End - _scratch.Candidates[c].Start);
            }
        }

        /// <summary>Index of the first candidate starting at or after <paramref name="start"/> (candidates sorted by start).</summary>
        private int FirstCandidateFrom(int start)
        {
            int lo = 0, hi = _scratch.CandidateCount;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_scratch.Candidates[mid].Start < start) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private int FindCandidate(int start, int end)
        {
            int from = _candidatesSorted ? FirstCandidateFrom(start) : 0;
            for (int c = from; c < _scratch.CandidateCount; c++)
            {
                if (_scratch.Candidates[c].Start == start && _scratch.Candidates[c].End == end) return c;
                if (_candidatesSorted && _scratch.Candidates[c].Start > start) break;
            }
            return -1;
        }

        private int FindCandidateEndingAt(int end)
        {
            int from = _candidatesSorted ? FirstCandidateFrom(end - _longestCandidate) : 0;
            for (int c = from; c < _scratch.CandidateCount; c++)
            {
                if (_scratch.Candidates[c].End == end) return c;
                if (_candidatesSorted && _scratch.Candidates[c].Start >= end) break;
            }
            return -1;
        }

        private void RemoveOverlappingCandidates(int start, int end)
        {
            // Only candidates starting in [start - longest + 1, end) can overlap; the rest keep their order and move as a block.
            int from = _candidatesSorted ? FirstCandidateFrom(start - _longestCandidate + 1) : 0;
            int to = _candidatesSorted ? FirstCandidateFrom(end) : _scratch.CandidateCount;
            int w = from;
            for (int c = from; c < to; c++)
            {
                var x = _scratch.Candidates[c];
                if (x.Start < end && start < x.End) continue;
                _scratch.Candidates[w++] = x;
            }
            if (w == to) return;
            Array.Copy(_scratch.Candidates, to, _scratch.Candidates, w, _scratch.CandidateCount - to);
            _scratch.CandidateCount -= to - w;
        }

        private void InsertCandidate(int start, int end, EntityType type, int entry)
        {
            // After the last candidate that starts at or before it, as the shifting insertion always placed it.
            _scratch.EnsureCandidateRoom();
            int pos;
            if (_candidatesSorted)
            {
                pos = FirstCandidateFrom(start + 1);
                Array.Copy(_scratch.Candidates, pos, _scratch.Candidates, pos + 1, _scratch.CandidateCount - pos);
            }
            else
            {
                pos = _scratch.CandidateCount;
                while (pos > 0 && _scratch.Candidates[pos - 1].Start > start) { _scratch.Candidates[pos] = _scratch.Candidates[pos - 1]; pos--; }
            }
            _scratch.Candidates[pos] = new EntityCandidate { Start = start, End = end, Type = type, Entry = entry };
            _scratch.CandidateCount++;
            _longestCandidate = Math.Max(_longestCandidate, end - start);
        }
    }
}
