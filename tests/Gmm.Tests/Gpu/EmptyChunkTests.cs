using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>A source may hand out chunks of 0 rows: the backend skips them (no zero-size launch or buffer).</summary>
public class EmptyChunkTests
{
    private static GpuBackendProvider Provider => GpuTestData.Provider;

    [Theory]
    [InlineData(CovarianceType.Full, 5, false)]
    [InlineData(CovarianceType.Full, 5, true)]
    [InlineData(CovarianceType.Full, 65, false)]
    [InlineData(CovarianceType.Diagonal, 5, false)]
    [InlineData(CovarianceType.Diagonal, 5, true)]
    [InlineData(CovarianceType.Tied, 5, false)]
    public void EmptyChunksAroundTheDataChangeNothing(CovarianceType type, int d, bool streamed)
    {
        var model = GpuTestData.Model(type, 3, d, seed: 51);
        var data = new EmptyChunkDataSource<float>(new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 100, seed: 52), d));
        using var cpu = new CpuEmBackend<float>(1);
        using var gpu = streamed ? Provider.CreateBackend<float>(deviceMemoryBudgetBytes: 1) : (GpuEmBackend<float>)Provider.Create<float>();
        var expected = GpuTestData.Pass(cpu, model, data);
        StatisticsAssert.Close(expected, GpuTestData.Pass(gpu, model, data), 1e-4);
        StatisticsAssert.Close(expected, GpuTestData.Pass(gpu, model, data), 1e-4); // resident data reused, slots reused
        Assert.Equal(streamed, gpu.Streamed);
    }

    /// <summary>A source without points adds nothing, as on the CPU backend (and never asks for chunks of 0 rows).</summary>
    [Fact]
    public void SourceWithoutPointsAddsNothing()
    {
        var model = GpuTestData.Model(CovarianceType.Diagonal, 3, 2, seed: 55);
        var data = new NoPoints<float>(2);
        using var cpu = new CpuEmBackend<float>(1);
        using var gpu = Provider.Create<float>();
        var expected = GpuTestData.Pass(cpu, model, data);
        var actual = GpuTestData.Pass(gpu, model, data);
        StatisticsAssert.Close(expected, actual, 0);
        Assert.Equal(0, actual.WeightSum);
        Assert.All(actual.ZerothOrder, n => Assert.Equal(0, n));
    }

    [Fact]
    public void KMeansInitialisationOnTheDeviceOverASourceWithAnEmptyChunkEqualsTheHost()
    {
        // The last k-means pass labels the resident chunks on the device, matching them to the source's chunks.
        var model = GpuTestData.Model(CovarianceType.Diagonal, 3, 2, seed: 53);
        var data = new EmptyChunkDataSource<float>(new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 150, seed: 54), 2));
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, Seed = 3 };
        var host = Initializer.StartingModel(data, options, new MaximumLikelihoodStep(options.RegularizationCovariance), new Random(3), new MaximizationContext([]));
        using var backend = Provider.CreateBackend<float>(1L << 30);
        var device = Initializer.StartingModel(data, options, new MaximumLikelihoodStep(options.RegularizationCovariance), new Random(3), new MaximizationContext([]), backend);
        Assert.Equal(host.MeansArray, device.MeansArray);
        Assert.Equal(host.CovariancesArray, device.CovariancesArray);
    }
}

/// <summary>A source of no points whose GetChunks refuses chunks of fewer than one row, as InMemoryDataSource does.</summary>
internal sealed class NoPoints<T>(int dimension) : IDataSource<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public int Dimension => dimension;
    public long Count => 0;
    public bool HasWeights => false;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        return [];
    }
}
