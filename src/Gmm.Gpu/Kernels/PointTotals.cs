// The per-point log-likelihood bookkeeping every E-step kernel shares: a point's log-sum-exp is stored (lse, n) and
// added, weighted, into the thread's float64 totals; at the end one group reduction and one atomic per total.
using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>Σ w log p(x) and Σ w of the E-step kernels.</summary>
internal static class PointTotals<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    /// <summary>lse[p] = value; adds w·value and w (the point's weight, 1 without weights) to the thread's totals.</summary>
    public static void Add<TWeights>(ArrayView<T> weights, ArrayView<T> lse, int p, T value, ref double logLikelihood, ref double weightSum)
        where TWeights : struct, IWeightMode
    {
        var ops = default(TOps);
        lse[p] = value;
        double w = default(TWeights).HasWeights ? ops.ToDouble(weights[p]) : 1.0;
        logLikelihood += w * ops.ToDouble(value);
        weightSum += w;
    }

    /// <summary>Sums the group's totals and adds them into target[0] and target[1]; every thread of the group must call it, once per kernel.</summary>
    public static void Flush(double logLikelihood, double weightSum, ArrayView<double> target)
    {
        var (groupLl, groupW) = GroupSum.Pair(logLikelihood, weightSum);
        if (Group.IdxX == 0)
        {
            Atomic.Add(ref target[0], groupLl);
            Atomic.Add(ref target[1], groupW);
        }
    }
}
