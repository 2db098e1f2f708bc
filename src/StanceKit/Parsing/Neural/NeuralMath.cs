using System.Numerics;
using System.Runtime.InteropServices;

namespace StanceKit.Parsing.Neural;

/// <summary>The few vector kernels of the neural parser (System.Numerics.Vector, any width).</summary>
internal static class NeuralMath
{
    /// <summary>The dot product of two spans of the same length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero;
        int i = 0;
        for (; i + 1 < va.Length; i += 2)
        {
            acc0 += va[i] * vb[i];
            acc1 += va[i + 1] * vb[i + 1];
        }
        if (i < va.Length) acc0 += va[i] * vb[i];
        float sum = Vector.Sum(acc0 + acc1);
        for (int k = va.Length * Vector<float>.Count; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }

    /// <summary>y += alpha · x.</summary>
    public static void Axpy(Span<float> y, float alpha, ReadOnlySpan<float> x)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var va = new Vector<float>(alpha);
        for (int i = 0; i < vy.Length; i++) vy[i] += va * vx[i];
        for (int k = vy.Length * Vector<float>.Count; k < y.Length; k++) y[k] += alpha * x[k];
    }

    /// <summary>y += x.</summary>
    public static void Add(Span<float> y, ReadOnlySpan<float> x)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (int i = 0; i < vy.Length; i++) vy[i] += vx[i];
        for (int k = vy.Length * Vector<float>.Count; k < y.Length; k++) y[k] += x[k];
    }

    /// <summary>y *= x (element-wise).</summary>
    public static void Mul(Span<float> y, ReadOnlySpan<float> x)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (int i = 0; i < vy.Length; i++) vy[i] *= vx[i];
        for (int k = vy.Length * Vector<float>.Count; k < y.Length; k++) y[k] *= x[k];
    }

    /// <summary>Y[t] = W · X[t] + b for the <paramref name="rows"/> rows of X (W is out × in, row-major).</summary>
    public static void Linear(ReadOnlySpan<float> x, int rows, int inDim, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int outDim, Span<float> y)
    {
        for (int o = 0; o < outDim; o++)
        {
            var wo = w.Slice(o * inDim, inDim);
            float bo = b[o];
            for (int t = 0; t < rows; t++) y[t * outDim + o] = Dot(x.Slice(t * inDim, inDim), wo) + bo;
        }
    }

    /// <summary>The gradients of <see cref="Linear"/>: dX += dY·W, dW += dYᵀ·X, db += Σ dY (dX may be empty: not wanted).</summary>
    public static void LinearBackward(ReadOnlySpan<float> x, int rows, int inDim, ReadOnlySpan<float> w, int outDim, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dw, Span<float> db)
    {
        for (int o = 0; o < outDim; o++)
        {
            var wo = w.Slice(o * inDim, inDim);
            var dwo = dw.Slice(o * inDim, inDim);
            float sum = 0;
            for (int t = 0; t < rows; t++)
            {
                float g = dy[t * outDim + o];
                if (g == 0) continue;
                sum += g;
                Axpy(dwo, g, x.Slice(t * inDim, inDim));
                if (!dx.IsEmpty) Axpy(dx.Slice(t * inDim, inDim), g, wo);
            }
            db[o] += sum;
        }
    }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
