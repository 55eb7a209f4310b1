// The query kernels of the GPU backend (IPointEvaluator): grid-stride loops of one thread per output, correct on every
// accelerator; not tuned (no device was lent when they were written). Shapes: x rows×d row-major (raw values of T);
// center d; means k×d (μ − c, rounded to T); factors by family (IQueryFactors); constants k (log π_k + log det U_k −
// ½ d log 2π); lp rows×k (T); lse, output rows (float64); labels rows; shortlist rows×C (component indices).
using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>Log-probabilities, their per-point reductions, top-C selection and shortlisted log-densities.</summary>
internal static class QueryKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    /// <summary>lp[p·k + c] = log π_c + log N(x_p | c) for every (point, component) pair.</summary>
    public static void LogProbabilities<TFactors>(QueryArgs a, ArrayView<T> x, ArrayView<T> center, ArrayView<T> means,
        ArrayView<T> factors, ArrayView<T> constants, ArrayView<T> lp) where TFactors : struct, IQueryFactors
    {
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        int total = a.Rows * a.K;
        for (int i = Grid.GlobalIndex.X; i < total; i += Grid.DimX * Group.DimX)
        {
            int p = i / a.K, c = i % a.K;
            lp[i] = constants[c] - half * default(TFactors).SquaredDistance(x, p, center, means, factors, c, a);
        }
    }

    /// <summary>Per point: lse[p] = log Σ_c exp(lp[p, c]) (float64), labels[p] = the first c of largest lp.</summary>
    public static void LogSumExp(QueryArgs a, ArrayView<T> lp, ArrayView<double> lse, ArrayView<int> labels)
    {
        var ops = default(TOps);
        for (int p = Grid.GlobalIndex.X; p < a.Rows; p += Grid.DimX * Group.DimX)
        {
            long o = (long)p * a.K;
            T max = lp[o];
            int best = 0;
            for (int c = 1; c < a.K; c++)
            {
                T v = lp[o + c];
                if (v > max) { max = v; best = c; }
            }
            labels[p] = best;
            if (max == T.NegativeInfinity)
            {
                lse[p] = double.NegativeInfinity;
                continue;
            }
            T sum = T.Zero;
            for (int c = 0; c < a.K; c++) sum += ops.Exp(lp[o + c] - max);
            lse[p] = ops.ToDouble(max) + ops.ToDouble(ops.Log(sum));
        }
    }

    /// <summary>lp[p·k + c] = exp(lp[p·k + c] − lse[p]): the posteriors, in place.</summary>
    public static void Posteriors(QueryArgs a, ArrayView<T> lp, ArrayView<double> lse)
    {
        var ops = default(TOps);
        int total = a.Rows * a.K;
        for (int i = Grid.GlobalIndex.X; i < total; i += Grid.DimX * Group.DimX)
        {
            double norm = lse[i / a.K];
            lp[i] = norm == double.NegativeInfinity ? T.Zero : ops.Exp(lp[i] - ops.FromDouble(norm));
        }
    }

    /// <summary>
    /// Per point: shortlist[p·C + j] = the component of the j-th largest lp[p, ·], largest first, equal values in
    /// component order (C passes over the row, each taking the best component after the previous one in that order).
    /// </summary>
    public static void Select(QueryArgs a, ArrayView<T> lp, ArrayView<int> shortlist)
    {
        for (int p = Grid.GlobalIndex.X; p < a.Rows; p += Grid.DimX * Group.DimX)
        {
            long o = (long)p * a.K, so = (long)p * a.Shortlist;
            T previous = T.PositiveInfinity;
            int previousComponent = -1;
            for (int j = 0; j < a.Shortlist; j++)
            {
                int best = -1;
                T bestValue = T.NegativeInfinity;
                for (int c = 0; c < a.K; c++)
                {
                    T v = lp[o + c];
                    bool after = v < previous || (v == previous && c > previousComponent);
                    if (after && (best < 0 || v > bestValue))
                    {
                        best = c;
                        bestValue = v;
                    }
                }
                shortlist[so + j] = best;
                previous = bestValue;
                previousComponent = best;
            }
        }
    }

    /// <summary>Per point: output[p] = log Σ_{c ∈ shortlist[p, ·]} π_c N(x_p | c) under the given parameters (float64).</summary>
    public static void Shortlisted<TFactors>(QueryArgs a, ArrayView<T> x, ArrayView<T> center, ArrayView<T> means, ArrayView<T> factors,
        ArrayView<T> constants, ArrayView<int> shortlist, ArrayView<double> output) where TFactors : struct, IQueryFactors
    {
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        for (int p = Grid.GlobalIndex.X; p < a.Rows; p += Grid.DimX * Group.DimX)
        {
            long so = (long)p * a.Shortlist;
            T max = T.NegativeInfinity, sum = T.Zero;
            for (int j = 0; j < a.Shortlist; j++)
            {
                int c = shortlist[so + j];
                T v = constants[c] - half * default(TFactors).SquaredDistance(x, p, center, means, factors, c, a);
                if (v == T.NegativeInfinity) continue;
                if (max == T.NegativeInfinity)
                {
                    max = v;
                    sum = T.One;
                }
                else if (v > max)
                {
                    sum = sum * ops.Exp(max - v) + T.One;
                    max = v;
                }
                else sum += ops.Exp(v - max);
            }
            output[p] = max == T.NegativeInfinity ? double.NegativeInfinity : ops.ToDouble(max) + ops.ToDouble(ops.Log(sum));
        }
    }
}
