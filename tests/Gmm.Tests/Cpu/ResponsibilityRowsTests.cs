using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The CPU kernels turn a tile's log-probabilities into responsibilities four rows at a time and the rows left over one
/// at a time; both must give every row exactly the same values. One point among four others, with the only non-zero
/// weight: at rows 0 … 3 the point goes through the four-row path (in each of its four places), at row 4 through the
/// single-row one, and rows of weight 0 add exactly 0, so the statistics must be identical to the bit — and a four-row
/// path that mixed up its rows would count another point. Rows of two registers go four at a time through their own
/// in-register form, which must match the single-row path just the same.
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
        // 40: rows of three registers in float32 at 512 bits (and of more elsewhere), the last one padded, through the
        // general four-row path; 21: not a multiple of any width; the others make rows of exactly two registers at some
        // width and type (float32 512 bits: 17 … 32, 256: 9 … 16, 128: 5 … 8; float64 half those), which take the
        // two-register four-row path, with and without padding.
        foreach (int k in new[] { 40, 21, 3, 4, 6, 8, 12, 16, 32 })
        {
            var model = TestData.StartingModel(type, blobs, d, k, scale: 2);
            for (int p = 0; p < 7; p++)
            {
                var rows = Enumerable.Range(0, 5).Select(r => blobs.AsSpan((p * 29 + 7 * r + 3) % 200 * d, d).ToArray()).ToArray();
                var point = blobs.AsSpan(p * 29 * d, d).ToArray();
                Check(model, point, rows, bits);
            }
        }
    }

    private static void Check(GaussianMixtureModel model, double[] point, double[][] others, int bits)
    {
        for (int row = 0; row < 4; row++)
        {
            Same<float>(model, TestData.ToFloat(point), others.Select(TestData.ToFloat).ToArray(), row, bits);
            Same<double>(model, point, others, row, bits);
        }
    }

    /// <summary>The point at <paramref name="row"/> (four-row path) and at row 4 (single-row path), the others around it.</summary>
    private static void Same<T>(GaussianMixtureModel model, T[] point, T[][] others, int row, int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = point.Length;
        var first = Statistics(model, Rows(point, others, row), d, weightedRow: row, bits);
        var last = Statistics(model, Rows(point, others, 4), d, weightedRow: 4, bits);
        Assert.Equal(first.ZerothOrder.ToArray(), last.ZerothOrder.ToArray());
        Assert.Equal(first.FirstOrder.ToArray(), last.FirstOrder.ToArray());
        Assert.Equal(first.SecondOrder.ToArray(), last.SecondOrder.ToArray());
        Assert.Equal(first.LogLikelihood, last.LogLikelihood);
        Assert.True(first.ZerothOrder.ToArray().Sum() > 0.5, "the weighted point was counted");
    }

    private static T[] Rows<T>(T[] point, T[][] others, int at) =>
        Enumerable.Range(0, 5).SelectMany(r => r == at ? point : others[r]).ToArray();

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
