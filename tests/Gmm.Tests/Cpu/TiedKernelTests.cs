using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The tied kernel's statistics paths (F in blocks of eight, four and one components; the rank update of x with itself
/// for unit weights, of w·x compacted past zero weights otherwise) and the point-lane tile transpose it shares with the
/// full kernel, at shapes past one register of features.
/// </summary>
public class TiedKernelTests
{
    public static TheoryData<int, CovarianceType> WidthsAndMatrixTypes()
    {
        var data = new TheoryData<int, CovarianceType>();
        foreach (int bits in new[] { 128, 256, 512 })
            foreach (var type in new[] { CovarianceType.Tied, CovarianceType.Full }) data.Add(bits, type);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(WidthsAndMatrixTypes))]
    public void StatisticsMatchTheContractBackendWithUnitZeroAndOtherWeights(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int n = 1_000, d = 39;
        var raw = TestData.Blobs(n, d, 6, seed: 17, offset: 1e3);
        var values = TestData.ToFloat(raw);
        float[]?[] weightings =
        [
            null, // unit weights: the rank update of x with itself
            Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 0f : 1.5f).ToArray(), // zero weights compacted away
        ];
        foreach (int k in new[] { 20, 23 }) // 8 + 8 + 4 and 8 + 8 + 4 + 1 + 1 + 1 components
            foreach (var weights in weightings)
            {
                var data = new InMemoryDataSource<float>(values, d, weights);
                var model = TestData.StartingModel(type, raw, d, k, scale: 2);
                var expected = SufficientStatistics.For<float>(model);
                using (var reference = new ContractBackend<float>()) reference.Accumulate(model, data, expected);
                var actual = SufficientStatistics.For<float>(model);
                using (var backend = new CpuEmBackend<float>(threads: 1, bits: bits)) backend.Accumulate(model, data, actual);
                StatisticsAssert.Close(expected, actual, 2e-4);
            }
    }

    [SkippableTheory]
    [InlineData(256, 1, 1)]
    [InlineData(256, 7, 13)]
    [InlineData(256, 16, 64)]
    [InlineData(256, 17, 57)]
    [InlineData(512, 1, 1)]
    [InlineData(512, 7, 13)]
    [InlineData(512, 16, 64)]
    [InlineData(512, 17, 57)]
    [InlineData(512, 39, 33)]
    public void TheTileTransposeMovesEveryValueAndZeroesThePointsPastTheTile(int bits, int d, int rows)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int tp = 64;
        int w = bits / 32, dp = (d + w - 1) / w * w;
        var random = new Random(d * 100 + rows);
        var x = new float[tp * dp];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble() + 1; // rows past the tile hold stale values
        var xT = Enumerable.Repeat(float.NaN, d * tp).ToArray();
        if (bits == 512) PointLaneProducts<float, Simd512<float>>.Transpose(x, rows, d, dp, xT, tp);
        else PointLaneProducts<float, Simd256<float>>.Transpose(x, rows, d, dp, xT, tp);
        for (int j = 0; j < d; j++)
            for (int b = 0; b < tp; b++)
                Assert.Equal(b < rows ? x[b * dp + j] : 0f, xT[j * tp + b]);
    }
}
