using System.Runtime;
using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The diag and spherical E-step compiles its four-register loop only for a problem that has a whole group of four
/// registers of components: a fit of fewer components (kp &lt; 4w, e.g. K = 20 at 512 bits) never compiles it.
/// </summary>
public class DiagonalLogDensitiesCompilationTests
{
    /// <summary>A variance layout of this test alone, so that its instantiation of the E-step is compiled here first.</summary>
    private readonly struct TestOnlyLayout : IVarianceLayout
    {
        public static bool Spherical => false;
    }

    [Fact]
    public void TheFourRegisterLoopIsFirstCompiledByTheProblemThatNeedsIt()
    {
        const int d = 3, rows = 8;
        int w = Simd128<float>.Count;
        var kernel = CpuKernelFactory.Create<float>(CovarianceDefinition.For(CovarianceType.Diagonal), 4 * w, d, 128);
        var lane = kernel.CreateLane(CpuEmBackend<float>.TileRows);
        int dp = kernel.Dp;
        for (int b = 0; b < rows; b++)
            for (int j = 0; j < d; j++) lane.X[b * dp + j] = (b + j) % 5;

        // Two registers of components: the four-register loop has nothing to do.
        Compute(lane, k: w + 1, kp: 2 * w, d, dp);
        // Four registers: the loop runs, and this call is the one that compiles it.
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        Compute(lane, k: 4 * w, kp: 4 * w, d, dp);
        long compiled = JitInfo.GetCompiledMethodCount(currentThread: true) - before;

        Assert.True(compiled >= 1, "the four-register loop was compiled by the call of two registers, which does not run it");
        for (int b = 0; b < rows; b++)
            Assert.Equal(Expected(lane, b, d, dp), lane.Lp[b * 4 * w + 4 * w - 1]); // the loop ran, up to the last component
    }

    private static void Compute(CpuLane<float> lane, int k, int kp, int d, int dp, int rows = 8)
    {
        var means = new float[dp * kp];
        var precisions = new float[dp * kp];
        var constants = new float[kp];
        Array.Fill(precisions, 1f);
        DiagonalLogDensities<float, TestOnlyLayout, Simd128<float>>.Compute(means, precisions, constants, lane, rows, k, kp, d, dp, narrow: false);
    }

    /// <summary>The log-density of row b under every component of <see cref="Compute"/>'s model (mean 0, precision 1, constant 0).</summary>
    private static float Expected(CpuLane<float> lane, int b, int d, int dp)
    {
        float sum = 0;
        for (int j = 0; j < d; j++) sum += lane.X[b * dp + j] * lane.X[b * dp + j];
        return -0.5f * sum;
    }
}
