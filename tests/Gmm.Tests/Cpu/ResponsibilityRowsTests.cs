using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The CPU kernels turn a tile's log-probabilities into responsibilities four rows at a time and the rows left over one
/// at a time; both must give every row exactly the same values. Five copies of one point with a single non-zero weight:
/// at row 0 the point goes through the four-row path, at row 4 through the single-row one, and rows of weight 0 add
/// exactly 0, so the statistics of the two must be identical to the bit. Rows of two registers go four at a time
/// through their own in-register form, which must match the single-row path just the same.
/// </summary>
public class ResponsibilityRowsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void FourRowAndSingleRowPathsGiveIdenticalStatistics(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int d = 6;
        var blobs = TestData.Blobs(200, d, 4, seed: 3, offset: 50);
        // 21: not a multiple of any width (the last register holds padding); the others make rows of exactly two
        // registers at some width and type (float32 512 bits: 17 … 32, 256: 9 … 16, 128: 5 … 8; float64 half those),
        // which take the two-register four-row path, with and without padding.
        foreach (int k in new[] { 21, 3, 4, 6, 8, 12, 16, 32 })
        {
            var model = TestData.StartingModel(type, blobs, d, k, scale: 2);
            for (int p = 0; p < 7; p++)
            {
                var point = blobs.AsSpan(p * 29 * d, d).ToArray();
                Check<float>(model, TestData.ToFloat(point), bits);
                Check<double>(model, point, bits);
            }
        }
    }

    private static void Check<T>(GaussianMixtureModel model, T[] point, int bits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = point.Length;
        var values = Enumerable.Repeat(point, 5).SelectMany(x => x).ToArray();
        var first = Statistics(model, values, d, weightedRow: 0, bits);
        var last = Statistics(model, values, d, weightedRow: 4, bits);
        Assert.Equal(first.ZerothOrder.ToArray(), last.ZerothOrder.ToArray());
        Assert.Equal(first.FirstOrder.ToArray(), last.FirstOrder.ToArray());
        Assert.Equal(first.SecondOrder.ToArray(), last.SecondOrder.ToArray());
        Assert.Equal(first.LogLikelihood, last.LogLikelihood);
        Assert.True(first.ZerothOrder.ToArray().Sum() > 0.5, "the weighted point was counted");
    }

    private static SufficientStatistics Statistics<T>(GaussianMixtureModel model, T[] values, int d, int weightedRow, int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = new T[values.Length / d];
        weights[weightedRow] = T.One;
        var statistics = SufficientStatistics.For<T>(model);
        using var backend = new CpuEmBackend<T>(threads: 1, bits: bits);
        backend.Accumulate(model, new InMemoryDataSource<T>(values, d, weights), statistics);
        return statistics;
    }
}
