namespace StanceKit.Parsing;

/// <summary>
/// Beam search over arc-hybrid move sequences (Zhang and Clark 2008; Zhang and Nivre 2011): keeps the
/// <see cref="Width"/> best partial parses by the sum of their move scores. Reused across sentences (not thread
/// safe: one per thread). The relation of each arc is chosen greedily when the arc is made, as in the greedy parser.
/// </summary>
internal sealed class BeamSearch
{
    private ParseState[] _items;
    private ParseState[] _next;
    private double[] _scores, _nextScores;
    private int[][] _moves, _nextMoves;
    private bool[] _gold, _nextGold;
    private int _count;
    private readonly Candidate[] _candidates;

    private struct Candidate
    {
        public double Score;
        public int Item;
        public int Move;
    }

    public BeamSearch(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        _items = new ParseState[width];
        _next = new ParseState[width];
        for (int i = 0; i < width; i++) { _items[i] = new ParseState(); _next[i] = new ParseState(); }
        _scores = new double[width];
        _nextScores = new double[width];
        _moves = new int[width][];
        _nextMoves = new int[width][];
        for (int i = 0; i < width; i++) { _moves[i] = new int[64]; _nextMoves[i] = new int[64]; }
        _gold = new bool[width];
        _nextGold = new bool[width];
        _candidates = new Candidate[width * ParseState.MoveCount];
    }

    public int Width { get; }

    /// <summary>Set by <see cref="Run"/> in training: the step at which the gold sequence fell out of the beam (-1: it did not).</summary>
    public int FellOutAt { get; private set; }

    /// <summary>The best item after <see cref="Run"/>.</summary>
    public ParseState Best => _items[0];

    /// <summary>The move sequence of the best item (valid until the next run).</summary>
    public ReadOnlySpan<int> BestMoves(int steps) => _moves[0].AsSpan(0, steps);

    /// <summary>
    /// Parses the tagged words of <paramref name="source"/>; the best parse's heads and labels are copied back into
    /// <paramref name="source"/>. With <paramref name="goldMoves"/> (training), stops as soon as no item of the beam
    /// follows the gold sequence (<see cref="FellOutAt"/>), leaving the best item's moves in <see cref="BestMoves"/>.
    /// </summary>
    /// <returns>The number of moves of the best item.</returns>
    public int Run(ParserModel model, ParseState source, ReadOnlySpan<int> goldMoves = default)
    {
        int n = source.N;
        int totalSteps = 2 * n;
        for (int i = 0; i < Width; i++)
        {
            if (_moves[i].Length < totalSteps + 1) _moves[i] = new int[totalSteps * 2 + 2];
            if (_nextMoves[i].Length < totalSteps + 1) _nextMoves[i] = new int[totalSteps * 2 + 2];
        }
        Span<ulong> f = stackalloc ulong[ParseState.MaxMoveFeatures];
        Span<float> moveScores = stackalloc float[ParseState.MoveCount];
        Span<float> labelScores = stackalloc float[64];
        bool training = !goldMoves.IsEmpty;
        source.RichLabels = model.RichLabels; // the model decides which relation features it was trained with
        for (int i = 0; i < Width; i++)
        {
            _items[i].CopyWordsFrom(source);
            _items[i].StartParse();
            _next[i].CopyWordsFrom(source);
            _next[i].StartParse();
        }
        _scores[0] = 0;
        _gold[0] = true;
        _count = 1;
        FellOutAt = -1;
        for (int step = 0; step < totalSteps; step++)
        {
            int c = 0;
            for (int i = 0; i < _count; i++)
            {
                var s = _items[i];
                if (s.Sp == 1) { _candidates[c++] = new Candidate { Score = _scores[i], Item = i, Move = ParseState.Shift }; continue; }
                if (s.B > s.N) { _candidates[c++] = new Candidate { Score = _scores[i], Item = i, Move = ParseState.Right }; continue; }
                int nf = s.MoveFeatures(f);
                model.Moves.Score(f[..nf], moveScores);
                for (int m = 0; m < ParseState.MoveCount; m++)
                    if (s.IsLegal(m)) _candidates[c++] = new Candidate { Score = _scores[i] + moveScores[m], Item = i, Move = m };
            }
            // Best first; ties by item then move, so the result is deterministic.
            SortCandidates(_candidates.AsSpan(0, c));
            int kept = Math.Min(Width, c);
            bool anyGold = false;
            for (int k = 0; k < kept; k++)
            {
                var cand = _candidates[k];
                var parent = _items[cand.Item];
                var child = _next[k];
                child.CopyParseFrom(parent);
                int label = cand.Move == ParseState.Shift ? 0 : model.BestLabel(child, cand.Move, f, labelScores);
                child.Apply(cand.Move, label);
                _nextScores[k] = cand.Score;
                var moves = _nextMoves[k];
                _moves[cand.Item].AsSpan(0, step).CopyTo(moves);
                moves[step] = cand.Move;
                _nextGold[k] = training && _gold[cand.Item] && goldMoves[step] == cand.Move;
                anyGold |= _nextGold[k];
            }
            (_items, _next) = (_next, _items);
            (_scores, _nextScores) = (_nextScores, _scores);
            (_moves, _nextMoves) = (_nextMoves, _moves);
            (_gold, _nextGold) = (_nextGold, _gold);
            _count = kept;
            if (training && !anyGold)
            {
                FellOutAt = step;
                return step + 1;
            }
        }
        var best = _items[0];
        for (int i = 1; i <= n; i++)
        {
            source.Head[i] = best.Head[i];
            source.Label[i] = best.Label[i];
        }
        return totalSteps;
    }

    /// <summary>Whether the best item after a full training run is the gold sequence.</summary>
    public bool BestIsGold => _gold[0];

    /// <summary>
    /// Insertion sort, best first, ties by item then move (at most width × 3 candidates; Array.Sort with a comparer
    /// would allocate a delegate per call).
    /// </summary>
    private static void SortCandidates(Span<Candidate> c)
    {
        for (int i = 1; i < c.Length; i++)
        {
            var x = c[i];
            int j = i - 1;
            while (j >= 0 && Before(x, c[j]))
            {
                c[j + 1] = c[j];
                j--;
            }
            c[j + 1] = x;
        }
    }

    private static bool Before(in Candidate a, in Candidate b) =>
        a.Score > b.Score || (a.Score == b.Score && (a.Item < b.Item || (a.Item == b.Item && a.Move < b.Move)));
}
