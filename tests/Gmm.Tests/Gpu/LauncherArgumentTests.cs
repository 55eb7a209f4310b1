using Gmm;
using Gmm.Gpu;
using Gmm.Gpu.Kernels;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The named launchers refuse arguments their kernels cannot run on, naming the argument, before anything is queued.</summary>
public class LauncherArgumentTests
{
    private static readonly LaunchLimits Limits = new(1, LaunchPlan.MaxGroupsY);

    [Fact]
    public void APassOfAnotherCovarianceTypeIsRefused()
    {
        var (kernels, accelerator) = (GpuTestData.Provider.Kernels<float>(), GpuTestData.Provider.Accelerator);
        using var tied = new DeviceParameters<float>(accelerator, 3, 4, CovarianceType.Tied);
        using var chunk = new DeviceChunk<float>(accelerator, 10, 4, weighted: false, projected: true, streaming: false) { Count = 10 };
        var error = Assert.Throws<ArgumentException>("p", () => kernels.Chunks.DiagonalStatistics(accelerator.DefaultStream, tied, chunk, Limits));
        Assert.Contains("not Tied", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("p", () => kernels.Chunks.FullStatistics(accelerator.DefaultStream, tied, chunk, Limits));
    }

    [Fact]
    public void EmptyOrMismatchedChunksAreRefused()
    {
        var (kernels, accelerator) = (GpuTestData.Provider.Kernels<float>(), GpuTestData.Provider.Accelerator);
        using var diagonal = new DeviceParameters<float>(accelerator, 3, 4, CovarianceType.Diagonal);
        using var empty = new DeviceChunk<float>(accelerator, 10, 4, weighted: false, projected: false, streaming: false);
        Assert.Throws<ArgumentException>("chunk", () => kernels.Chunks.DiagonalStatistics(accelerator.DefaultStream, diagonal, empty, Limits));
        using var wide = new DeviceChunk<float>(accelerator, 10, 5, weighted: false, projected: false, streaming: false) { Count = 10 };
        var error = Assert.Throws<ArgumentException>("chunk", () => kernels.Chunks.DiagonalStatistics(accelerator.DefaultStream, diagonal, wide, Limits));
        Assert.Contains("5 features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TiedPassesNeedTheProjectedBufferAndAFirstPassNeedsMoreThanOneComponentTile()
    {
        var (kernels, accelerator) = (GpuTestData.Provider.Kernels<float>(), GpuTestData.Provider.Accelerator);
        using var tied = new DeviceParameters<float>(accelerator, 3, 4, CovarianceType.Tied);
        using var plain = new DeviceChunk<float>(accelerator, 10, 4, weighted: false, projected: false, streaming: false) { Count = 10 };
        Assert.Throws<ArgumentException>("chunk", () => kernels.Chunks.TiedStatistics(accelerator.DefaultStream, tied, plain, Limits));
        using var projected = new DeviceChunk<float>(accelerator, 10, 4, weighted: false, projected: true, streaming: false) { Count = 10 };
        var error = Assert.Throws<ArgumentException>("p", () => kernels.Chunks.TiedLogSumExp(accelerator.DefaultStream, tied, projected, Limits));
        Assert.Contains("takes the log-sum-exp itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MStepKernelsCheckTheirBuffersAndType()
    {
        var (kernels, accelerator) = (GpuTestData.Provider.Kernels<double>(), GpuTestData.Provider.Accelerator);
        using var diagonal = new DeviceParameters<double>(accelerator, 2, 3, CovarianceType.Diagonal);
        using var other = new DeviceParameters<double>(accelerator, 2, 3, CovarianceType.Diagonal);
        using var mstep = new DeviceMStep<double>(accelerator, kernels, diagonal);
        var args = new MStepArgs { K = 2, D = 3, Kp = diagonal.Kp, CholeskyStride = diagonal.CholeskyStride };
        Assert.Throws<ArgumentException>("m", () => kernels.MStep.Moments(accelerator.DefaultStream, other, mstep, args));
        Assert.Throws<ArgumentException>("p", () => kernels.MStep.Factor(accelerator.DefaultStream, diagonal, mstep, args));
        Assert.Throws<ArgumentException>("p", () => kernels.MStep.TiedCovariance(accelerator.DefaultStream, diagonal, mstep, args));
    }
}
