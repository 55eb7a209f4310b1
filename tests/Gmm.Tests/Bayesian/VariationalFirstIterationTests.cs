using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// The variational fit, as the maximum-likelihood fit (<see cref="Cpu.FirstIterationTests"/>), waits for the kernel
/// warm-up it started before each initialisation's first iteration (<see cref="FirstIteration.Ready"/>) instead of
/// compiling beside it; the wait is cancellable. Its float64 finish waits for its own warm-up
/// (<see cref="Float32ConvergenceTests"/>).
/// </summary>
public class VariationalFirstIterationTests
{
    private const int N = 600, D = 5, K = 6;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AVariationalFitWaitsForItsWarmUpBeforeItsFirstIteration(CovarianceType type)
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 2, Tolerance = 0 };
        Assert.Equal(1, FinishedAtFirstReport(options));
    }

    /// <summary>A float64 fit from a given starting posterior (the benchmark's path: no initialisation to overlap the warm-up).</summary>
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AFloat64FitFromAGivenPosteriorWaitsForItsWarmUp(CovarianceType type)
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 2, Tolerance = 0, Precision = ComputePrecision.Double };
        var start = new BayesianGaussianMixture(options, new CpuBackendProvider(2, _ => { })).Fit(Points(), D).Model;
        Assert.Equal(1, FinishedAtFirstReport(options with { InitialModel = start }));
    }

    /// <summary>As <see cref="Cpu.FirstIterationTests.AFitCancelledWhileItWaitsForItsWarmUpStops"/>.</summary>
    [Fact]
    public void AVariationalFitCancelledWhileItWaitsForItsWarmUpStops()
    {
        var warmUp = new HeldWarmUp();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var provider = new CpuBackendProvider(2, shape => warmUp.Run(shape, TimeSpan.FromMinutes(2)));
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Diagonal, MaxIterations = 2 };
        try
        {
            Assert.ThrowsAny<OperationCanceledException>(() => new BayesianGaussianMixture(options, provider).Fit(Points(), D, cancellationToken: cancellation.Token));
            Assert.False(warmUp.Finished);
        }
        finally
        {
            warmUp.Release();
        }
    }

    /// <summary>
    /// Fits with a held warm-up (<see cref="HeldWarmUp"/>: released by the first progress report) and returns whether it
    /// had finished when the first progress report came: 1 if so, 0 if not.
    /// </summary>
    private static int FinishedAtFirstReport(BayesianGaussianMixtureOptions options)
    {
        var warmUp = new HeldWarmUp();
        int finishedAtFirstReport = -1;
        try
        {
            new BayesianGaussianMixture(options, new CpuBackendProvider(2, warmUp.Run)).Fit(Points(), D, progress: new ImmediateProgress(_ =>
            {
                if (finishedAtFirstReport < 0) finishedAtFirstReport = warmUp.Finished ? 1 : 0;
                warmUp.Release();
            }));
        }
        finally
        {
            warmUp.Release();
        }
        return finishedAtFirstReport;
    }

    private static double[] Points() => TestData.Blobs(N, D, 3, seed: 4);
}
