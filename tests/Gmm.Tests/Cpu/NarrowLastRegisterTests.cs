using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The diag and spherical E-step at 512 bits computes its last register of components in 256 bits when that register's
/// real components fit in its lower half (alone, or beside the register before it in one pass), and leaves the upper
/// half (padding only) unwritten. Each component's log-density is the same arithmetic at every width, so the 512-bit kernel's
/// log-probabilities are bit for bit the 256-bit kernel's, and its statistics match the contract backend's, at
/// component counts on both sides of the half-register boundary (with and without whole groups of four registers
/// before the last) and a point count that is not a whole tile or row block.
/// </summary>
public class NarrowLastRegisterTests
{
    public static TheoryData<CovarianceType, bool> Cases() => new()
    {
        { CovarianceType.Diagonal, false }, { CovarianceType.Spherical, false },
        { CovarianceType.Diagonal, true }, { CovarianceType.Spherical, true },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void LogProbabilitiesAtFiveHundredTwelveBitsAreTheTwoHundredFiftySixBitOnes(CovarianceType type, bool doubles)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(512) && SimdWidth.IsAccelerated(256), "this processor does not run 512-bit registers in hardware.");
        const int n = 1_337, d = 7;
        var values = TestData.Blobs(n, d, 5, seed: 17, offset: 50);
        foreach (int k in ComponentCounts(doubles))
        {
            var model = TestData.StartingModel(type, values, d, k, scale: 2);
            var wide = new double[n * k];
            var narrow = new double[n * k];
            if (doubles)
            {
                using (var backend = new CpuEmBackend<double>(threads: 1, bits: 512)) backend.LogProbabilities(model, values, wide);
                using (var backend = new CpuEmBackend<double>(threads: 1, bits: 256)) backend.LogProbabilities(model, values, narrow);
            }
            else
            {
                var floats = TestData.ToFloat(values);
                using (var backend = new CpuEmBackend<float>(threads: 1, bits: 512)) backend.LogProbabilities(model, floats, wide);
                using (var backend = new CpuEmBackend<float>(threads: 1, bits: 256)) backend.LogProbabilities(model, floats, narrow);
            }
            for (int i = 0; i < wide.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(wide[i]) == BitConverter.DoubleToInt64Bits(narrow[i]),
                    $"k = {k}: point {i / k}, component {i % k}: {wide[i]:R} at 512 bits, {narrow[i]:R} at 256");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void StatisticsAtFiveHundredTwelveBitsMatchTheContractBackend(CovarianceType type, bool doubles)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(512), "this processor does not run 512-bit registers in hardware.");
        const int n = 1_337, d = 7;
        var values = TestData.Blobs(n, d, 5, seed: 19, offset: 1e3);
        var weights = Enumerable.Range(0, n).Select(i => 0.25 + i % 4 * 0.5).ToArray();
        foreach (int k in ComponentCounts(doubles))
        {
            var model = TestData.StartingModel(type, values, d, k, scale: 2);
            if (doubles)
            {
                var data = new InMemoryDataSource<double>(values, d, weights);
                var expected = SufficientStatistics.For<double>(model);
                using (var reference = new ContractBackend<double>()) reference.Accumulate(model, data, expected);
                var actual = SufficientStatistics.For<double>(model);
                using (var backend = new CpuEmBackend<double>(threads: 1, bits: 512)) backend.Accumulate(model, data, actual);
                StatisticsAssert.Close(expected, actual, 1e-9);
            }
            else
            {
                var data = new InMemoryDataSource<float>(TestData.ToFloat(values), d, Array.ConvertAll(weights, w => (float)w));
                var expected = SufficientStatistics.For<float>(model);
                using (var reference = new ContractBackend<float>()) reference.Accumulate(model, data, expected);
                var actual = SufficientStatistics.For<float>(model);
                using (var backend = new CpuEmBackend<float>(threads: 1, bits: 512)) backend.Accumulate(model, data, actual);
                StatisticsAssert.Close(expected, actual, 2e-4);
            }
        }
    }

    /// <summary>
    /// Last register's real components: ≤ half (narrow) and one more (wide), after one register (one pass for both;
    /// k = 40 float32 and 20 float64 with a register before them), after none, and after a group of four (the last
    /// register alone at 256 bits).
    /// </summary>
    private static int[] ComponentCounts(bool doubles) =>
        doubles ? [3, 4, 5, 12, 13, 20, 36, 37] : [5, 8, 9, 20, 24, 25, 40, 72, 73];
}
