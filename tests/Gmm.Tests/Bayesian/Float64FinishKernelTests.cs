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

    [Fact]
    public void TheFinishRunsTheMinimalKernel()
    {
        var values = TestData.Blobs(N, D, 3, seed: 41);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(values), D);
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Diagonal, Tolerance = 1e-9, MaxIterations = 3 };
        var priors = BayesianPriors.Resolve(data, K, options.CovarianceType, null, null, null, null, null);
        var step = new VariationalStep(priors, options.WeightConcentrationPriorType, options.RegularizationCovariance);
        var model = TestData.StartingModel(options.CovarianceType, values, D, K, scale: 2);
        using var single = CpuBackendProvider.Default.Create<float>();
        var statistics = SufficientStatistics.For<float>(model);
        single.Accumulate(model, data, statistics);
        var warnings = new List<FitWarning>();
        var start = step.Initialize(statistics, new MaximizationContext(warnings, 0));
        var run = new EmRun<float, BayesianGaussianMixtureModel>(single, data, step, start, warnings, 0);
        run.Run(maxIterations: 1, tolerance: 0);

        using var finish = new Float64Finish(CpuBackendProvider.Default, () => new InMemoryDataSource<double>(values, D));
        finish.Run(step, run, options, warnings, null, CancellationToken.None);

        var kernel = Assert.IsType<CpuEmBackend<double>>(finish.Backend).Kernel;
        Assert.NotNull(kernel);
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
