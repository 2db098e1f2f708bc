using System.Numerics;

namespace StanceKit.SemanticEval;

/// <summary>
/// A small classifier head over MiniLM's per-token states (+ per-token target flags), with a hand-written backward pass.
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

    public void Init(Random rng)
    {
        // Queries start at zero (uniform attention = the mean); W1, W2 Glorot-uniform.
        double a1 = Math.Sqrt(6.0 / (In + Hd)), a2 = Math.Sqrt(6.0 / (Hd + C));
        for (int i = 0; i < Hd * In; i++) P[OffW1 + i] = (rng.NextDouble() * 2 - 1) * a1;
        for (int i = 0; i < C * Hd; i++) P[OffW2 + i] = (rng.NextDouble() * 2 - 1) * a2;
        for (int i = 0; i < K * A; i++) P[OffQ + i] = (rng.NextDouble() * 2 - 1) * 0.01;
        double ap = Math.Sqrt(6.0 / (D + Pd));
        for (int i = 0; i < Pd * D; i++) P[OffWp + i] = (rng.NextDouble() * 2 - 1) * ap;
        for (int i = 0; i < Pd * F; i++) P[OffWpf + i] = (rng.NextDouble() * 2 - 1) * 0.5;
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

    public Work NewWork() => new() { Cv = new double[In], Z = new double[Hd], DropC = new byte[In], DropZ = new byte[Hd], Dc = new double[In], Dz = new double[Hd] };

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        var acc = Vector<double>.Zero;
        int w = Vector<double>.Count;
        for (; i <= n - w; i += w) acc += new Vector<double>(a.Slice(i, w)) * new Vector<double>(b.Slice(i, w));
        double s = Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
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

    /// <summary>Backward pass of the cross-entropy of the last forward (uncalibrated) for gold <paramref name="y"/>, scaled by <paramref name="scale"/>, added to grad.</summary>
    public void Backward(Input x, Work w, int y, double scale, double dropC, double dropZ, bool dropout, double[] grad)
    {
        int T = x.T;
        var h = x.H.AsSpan();
        Span<double> dl = stackalloc double[C];
        for (int cl = 0; cl < C; cl++) dl[cl] = (w.Prob[cl] - (cl == y ? 1 : 0)) * scale;
        // output layer
        var dz = w.Dz.AsSpan();
        dz.Clear();
        for (int cl = 0; cl < C; cl++)
        {
            grad[OffB2 + cl] += dl[cl];
            Axpy(dl[cl], w.Z, grad.AsSpan(OffW2 + cl * Hd, Hd));
            Axpy(dl[cl], P.AsSpan(OffW2 + cl * Hd, Hd), dz);
        }
        double keepZ = dropout && dropZ > 0 ? 1 / (1 - dropZ) : 1;
        for (int j = 0; j < Hd; j++)
        {
            // z = relu(v) * mask * keep; z > 0 iff v > 0 and kept
            dz[j] = w.Z[j] > 0 ? dz[j] * w.DropZ[j] * keepZ : 0;
        }
        // hidden layer: dW1 += dz c^T, dc = W1^T dz (only the attention part needs dc)
        var dc = w.Dc.AsSpan(0, K * A);
        dc.Clear();
        for (int j = 0; j < Hd; j++)
        {
            if (dz[j] == 0) continue;
            grad[OffB1 + j] += dz[j];
            Axpy(dz[j], w.Cv, grad.AsSpan(OffW1 + j * In, In));
            Axpy(dz[j], P.AsSpan(OffW1 + j * In, K * A), dc);
        }
        double keepC = dropout && dropC > 0 ? 1 / (1 - dropC) : 1;
        for (int i = 0; i < K * A; i++) dc[i] *= w.DropC[i] * keepC;
        ReadOnlySpan<double> vt = Pd > 0 ? w.U.AsSpan(0, T * Pd) : h;
        Span<double> du = Pd > 0 ? w.DU.AsSpan(0, T * Pd) : default;
        du.Clear();
        // attention: g_k = Σ a_t h_t; da_t = dg·h_t; ds_t = a_t (da_t - Σ a da)
        Span<double> da = T <= 512 ? stackalloc double[T] : new double[T];
        for (int k = 0; k < K; k++)
        {
            var dg = dc.Slice(k * A, A);
            double mean = 0;
            for (int t = 0; t < T; t++) { da[t] = Dot(dg, vt.Slice(t * A, A)); mean += w.A[k * T + t] * da[t]; }
            var dq = grad.AsSpan(OffQ + k * A, A);
            for (int t = 0; t < T; t++)
            {
                if (Pd > 0) Axpy(w.A[k * T + t], dg, du.Slice(t * A, A));
                double ds = w.A[k * T + t] * (da[t] - mean);
                if (ds == 0) continue;
                Axpy(ds, vt.Slice(t * A, A), dq);
                if (Pd > 0) Axpy(ds, P.AsSpan(OffQ + k * A, A), du.Slice(t * A, A));
                grad[OffBq + k] += ds;
                for (int f = 0; f < F; f++) grad[OffWf + k * F + f] += ds * x.Flags[t * F + f];
            }
        }
        if (Pd > 0)
        {
            for (int t = 0; t < T; t++)
                for (int j = 0; j < Pd; j++)
                {
                    double u = w.U[t * Pd + j], dv = du[t * Pd + j] * (1 - u * u);
                    if (dv == 0) continue;
                    Axpy(dv, h.Slice(t * D, D), grad.AsSpan(OffWp + j * D, D));
                    grad[OffBp + j] += dv;
                    for (int f = 0; f < F; f++) grad[OffWpf + j * F + f] += dv * x.Flags[t * F + f];
                }
        }
    }

    /// <summary>Numerical gradient check on random inputs (no dropout): max relative error over sampled parameters of each block.</summary>
    public static void GradientCheck(TextWriter log)
    {
        GradientCheck(log, 0);
        GradientCheck(log, 8);
    }

    private static void GradientCheck(TextWriter log, int proj)
    {
        log.WriteLine($"gradient check, projection {proj}:");
        var rng = new Random(7);
        var head = new TokenHead(3, 3, 16, proj);
        head.Init(rng);
        // make queries and flag weights non-trivial so attention is not uniform
        for (int i = 0; i < head.K * head.A; i++) head.P[head.OffQ + i] = (rng.NextDouble() * 2 - 1) * (proj > 0 ? 1.0 : 0.2);
        for (int i = 0; i < head.K * head.F; i++) head.P[head.OffWf + i] = rng.NextDouble() * 2 - 1;
        var inputs = new List<(Input X, int Y)>();
        for (int s = 0; s < 3; s++)
        {
            int T = 4 + s;
            var hx = new double[T * D];
            for (int i = 0; i < hx.Length; i++) hx[i] = rng.NextDouble() * 2 - 1;
            var fl = new double[T * 3];
            fl[1 * 3 + 0] = 1; fl[2 * 3 + 0] = 1; fl[3 * 3 + 1] = 1; if (s == 1) fl[0 * 3 + 2] = 1;
            inputs.Add((new Input { H = hx, Flags = fl }, s % C));
        }
        var w = head.NewWork();
        double Loss()
        {
            double l = 0;
            foreach (var (x, y) in inputs) { head.Forward(x, w, null, 0, 0); l -= Math.Log(w.Prob[y]); }
            return l;
        }
        var grad = new double[head.Count];
        foreach (var (x, y) in inputs) { head.Forward(x, w, null, 0, 0); head.Backward(x, w, y, 1, 0, 0, false, grad); }
        var blocks = new (string Name, int Off, int Len)[]
        {
            ("Wp", head.OffWp, head.Pd * D), ("Wpf", head.OffWpf, head.Pd * head.F), ("bp", head.OffBp, head.Pd),
            ("Q", head.OffQ, head.K * head.A), ("Wf", head.OffWf, head.K * head.F), ("bq", head.OffBq, head.K),
            ("W1", head.OffW1, head.Hd * head.In), ("b1", head.OffB1, head.Hd), ("W2", head.OffW2, C * head.Hd), ("b2", head.OffB2, C),
        };
        double worst = 0;
        foreach (var (name, off, len) in blocks)
        {
            double maxRel = 0, maxAbs = 0;
            int checkedCount = 0;
            if (len == 0) continue;
            for (int n = 0; n < Math.Min(40, len); n++)
            {
                int i = off + (len <= 40 ? n : rng.Next(len));
                double old = head.P[i], eps = 1e-5;
                head.P[i] = old + eps; double lp = Loss();
                head.P[i] = old - eps; double lm = Loss();
                head.P[i] = old;
                double num = (lp - lm) / (2 * eps), ana = grad[i];
                double rel = Math.Abs(num - ana) / Math.Max(1e-6, Math.Abs(num) + Math.Abs(ana));
                maxRel = Math.Max(maxRel, rel); maxAbs = Math.Max(maxAbs, Math.Abs(num - ana));
                checkedCount++;
            }
            worst = Math.Max(worst, maxRel);
            log.WriteLine($"  gradient check {name,-3}: {checkedCount} parameters, max relative error {maxRel:E2}, max absolute {maxAbs:E2}");
        }
        log.WriteLine(worst < 1e-4 ? $"gradient check passed (worst relative error {worst:E2})" : $"GRADIENT CHECK FAILED (worst {worst:E2})");
    }

    public void Save(string path)
    {
        using var wr = new BinaryWriter(File.Create(path));
        wr.Write(0x3248544Bu); // "KTH2"
        wr.Write(K); wr.Write(F); wr.Write(Hd); wr.Write(Pd); wr.Write(Temperature);
        foreach (var v in Mu) wr.Write(v);
        foreach (var v in Sd) wr.Write(v);
        wr.Write(Count);
        foreach (var v in P) wr.Write(v);
        wr.Write(UseFlags);
    }

    public static TokenHead Load(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        uint magic = r.ReadUInt32();
        if (magic != 0x4B48544Bu && magic != 0x3248544Bu) throw new InvalidDataException($"{path} is not a token-head file");
        int k = r.ReadInt32(), f = r.ReadInt32(), hd = r.ReadInt32(), pd = magic == 0x3248544Bu ? r.ReadInt32() : 0;
        var head = new TokenHead(k, f, hd, pd) { Temperature = r.ReadDouble() };
        for (int i = 0; i < D; i++) head.Mu[i] = r.ReadDouble();
        for (int i = 0; i < D; i++) head.Sd[i] = r.ReadDouble();
        if (r.ReadInt32() != head.Count) throw new InvalidDataException("parameter count mismatch");
        for (int i = 0; i < head.Count; i++) head.P[i] = r.ReadDouble();
        if (r.BaseStream.Position < r.BaseStream.Length) head.UseFlags = r.ReadBoolean();
        return head;
    }
}
