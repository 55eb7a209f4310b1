using Gmm.Gpu.Kernels;
using ILGPU;

namespace Gmm.Tests.Gpu;

/// <summary>The kernel of GroupCollectiveTests (public for ILGPU's CPU accelerator, not a test method).</summary>
public static class GroupCollectiveKernel
{
    /// <summary>Votes per group in <see cref="Run"/>.</summary>
    public const int Votes = 9;

    /// <summary>
    /// Group g (threads t &lt; Group.DimX, point i = g·DimX + t): totals[2g], totals[2g + 1] = Σ a, Σ b over the group
    /// (GroupSum.Pair, thread 0); then <see cref="Votes"/> votes, vote v true in the threads whose
    /// flags[(g·Votes + v)·DimX + t] ≠ 0, and seen[g·Votes + v] counts the threads that got true.
    /// </summary>
    public static void Run(ArrayView<double> a, ArrayView<double> b, ArrayView<int> flags, ArrayView<double> totals, ArrayView<int> seen)
    {
        int g = Grid.IdxX, t = Group.IdxX, size = Group.DimX;
        var (sumA, sumB) = GroupSum.Pair(a[g * size + t], b[g * size + t]);
        if (t == 0)
        {
            totals[2 * g] = sumA;
            totals[2 * g + 1] = sumB;
        }
        var vote = GroupVote.Create();
        for (int v = 0; v < Votes; v++)
            if (vote.Any(flags[(g * Votes + v) * size + t] != 0)) Atomic.Add(ref seen[g * Votes + v], 1);
    }
}
