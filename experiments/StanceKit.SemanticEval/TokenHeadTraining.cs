using StanceKit.Semantic;
using static StanceKit.Semantic.TokenHead;

namespace StanceKit.SemanticEval;

/// <summary>
/// Training of <see cref="TokenHead"/> (the head's parameters and forward pass are in StanceKit.Semantic): initialisation,
/// the hand-written backward pass and its numerical gradient check.
/// </summary>
internal static class TokenHeadTraining
{
    public static void Init(this TokenHead head, Random rng)
    {
        // Queries start at zero (uniform attention = the mean); W1, W2 Glorot-uniform.
        double a1 = Math.Sqrt(6.0 / (head.In + head.Hd)), a2 = Math.Sqrt(6.0 / (head.Hd + C));
        for (int i = 0; i < head.Hd * head.In; i++) head.P[head.OffW1 + i] = (rng.NextDouble() * 2 - 1) * a1;
        for (int i = 0; i < C * head.Hd; i++) head.P[head.OffW2 + i] = (rng.NextDouble() * 2 - 1) * a2;
        for (int i = 0; i < head.K * head.A; i++) head.P[head.OffQ + i] = (rng.NextDouble() * 2 - 1) * 0.01;
        double ap = Math.Sqrt(6.0 / (D + head.Pd));
        for (int i = 0; i < head.Pd * D; i++) head.P[head.OffWp + i] = (rng.NextDouble() * 2 - 1) * ap;
        for (int i = 0; i < head.Pd * head.F; i++) head.P[head.OffWpf + i] = (rng.NextDouble() * 2 - 1) * 0.5;
    }

    /// <summary>Backward pass of the cross-entropy of the last forward (uncalibrated) for gold <paramref name="y"/>, scaled by <paramref name="scale"/>, added to grad.</summary>
    public static void Backward(this TokenHead head, TokenHead.Input x, TokenHead.Work w, int y, double scale, double dropC, double dropZ, bool dropout, double[] grad)
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
            grad[head.OffB2 + cl] += dl[cl];
            Axpy(dl[cl], w.Z, grad.AsSpan(head.OffW2 + cl * head.Hd, head.Hd));
            Axpy(dl[cl], head.P.AsSpan(head.OffW2 + cl * head.Hd, head.Hd), dz);
        }
        double keepZ = dropout && dropZ > 0 ? 1 / (1 - dropZ) : 1;
        for (int j = 0; j < head.Hd; j++)
        {
            // z = relu(v) * mask * keep; z > 0 iff v > 0 and kept
            dz[j] = w.Z[j] > 0 ? dz[j] * w.DropZ[j] * keepZ : 0;
        }
        // hidden layer: dW1 += dz c^T, dc = W1^T dz (only the attention part needs dc)
        var dc = w.Dc.AsSpan(0, head.K * head.A);
        dc.Clear();
        for (int j = 0; j < head.Hd; j++)
        {
            if (dz[j] == 0) continue;
            grad[head.OffB1 + j] += dz[j];
            Axpy(dz[j], w.Cv, grad.AsSpan(head.OffW1 + j * head.In, head.In));
            Axpy(dz[j], head.P.AsSpan(head.OffW1 + j * head.In, head.K * head.A), dc);
        }
        double keepC = dropout && dropC > 0 ? 1 / (1 - dropC) : 1;
        for (int i = 0; i < head.K * head.A; i++) dc[i] *= w.DropC[i] * keepC;
        ReadOnlySpan<double> vt = head.Pd > 0 ? w.U.AsSpan(0, T * head.Pd) : h;
        Span<double> du = head.Pd > 0 ? w.DU.AsSpan(0, T * head.Pd) : default;
        du.Clear();
        // attention: g_k = Σ a_t h_t; da_t = dg·h_t; ds_t = a_t (da_t - Σ a da)
        Span<double> da = T <= 512 ? stackalloc double[T] : new double[T];
        for (int k = 0; k < head.K; k++)
        {
            var dg = dc.Slice(k * head.A, head.A);
            double mean = 0;
            for (int t = 0; t < T; t++) { da[t] = Dot(dg, vt.Slice(t * head.A, head.A)); mean += w.A[k * T + t] * da[t]; }
            var dq = grad.AsSpan(head.OffQ + k * head.A, head.A);
            for (int t = 0; t < T; t++)
            {
                if (head.Pd > 0) Axpy(w.A[k * T + t], dg, du.Slice(t * head.A, head.A));
                double ds = w.A[k * T + t] * (da[t] - mean);
                if (ds == 0) continue;
                Axpy(ds, vt.Slice(t * head.A, head.A), dq);
                if (head.Pd > 0) Axpy(ds, head.P.AsSpan(head.OffQ + k * head.A, head.A), du.Slice(t * head.A, head.A));
                grad[head.OffBq + k] += ds;
                for (int f = 0; f < head.F; f++) grad[head.OffWf + k * head.F + f] += ds * x.Flags[t * head.F + f];
            }
        }
        if (head.Pd > 0)
        {
            for (int t = 0; t < T; t++)
                for (int j = 0; j < head.Pd; j++)
                {
                    double u = w.U[t * head.Pd + j], dv = du[t * head.Pd + j] * (1 - u * u);
                    if (dv == 0) continue;
                    Axpy(dv, h.Slice(t * D, D), grad.AsSpan(head.OffWp + j * D, D));
                    grad[head.OffBp + j] += dv;
                    for (int f = 0; f < head.F; f++) grad[head.OffWpf + j * head.F + f] += dv * x.Flags[t * head.F + f];
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

}
