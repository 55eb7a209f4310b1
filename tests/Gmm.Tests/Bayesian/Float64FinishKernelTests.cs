using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// A float32 variational fit's float64 finish runs two iterations or so, so its CPU kernel is the one of one form per
/// step (<c>CpuKernel.UseMinimalVariants</c>: fewer fully optimised methods to compile, the same values,
/// <see cref="Cpu.MinimalVariantsTests"/>), while a float64 fit (<c>--precision double</c>), which runs every iteration in
/// float64, keeps the kernel of every faster form.
/// </summary>
public class Float64FinishKernelTests
{
    private const int N = 2_000, D = 6, K = 5;

    /// <summary>At the default threshold (<see cref="Float64Finish.PointsBeforeFullKernel"/>) a short finish of 2,000 points keeps that kernel.</summary>
    [Fact]
    public void TheFinishRunsTheMinimalKernel()
    {
        var (_, kernel) = Float64FinishFullKernelTests.Finish(CovarianceType.Diagonal, Float64Finish.PointsBeforeFullKernel,
            (_, _) => throw new InvalidOperationException("a short finish starts no warm-up of the kernel of every form"));
        Assert.True(kernel.MinimalVariants);
    }

    /// <summary>The backend a float64 fit runs on (<see cref="CpuBackendProvider.Create{T}"/>, as every estimator makes it) keeps every form.</summary>
    [Fact]
    public void AFloat64FitKeepsTheKernelOfEveryForm()
    {
        var values = TestData.Blobs(N, D, 3, seed: 43);
        var model = TestData.StartingModel(CovarianceType.Diagonal, values, D, K, scale: 2);
        using var backend = CpuBackendProvider.Default.Create<double>();
        backend.Accumulate(model, new InMemoryDataSource<double>(values, D), SufficientStatistics.For<double>(model));

        var kernel = Assert.IsType<CpuEmBackend<double>>(backend).Kernel;
        Assert.NotNull(kernel);
        Assert.False(kernel.MinimalVariants);
    }
}
