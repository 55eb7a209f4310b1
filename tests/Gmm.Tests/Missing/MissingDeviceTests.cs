using System.Numerics;
using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Missing;

/// <summary>
/// Points with missing entries on the GPU backend's device (ILGPU's CPU accelerator) for diag and spherical: the
/// statistics and a whole fit equal the host's marginalisation (float64 to 1e-10, float32 to the GPU tests' float
/// tolerances), streaming equals resident, the host pass does not run, and full and tied keep the host route.
/// </summary>
public class MissingDeviceTests
{
    private const int K = 3, D = 4, N = 150;

    public static TheoryData<CovarianceType, bool, bool> Cases()
    {
        var data = new TheoryData<CovarianceType, bool, bool>();
        foreach (var type in new[] { CovarianceType.Diagonal, CovarianceType.Spherical })
            foreach (bool single in new[] { false, true })
                foreach (bool weighted in new[] { false, true })
                    data.Add(type, single, weighted);
        return data;
    }

    /// <summary>Points with about 30% of entries missing (some complete), and weights in [0, 2) with one zero when <paramref name="weighted"/>.</summary>
    private static (GaussianMixtureModel Model, InMemoryDataSource<T> Data) Problem<T>(CovarianceType type, bool weighted, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = MissingData.Model(type, K, D, seed);
        var points = MissingData.Mcar(MissingData.Draw(model, N, seed + 1), D, 0.3, seed + 2);
        T[]? weights = null;
        if (weighted)
        {
            var random = new Random(seed + 3);
            weights = [.. Enumerable.Range(0, N).Select(_ => T.CreateTruncating(2 * random.NextDouble()))];
            weights[5] = T.Zero;
        }
        T[] values = [.. points.Select(T.CreateTruncating)];
        return (model, new InMemoryDataSource<T>(values, D, weights));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeviceStatisticsEqualTheHostRoute(CovarianceType type, bool single, bool weighted)
    {
        if (single) StatisticsEqualTheHostRoute<float>(type, weighted, tolerance: 1e-4);
        else StatisticsEqualTheHostRoute<double>(type, weighted, tolerance: 1e-10);
    }

    private static void StatisticsEqualTheHostRoute<T>(CovarianceType type, bool weighted, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (model, data) = Problem<T>(type, weighted, seed: 61);
        var entries = MissingEntries.Scan(data, "data");
        Assert.True(entries.IncompleteCount > 0 && entries.CompleteCount > 0);
        using var cpu = new CpuEmBackend<T>(1);
        using var gpu = (GpuEmBackend<T>)GpuTestData.Provider.Create<T>();
        var hostRoute = new MissingValueBackend<T>(cpu, data, entries);
        var deviceRoute = new MissingValueBackend<T>(gpu, data, entries);
        var expected = SufficientStatistics.For<T>(model);
        hostRoute.Accumulate(model, data, expected);
        var actual = SufficientStatistics.For<T>(model);
        deviceRoute.Accumulate(model, data, actual);
        StatisticsAssert.Close(expected, actual, tolerance);
        Assert.Equal(1, hostRoute.HostPasses);
        Assert.Equal(0, deviceRoute.HostPasses); // the points with a NaN ran on the device
        Assert.Equal(1, gpu.MarginalPasses);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeviceFitEqualsTheHostFit(CovarianceType type, bool single, bool weighted)
    {
        var truth = MissingData.Model(type, K, D, seed: 71);
        var points = MissingData.Mcar(MissingData.Draw(truth, N, seed: 72), D, 0.3, seed: 73);
        var random = new Random(74);
        double[]? weights = weighted ? [.. Enumerable.Range(0, N).Select(_ => 2 * random.NextDouble())] : null;
        // Ten iterations exactly (the CPU accelerator is slow): the same ten on both backends.
        var options = MissingData.FixedIterations(truth, single, iterations: 10);
        var host = new GaussianMixture(options).Fit(points, D, weights);
        var device = new GaussianMixture(options, GpuTestData.Provider).Fit(points, D, weights);
        Assert.Contains("missing values on the device", device.Backend);
        Assert.Equal(host.Iterations, device.Iterations);
        double tolerance = single ? 1e-4 : 1e-10;
        Assert.Equal(host.LowerBound, device.LowerBound, tolerance * Math.Abs(host.LowerBound));
        Near.Equal(host.Model.Means, device.Model.Means, single ? 1e-3 : 1e-8, 1, "means");
        Near.Equal(host.Model.Covariances, device.Model.Covariances, single ? 1e-3 : 1e-8, 1, "covariances");
        Near.Equal(host.Model.Weights, device.Model.Weights, single ? 1e-4 : 1e-10, 1, "weights");
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void StreamedEqualsResident(CovarianceType type)
    {
        var (model, data) = Problem<double>(type, weighted: true, seed: 81);
        var entries = MissingEntries.Scan(data, "data");
        using var resident = (GpuEmBackend<double>)GpuTestData.Provider.Create<double>();
        using var streamed = GpuTestData.Provider.CreateBackend<double>(deviceMemoryBudgetBytes: 1);
        var expected = SufficientStatistics.For<double>(model);
        new MissingValueBackend<double>(resident, data, entries).Accumulate(model, data, expected);
        var actual = SufficientStatistics.For<double>(model);
        new MissingValueBackend<double>(streamed, data, entries).Accumulate(model, data, actual);
        Assert.False(resident.Streamed);
        Assert.True(streamed.Streamed);
        Assert.Equal(1, streamed.MarginalPasses);
        StatisticsAssert.Close(expected, actual, 1e-12);
    }

    [Fact]
    public void CompleteAndIncompletePointsStayResidentAcrossPasses()
    {
        var (model, data) = Problem<double>(CovarianceType.Diagonal, weighted: false, seed: 91);
        using var gpu = (GpuEmBackend<double>)GpuTestData.Provider.Create<double>();
        var backend = new MissingValueBackend<double>(gpu, data, MissingEntries.Scan(data, "data"));
        var first = SufficientStatistics.For<double>(model);
        backend.Accumulate(model, data, first);
        for (int pass = 0; pass < 3; pass++)
        {
            var again = SufficientStatistics.For<double>(model);
            backend.Accumulate(model, data, again);
            StatisticsAssert.Close(first, again, 1e-12);
        }
        Assert.Equal(2, gpu.ResidentUploads); // one upload per set: the complete points' and the incomplete points'
        Assert.Equal(4, gpu.MarginalPasses);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    public void FullAndTiedKeepTheHostRoute(CovarianceType type)
    {
        var (model, data) = Problem<double>(type, weighted: false, seed: 101);
        using var gpu = (GpuEmBackend<double>)GpuTestData.Provider.Create<double>();
        Assert.False(gpu.MarginalizesMissingValues(type));
        var backend = new MissingValueBackend<double>(gpu, data, MissingEntries.Scan(data, "data"));
        backend.Accumulate(model, data, SufficientStatistics.For<double>(model));
        Assert.Equal(1, backend.HostPasses);
        Assert.Equal(0, gpu.MarginalPasses);
        Assert.Contains("missing values on the host", backend.Description);
        var error = Assert.Throws<ArgumentException>(() =>
            gpu.AccumulateMarginal(model, data, SufficientStatistics.For<double>(model), new double[K * D]));
        Assert.Equal("model", error.ParamName);
    }

    [Fact]
    public void AMissingMassOfTheWrongShapeIsAnError()
    {
        var (model, data) = Problem<double>(CovarianceType.Spherical, weighted: false, seed: 111);
        using var gpu = (GpuEmBackend<double>)GpuTestData.Provider.Create<double>();
        var error = Assert.Throws<ArgumentException>(() =>
            gpu.AccumulateMarginal(model, data, SufficientStatistics.For<double>(model), new double[K]));
        Assert.Equal("missingMass", error.ParamName);
    }
}
