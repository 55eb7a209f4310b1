using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Gpu.Kernels;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// The statistics passes' grids (<see cref="LaunchPlan"/>): within the accelerator's grid limits for any k (CUDA's and
/// ILGPU's y extent is 65,535 groups), and split into several launches the kernels still give the CPU backend's statistics.
/// </summary>
public class LaunchPlanTests
{
    private static GpuBackendProvider Provider => GpuTestData.Provider;

    [Theory]
    [InlineData(CovarianceType.Full, 1)]
    [InlineData(CovarianceType.Full, 64)]
    [InlineData(CovarianceType.Full, 65)]
    [InlineData(CovarianceType.Tied, 1)]
    [InlineData(CovarianceType.Diagonal, 1)]
    [InlineData(CovarianceType.Diagonal, 4160)]
    [InlineData(CovarianceType.Spherical, 4160)]
    [InlineData(CovarianceType.Tied, 4160)]
    public void GridsForManyComponentsStayWithinTheAcceleratorsLimits(CovarianceType type, int d)
    {
        const int k = 65536, n = 65536;
        var max = Provider.Accelerator.MaxGridSize;
        int groups = LaunchPlan.StatisticsGroups(type, k, d);
        int tiles = (n + 63) / 64;
        foreach (int resident in new[] { 1, 132 * 8, 1 << 20 })
        {
            var launches = LaunchPlan.Statistics(tiles, groups, resident).ToList();
            int next = 0;
            foreach (var (grid, first) in launches)
            {
                Assert.InRange(grid.X, 1, Math.Min(max.X, tiles));
                Assert.InRange(grid.Y, 1, max.Y);
                Assert.InRange(grid.Z, 1, max.Z);
                Assert.Equal(next, first); // in order, no gap, no overlap
                next += grid.Y;
            }
            Assert.Equal(groups, next);
            Assert.True(launches.Sum(l => (long)l.Grid.X * l.Grid.Y) <= Math.Max(resident, groups), "more than one wave of groups");
        }
        if (groups > max.Y) Assert.True(LaunchPlan.Statistics(tiles, groups, 1).Count() > 1);
    }

    [Fact]
    public void GroupsAlongYAreComponentsOrComponentTilesTimesFeatureGroups()
    {
        Assert.Equal(65536, LaunchPlan.StatisticsGroups(CovarianceType.Full, 65536, 1));
        Assert.Equal(65536, LaunchPlan.StatisticsGroups(CovarianceType.Full, 65536, 200));
        Assert.Equal(1024, LaunchPlan.StatisticsGroups(CovarianceType.Diagonal, 65536, 64));
        Assert.Equal(1024 * 65, LaunchPlan.StatisticsGroups(CovarianceType.Spherical, 65536, 4160));
        Assert.Equal(2 * 2, LaunchPlan.StatisticsGroups(CovarianceType.Tied, 70, 70));
    }

    [Fact]
    public void PlanSplitsExactlyAtTheLimit()
    {
        Assert.Single(LaunchPlan.Statistics(1, 65535, 1));
        Assert.Equal(new[] { (0, 65535), (65535, 1) }, LaunchPlan.Statistics(1, 65536, 1).Select(l => (l.FirstGroup, l.Grid.Y)));
        Assert.Equal(new[] { (0, 2), (2, 2), (4, 1) }, LaunchPlan.Statistics(10, 5, 1, maxGroupsY: 2).Select(l => (l.FirstGroup, l.Grid.Y)));
        Assert.Throws<ArgumentOutOfRangeException>("maxGroupsY", () => LaunchPlan.Statistics(1, 1, 1, maxGroupsY: 0));
    }

    [Theory]
    [InlineData(CovarianceType.Full, 5, 5, 2)]       // components 0–1, 2–3, 4
    [InlineData(CovarianceType.Full, 3, 65, 2)]      // the blocked kernels (d > 64)
    [InlineData(CovarianceType.Diagonal, 70, 70, 3)] // 2 component tiles × 2 feature groups in launches of 3 and 1
    [InlineData(CovarianceType.Spherical, 70, 70, 3)]
    [InlineData(CovarianceType.Tied, 70, 70, 3)]
    [InlineData(CovarianceType.Tied, 70, 5, 1)]
    public void StatisticsInSeveralLaunchesAlongYMatchCpuBackend(CovarianceType type, int k, int d, int maxGroupsY)
    {
        Assert.True(LaunchPlan.Statistics(2, LaunchPlan.StatisticsGroups(type, k, d), 1, maxGroupsY).Count() > 1);
        var model = GpuTestData.Model(type, k, d, seed: 41, separation: 1);
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 100, seed: 42), d);
        using var cpu = new CpuEmBackend<float>(1);
        using var gpu = (GpuEmBackend<float>)Provider.Create<float>();
        gpu.MaxGroupsY = maxGroupsY;
        StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), 1e-4);
    }

    [Fact]
    public void DoubleFullStatisticsInSeveralLaunchesMatchCpuBackend()
    {
        var model = GpuTestData.Model(CovarianceType.Full, 3, 4, seed: 43, separation: 1);
        var data = new InMemoryDataSource<double>(GpuTestData.Points<double>(model, 100, seed: 44), 4);
        using var cpu = new CpuEmBackend<double>(1);
        using var gpu = (GpuEmBackend<double>)Provider.Create<double>();
        gpu.MaxGroupsY = 1;
        StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), 1e-9);
    }
}
