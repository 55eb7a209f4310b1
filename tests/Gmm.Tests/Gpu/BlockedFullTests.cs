using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// Full and tied beyond 64 features (the blocked kernels) on ILGPU's CPU accelerator against the CPU backend:
/// d = 65 (one full block and a one-feature block) and d = 130 (three blocks, the last partial).
/// </summary>
public class BlockedFullTests
{
    private static GpuBackendProvider Provider => GpuTestData.Provider;

    [Theory]
    [InlineData(CovarianceType.Full, 65)]
    [InlineData(CovarianceType.Full, 130)]
    [InlineData(CovarianceType.Tied, 65)]
    [InlineData(CovarianceType.Tied, 130)]
    public void FloatStatisticsMatchCpuBackend(CovarianceType type, int d) =>
        StatisticsMatchCpuBackend<float>(type, k: 3, d, n: 100, seed: 21, tolerance: 1e-4, weighted: false);

    [Theory]
    [InlineData(CovarianceType.Full, 65)]
    [InlineData(CovarianceType.Full, 130)]
    [InlineData(CovarianceType.Tied, 65)]
    [InlineData(CovarianceType.Tied, 130)]
    public void DoubleStatisticsMatchCpuBackend(CovarianceType type, int d) =>
        StatisticsMatchCpuBackend<double>(type, k: 2, d, n: 70, seed: 23, tolerance: 1e-9, weighted: false);

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    public void WeightedStatisticsMatchCpuBackend(CovarianceType type)
    {
        StatisticsMatchCpuBackend<float>(type, k: 2, d: 130, n: 150, seed: 25, tolerance: 1e-4, weighted: true);
        StatisticsMatchCpuBackend<double>(type, k: 2, d: 70, n: 150, seed: 27, tolerance: 1e-9, weighted: true);
    }

    [Fact]
    public void StatisticsOverSeveralBatchesOfTilesMatchCpuBackend() =>
        // 18 tiles of 64 points: the statistics pass holds 16 tiles' responsibilities at a time, so a group flushes twice
        // (the CPU accelerator runs one group per component; tied's scatter shares the batching).
        StatisticsMatchCpuBackend<float>(CovarianceType.Full, k: 2, d: 65, n: 1100, seed: 33, tolerance: 1e-4, weighted: true);

    [Theory]
    [InlineData(CovarianceType.Full, 130)]
    [InlineData(CovarianceType.Tied, 65)]
    public void StreamedEqualsResident(CovarianceType type, int d)
    {
        var model = Overlapping(GpuTestData.Model(type, 2, d, seed: 29));
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 150, seed: 30), d, Weights(150));
        using var resident = Provider.Create<float>();
        using var streamed = Provider.CreateBackend<float>(deviceMemoryBudgetBytes: 1);
        var expected = GpuTestData.Pass(resident, model, data);
        var actual = GpuTestData.Pass(streamed, model, data);
        Assert.True(streamed.Streamed);
        Assert.Equal(64, streamed.ChunkRows); // three chunks, the last one partial
        Assert.False(((GpuEmBackend<float>)resident).Streamed);
        StatisticsAssert.Close(expected, actual, 1e-5);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    public void FitFromTheSameStartMatchesCpuFit(CovarianceType type)
    {
        const int d = 65;
        var start = Overlapping(GpuTestData.Model(type, 2, d, seed: 31));
        var points = GpuTestData.Points<float>(start, 200, seed: 32);
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 2,
            CovarianceType = type,
            MaxIterations = 2,
            Tolerance = 0,
            InitialParameters = InitialParameters.FromModel(start),
        };
        var cpu = new GaussianMixture(options, new CpuBackendProvider(1)).Fit(points, d);
        var gpu = new GaussianMixture(options, Provider).Fit(points, d);
        Assert.Equal(cpu.Iterations, gpu.Iterations);
        Assert.True(Math.Abs(cpu.LowerBound - gpu.LowerBound) <= 1e-4 * Math.Abs(cpu.LowerBound),
            $"lower bound: CPU {cpu.LowerBound:R}, GPU {gpu.LowerBound:R}");
        var cpuMeans = cpu.Model.Means;
        var gpuMeans = gpu.Model.Means;
        for (int i = 0; i < cpuMeans.Count; i++) Assert.Equal(cpuMeans[i], gpuMeans[i], 2e-3);
    }

    /// <summary>One pass of the GPU kernels and of the CPU backend over the same points gives the same statistics.</summary>
    private static void StatisticsMatchCpuBackend<T>(CovarianceType type, int k, int d, int n, int seed, double tolerance, bool weighted)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var model = Overlapping(GpuTestData.Model(type, k, d, seed));
        var points = GpuTestData.Points<T>(model, n, seed + 1);
        var data = weighted ? new InMemoryDataSource<T>(points, d, Weights<T>(n)) : new InMemoryDataSource<T>(points, d);
        using var cpu = new CpuEmBackend<T>(1);
        using var gpu = Provider.Create<T>();
        StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), tolerance);
    }

    /// <summary>Weights in [0.5, 2.5), zero for the whole second tile of 64 points (its rank updates are skipped) and a few more.</summary>
    private static T[] Weights<T>(int n) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var weights = new T[n];
        for (int i = 0; i < n; i++)
            weights[i] = i is >= 64 and < 128 || i % 7 == 3 ? T.Zero : T.CreateTruncating(0.5 + i % 5 * 0.5);
        return weights;
    }

    private static float[] Weights(int n) => Weights<float>(n);

    /// <summary>
    /// The model with its means pulled to a twentieth of their spread, so that components overlap and responsibilities
    /// are fractional (far apart in 65+ dimensions, every point would belong to one component outright).
    /// </summary>
    private static GaussianMixtureModel Overlapping(GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var means = model.Means.ToArray();
        for (int j = 0; j < d; j++)
        {
            double average = 0;
            for (int c = 0; c < k; c++) average += means[c * d + j] / k;
            for (int c = 0; c < k; c++) means[c * d + j] = average + (means[c * d + j] - average) / 20;
        }
        return new GaussianMixtureModel(model.CovarianceType, model.Weights.ToArray(), means, model.Covariances.ToArray());
    }
}
