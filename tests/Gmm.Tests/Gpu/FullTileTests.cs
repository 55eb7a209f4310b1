using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// The d ≤ 64 full-family kernels (FullKernels, FullTile) at the shapes their tiling distinguishes, against the CPU
/// backend: staging with 16, 32 or 64 feature lanes, d not a multiple of 4 (zero padding rows), 64, 128 or 256
/// rank-update lanes, partial point tiles, k = 1, and float64's 8-row factor chunks.
/// </summary>
public class FullTileTests
{
    [Theory]
    [InlineData(CovarianceType.Full, 39, 2, 100)] // 64 staging lanes, 55 blocks over 64 lanes × 4 point quarters, 40 rows
    [InlineData(CovarianceType.Full, 64, 1, 70)]  // k = 1; 136 blocks over 256 lanes (all 64 points each); every row of xs and U
    [InlineData(CovarianceType.Full, 44, 2, 64)]  // 66 blocks over 128 lanes × 2 point halves; one whole tile
    [InlineData(CovarianceType.Tied, 20, 3, 90)]  // 32 staging lanes; the projection and the scatter pass
    [InlineData(CovarianceType.Tied, 61, 2, 65)]  // 64-point tile plus a 1-point tile
    public void FloatStatisticsMatchCpuBackend(CovarianceType type, int d, int k, int n) =>
        StatisticsMatchCpuBackend<float>(type, k, d, n, seed: 17 + d, tolerance: 1e-4);

    [Theory]
    [InlineData(CovarianceType.Full, 21)] // three 8-row chunks of U: threads whose rows end before the last chunk
    [InlineData(CovarianceType.Tied, 21)]
    public void DoubleStatisticsMatchCpuBackend(CovarianceType type, int d) =>
        StatisticsMatchCpuBackend<double>(type, k: 2, d, n: 70, seed: 19, tolerance: 1e-9);

    private static void StatisticsMatchCpuBackend<T>(CovarianceType type, int k, int d, int n, int seed, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var model = GpuTestData.Model(type, k, d, seed);
        var data = new InMemoryDataSource<T>(GpuTestData.Points<T>(model, n, seed + 1), d);
        using var cpu = new CpuEmBackend<T>(1);
        using var gpu = GpuTestData.Provider.Create<T>();
        StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), tolerance);
    }
}
