using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// A lane's range ends anywhere relative to its tiles (<see cref="CpuEmBackend{T}.TileRows"/> points): one point short
/// of a tile, a whole tile, one point into the next, two whole tiles, and with two lanes a range split in the middle of
/// a tile. The kernels fetch the next tile's points ahead while computing the current one (only inside the range) and
/// the diag statistics sum N while listing each register's rows; every width's statistics match the contract
/// backend's, at every such length.
/// </summary>
public class TileBoundaryTests
{
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void StatisticsMatchTheContractBackendWhereverTheRangeEnds(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int d = 9, k = 37, tile = CpuEmBackend<float>.TileRows;
        var all = TestData.Blobs(2 * tile + 3, d, 4, seed: 17, offset: 100);
        foreach (int n in new[] { 1, tile - 1, tile, tile + 1, 2 * tile, 2 * tile + 3 })
        {
            var values = TestData.ToFloat(all.AsSpan(0, n * d).ToArray());
            var weights = Enumerable.Range(0, n).Select(i => (float)(0.5 + i % 3 * 0.25)).ToArray();
            var data = new InMemoryDataSource<float>(values, d, weights);
            var model = TestData.StartingModel(type, all, d, k, scale: 2);

            var expected = SufficientStatistics.For<float>(model);
            using (var reference = new ContractBackend<float>()) reference.Accumulate(model, data, expected);
            foreach (int threads in new[] { 1, 2 })
            {
                var actual = SufficientStatistics.For<float>(model);
                using (var backend = new CpuEmBackend<float>(threads, bits)) backend.Accumulate(model, data, actual);
                StatisticsAssert.Close(expected, actual, 2e-4);
                Assert.Equal(n, actual.PointCount);
            }
        }
    }
}
