using System.Numerics;

namespace StanceKit.Semantic;

/// <summary>
/// A small classifier head over MiniLM's per-token states (+ per-token target flags): its parameters and forward pass
/// (training, with the hand-written backward pass, is in experiments/StanceKit.SemanticEval; the file format in
/// <see cref="TokenHeadFile"/>).
/// For a sentence with standardized token states h_t (D = 384) and flags f_t (F):
///   K attention queries: s_kt = Q_k·h_t + Wf_k·f_t + bq_k, a_k = softmax_t(s_k), g_k = Σ_t a_kt h_t;
///   fixed pools: mean_t h_t, h_[CLS], mean of h over target-mention pieces, mean over other-state pieces, and whether each exists;
///   c = [g_1..g_K, pools] (dropout), z = relu(W1 c + b1) (dropout), logits = W2 z + b2, softmax, cross-entropy.
/// All parameters live in one flat array (offsets below) so Adam and the gradient check treat them alike.
/// </summary>
internal sealed class TokenHead
{
    public const int D = TokenEncoder.Dimension;
    public const int C = 3;
    public readonly int K, F, Hd, In, Pd, A;
    public readonly int OffQ, OffWf, OffBq, OffW1, OffB1, OffW2, OffB2, OffWp, OffWpf, OffBp, Count;
    public readonly double[] P;
    public double Temperature = 1;
    /// <summary>False for the ablation without per-token flags (flags read as zero at training and scoring).</summary>
    public bool UseFlags = true;
    public double[] Mu = new double[D], Sd = Enumerable.Repeat(1.0, D).ToArray();

    /// <param name="k">Attention queries.</param>
    /// <param name="f">Flags per piece.</param>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="proj">0: attention over the token states themselves; &gt; 0: over u_t = tanh(Wp h_t + Wpf f_t + bp) of this size.</param>
    public TokenHead(int k, int f, int hidden, int proj = 0)
    {
        K = k; F = f; Hd = hidden; Pd = proj; A = proj > 0 ? proj : D;
        In = K * A + 4 * D + 3;
        int o = 0;
        OffQ = o; o += K * A;
        OffWf = o; o += K * F;
        OffBq = o; o += K;
        OffW1 = o; o += Hd * In;
        OffB1 = o; o += Hd;
        OffW2 = o; o += C * Hd;
        OffB2 = o; o += C;
        OffWp = o; o += Pd * D;
        OffWpf = o; o += Pd * F;
        OffBp = o; o += Pd;
        Count = o;
        P = new double[Count];
    }

    /// <summary>One sentence: standardized states [T×D] and flags [T×F] (0/1).</summary>
    public sealed class Input
    {
        public required double[] H;
        public required double[] Flags;
        public int T => H.Length / D;
    }

    /// <summary>Scratch for one forward/backward.</summary>
    public sealed class Work
    {
        public double[] A = [], Cv = [], Z = [], Logits = new double[C], Prob = new double[C];
        public byte[] DropC = [], DropZ = [];
        public double[] Dc = [], Dz = [], U = [], DU = [];
    }

    /// <summary>
    /// The head's input for one sentence: its token states (half precision, as the heads were trained on; pieces × 384)
    /// standardised with the head's means and standard deviations, and its flags (zeros when the head reads none).
    /// </summary>
    public Input ToInput(ReadOnlySpan<Half> states, double[] flags)
    {
        var h = new double[states.Length];
        for (int i = 0; i < h.Length; i++) { int d = i % D; h[i] = ((double)states[i] - Mu[d]) / Sd[d]; }
        return new Input { H = h, Flags = UseFlags ? flags : new double[flags.Length] };
    }

    public Work NewWork() => new() { Cv = new double[In], Z = new double[Hd], DropC = new byte[In], DropZ = new byte[Hd], Dc = new double[In], Dz = new double[Hd] };

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        var acc = Vector<double>.Zero;
        int w = Vector<double>.Count;
        for (; i <= n - w; i += w) acc += new Vector<double>(a.Slice(i, w)) * new Vector<double>(b.Slice(i, w));
        double s = Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    internal static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, i = 0, w = Vector<double>.Count;
        var va = new Vector<double>(alpha);
        for (; i <= n - w; i += w) (new Vector<double>(y.Slice(i, w)) + va * new Vector<double>(x.Slice(i, w))).CopyTo(y.Slice(i, w));
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    /// <summary>Forward pass; fills w.Prob (with the temperature when <paramref name="calibrated"/>). Dropout when rng is given.</summary>
    public void Forward(Input x, Work w, Random? rng, double dropC, double dropZ, bool calibrated = false)
    {
        int T = x.T;
        if (w.A.Length < K * T) w.A = new double[K * T];
        var h = x.H.AsSpan();
        var c = w.Cv.AsSpan();
        c.Clear();
        if (Pd > 0)
        {
            if (w.U.Length < T * Pd) { w.U = new double[T * Pd]; w.DU = new double[T * Pd]; }
            for (int t = 0; t < T; t++)
                for (int j = 0; j < Pd; j++)
                {
                    double v = Dot(P.AsSpan(OffWp + j * D, D), h.Slice(t * D, D)) + P[OffBp + j];
                    for (int f = 0; f < F; f++) v += P[OffWpf + j * F + f] * x.Flags[t * F + f];
                    w.U[t * Pd + j] = Math.Tanh(v);
                }
        }
        ReadOnlySpan<double> vt = Pd > 0 ? w.U.AsSpan(0, T * Pd) : h;
        // attention pools
        for (int k = 0; k < K; k++)
        {
            var q = P.AsSpan(OffQ + k * A, A);
            double max = double.NegativeInfinity;
            for (int t = 0; t < T; t++)
            {
                double s = Dot(q, vt.Slice(t * A, A)) + P[OffBq + k];
                for (int f = 0; f < F; f++) s += P[OffWf + k * F + f] * x.Flags[t * F + f];
                w.A[k * T + t] = s;
                if (s > max) max = s;
            }
            double z = 0;
            for (int t = 0; t < T; t++) { w.A[k * T + t] = Math.Exp(w.A[k * T + t] - max); z += w.A[k * T + t]; }
            var g = c.Slice(k * A, A);
            for (int t = 0; t < T; t++)
            {
                w.A[k * T + t] /= z;
                Axpy(w.A[k * T + t], vt.Slice(t * A, A), g);
            }
        }
        // fixed pools: mean, [CLS], target mean, other-state mean, indicators
        int o = K * A;
        var mean = c.Slice(o, D);
        for (int t = 0; t < T; t++) Axpy(1.0 / T, h.Slice(t * D, D), mean);
        h.Slice(0, D).CopyTo(c.Slice(o + D, D));
        for (int which = 0; which < 2 && which < F; which++)
        {
            int n = 0;
            for (int t = 0; t < T; t++) if (x.Flags[t * F + which] > 0) n++;
            var dst = c.Slice(o + (2 + which) * D, D);
            if (n > 0)
                for (int t = 0; t < T; t++) if (x.Flags[t * F + which] > 0) Axpy(1.0 / n, h.Slice(t * D, D), dst);
            c[o + 4 * D + which] = n > 0 ? 1 : 0;
        }
        if (F > 2)
        {
            bool any = false;
            for (int t = 0; t < T; t++) if (x.Flags[t * F + 2] > 0) any = true;
            c[o + 4 * D + 2] = any ? 1 : 0;
        }
        // input dropout (inverted)
        if (rng is not null && dropC > 0)
        {
            double keep = 1 / (1 - dropC);
            for (int i = 0; i < In; i++) { w.DropC[i] = (byte)(rng.NextDouble() < dropC ? 0 : 1); c[i] *= w.DropC[i] * keep; }
        }
        else Array.Fill(w.DropC, (byte)1);
        // hidden layer
        for (int j = 0; j < Hd; j++)
        {
            double v = Dot(P.AsSpan(OffW1 + j * In, In), c) + P[OffB1 + j];
            w.Z[j] = v > 0 ? v : 0;
        }
        if (rng is not null && dropZ > 0)
        {
            double keep = 1 / (1 - dropZ);
            for (int j = 0; j < Hd; j++) { w.DropZ[j] = (byte)(rng.NextDouble() < dropZ ? 0 : 1); w.Z[j] *= w.DropZ[j] * keep; }
        }
        else Array.Fill(w.DropZ, (byte)1);
        double mx = double.NegativeInfinity;
        for (int cl = 0; cl < C; cl++)
        {
            w.Logits[cl] = Dot(P.AsSpan(OffW2 + cl * Hd, Hd), w.Z) + P[OffB2 + cl];
            if (calibrated) w.Logits[cl] /= Temperature;
            mx = Math.Max(mx, w.Logits[cl]);
        }
        double sum = 0;
        for (int cl = 0; cl < C; cl++) { w.Prob[cl] = Math.Exp(w.Logits[cl] - mx); sum += w.Prob[cl]; }
        for (int cl = 0; cl < C; cl++) w.Prob[cl] /= sum;
    }

}
