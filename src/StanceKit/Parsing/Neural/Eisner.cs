namespace StanceKit.Parsing.Neural;

/// <summary>The arc scores of an <see cref="Eisner"/> decoder call.</summary>
internal interface IArcScores
{
    /// <summary>The score of the arc from <paramref name="head"/> to <paramref name="dependent"/>.</summary>
    float Score(int head, int dependent);
}

/// <summary>
/// Eisner's algorithm (1996): the highest-scoring projective tree over positions 0..n (0 the root) in O(n³), with
/// exactly one word attached to the root.
/// </summary>
internal sealed class Eisner
{
    private float[] _ci = [], _cr = [], _ii = [], _ir = [];   // complete/incomplete, head on the left (r) or right (l)
    private int[] _bci = [], _bcr = [], _bii = [], _bir = [];
    private int[] _stack = [];
    private int _cap;

    /// <summary>Writes into heads[1..t-1] the best tree; heads[0] = -1.</summary>
    public void Decode<TScores>(int t, TScores scores, Span<int> heads) where TScores : IArcScores
    {
        if (t * t > _cap)
        {
            _cap = Math.Max(t * t, 2 * _cap);
            _ci = new float[_cap]; _cr = new float[_cap]; _ii = new float[_cap]; _ir = new float[_cap];
            _bci = new int[_cap]; _bcr = new int[_cap]; _bii = new int[_cap]; _bir = new int[_cap];
            _stack = new int[3 * _cap + 3];
        }
        heads[0] = -1;
        if (t <= 1) return;
        const float Neg = float.NegativeInfinity;
        for (int s = 0; s < t; s++) { _cr[s * t + s] = 0; _ci[s * t + s] = 0; }
        for (int k = 1; k < t; k++)
        {
            for (int s = 0; s + k < t; s++)
            {
                int e = s + k, at = s * t + e;
                // Incomplete spans: an arc between s and e over complete halves split at r.
                float best = Neg; int arg = s;
                int rMax = s == 0 ? s : e - 1;      // the root takes one dependent: its left half is empty
                for (int r = s; r <= rMax; r++)
                {
                    float v = _cr[s * t + r] + _ci[(r + 1) * t + e];
                    if (v > best) { best = v; arg = r; }
                }
                _ir[at] = best + scores.Score(s, e); _bir[at] = arg;
                if (s == 0) { _ii[at] = Neg; _bii[at] = s; }
                else
                {
                    best = Neg; arg = s;
                    for (int r = s; r < e; r++)
                    {
                        float v = _cr[s * t + r] + _ci[(r + 1) * t + e];
                        if (v > best) { best = v; arg = r; }
                    }
                    _ii[at] = best + scores.Score(e, s); _bii[at] = arg;
                }
                // Complete spans.
                best = Neg; arg = s;
                for (int r = s; r < e; r++)
                {
                    float v = _ci[s * t + r] + _ii[r * t + e];
                    if (v > best) { best = v; arg = r; }
                }
                _ci[at] = best; _bci[at] = arg;
                best = Neg; arg = e;
                for (int r = s + 1; r <= e; r++)
                {
                    float v = _ir[s * t + r] + _cr[r * t + e];
                    if (v > best) { best = v; arg = r; }
                }
                _cr[at] = best; _bcr[at] = arg;
            }
        }
        // Backtrack: items (kind, s, e); kind 0 complete-left, 1 complete-right, 2 incomplete-left, 3 incomplete-right.
        int sp = 0;
        _stack[sp++] = 1; _stack[sp++] = 0; _stack[sp++] = t - 1;
        while (sp > 0)
        {
            int e = _stack[--sp], s = _stack[--sp], kind = _stack[--sp];
            if (s == e) continue;
            int at = s * t + e;
            switch (kind)
            {
                case 0:
                {
                    int r = _bci[at];
                    Push(0, s, r, ref sp); Push(2, r, e, ref sp);
                    break;
                }
                case 1:
                {
                    int r = _bcr[at];
                    Push(3, s, r, ref sp); Push(1, r, e, ref sp);
                    break;
                }
                case 2:
                {
                    heads[s] = e;
                    int r = _bii[at];
                    Push(1, s, r, ref sp); Push(0, r + 1, e, ref sp);
                    break;
                }
                default:
                {
                    heads[e] = s;
                    int r = _bir[at];
                    Push(1, s, r, ref sp); Push(0, r + 1, e, ref sp);
                    break;
                }
            }
        }
    }

    private void Push(int kind, int s, int e, ref int sp)
    {
        _stack[sp++] = kind; _stack[sp++] = s; _stack[sp++] = e;
    }
}
