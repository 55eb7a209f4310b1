using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// A float64 finish starts on the CPU kernel of one form per step and, once it has passed over its threshold of points
/// (iterations × points) and the warm-up of the kernel of every form has completed, runs on that kernel
/// (<see cref="Float64FinishFullKernel"/>); the values are the same bit for bit.
/// </summary>
public class Float64FinishFullKernelTests
{
    private const int N = 2_000, D = 6, K = 5, FinishIterations = 6;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void ALongFinishMovesToTheKernelOfEveryFormWithTheSameValues(CovarianceType type)
    {
        int warmUps = 0;
        var (moved, movedKernel) = Finish(type, pointsBeforeFullKernel: 2L * N, (_, _) => { warmUps++; return Task.FromResult(true); });
        var (kept, keptKernel) = Finish(type, pointsBeforeFullKernel: long.MaxValue, (_, _) => throw new InvalidOperationException("not to be started"));

        Assert.Equal(1, warmUps);
        Assert.False(movedKernel.MinimalVariants);
        Assert.True(keptKernel.MinimalVariants);
        Assert.Equal(kept.Iterations, moved.Iterations);
        Assert.Equal(kept.History, moved.History); // bit for bit: double equality
        Assert.Equal(kept.State.Weights, moved.State.Weights);
        Assert.Equal(kept.State.Means, moved.State.Means);
        Assert.Equal(kept.State.Covariances, moved.State.Covariances);
        Assert.Equal(kept.State.PrecisionsCholesky, moved.State.PrecisionsCholesky);
    }

    /// <summary>Before the threshold no warm-up starts and the kernel keeps one form per step.</summary>
    [Fact]
    public void AFinishUnderTheThresholdKeepsTheKernelOfOneForm()
    {
        int warmUps = 0;
        var (_, kernel) = Finish(CovarianceType.Diagonal, pointsBeforeFullKernel: (long)N * FinishIterations + 1, (_, _) => { warmUps++; return Task.FromResult(true); });

        Assert.Equal(0, warmUps);
        Assert.True(kernel.MinimalVariants);
    }

    /// <summary>While the warm-up has not completed, the finish keeps the compiled kernel of one form; the warm-up starts once.</summary>
    [Fact]
    public void TheMoveWaitsForTheWarmUp()
    {
        int warmUps = 0;
        var pending = new TaskCompletionSource<bool>();
        var (_, kernel) = Finish(CovarianceType.Spherical, pointsBeforeFullKernel: 0, (_, _) => { warmUps++; return pending.Task; });

        Assert.Equal(1, warmUps);
        Assert.True(kernel.MinimalVariants);
    }

    /// <summary>
    /// Initialisations that share one finish count their point-passes together: two finishes of two iterations pass the
    /// threshold of three in the second one's first iteration (counted per finish, neither would).
    /// </summary>
    [Fact]
    public void InitialisationsSharingAFinishCountTheirPointPassesTogether()
    {
        int warmUps = 0;
        var (_, kernel) = Finish(CovarianceType.Diagonal, pointsBeforeFullKernel: 3L * N, (_, _) => { warmUps++; return Task.FromResult(true); },
            finishIterations: 2, initialisations: 2);

        Assert.Equal(1, warmUps);
        Assert.False(kernel.MinimalVariants);
    }

    /// <summary>
    /// Without a test's warm-up the finish starts the provider's warm-up of the float64 kernel of the fit's shape once it
    /// passes its threshold (here at once), and none below it.
    /// </summary>
    [Theory]
    [InlineData(0L, true)]
    [InlineData(long.MaxValue, false)]
    public void TheDefaultWarmUpIsTheProvidersFloat64OneOfTheFitsShape(long pointsBeforeFullKernel, bool started)
    {
        using var float64WarmUp = new ManualResetEventSlim(false);
        var shapes = new System.Collections.Concurrent.ConcurrentQueue<CpuKernelWarmUp.Shape>();
        var provider = new CpuBackendProvider(2, shape =>
        {
            shapes.Enqueue(shape);
            if (shape.Precision == ComputePrecision.Double) float64WarmUp.Set();
        });
        var values = TestData.Blobs(N, D, 3, seed: 53);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(values), D);
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Spherical, Tolerance = 0, MaxIterations = 4 };
        var priors = BayesianPriors.Resolve(data, K, options.CovarianceType, null, null, null, null, null);
        var step = new VariationalStep(priors, options.WeightConcentrationPriorType, options.RegularizationCovariance);
        var model = TestData.StartingModel(options.CovarianceType, values, D, K, scale: 2);
        using var single = provider.Create<float>();
        var statistics = SufficientStatistics.For<float>(model);
        single.Accumulate(model, data, statistics);
        var warnings = new List<FitWarning>();
        var run = new EmRun<float, BayesianGaussianMixtureModel>(single, data, step, step.Initialize(statistics, new MaximizationContext(warnings, 0)), warnings, 0);
        run.Run(maxIterations: 1, tolerance: 0);

        using var finish = new Float64Finish(provider, () => new InMemoryDataSource<double>(values, D), pointsBeforeFullKernel);
        finish.Run(step, run, single, data, options, warnings, null, CancellationToken.None);

        Assert.Equal(started, float64WarmUp.Wait(started ? TimeSpan.FromSeconds(60) : TimeSpan.FromMilliseconds(200)));
        if (started)
            Assert.Contains(shapes, s => s is { Precision: ComputePrecision.Double, CovarianceType: CovarianceType.Spherical, Components: K, Dimension: D });
    }

    /// <summary>
    /// One float32 iteration from a fixed start, then the float64 finish with tolerance 0 (so it runs all its
    /// <see cref="FinishIterations"/> iterations): its outcome and the finish backend's last kernel.
    /// </summary>
    internal static (VariationalRunOutcome Outcome, CpuKernel<double> Kernel) Finish(CovarianceType type, long pointsBeforeFullKernel,
        Func<BayesianGaussianMixtureOptions, int, Task<bool>> warmUp, int finishIterations = FinishIterations, int initialisations = 1)
    {
        var values = TestData.Blobs(N, D, 3, seed: 47);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(values), D);
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = type, Tolerance = 0, MaxIterations = 1 + finishIterations };
        var priors = BayesianPriors.Resolve(data, K, type, null, null, null, null, null);
        var step = new VariationalStep(priors, options.WeightConcentrationPriorType, options.RegularizationCovariance);
        var model = TestData.StartingModel(type, values, D, K, scale: 2);
        using var single = CpuBackendProvider.Default.Create<float>();
        var statistics = SufficientStatistics.For<float>(model);
        single.Accumulate(model, data, statistics);
        var warnings = new List<FitWarning>();
        var start = step.Initialize(statistics, new MaximizationContext(warnings, 0));
        var run = new EmRun<float, BayesianGaussianMixtureModel>(single, data, step, start, warnings, 0);
        run.Run(maxIterations: 1, tolerance: 0);

        using var finish = new Float64Finish(CpuBackendProvider.Default, () => new InMemoryDataSource<double>(values, D), pointsBeforeFullKernel, warmUp);
        var outcome = finish.Run(step, run, single, data, options, warnings, null, CancellationToken.None);
        for (int i = 1; i < initialisations; i++) outcome = finish.Run(step, run, single, data, options, warnings, null, CancellationToken.None);
        var kernel = Assert.IsType<CpuEmBackend<double>>(finish.Backend).Kernel;
        Assert.NotNull(kernel);
        return (outcome, kernel);
    }
}
