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

    /// <summary>
    /// Five clusters 30 apart under twenty components at points of them (spread 0.5–1.1, spherical variances 1–2.9): a
    /// point's log-probabilities under another cluster's components are far below its maximum, so its float32
    /// responsibilities there are exactly 0 (e^x is 0 under −87.33), and whole registers of them are, which the diag and
    /// spherical statistics skip. With k = 20 the last components' register is outside spherical's groups of four
    /// registers at every width (the one-register-at-a-time path). The statistics match the contract backend's, and the
    /// test checks that its data has such points.
    /// </summary>
    [SkippableTheory]
    [InlineData(128, CovarianceType.Spherical)]
    [InlineData(256, CovarianceType.Spherical)]
    [InlineData(512, CovarianceType.Spherical)]
    [InlineData(512, CovarianceType.Diagonal)]
    public void StatisticsMatchTheContractBackendWhereWholeRegistersOfResponsibilitiesAreZero(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int n = 1_000, d = 5, k = 20;
        var blobs = TestData.Blobs(n, d, 5, seed: 13, offset: 100, separation: 30);
        var model = TestData.StartingModel(type, blobs, d, k, scale: 1);
        var values = TestData.ToFloat(blobs);
        var weights = Enumerable.Range(0, n).Select(i => (float)(0.25 + i % 4 * 0.5)).ToArray();
        var data = new InMemoryDataSource<float>(values, d, weights);

        // Points whose float64 responsibilities under each component of the kernel's last four slots (the last register
        // at every width; padded lanes are 0 anyway) are below 1e-40: log-probability gaps above 92 nats, beyond
        // float32's exp range (−87.33) by more than the float32 log-probabilities' error, so the kernel's are exactly 0
        // there. Spherical keeps the components' order; diag orders them along the means' principal axis.
        var slots = Enumerable.Range(0, k).ToArray();
        if (type == CovarianceType.Diagonal) ComponentOrder.AlongPrincipalAxis(model.MeansArray, k, d, slots);
        var lastRegister = Enumerable.Range(0, k).Where(c => slots[c] >= 16).ToArray();
        var probabilities = model.PredictProbabilities<double>(blobs);
        int far = Enumerable.Range(0, n).Count(i => lastRegister.All(c => probabilities[i * k + c] < 1e-40));
        Assert.True(far > n / 10, $"only {far} points are far from the last four components");

        var expected = SufficientStatistics.For<float>(model);
        using (var reference = new ContractBackend<float>()) reference.Accumulate(model, data, expected);
        var actual = SufficientStatistics.For<float>(model);
        using (var backend = new CpuEmBackend<float>(threads: 1, bits: bits)) backend.Accumulate(model, data, actual);

        StatisticsAssert.Close(expected, actual, 2e-4);
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
