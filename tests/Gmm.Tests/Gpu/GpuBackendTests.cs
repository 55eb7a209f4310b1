using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The GPU kernels on ILGPU's CPU accelerator against the CPU backend: same statistics, same fits.</summary>
public class GpuBackendTests
{
    private static GpuBackendProvider Provider => GpuTestData.Provider;

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void FloatStatisticsMatchCpuBackend(CovarianceType type) =>
        StatisticsMatchCpuBackend<float>(type, k: 3, d: 5, n: 150, seed: 1, tolerance: 1e-4);

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void DoubleStatisticsMatchCpuBackend(CovarianceType type) =>
        StatisticsMatchCpuBackend<double>(type, k: 3, d: 4, n: 100, seed: 3, tolerance: 1e-9);

    [Fact]
    public void DiagonalTilesOverManyComponentsAndFeatures() =>
        // 70 components and 70 features: two component tiles and two feature groups in the statistics pass.
        StatisticsMatchCpuBackend<float>(CovarianceType.Diagonal, k: 70, d: 70, n: 70, seed: 5, tolerance: 1e-4);

    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    [InlineData(CovarianceType.Tied)]
    public void OneComponentTileWithAWholeFeatureChunk(CovarianceType type) =>
        // k ≤ 64: the fused statistics pass; d = 13: one written-out 8-feature chunk and a 5-feature remainder; k = 6
        // and n = 100 leave a half-used 4-component quad and a partial point tile (tied: the first-order-only loop).
        StatisticsMatchCpuBackend<float>(type, k: 6, d: 13, n: 100, seed: 13, tolerance: 1e-4);

    [Fact]
    public void DoubleDiagonalWithAWholeFeatureChunk() =>
        // float64 shared loads are two 16-byte halves per Quad; the written-out chunk and the remainder both run.
        StatisticsMatchCpuBackend<double>(CovarianceType.Diagonal, k: 6, d: 13, n: 100, seed: 15, tolerance: 1e-9);

    /// <summary>One pass of the GPU kernels and of the CPU backend over the same points gives the same statistics.</summary>
    private static void StatisticsMatchCpuBackend<T>(CovarianceType type, int k, int d, int n, int seed, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var model = GpuTestData.Model(type, k, d, seed);
        var data = new InMemoryDataSource<T>(GpuTestData.Points<T>(model, n, seed + 1), d);
        using var cpu = new CpuEmBackend<T>(1);
        using var gpu = Provider.Create<T>();
        StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), tolerance);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void FitFromTheSameStartMatchesCpuFit(CovarianceType type)
    {
        var start = GpuTestData.Model(type, 2, 3, seed: 7);
        var points = GpuTestData.Points<float>(start, 120, seed: 8);
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 2,
            CovarianceType = type,
            MaxIterations = 3,
            Tolerance = 0,
            InitialParameters = InitialParameters.FromModel(start),
        };
        var cpu = new GaussianMixture(options, new CpuBackendProvider(1)).Fit(points, 3);
        var gpu = new GaussianMixture(options, Provider).Fit(points, 3);
        Assert.Equal(cpu.Iterations, gpu.Iterations);
        Assert.True(Math.Abs(cpu.LowerBound - gpu.LowerBound) <= 1e-4 * Math.Abs(cpu.LowerBound),
            $"lower bound: CPU {cpu.LowerBound:R}, GPU {gpu.LowerBound:R}");
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Tied)]
    public void StreamedEqualsResident(CovarianceType type)
    {
        var model = GpuTestData.Model(type, 3, 4, seed: 9);
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 300, seed: 10), 4);
        using var resident = Provider.Create<float>();
        using var streamed = Provider.CreateBackend<float>(deviceMemoryBudgetBytes: 1);
        var expected = GpuTestData.Pass(resident, model, data);
        var actual = GpuTestData.Pass(streamed, model, data);
        Assert.True(streamed.Streamed);
        Assert.False(((GpuEmBackend<float>)resident).Streamed);
        StatisticsAssert.Close(expected, actual, 1e-5);
        StatisticsAssert.Close(expected, GpuTestData.Pass(streamed, model, data), 1e-5); // slots reused on the next pass
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void StreamingFewerPointsThanATileMatchesCpuBackend(CovarianceType type)
    {
        // 40 points under a 1-byte budget: one streamed chunk of all 40 (fewer than the 64 points of a tile).
        var model = GpuTestData.Model(type, 3, 4, seed: 19);
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 40, seed: 20), 4);
        using var cpu = new CpuEmBackend<float>(1);
        using var streamed = Provider.CreateBackend<float>(deviceMemoryBudgetBytes: 1);
        StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(streamed, model, data), 1e-4);
        Assert.True(streamed.Streamed);
        Assert.Equal(40, streamed.ChunkRows);
    }

    [Fact]
    public void WeightsEqualRepeatedPoints()
    {
        var model = GpuTestData.Model(CovarianceType.Full, 2, 3, seed: 11);
        var points = GpuTestData.Points<float>(model, 60, seed: 12);
        var weights = new float[60];
        var repeated = new List<float>();
        for (int i = 0; i < 60; i++)
        {
            weights[i] = i % 3;
            for (int r = 0; r < i % 3; r++) repeated.AddRange(points.AsSpan(i * 3, 3).ToArray());
        }
        using var gpu = Provider.Create<float>();
        var weighted = GpuTestData.Pass(gpu, model, new InMemoryDataSource<float>(points, 3, weights));
        var copies = GpuTestData.Pass(gpu, model, new InMemoryDataSource<float>(repeated.ToArray(), 3));
        Assert.Equal(weighted.WeightSum, copies.WeightSum, 3);
        copies.PointCount = weighted.PointCount; // the only intended difference
        StatisticsAssert.Close(copies, weighted, 1e-5);
    }

    [Fact]
    public void DescriptionNamesTheForcedAccelerator()
    {
        string kind = GpuTestData.Accelerator switch
        {
            AcceleratorPreference.OpenCL => "OpenCL",
            AcceleratorPreference.Cuda => "CUDA",
            _ => "CPU accelerator",
        };
        Assert.Contains(kind, Provider.DeviceDescription);
        Assert.Contains("forced", Provider.DeviceDescription);
        using var backend = Provider.Create<float>();
        Assert.Contains(kind, backend.Description);
    }

    [Fact]
    public void AutoSelectionEitherFindsAGpuOrSaysWhyNot()
    {
        try
        {
            using var provider = GpuBackendProvider.Create();
            Assert.Matches("^(CUDA|OpenCL): ", provider.DeviceDescription);
        }
        catch (InvalidOperationException e)
        {
            // The honest reason: no OpenCL device ILGPU can use (NVIDIA's, PoCL before 5), or only CPU ones (PoCL 5+).
            Assert.Matches("OpenCL 2.0|OpenCL devices ILGPU can use are CPUs", e.Message);
            Assert.Contains("CPU backend", e.Message);
            Assert.False(GpuBackendProvider.IsCudaAvailable());
        }
    }

    [Fact]
    public void OneBackendServesModelsOfDifferentTypes()
    {
        var points = GpuTestData.Points<float>(GpuTestData.Model(CovarianceType.Diagonal, 2, 3, seed: 14), 80, seed: 15);
        var data = new InMemoryDataSource<float>(points, 3);
        using var cpu = new CpuEmBackend<float>(1);
        using var gpu = Provider.Create<float>();
        foreach (var type in new[] { CovarianceType.Diagonal, CovarianceType.Tied, CovarianceType.Full })
        {
            var model = GpuTestData.Model(type, 2, 3, seed: 16);
            StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), 1e-4);
        }
    }

    [Fact]
    public void ResidentDataIsUploadedOnceAndStreamedDataEveryPass()
    {
        var model = GpuTestData.Model(CovarianceType.Diagonal, 2, 3, seed: 17);
        var points = GpuTestData.Points<float>(model, 100, seed: 18);
        var resident = new CountingDataSource<float>(new InMemoryDataSource<float>(points, 3));
        var streamedSource = new CountingDataSource<float>(new InMemoryDataSource<float>(points, 3));
        using var residentBackend = Provider.Create<float>();
        using var streamedBackend = Provider.CreateBackend<float>(deviceMemoryBudgetBytes: 1);
        for (int pass = 0; pass < 3; pass++)
        {
            GpuTestData.Pass(residentBackend, model, resident);
            GpuTestData.Pass(streamedBackend, model, streamedSource);
        }
        Assert.Equal(1, resident.Enumerations);
        Assert.Equal(3, streamedSource.Enumerations);
    }
}
