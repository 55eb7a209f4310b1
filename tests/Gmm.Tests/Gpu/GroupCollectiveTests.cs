using ILGPU;
using ILGPU.Runtime;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// GroupSum and GroupVote, the portable stand-ins for ILGPU's group reduction and Group.BarrierOr (which OpenCL devices
/// without work-group collectives cannot build), on the tests' accelerator.
/// </summary>
public class GroupCollectiveTests
{
    [Theory]
    [InlineData(256, 3)] // the kernels' group size: eight rounds of 32
    [InlineData(96, 2)]  // three rounds
    [InlineData(20, 2)]  // fewer threads than slots
    public void SumsEveryThreadAndVotesSeeAnyTrueThread(int groupSize, int groups)
    {
        var random = new Random(groupSize);
        int n = groupSize * groups;
        // Integers below 2^20: every partial sum is exact, so the expected totals are too, in any order.
        var a = Enumerable.Range(0, n).Select(_ => (double)random.Next(-1 << 20, 1 << 20)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 1 << 20)).ToArray();
        // Per group: true only in the last thread, none, none, none (a stale flag would show three votes later),
        // only in thread 0, every thread, none, one random thread, none.
        var flags = new int[groups * GroupCollectiveKernel.Votes * groupSize];
        var expected = new bool[groups * GroupCollectiveKernel.Votes];
        for (int g = 0; g < groups; g++)
        {
            int[][] trueThreads = [[groupSize - 1], [], [], [], [0], Enumerable.Range(0, groupSize).ToArray(), [], [random.Next(groupSize)], []];
            for (int v = 0; v < GroupCollectiveKernel.Votes; v++)
            {
                foreach (int t in trueThreads[v]) flags[(g * GroupCollectiveKernel.Votes + v) * groupSize + t] = 1;
                expected[g * GroupCollectiveKernel.Votes + v] = trueThreads[v].Length > 0;
            }
        }

        var accelerator = GpuTestData.Provider.Accelerator;
        var kernel = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>>(
            GroupCollectiveKernel.Run);
        using var da = accelerator.Allocate1D(a);
        using var db = accelerator.Allocate1D(b);
        using var dflags = accelerator.Allocate1D(flags);
        using var totals = accelerator.Allocate1D<double>(2 * groups);
        using var seen = accelerator.Allocate1D<int>(expected.Length);
        seen.MemSetToZero();
        kernel(new KernelConfig(groups, groupSize), da.View, db.View, dflags.View, totals.View, seen.View);
        accelerator.Synchronize();

        var sums = totals.GetAsArray1D();
        var counts = seen.GetAsArray1D();
        for (int g = 0; g < groups; g++)
        {
            Assert.Equal(a.Skip(g * groupSize).Take(groupSize).Sum(), sums[2 * g]);
            Assert.Equal(b.Skip(g * groupSize).Take(groupSize).Sum(), sums[2 * g + 1]);
        }
        for (int i = 0; i < expected.Length; i++)
            Assert.True(counts[i] == (expected[i] ? groupSize : 0), $"vote {i % GroupCollectiveKernel.Votes} of group {i / GroupCollectiveKernel.Votes}: {counts[i]} of {groupSize} threads saw true, expected {(expected[i] ? "all" : "none")}");
    }
}
