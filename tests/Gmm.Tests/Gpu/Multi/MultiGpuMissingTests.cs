using System.Numerics;
using Gmm;
using Gmm.Gpu;
using Gmm.Tests.Missing;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu.Multi;

/// <summary>
/// Points with missing entries on two ILGPU CPU accelerators (<see cref="MultiGpuEmBackend{T}"/> as an
/// <see cref="IMissingValueDevice{T}"/>): each device marginalises its slice of them, the statistics and missing mass
/// added in device order equal one device's (float64 1e-10, float32 1e-4), and no pass runs on the host.
/// </summary>
public class MultiGpuMissingTests
{
    private const int K = 3, D = 4, N = 120;

    public static TheoryData<CovarianceType, bool> Cases()
    {
        var data = new TheoryData<CovarianceType, bool>();
        foreach (var type in new[] { CovarianceType.Diagonal, CovarianceType.Spherical })
            foreach (bool single in new[] { false, true })
                data.Add(type, single);
        return data;
    }

    /// <summary>About 30% of entries missing (some points complete), weights in [0.25, 2.25).</summary>
    private static (GaussianMixtureModel Model, InMemoryDataSource<T> Data) Problem<T>(CovarianceType type, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = MissingData.Model(type, K, D, seed);
        var points = MissingData.Mcar(MissingData.Draw(model, N, seed + 1), D, 0.3, seed + 2);
        var random = new Random(seed + 3);
        T[] weights = [.. Enumerable.Range(0, N).Select(_ => T.CreateTruncating(0.25 + 2 * random.NextDouble()))];
        T[] values = [.. points.Select(T.CreateTruncating)];
        return (model, new InMemoryDataSource<T>(values, D, weights));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachDeviceMarginalisesItsSliceAndTheSumIsOneDevices(CovarianceType type, bool single)
    {
        if (single) StatisticsEqualOneDevice<float>(type, 1e-4);
        else StatisticsEqualOneDevice<double>(type, 1e-10);
    }

    private static void StatisticsEqualOneDevice<T>(CovarianceType type, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (model, data) = Problem<T>(type, seed: 201);
        var entries = MissingEntries.Scan(data, "data");
        Assert.True(entries.IncompleteCount > 1 && entries.CompleteCount > 0);
        using var one = GpuTestData.Provider.Create<T>();
        using var multi = MultiGpuTestData.Provider.CreateBackend<T>();
        Assert.True(multi.MarginalizesMissingValues(type));
        var oneRoute = new MissingValueBackend<T>(one, data, entries);
        var multiRoute = new MissingValueBackend<T>(multi, data, entries);
        var expected = SufficientStatistics.For<T>(model);
        oneRoute.Accumulate(model, data, expected);
        for (int pass = 0; pass < 2; pass++)
        {
            var actual = SufficientStatistics.For<T>(model);
            multiRoute.Accumulate(model, data, actual);
            StatisticsAssert.Close(expected, actual, tolerance);
        }
        Assert.Equal(0, multiRoute.HostPasses);
        Assert.Contains("missing values on the device", multiRoute.Description);
        Assert.Equal(entries.IncompleteCount, multi.IncompleteSliceRows.Sum());
        Assert.All(multi.IncompleteSliceRows, rows => Assert.True(rows > 0));
        for (int i = 0; i < 2; i++)
        {
            var device = (GpuEmBackend<T>)multi.Device(i);
            Assert.Equal(2, device.MarginalPasses);
            Assert.Equal(2, device.ResidentUploads); // its complete slice and its incomplete slice, each once
        }
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal, false)]
    [InlineData(CovarianceType.Spherical, true)]
    public void TheEstimatorsFitEqualsOneDevices(CovarianceType type, bool single)
    {
        var truth = MissingData.Model(type, K, D, seed: 211);
        var points = MissingData.Mcar(MissingData.Draw(truth, N, seed: 212), D, 0.3, seed: 213);
        var options = MissingData.FixedIterations(truth, single, iterations: 3);
        var one = new GaussianMixture(options, GpuTestData.Provider).Fit(points, D);
        var multi = new GaussianMixture(options, MultiGpuTestData.Provider).Fit(points, D);
        Assert.Contains("2 devices", multi.Backend);
        Assert.Contains("missing values on the device", multi.Backend);
        double tolerance = single ? 1e-4 : 1e-10;
        Near.Equal(one.LowerBoundHistory, multi.LowerBoundHistory, tolerance, 1, "lower bound");
        Near.Equal(one.Model.Means, multi.Model.Means, tolerance, 1, "means");
        Near.Equal(one.Model.Covariances, multi.Model.Covariances, tolerance, 1, "covariances");
        Near.Equal(one.Model.Weights, multi.Model.Weights, tolerance, 1, "weights");
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    public void FullAndTiedKeepTheHostRoute(CovarianceType type)
    {
        var (model, data) = Problem<double>(type, seed: 221);
        using var multi = MultiGpuTestData.Provider.CreateBackend<double>();
        Assert.False(multi.MarginalizesMissingValues(type));
        var backend = new MissingValueBackend<double>(multi, data, MissingEntries.Scan(data, "data"));
        backend.Accumulate(model, data, SufficientStatistics.For<double>(model));
        Assert.Equal(1, backend.HostPasses);
        var error = Assert.Throws<ArgumentException>(() => multi.AccumulateMarginal(model, data, SufficientStatistics.For<double>(model), new double[K * D]));
        Assert.Equal("model", error.ParamName);
    }
}
