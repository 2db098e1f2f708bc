namespace StanceKit.Parsing.Neural;

/// <summary>The sizes of a BiLSTM + biaffine parser network.</summary>
internal sealed record NeuralConfig(int WordDim, int AffixDim, int ShapeDim, int TagDim, int Hidden, int Layers, int ArcDim, int RelDim,
    int Words, int Prefixes, int Suffixes, int Relations)
{
    /// <summary>Word shapes (<see cref="NeuralWords.Shape"/>) plus the root's.</summary>
    public const int Shapes = 8;
    /// <summary>The 17 UPOS tags plus the root's.</summary>
    public const int Tags = UniversalPosNames.Count + 1;

    /// <summary>The width of a word's input vector.</summary>
    public int InputDim => WordDim + 2 * AffixDim + ShapeDim + TagDim;

    /// <summary>True when every size is in range (a model file is refused otherwise).</summary>
    public bool IsValid =>
        WordDim is > 0 and <= 1024 && AffixDim is > 0 and <= 1024 && ShapeDim is > 0 and <= 1024 && TagDim is > 0 and <= 1024
        && Hidden is > 0 and <= 2048 && Layers is > 0 and <= 8 && ArcDim is > 0 and <= 2048 && RelDim is > 0 and <= 1024
        && Words is >= 3 and <= 5_000_000 && Prefixes is >= 3 and <= 5_000_000 && Suffixes is >= 3 and <= 5_000_000
        && Relations is > 0 and <= 256;
}

/// <summary>Where each parameter block of a <see cref="NeuralConfig"/> network lives in one flat array.</summary>
internal sealed class NeuralLayout
{
    public readonly int EWord, EPre, ESuf, EShape, ETag;
    /// <summary>LSTM blocks per layer and direction (index 2·layer + direction): input weights (4H × in), recurrent weights (4H × H), bias (4H); gates i, f, g, o.</summary>
    public readonly int[] Wx, Wh, B, In;
    public readonly int ArcDepW, ArcDepB, ArcHeadW, ArcHeadB, RelDepW, RelDepB, RelHeadW, RelHeadB;
    /// <summary>The arc biaffine ((ArcDim + 1) × ArcDim: the last row is the head bias).</summary>
    public readonly int U;
    /// <summary>Relation biaffine: per relation RelDim × RelDim, then the dependent and head linear terms and the bias.</summary>
    public readonly int RelW, RelWd, RelWh, RelB;
    public readonly long Total;

    public NeuralLayout(NeuralConfig c)
    {
        long next = 0;
        int Add(long count)
        {
            long at = next;
            next += count;
            if (next > int.MaxValue) throw new InvalidDataException("The network is too large.");
            return (int)at;
        }
        EWord = Add((long)c.Words * c.WordDim);
        EPre = Add((long)c.Prefixes * c.AffixDim);
        ESuf = Add((long)c.Suffixes * c.AffixDim);
        EShape = Add((long)NeuralConfig.Shapes * c.ShapeDim);
        ETag = Add((long)NeuralConfig.Tags * c.TagDim);
        int h = c.Hidden;
        Wx = new int[2 * c.Layers]; Wh = new int[2 * c.Layers]; B = new int[2 * c.Layers]; In = new int[c.Layers];
        for (int l = 0; l < c.Layers; l++)
        {
            In[l] = l == 0 ? c.InputDim : 2 * h;
            for (int d = 0; d < 2; d++)
            {
                Wx[2 * l + d] = Add(4L * h * In[l]);
                Wh[2 * l + d] = Add(4L * h * h);
                B[2 * l + d] = Add(4L * h);
            }
        }
        ArcDepW = Add((long)c.ArcDim * 2 * h); ArcDepB = Add(c.ArcDim);
        ArcHeadW = Add((long)c.ArcDim * 2 * h); ArcHeadB = Add(c.ArcDim);
        RelDepW = Add((long)c.RelDim * 2 * h); RelDepB = Add(c.RelDim);
        RelHeadW = Add((long)c.RelDim * 2 * h); RelHeadB = Add(c.RelDim);
        U = Add((long)(c.ArcDim + 1) * c.ArcDim);
        RelW = Add((long)c.Relations * c.RelDim * c.RelDim);
        RelWd = Add((long)c.Relations * c.RelDim);
        RelWh = Add((long)c.Relations * c.RelDim);
        RelB = Add(c.Relations);
        Total = next;
    }
}

/// <summary>The inputs of one sentence: per position (0 is the root) the vocabulary indices of each embedding.</summary>
internal sealed class NeuralInput
{
    public int Length;
    public int[] Word = [], Prefix = [], Suffix = [], Shape = [], Tag = [];

    public void Ensure(int length)
    {
        Length = length;
        if (Word.Length >= length) return;
        int c = Math.Max(length, 2 * Word.Length);
        Word = new int[c]; Prefix = new int[c]; Suffix = new int[c]; Shape = new int[c]; Tag = new int[c];
    }
}

/// <summary>
/// The forward and backward pass of the BiLSTM + biaffine parser (Kiperwasser and Goldberg 2016, Dozat and Manning
/// 2017) over one sentence: word, affix, shape and tag embeddings, a stacked bidirectional LSTM, MLPs for dependents
/// and heads, a biaffine arc scorer (softmax over heads) and a biaffine relation scorer. Single-threaded; one
/// instance per thread (it holds the activations of the last sentence).
/// </summary>
internal sealed class BiaffineNetwork
{
    private const float LeakySlope = 0.1f;
    private readonly NeuralConfig _c;
    private readonly NeuralLayout _l;
    private int _capacity;

    // Activations (row-major, one row per position).
    private float[] _x0 = [], _m0 = [];
    private readonly float[][] _gates, _cell, _hid, _y, _yd, _my;
    private float[] _zad = [], _ad = [], _mad = [], _zah = [], _ah = [], _mah = [];
    private float[] _zrd = [], _rd = [], _mrd = [], _zrh = [], _rh = [], _mrh = [];
    private float[] _q = [], _p = [], _relT = [], _relP = [];
    private int[] _relHead = [];
    // Gradients of the activations.
    private float[] _dx0 = [], _dG = [], _dc = [], _dhNext = [];
    private readonly float[][] _dy;
    private float[] _dad = [], _dah = [], _drd = [], _drh = [], _dq = [];
    private int _t;
    private bool _train;

    public BiaffineNetwork(NeuralConfig config)
    {
        _c = config;
        _l = new NeuralLayout(config);
        int layers = config.Layers;
        _gates = new float[2 * layers][]; _cell = new float[2 * layers][]; _hid = new float[2 * layers][];
        _y = new float[layers][]; _yd = new float[layers][]; _my = new float[layers][]; _dy = new float[layers][];
    }

    public NeuralConfig Config => _c;
    public NeuralLayout Layout => _l;

    /// <summary>The arc scores of the last forward pass: row i (dependent 1..n) as log-probabilities over heads 0..n.</summary>
    public ReadOnlySpan<float> ArcLogProbabilities(int i) => _p.AsSpan(i * _t, _t);

    private void Ensure(int t)
    {
        if (t <= _capacity) return;
        int cap = Math.Max(t, _capacity * 2);
        _capacity = cap;
        int h = _c.Hidden, d0 = _c.InputDim;
        _x0 = new float[cap * d0]; _m0 = new float[cap * d0]; _dx0 = new float[cap * d0];
        for (int k = 0; k < 2 * _c.Layers; k++) { _gates[k] = new float[cap * 4 * h]; _cell[k] = new float[cap * h]; _hid[k] = new float[cap * h]; }
        for (int l = 0; l < _c.Layers; l++) { _y[l] = new float[cap * 2 * h]; _yd[l] = new float[cap * 2 * h]; _my[l] = new float[cap * 2 * h]; _dy[l] = new float[cap * 2 * h]; }
        int a = _c.ArcDim, r = _c.RelDim;
        _zad = new float[cap * a]; _ad = new float[cap * a]; _mad = new float[cap * a]; _zah = new float[cap * a]; _ah = new float[cap * a]; _mah = new float[cap * a];
        _zrd = new float[cap * r]; _rd = new float[cap * r]; _mrd = new float[cap * r]; _zrh = new float[cap * r]; _rh = new float[cap * r]; _mrh = new float[cap * r];
        _q = new float[cap * a]; _dq = new float[a];
        _p = new float[cap * cap];
        _relT = new float[cap * _c.Relations * r]; _relP = new float[cap * _c.Relations];
        _relHead = new int[cap];
        _dG = new float[cap * 4 * h]; _dc = new float[h]; _dhNext = new float[h];
        _dad = new float[cap * a]; _dah = new float[cap * a]; _drd = new float[cap * r]; _drh = new float[cap * r];
    }

    /// <summary>
    /// Runs the encoder and the arc scorer over <paramref name="input"/>; with <paramref name="dropout"/> &gt; 0 and
    /// a random source, training mode (dropout masks kept for <see cref="Backward"/>).
    /// </summary>
    public void Forward(ReadOnlySpan<float> w, NeuralInput input, float dropout = 0, Random? rng = null)
    {
        int t = input.Length;
        _t = t;
        Ensure(t);
        _train = dropout > 0 && rng is not null;
        int d0 = _c.InputDim, h = _c.Hidden;
        // Embeddings.
        for (int i = 0; i < t; i++)
        {
            var row = _x0.AsSpan(i * d0, d0);
            int o = 0;
            w.Slice(_l.EWord + input.Word[i] * _c.WordDim, _c.WordDim).CopyTo(row[o..]); o += _c.WordDim;
            w.Slice(_l.EPre + input.Prefix[i] * _c.AffixDim, _c.AffixDim).CopyTo(row[o..]); o += _c.AffixDim;
            w.Slice(_l.ESuf + input.Suffix[i] * _c.AffixDim, _c.AffixDim).CopyTo(row[o..]); o += _c.AffixDim;
            w.Slice(_l.EShape + input.Shape[i] * _c.ShapeDim, _c.ShapeDim).CopyTo(row[o..]); o += _c.ShapeDim;
            w.Slice(_l.ETag + input.Tag[i] * _c.TagDim, _c.TagDim).CopyTo(row[o..]);
        }
        if (_train) Drop(_x0.AsSpan(0, t * d0), _m0, dropout, rng!);
        ReadOnlySpan<float> x = _x0.AsSpan(0, t * d0);
        for (int l = 0; l < _c.Layers; l++)
        {
            int inDim = _l.In[l];
            var y = _y[l].AsSpan(0, t * 2 * h);
            for (int d = 0; d < 2; d++)
            {
                int k = 2 * l + d;
                var g = _gates[k].AsSpan(0, t * 4 * h);
                NeuralMath.Linear(x, t, inDim, w.Slice(_l.Wx[k], 4 * h * inDim), w.Slice(_l.B[k], 4 * h), 4 * h, g);
                var wh = w.Slice(_l.Wh[k], 4 * h * h);
                for (int s = 0; s < t; s++)
                {
                    int ti = d == 0 ? s : t - 1 - s;
                    int prev = d == 0 ? ti - 1 : ti + 1;
                    var gt = g.Slice(ti * 4 * h, 4 * h);
                    if (s > 0)
                    {
                        var hp = _hid[k].AsSpan(prev * h, h);
                        for (int r = 0; r < 4 * h; r++) gt[r] += NeuralMath.Dot(wh.Slice(r * h, h), hp);
                    }
                    var c = _cell[k].AsSpan(ti * h, h);
                    var hh = _hid[k].AsSpan(ti * h, h);
                    for (int j = 0; j < h; j++)
                    {
                        float ig = NeuralMath.Sigmoid(gt[j]), fg = NeuralMath.Sigmoid(gt[h + j]), gg = MathF.Tanh(gt[2 * h + j]), og = NeuralMath.Sigmoid(gt[3 * h + j]);
                        gt[j] = ig; gt[h + j] = fg; gt[2 * h + j] = gg; gt[3 * h + j] = og;
                        float cp = s > 0 ? _cell[k][prev * h + j] : 0f;
                        float cv = fg * cp + ig * gg;
                        c[j] = cv;
                        hh[j] = og * MathF.Tanh(cv);
                    }
                    hh.CopyTo(y.Slice(ti * 2 * h + d * h, h));
                }
            }
            var yd = _yd[l].AsSpan(0, t * 2 * h);
            y.CopyTo(yd);
            if (_train) Drop(yd, _my[l], dropout, rng!);
            x = yd;
        }
        // MLPs.
        int a = _c.ArcDim, rd = _c.RelDim;
        Mlp(x, t, w, _l.ArcDepW, _l.ArcDepB, a, _zad, _ad, _mad, dropout, rng);
        Mlp(x, t, w, _l.ArcHeadW, _l.ArcHeadB, a, _zah, _ah, _mah, dropout, rng);
        Mlp(x, t, w, _l.RelDepW, _l.RelDepB, rd, _zrd, _rd, _mrd, dropout, rng);
        Mlp(x, t, w, _l.RelHeadW, _l.RelHeadB, rd, _zrh, _rh, _mrh, dropout, rng);
        // Arc biaffine: q_i = [d_i; 1]ᵀ U, s_ij = q_i · h_j, log-softmax over j (j ≠ i).
        var u = w.Slice(_l.U, (a + 1) * a);
        for (int i = 1; i < t; i++)
        {
            var q = _q.AsSpan(i * a, a);
            u.Slice(a * a, a).CopyTo(q);
            var di = _ad.AsSpan(i * a, a);
            for (int k = 0; k < a; k++) if (di[k] != 0) NeuralMath.Axpy(q, di[k], u.Slice(k * a, a));
            var p = _p.AsSpan(i * t, t);
            float max = float.NegativeInfinity;
            for (int j = 0; j < t; j++)
            {
                p[j] = j == i ? float.NegativeInfinity : NeuralMath.Dot(q, _ah.AsSpan(j * a, a));
                if (p[j] > max) max = p[j];
            }
            double z = 0;
            for (int j = 0; j < t; j++) if (j != i) z += Math.Exp(p[j] - max);
            float lz = max + (float)Math.Log(z);
            for (int j = 0; j < t; j++) p[j] -= lz;
        }
    }

    private void Mlp(ReadOnlySpan<float> x, int t, ReadOnlySpan<float> w, int wOff, int bOff, int outDim, float[] z, float[] act, float[] mask, float dropout, Random? rng)
    {
        int inDim = 2 * _c.Hidden;
        var zs = z.AsSpan(0, t * outDim);
        NeuralMath.Linear(x, t, inDim, w.Slice(wOff, outDim * inDim), w.Slice(bOff, outDim), outDim, zs);
        var acts = act.AsSpan(0, t * outDim);
        for (int i = 0; i < zs.Length; i++) acts[i] = zs[i] > 0 ? zs[i] : LeakySlope * zs[i];
        if (_train) Drop(acts, mask, dropout, rng!);
    }

    private static void Drop(Span<float> v, float[] mask, float p, Random rng)
    {
        float keep = 1f / (1f - p);
        for (int i = 0; i < v.Length; i++)
        {
            float m = rng.NextSingle() < p ? 0f : keep;
            mask[i] = m;
            v[i] *= m;
        }
    }

    /// <summary>
    /// Scores the relations of the arcs <paramref name="heads"/> (heads[i] for positions 1..n) after
    /// <see cref="Forward"/>: log-probabilities per relation, kept for <see cref="Backward"/>.
    /// </summary>
    public void ScoreRelations(ReadOnlySpan<float> w, ReadOnlySpan<int> heads)
    {
        int t = _t, r = _c.RelDim, nr = _c.Relations;
        for (int i = 1; i < t; i++)
        {
            int hd = heads[i];
            _relHead[i] = hd;
            var di = _rd.AsSpan(i * r, r);
            var hh = _rh.AsSpan(hd * r, r);
            var ps = _relP.AsSpan(i * nr, nr);
            float max = float.NegativeInfinity;
            for (int k = 0; k < nr; k++)
            {
                var wk = w.Slice(_l.RelW + k * r * r, r * r);
                var tk = _relT.AsSpan((i * nr + k) * r, r);
                for (int a = 0; a < r; a++) tk[a] = NeuralMath.Dot(wk.Slice(a * r, r), hh);
                float s = NeuralMath.Dot(di, tk) + NeuralMath.Dot(w.Slice(_l.RelWd + k * r, r), di) + NeuralMath.Dot(w.Slice(_l.RelWh + k * r, r), hh) + w[_l.RelB + k];
                ps[k] = s;
                if (s > max) max = s;
            }
            double z = 0;
            for (int k = 0; k < nr; k++) z += Math.Exp(ps[k] - max);
            float lz = max + (float)Math.Log(z);
            for (int k = 0; k < nr; k++) ps[k] -= lz;
        }
    }

    /// <summary>The relation log-probabilities of position <paramref name="i"/> after <see cref="ScoreRelations"/>.</summary>
    public ReadOnlySpan<float> RelationLogProbabilities(int i) => _relP.AsSpan(i * _c.Relations, _c.Relations);

    /// <summary>The cross-entropy of the gold heads and relations (sums over the words) after <see cref="Forward"/> and <see cref="ScoreRelations"/> with the gold heads.</summary>
    public double Loss(ReadOnlySpan<int> goldHeads, ReadOnlySpan<int> goldRels)
    {
        double loss = 0;
        for (int i = 1; i < _t; i++)
        {
            loss -= _p[i * _t + goldHeads[i]];
            loss -= _relP[i * _c.Relations + goldRels[i]];
        }
        return loss;
    }

    /// <summary>
    /// Adds the gradient of <see cref="Loss"/> (times <paramref name="scale"/>) to <paramref name="grad"/>; needs
    /// <see cref="Forward"/> and <see cref="ScoreRelations"/> with the gold heads first.
    /// </summary>
    public void Backward(ReadOnlySpan<float> w, Span<float> grad, NeuralInput input, ReadOnlySpan<int> goldHeads, ReadOnlySpan<int> goldRels, float scale = 1f)
    {
        int t = _t, h = _c.Hidden, a = _c.ArcDim, r = _c.RelDim, nr = _c.Relations;
        _dad.AsSpan(0, t * a).Clear(); _dah.AsSpan(0, t * a).Clear(); _drd.AsSpan(0, t * r).Clear(); _drh.AsSpan(0, t * r).Clear();
        // Arc biaffine.
        var u = w.Slice(_l.U, (a + 1) * a);
        var du = grad.Slice(_l.U, (a + 1) * a);
        for (int i = 1; i < t; i++)
        {
            var dq = _dq.AsSpan();
            dq.Clear();
            var p = _p.AsSpan(i * t, t);
            var q = _q.AsSpan(i * a, a);
            for (int j = 0; j < t; j++)
            {
                if (j == i) continue;
                float g = scale * (MathF.Exp(p[j]) - (j == goldHeads[i] ? 1f : 0f));
                if (g == 0) continue;
                NeuralMath.Axpy(dq, g, _ah.AsSpan(j * a, a));
                NeuralMath.Axpy(_dah.AsSpan(j * a, a), g, q);
            }
            var di = _ad.AsSpan(i * a, a);
            var ddi = _dad.AsSpan(i * a, a);
            NeuralMath.Add(du.Slice(a * a, a), dq);
            for (int k = 0; k < a; k++)
            {
                if (di[k] != 0) NeuralMath.Axpy(du.Slice(k * a, a), di[k], dq);
                ddi[k] = NeuralMath.Dot(u.Slice(k * a, a), dq);
            }
        }
        // Relation biaffine.
        for (int i = 1; i < t; i++)
        {
            int hd = _relHead[i];
            var di = _rd.AsSpan(i * r, r);
            var hh = _rh.AsSpan(hd * r, r);
            var ddi = _drd.AsSpan(i * r, r);
            var dhh = _drh.AsSpan(hd * r, r);
            var ps = _relP.AsSpan(i * nr, nr);
            for (int k = 0; k < nr; k++)
            {
                float g = scale * (MathF.Exp(ps[k]) - (k == goldRels[i] ? 1f : 0f));
                if (g == 0) continue;
                var tk = _relT.AsSpan((i * nr + k) * r, r);
                var wk = w.Slice(_l.RelW + k * r * r, r * r);
                var dwk = grad.Slice(_l.RelW + k * r * r, r * r);
                NeuralMath.Axpy(ddi, g, tk);
                NeuralMath.Axpy(ddi, g, w.Slice(_l.RelWd + k * r, r));
                NeuralMath.Axpy(dhh, g, w.Slice(_l.RelWh + k * r, r));
                NeuralMath.Axpy(grad.Slice(_l.RelWd + k * r, r), g, di);
                NeuralMath.Axpy(grad.Slice(_l.RelWh + k * r, r), g, hh);
                grad[_l.RelB + k] += g;
                for (int b = 0; b < r; b++)
                {
                    float gb = g * di[b];
                    if (gb == 0) continue;
                    NeuralMath.Axpy(dwk.Slice(b * r, r), gb, hh);
                    NeuralMath.Axpy(dhh, gb, wk.Slice(b * r, r));
                }
            }
        }
        // MLPs back to the encoder output.
        int top = _c.Layers - 1;
        var dTop = _dy[top].AsSpan(0, t * 2 * h);
        dTop.Clear();
        ReadOnlySpan<float> x = _yd[top].AsSpan(0, t * 2 * h);
        MlpBackward(x, t, w, grad, _l.ArcDepW, _l.ArcDepB, a, _zad, _mad, _dad, dTop);
        MlpBackward(x, t, w, grad, _l.ArcHeadW, _l.ArcHeadB, a, _zah, _mah, _dah, dTop);
        MlpBackward(x, t, w, grad, _l.RelDepW, _l.RelDepB, r, _zrd, _mrd, _drd, dTop);
        MlpBackward(x, t, w, grad, _l.RelHeadW, _l.RelHeadB, r, _zrh, _mrh, _drh, dTop);
        // BiLSTM layers, top down: _dy[l] holds the gradient of the (dropped) output of layer l.
        for (int l = top; l >= 0; l--)
        {
            var dyd = _dy[l].AsSpan(0, t * 2 * h);
            if (_train) NeuralMath.Mul(dyd, _my[l].AsSpan(0, t * 2 * h));
            int inDim = _l.In[l];
            ReadOnlySpan<float> xin = l == 0 ? _x0.AsSpan(0, t * inDim) : _yd[l - 1].AsSpan(0, t * inDim);
            Span<float> dxin = l == 0 ? _dx0.AsSpan(0, t * inDim) : _dy[l - 1].AsSpan(0, t * inDim);
            dxin.Clear();
            for (int d = 0; d < 2; d++)
            {
                int k = 2 * l + d;
                var gates = _gates[k];
                var cell = _cell[k];
                var hid = _hid[k];
                var wh = w.Slice(_l.Wh[k], 4 * h * h);
                var dwh = grad.Slice(_l.Wh[k], 4 * h * h);
                var dG = _dG.AsSpan(0, t * 4 * h);
                var dhNext = _dhNext.AsSpan(); dhNext.Clear();
                var dcNext = _dc.AsSpan(); dcNext.Clear();
                for (int s = t - 1; s >= 0; s--)
                {
                    int ti = d == 0 ? s : t - 1 - s;
                    int prev = d == 0 ? ti - 1 : ti + 1;
                    var gt = gates.AsSpan(ti * 4 * h, 4 * h);
                    var dgt = dG.Slice(ti * 4 * h, 4 * h);
                    for (int j = 0; j < h; j++)
                    {
                        float dhj = dyd[ti * 2 * h + d * h + j] + dhNext[j];
                        float cv = cell[ti * h + j];
                        float tc = MathF.Tanh(cv);
                        float ig = gt[j], fg = gt[h + j], gg = gt[2 * h + j], og = gt[3 * h + j];
                        float dcv = dcNext[j] + dhj * og * (1 - tc * tc);
                        float cp = s > 0 ? cell[prev * h + j] : 0f;
                        dgt[j] = dcv * gg * ig * (1 - ig);
                        dgt[h + j] = dcv * cp * fg * (1 - fg);
                        dgt[2 * h + j] = dcv * ig * (1 - gg * gg);
                        dgt[3 * h + j] = dhj * tc * og * (1 - og);
                        dcNext[j] = dcv * fg;
                    }
                    dhNext.Clear();
                    if (s > 0)
                    {
                        var hp = hid.AsSpan(prev * h, h);
                        for (int rr = 0; rr < 4 * h; rr++)
                        {
                            float g = dgt[rr];
                            if (g == 0) continue;
                            NeuralMath.Axpy(dhNext, g, wh.Slice(rr * h, h));
                            NeuralMath.Axpy(dwh.Slice(rr * h, h), g, hp);
                        }
                    }
                }
                NeuralMath.LinearBackward(xin, t, inDim, w.Slice(_l.Wx[k], 4 * h * inDim), 4 * h, dG, dxin, grad.Slice(_l.Wx[k], 4 * h * inDim), grad.Slice(_l.B[k], 4 * h));
            }
        }
        // Embeddings.
        int d0 = _c.InputDim;
        var dx0 = _dx0.AsSpan(0, t * d0);
        if (_train) NeuralMath.Mul(dx0, _m0.AsSpan(0, t * d0));
        for (int i = 0; i < t; i++)
        {
            var row = dx0.Slice(i * d0, d0);
            int o = 0;
            NeuralMath.Add(grad.Slice(_l.EWord + input.Word[i] * _c.WordDim, _c.WordDim), row.Slice(o, _c.WordDim)); o += _c.WordDim;
            NeuralMath.Add(grad.Slice(_l.EPre + input.Prefix[i] * _c.AffixDim, _c.AffixDim), row.Slice(o, _c.AffixDim)); o += _c.AffixDim;
            NeuralMath.Add(grad.Slice(_l.ESuf + input.Suffix[i] * _c.AffixDim, _c.AffixDim), row.Slice(o, _c.AffixDim)); o += _c.AffixDim;
            NeuralMath.Add(grad.Slice(_l.EShape + input.Shape[i] * _c.ShapeDim, _c.ShapeDim), row.Slice(o, _c.ShapeDim)); o += _c.ShapeDim;
            NeuralMath.Add(grad.Slice(_l.ETag + input.Tag[i] * _c.TagDim, _c.TagDim), row.Slice(o, _c.TagDim));
        }
    }

    private void MlpBackward(ReadOnlySpan<float> x, int t, ReadOnlySpan<float> w, Span<float> grad, int wOff, int bOff, int outDim, float[] z, float[] mask, float[] dAct, Span<float> dx)
    {
        int inDim = 2 * _c.Hidden;
        var dz = dAct.AsSpan(0, t * outDim);
        for (int i = 0; i < dz.Length; i++)
        {
            float g = dz[i];
            if (_train) g *= mask[i];
            dz[i] = z[i] > 0 ? g : LeakySlope * g;
        }
        NeuralMath.LinearBackward(x, t, inDim, w.Slice(wOff, outDim * inDim), outDim, dz, dx, grad.Slice(wOff, outDim * inDim), grad.Slice(bOff, outDim));
    }
}
