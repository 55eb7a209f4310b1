using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The CPU kernels at every register width this processor runs (128, 256, 512 bits): each width's statistics match
/// the contract backend's textbook float64 sums on the same float32 data, far from the origin, with sample weights, at
/// shapes that reach every blocked and remainder path (K below and above four registers, d not a multiple of the width,
/// n not a multiple of the tile).
/// </summary>
public class KernelWidthTests
{
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void StatisticsMatchTheContractBackendFarFromTheOrigin(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int n = 1_337, d = 7;
        foreach (int k in new[] { 5, 67 })
        {
            var values = TestData.ToFloat(TestData.Blobs(n, d, 5, seed: 11, offset: 1e4));
            var weights = Enumerable.Range(0, n).Select(i => (float)(0.25 + i % 4 * 0.5)).ToArray();
            var data = new InMemoryDataSource<float>(values, d, weights);
            var model = TestData.StartingModel(type, TestData.Blobs(n, d, 5, seed: 11, offset: 1e4), d, k, scale: 2);

            var expected = SufficientStatistics.For<float>(model);
            using (var reference = new ContractBackend<float>()) reference.Accumulate(model, data, expected);
            var actual = SufficientStatistics.For<float>(model);
            using (var backend = new CpuEmBackend<float>(threads: 1, bits: bits)) backend.Accumulate(model, data, actual);

            StatisticsAssert.Close(expected, actual, 2e-4);
        }
    }

    /// <summary>
    /// Feature counts whose rank-update rows start half a 512-bit float32 register past a register boundary (d rounded up
    /// to 4 = 12, 16, 32: rows 8 … 11, 8 … 15 and 24 … 31 take the half-register path) and a tile's last rows not a
    /// whole register of points (the full kernel's listing from masks): every width's statistics match the contract
    /// backend's.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void StatisticsMatchTheContractBackendAtFeatureCountsPastHalfARegister(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int n = 1_337, k = 6;
        foreach (int d in new[] { 10, 13, 29 })
        {
            var values = TestData.ToFloat(TestData.Blobs(n, d, 5, seed: 7, offset: 1e4));
            var weights = Enumerable.Range(0, n).Select(i => (float)(0.25 + i % 4 * 0.5)).ToArray();
            var data = new InMemoryDataSource<float>(values, d, weights);
            var model = TestData.StartingModel(type, TestData.Blobs(n, d, 5, seed: 7, offset: 1e4), d, k, scale: 2);

            var expected = SufficientStatistics.For<float>(model);
            using (var reference = new ContractBackend<float>()) reference.Accumulate(model, data, expected);
            var actual = SufficientStatistics.For<float>(model);
            using (var backend = new CpuEmBackend<float>(threads: 1, bits: bits)) backend.Accumulate(model, data, actual);

            StatisticsAssert.Close(expected, actual, 2e-4);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void DoublePrecisionStatisticsMatchTheContractBackend(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int n = 531, d = 5, k = 19;
        var values = TestData.Blobs(n, d, 4, seed: 5, offset: 1e4);
        var data = new InMemoryDataSource<double>(values, d);
        var model = TestData.StartingModel(type, values, d, k, scale: 3);

        var expected = SufficientStatistics.For<double>(model);
        using (var reference = new ContractBackend<double>()) reference.Accumulate(model, data, expected);
        var actual = SufficientStatistics.For<double>(model);
        using (var backend = new CpuEmBackend<double>(threads: 1, bits: bits)) backend.Accumulate(model, data, actual);

        StatisticsAssert.Close(expected, actual, 1e-9);
    }

    [Fact]
    public void AWidthThisProcessorDoesNotRunIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>("bits", () => new CpuEmBackend<float>(bits: 384));
        Assert.Throws<ArgumentOutOfRangeException>("threads", () => new CpuEmBackend<float>(threads: -1));
    }
}
