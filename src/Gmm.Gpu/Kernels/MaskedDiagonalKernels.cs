// The E-step and statistics of diag and spherical on points whose missing entries are NaN (Ghahramani & Jordan 1994):
// the coordinates are independent given the component, so a point's marginal log-density is the complete-data one
// restricted to its observed features, log π_k + ½ Σ_{j∈o} log p_kj − ½ |o| log 2π − ½ Σ_{j∈o} p_kj (x_j − μ_kj)², i.e.
// the constant log π_k + log det U_k − ½ d log 2π plus ½ (log 2π − log p_kj) per missing feature. N, F and S add over
// the observed features only; the mass a missing feature would have carried goes into M_kj = Σ_i w_i r_ik [x_ij is
// NaN] (k×d), which the host turns into the exact expectations (F += M·(μ − ref), S += M·((μ − ref)² + σ²)).
// Shapes as DiagonalKernels: x n×d row-major (raw values), center d, means and precisions d×kp (feature-major, μ − c
// and 1/σ²; spherical repeats its 1/σ² over the features), constants kp, lse n (written), N k + 2 (the counts, then
// Σ w log p(x_o), Σ w), F, S, M k×d float64 accumulators (S per feature for spherical too).
// One thread per point in a grid-stride loop, float64 atomics per statistic: correct on every accelerator, not tuned
// (no device was lent when it was written; it runs only the points that have a missing entry).
using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>The diagonal-family E-step with missing entries: marginal log-densities, responsibilities and statistics in one pass.</summary>
internal static class MaskedDiagonalKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    /// <summary>
    /// Per point p: lse[p] = log Σ_k exp(log π_k + log N(x_p,o | k)); Σ w lse, Σ w into n[K], n[K + 1]; N_k += w r_k;
    /// for observed j: F_kj += w r_k (x_j − c_j − μ'_kj), S_kj += w r_k (x_j − c_j − μ'_kj)²; for missing j:
    /// M_kj += w r_k. A point with every feature missing is not expected (the caller rejects it).
    /// </summary>
    public static void Statistics<TWeights>(DiagonalArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, ArrayView<double> missing)
        where TWeights : struct, IWeightMode
    {
        var ops = default(TOps);
        double logLikelihood = 0, weightSum = 0;
        for (int p = Grid.GlobalIndex.X; p < a.N; p += Grid.DimX * Group.DimX)
        {
            T max = T.NegativeInfinity;
            for (int c = 0; c < a.K; c++)
            {
                T l = LogDensity(a, x, means, precisions, constants, center, p, c);
                if (l > max) max = l;
            }
            T value = max;
            if (max != T.NegativeInfinity)
            {
                T sum = T.Zero;
                for (int c = 0; c < a.K; c++) sum += ops.Exp(LogDensity(a, x, means, precisions, constants, center, p, c) - max);
                value = max + ops.Log(sum);
            }
            PointTotals<T, TOps>.Add<TWeights>(weights, lse, p, value, ref logLikelihood, ref weightSum);
            double w = default(TWeights).HasWeights ? ops.ToDouble(weights[p]) : 1.0;
            if (w == 0 || value == T.NegativeInfinity) continue;
            for (int c = 0; c < a.K; c++)
            {
                double r = w * ops.ToDouble(ops.Exp(LogDensity(a, x, means, precisions, constants, center, p, c) - value));
                if (r == 0) continue;
                Atomic.Add(ref n[c], r);
                for (int j = 0; j < a.D; j++)
                {
                    T v = x[(long)p * a.D + j];
                    long o = (long)c * a.D + j;
                    if (T.IsNaN(v)) // missing
                    {
                        Atomic.Add(ref missing[o], r);
                        continue;
                    }
                    double e = ops.ToDouble(v - center[j] - means[(long)j * a.Kp + c]);
                    Atomic.Add(ref f[o], r * e);
                    Atomic.Add(ref s[o], r * e * e);
                }
            }
        }
        PointTotals<T, TOps>.Flush(logLikelihood, weightSum, n.SubView(a.K, 2));
    }

    /// <summary>log π_c + log N(x_p,o | μ_c,o, Σ_c,oo): the complete-data constant, less the missing features' share of it, less ½ the observed quadratic form.</summary>
    private static T LogDensity(in DiagonalArgs a, ArrayView<T> x, ArrayView<T> means, ArrayView<T> precisions,
        ArrayView<T> constants, ArrayView<T> center, int p, int c)
    {
        var ops = default(TOps);
        T half = ops.FromDouble(0.5), halfLogTwoPi = ops.FromDouble(0.91893853320467274178);
        T sum = constants[c], quadratic = T.Zero;
        for (int j = 0; j < a.D; j++)
        {
            T v = x[(long)p * a.D + j];
            long o = (long)j * a.Kp + c;
            T precision = precisions[o];
            if (T.IsNaN(v)) sum += halfLogTwoPi - half * ops.Log(precision); // + ½ log 2π σ²_cj: that feature's share of the constant, taken back
            else
            {
                T e = v - center[j] - means[o];
                quadratic += e * precision * e;
            }
        }
        return sum - half * quadratic;
    }
}
