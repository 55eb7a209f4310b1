using Gmm;
using Gmm.Gpu;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>Kernels compile when first launched: a fit compiles only what its covariance type and sizes use.</summary>
public class LazyKernelTests
{
    [Fact]
    public void DiagonalFitWithFewComponents_CompilesOnlyItsKernels()
    {
        using var provider = GpuBackendProvider.Create(GpuTestData.Accelerator);
        var kernels = provider.Kernels<float>();
        Assert.Equal(0, kernels.CompiledCount);
        var model = GpuTestData.Model(CovarianceType.Diagonal, 3, 2, seed: 61);
        var points = GpuTestData.Points<float>(model, 200, seed: 62);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, MaxIterations = 2, Seed = 1 };
        new GaussianMixture(options, provider).Fit(points, 2);
        // k ≤ 64: the statistics pass takes the log-sum-exp itself; the M-step: moments, centre, layout (no factor for diag).
        Assert.True(kernels.DiagonalStatistics.IsCompiled);
        Assert.True(kernels.MStepMoments.IsCompiled && kernels.MStepCenter.IsCompiled && kernels.MStepLayout.IsCompiled);
        Assert.False(kernels.DiagonalLogSumExp.IsCompiled);
        Assert.False(kernels.FullLogSumExp.IsCompiled || kernels.FullStatistics.IsCompiled || kernels.TiedProjection.IsCompiled);
        Assert.Equal(4, kernels.CompiledCount);
    }
}
