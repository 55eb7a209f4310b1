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

    [Fact]
    public void AVariationalFitCancelledWhileItWaitsForItsWarmUpStops()
    {
        using var release = new ManualResetEventSlim(false);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var provider = new CpuBackendProvider(2, _ => release.Wait(TimeSpan.FromMinutes(2)));
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Diagonal, MaxIterations = 2 };
        try
        {
            Assert.ThrowsAny<OperationCanceledException>(() => new BayesianGaussianMixture(options, provider).Fit(Points(), D, cancellationToken: cancellation.Token));
        }
        finally
        {
            release.Set();
        }
    }

    /// <summary>
    /// Fits with a warm-up that takes 300 ms (far longer than this small fit takes to reach its first iteration) and
    /// returns whether it had finished when the first progress report came: 1 if so, 0 if not.
    /// </summary>
    private static int FinishedAtFirstReport(BayesianGaussianMixtureOptions options)
    {
        int finished = 0, finishedAtFirstReport = -1;
        var provider = new CpuBackendProvider(2, _ =>
        {
            Thread.Sleep(300);
            Volatile.Write(ref finished, 1);
        });
        new BayesianGaussianMixture(options, provider).Fit(Points(), D,
            progress: new ImmediateProgress(_ => { if (finishedAtFirstReport < 0) finishedAtFirstReport = Volatile.Read(ref finished); }));
        return finishedAtFirstReport;
    }

    private static double[] Points() => TestData.Blobs(N, D, 3, seed: 4);
}
