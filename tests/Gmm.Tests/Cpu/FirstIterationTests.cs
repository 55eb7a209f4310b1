using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// What a fit does before its first EM iteration so that the iteration runs as a later one does: it waits for the
/// kernel warm-up it started (<see cref="CpuKernelWarmUp"/>) instead of compiling beside it, and the CPU backend makes
/// its kernel, lane buffers and lane threads ahead of it (<see cref="CpuEmBackend{T}.Ready"/>), with the same results.
/// </summary>
public class FirstIterationTests
{
    private const int N = 600, D = 5, K = 6;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AFitWaitsForItsWarmUpBeforeItsFirstIteration(CovarianceType type)
    {
        int finished = 0, finishedAtFirstReport = -1;
        var provider = new CpuBackendProvider(2, _ =>
        {
            Thread.Sleep(300); // far longer than this small fit takes to reach its first iteration
            Volatile.Write(ref finished, 1);
        });
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 2, Tolerance = 0 };
        new GaussianMixture(options, provider).Fit(Points(), D,
            progress: new ImmediateProgress(_ => { if (finishedAtFirstReport < 0) finishedAtFirstReport = Volatile.Read(ref finished); }));
        Assert.Equal(1, finishedAtFirstReport);
    }

    [Fact]
    public void AFitCancelledWhileItWaitsForItsWarmUpStops()
    {
        using var release = new ManualResetEventSlim(false);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var provider = new CpuBackendProvider(2, _ => release.Wait(TimeSpan.FromMinutes(2)));
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Diagonal, MaxIterations = 2 };
        try
        {
            Assert.ThrowsAny<OperationCanceledException>(() => new GaussianMixture(options, provider).Fit(Points(), D, cancellationToken: cancellation.Token));
        }
        finally
        {
            release.Set();
        }
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void ReadyMakesTheKernelLanesAndWorkersOfTheFirstAccumulateAndChangesNoStatistic(CovarianceType type)
    {
        const int k = 40, d = 24, lanes = 3; // lanes whose buffers are large beside what one accumulation allocates
        var points = TestData.Blobs(N, d, 4, seed: 7);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(points), d);
        var model = TestData.StartingModel(type, points, d, k);

        using var plain = new CpuEmBackend<float>(lanes);
        var expected = SufficientStatistics.For<float>(model);
        long before = GC.GetAllocatedBytesForCurrentThread();
        plain.Accumulate(model, data, expected);
        long unready = GC.GetAllocatedBytesForCurrentThread() - before;

        using var backend = new CpuEmBackend<float>(lanes);
        backend.Ready(model);
        Assert.Equal(lanes - 1, backend.LiveWorkers);
        var statistics = SufficientStatistics.For<float>(model);
        before = GC.GetAllocatedBytesForCurrentThread();
        backend.Accumulate(model, data, statistics);
        long ready = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(ready * 2 < unready, $"the first accumulation after Ready allocated {ready} bytes, one without {unready}: Ready did not make the kernel and lanes");
        Assert.Equal(expected.ZerothOrder, statistics.ZerothOrder);
        Assert.Equal(expected.FirstOrder, statistics.FirstOrder);
        Assert.Equal(expected.SecondOrder, statistics.SecondOrder);
        Assert.Equal(expected.LogLikelihood, statistics.LogLikelihood);
    }

    [Fact]
    public void ReadyForOneShapeThenAnAccumulationOfAnotherGivesTheOthersStatistics()
    {
        var points = TestData.Blobs(N, D, 4, seed: 8);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(points), D);
        var model = TestData.StartingModel(CovarianceType.Full, points, D, K);
        using var plain = new CpuEmBackend<float>(2);
        var expected = SufficientStatistics.For<float>(model);
        plain.Accumulate(model, data, expected);

        using var backend = new CpuEmBackend<float>(2);
        backend.Ready(TestData.StartingModel(CovarianceType.Diagonal, points, D, K + 3));
        var statistics = SufficientStatistics.For<float>(model);
        backend.Accumulate(model, data, statistics);
        Assert.Equal(expected.FirstOrder, statistics.FirstOrder);
        Assert.Equal(expected.SecondOrder, statistics.SecondOrder);
        Assert.Equal(expected.LogLikelihood, statistics.LogLikelihood);
    }

    private static double[] Points() => TestData.Blobs(N, D, 3, seed: 4);
}
