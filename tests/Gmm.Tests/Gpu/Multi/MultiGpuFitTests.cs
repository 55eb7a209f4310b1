using System.Numerics;
using Gmm;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu.Multi;

/// <summary>
/// Fits over two ILGPU CPU accelerators (<see cref="MultiGpuEmBackend{T}"/>: slices on every device, statistics added
/// on the host, the host M-step) against the same fit on one device (its device M-step).
/// </summary>
public class MultiGpuFitTests
{
    private const int K = 3, D = 3, N = 120, Iterations = 2;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void WeightedDoubleFitEqualsTheSingleDeviceFit(CovarianceType type)
    {
        var (start, data) = Problem<double>(type, weighted: true, seed: 40);
        using var multi = MultiGpuTestData.Provider.Create<double>();
        var expected = Run(GpuTestData.Provider.Create<double>(), start, data);
        var actual = Run(multi, start, data);
        AssertSameFit(expected, actual, 1e-12);
        Assert.Equal([N / 2, N / 2], ((MultiGpuEmBackend<double>)multi).SliceRows);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void FloatFitEqualsTheSingleDeviceFit(CovarianceType type)
    {
        var (start, data) = Problem<float>(type, weighted: false, seed: 50);
        var expected = Run(GpuTestData.Provider.Create<float>(), start, data);
        var actual = Run(MultiGpuTestData.Provider.Create<float>(), start, data);
        AssertSameFit(expected, actual, 1e-5);
    }

    [Fact]
    public void ADeviceGivenNoRowsAddsNothing()
    {
        var (start, data) = Problem<double>(CovarianceType.Full, weighted: true, seed: 60);
        using var multi = MultiGpuTestData.Provider.CreateBackend<double>(sliceWeights: [0, 1]);
        var expected = Run(GpuTestData.Provider.Create<double>(), start, data);
        var actual = Run(multi, start, data, dispose: false);
        AssertSameFit(expected, actual, 1e-12);
        Assert.Equal([0L, (long)N], multi.SliceRows);
        Assert.Equal([0.0, 1.0], multi.SliceWeights);
    }

    [Fact]
    public void OneStreamingSliceGivesTheResidentFit()
    {
        var (start, data) = Problem<double>(CovarianceType.Full, weighted: false, seed: 70);
        const long Plenty = 1L << 30;
        using var multi = MultiGpuTestData.Provider.CreateBackend<double>(deviceMemoryBudgetBytes: [Plenty, 1]);
        var expected = Run(GpuTestData.Provider.Create<double>(), start, data);
        var actual = Run(multi, start, data, dispose: false);
        AssertSameFit(expected, actual, 1e-12);
        Assert.False(((GpuEmBackend<double>)multi.Device(0)).Streamed);
        Assert.True(((GpuEmBackend<double>)multi.Device(1)).Streamed);
    }

    [Fact]
    public void ADeviceFailingMidFitFailsTheFitNamingTheDevice()
    {
        var (start, data) = Problem<float>(CovarianceType.Diagonal, weighted: false, seed: 80);
        using var multi = MultiGpuTestData.Provider.Build<float>(null, null, measure: false,
            wrap: (i, backend) => i == 1 ? new FailingBackend<float>(backend, failingCall: 2) : backend);
        var run = new EmRun<float, GaussianMixtureModel>(multi, data, new MaximumLikelihoodStep(1e-6), start);
        run.Step();
        var error = Assert.Throws<GpuDeviceException>(() => run.Step());
        Assert.Equal("ilgpu-cpu:1", error.DeviceName);
        Assert.StartsWith("Device ilgpu-cpu:1 failed in the E-step on rows [60, 120): " + FailingBackend<float>.Fault, error.Message, StringComparison.Ordinal);
        Assert.Equal(FailingBackend<float>.Fault, error.InnerException!.Message);
        Assert.Equal(1, run.Iterations); // no silent fallback: the failed iteration is not counted, and no other device took the rows
    }

    [Fact]
    public void MeasuredWeightsShareEveryRowAndGiveTheSameFit()
    {
        var (start, data) = Problem<double>(CovarianceType.Diagonal, weighted: false, seed: 90);
        using var multi = MultiGpuTestData.Provider.Build<double>(null, null, measure: true);
        var expected = Run(GpuTestData.Provider.Create<double>(), start, data);
        var actual = Run(multi, start, data, dispose: false);
        AssertSameFit(expected, actual, 1e-12);
        Assert.Equal(N, multi.SliceRows.Sum());
        Assert.All(multi.SliceWeights, w => Assert.True(w > 0 && double.IsFinite(w), $"weight {w}"));
        Assert.Contains("measured", multi.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEstimatorFitsThroughTheMultiDeviceProvider()
    {
        // k-means initialisation, the kept run and the queries all go through the public estimator unchanged.
        var (_, data) = Problem<double>(CovarianceType.Tied, weighted: true, seed: 100);
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Tied, Precision = ComputePrecision.Double, Tolerance = 0, MaxIterations = Iterations, Seed = 5 };
        var single = new GaussianMixture(options, GpuTestData.Provider).Fit(data);
        var multi = new GaussianMixture(options, MultiGpuTestData.Provider).Fit(data);
        Near.Equal(single.LowerBoundHistory, multi.LowerBoundHistory, 1e-12, 1, "lower bound");
        Near.Equal(single.Model.Means, multi.Model.Means, 1e-12, 1, "means");
        Assert.Contains("2 devices, M-step on the host", multi.Backend, StringComparison.Ordinal);
    }

    private static (GaussianMixtureModel Start, InMemoryDataSource<T> Data) Problem<T>(CovarianceType type, bool weighted, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var start = GpuTestData.Model(type, K, D, seed);
        var points = GpuTestData.Points<T>(start, N, seed + 1);
        var random = new Random(seed + 2);
        T[]? weights = weighted ? [.. Enumerable.Range(0, N).Select(_ => T.CreateTruncating(0.25 + 2 * random.NextDouble()))] : null;
        return (start, new InMemoryDataSource<T>(points, D, weights));
    }

    /// <summary><see cref="Iterations"/> EM iterations from <paramref name="start"/> (no tolerance: a fixed count).</summary>
    private static (GaussianMixtureModel Model, IReadOnlyList<double> Bounds) Run<T>(IEmBackend<T> backend, GaussianMixtureModel start, IDataSource<T> data, bool dispose = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            var run = new EmRun<T, GaussianMixtureModel>(backend, data, new MaximumLikelihoodStep(1e-6), start);
            run.Run(Iterations, tolerance: 0);
            return (run.State, run.LowerBoundHistory);
        }
        finally
        {
            if (dispose) backend.Dispose();
        }
    }

    private static void AssertSameFit((GaussianMixtureModel Model, IReadOnlyList<double> Bounds) expected,
        (GaussianMixtureModel Model, IReadOnlyList<double> Bounds) actual, double tolerance)
    {
        Assert.Equal(Iterations, actual.Bounds.Count);
        Near.Equal(expected.Bounds, actual.Bounds, tolerance, 1, "lower bound");
        Near.Equal(expected.Model.Weights, actual.Model.Weights, tolerance, 1, "weights");
        Near.Equal(expected.Model.Means, actual.Model.Means, tolerance, 1, "means");
        Near.Equal(expected.Model.Covariances, actual.Model.Covariances, tolerance, 1, "covariances");
    }
}
