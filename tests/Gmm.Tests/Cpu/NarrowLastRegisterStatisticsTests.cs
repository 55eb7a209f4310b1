using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The diag and spherical kernels at 512 bits compute a last register whose real components fit in its lower half
/// (<c>SimdKernel.NarrowLastRegister</c>) in 256 bits: log-densities, the log-sum-exp of four rows and the statistics.
/// Each real lane's arithmetic and order are meant to be those of the full-width form, so the sums N, F, S and the
/// log-likelihood must be bit for bit the same kernel's with the narrow form turned off, at component counts on both
/// sides of the half-register boundary (last register alone, after one register — the log-sum-exp's two-register form —
/// and after groups of four), with weights, a point count that is not a whole tile, and rows that are NaN.
/// </summary>
public class NarrowLastRegisterStatisticsTests
{
    public static TheoryData<CovarianceType, bool> Cases() => new()
    {
        { CovarianceType.Diagonal, false }, { CovarianceType.Spherical, false },
        { CovarianceType.Diagonal, true }, { CovarianceType.Spherical, true },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void StatisticsAreBitForBitTheFullWidthForms(CovarianceType type, bool doubles)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(512), "this processor does not run 512-bit registers in hardware.");
        foreach (int d in new[] { 7, 16 })
        {
            int n = 1_337;
            var values = TestData.Blobs(n, d, 5, seed: 23, offset: 1e3, separation: 2);
            var weights = Enumerable.Range(0, n).Select(i => 0.25 + i % 4 * 0.5).ToArray();
            foreach (int k in ComponentCounts(doubles))
            {
                // Wide components over close clusters: many comparable responsibilities per row, so that a sum taken
                // in another order would round differently.
                var model = TestData.StartingModel(type, values, d, k, scale: 16);
                if (doubles) Compare(type, model, values, weights, d, k);
                else Compare(type, model, TestData.ToFloat(values), Array.ConvertAll(weights, w => (float)w), d, k);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void RowsWithNaNAreBitForBitTheFullWidthForms(CovarianceType type, bool doubles)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(512), "this processor does not run 512-bit registers in hardware.");
        const int n = 203, d = 5;
        var values = TestData.Blobs(n, d, 3, seed: 29, offset: 10);
        var model = TestData.StartingModel(type, values, d, doubles ? 12 : 20, scale: 2);
        // Row 6: a NaN feature; row 41: so far out that every distance overflows (−∞ log-densities, maximum −∞).
        values[6 * d + 2] = double.NaN;
        for (int j = 0; j < d; j++) values[41 * d + j] = doubles ? 1e300 : 1e30;
        var weights = Enumerable.Repeat(1.0, n).ToArray();
        if (doubles) Compare(type, model, values, weights, d, model.ComponentCount);
        else Compare(type, model, TestData.ToFloat(values), Array.ConvertAll(weights, w => (float)w), d, model.ComponentCount);
    }

    private static void Compare<T>(CovarianceType type, GaussianMixtureModel model, T[] values, T[] weights, int d, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var narrow = Statistics(type, model, values, weights, d, k, narrow: true);
        var wide = Statistics(type, model, values, weights, d, k, narrow: false);
        Bitwise.EqualStatistics(wide, narrow, $"k = {k}, d = {d}");
    }

    private static (double[] N, double[] F, double[] S, double LogLikelihood, double WeightSum) Statistics<T>(
        CovarianceType type, GaussianMixtureModel model, T[] values, T[] weights, int d, int k, bool narrow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = (SimdKernel<T, Simd512<T>>)CpuKernelFactory.Create<T>(CovarianceDefinition.For(type), k, d, 512);
        int w = Simd512<T>.Count, half = w / 2;
        Assert.Equal(k - (kernel.Kp - w) <= half, kernel.NarrowLastRegister);
        kernel.NarrowLastRegister &= narrow; // the narrow form only where it applies
        kernel.Load(model, SufficientStatistics.For<T>(model));
        var lane = kernel.CreateLane(CpuEmBackend<T>.TileRows);
        kernel.Accumulate(values, weights, lane);
        return (lane.N, lane.F, lane.S, lane.LogLikelihood, lane.WeightSum);
    }

    /// <summary>
    /// Last register's real components ≤ half (narrow) and one more (wide): alone (float32 5, 8, 9; float64 3, 4, 5),
    /// after one register (float32 20, 24, 25; float64 12, 13: the two-register log-sum-exp), after more (float64 20, 21),
    /// as the last of a group of four (float32 56, 57; float64 28, 29: log-densities at full width, statistics narrow)
    /// and after a group of four (float32 72, 73; float64 36, 37).
    /// </summary>
    private static int[] ComponentCounts(bool doubles) =>
        doubles ? [3, 4, 5, 12, 13, 20, 21, 28, 29, 36, 37] : [5, 8, 9, 20, 24, 25, 40, 56, 57, 72, 73];
}
