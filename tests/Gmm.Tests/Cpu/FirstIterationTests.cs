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
        var warmUp = new HeldWarmUp();
        int finishedAtFirstReport = -1;
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 2, Tolerance = 0 };
        try
        {
            new GaussianMixture(options, new CpuBackendProvider(2, warmUp.Run)).Fit(Points(), D, progress: new ImmediateProgress(_ =>
            {
                if (finishedAtFirstReport < 0) finishedAtFirstReport = warmUp.Finished ? 1 : 0;
                warmUp.Release();
            }));
        }
        finally
        {
            warmUp.Release();
        }
        Assert.Equal(1, finishedAtFirstReport);
    }

    /// <summary>
    /// The wait itself, exactly: with a warm-up that has not finished, <see cref="FirstIteration.Ready"/> returns only
    /// through its cancellation (a cancelled token here), before making anything; with one that has finished it returns
    /// and makes the lanes, cancelled token or not.
    /// </summary>
    [Fact]
    public void ReadyReturnsOnlyOnceTheWarmUpHasFinishedAndItsWaitIsCancellable()
    {
        var model = TestData.StartingModel(CovarianceType.Diagonal, Points(), D, K);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var unfinished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var waiting = new CpuEmBackend<float>(3);
        Assert.ThrowsAny<OperationCanceledException>(() => FirstIteration.Ready(waiting, model, unfinished.Task, cancelled.Token));
        Assert.Equal(0, waiting.WorkersStarted);
        Assert.Null(waiting.KernelType);

        using var ready = new CpuEmBackend<float>(3);
        FirstIteration.Ready(ready, model, Task.FromResult(true), cancelled.Token);
        Assert.Equal(2, ready.WorkersStarted);
        Assert.NotNull(ready.KernelType);
    }

    /// <summary>
    /// The fit passes its cancellation to that wait: cancelled while its warm-up is held (for up to two minutes), it
    /// stops before the warm-up has finished. A wait that ignored the token would return only once the warm-up had.
    /// </summary>
    [Fact]
    public void AFitCancelledWhileItWaitsForItsWarmUpStops()
    {
        var warmUp = new HeldWarmUp();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var provider = new CpuBackendProvider(2, shape => warmUp.Run(shape, TimeSpan.FromMinutes(2)));
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Diagonal, MaxIterations = 2 };
        try
        {
            Assert.ThrowsAny<OperationCanceledException>(() => new GaussianMixture(options, provider).Fit(Points(), D, cancellationToken: cancellation.Token));
            Assert.False(warmUp.Finished);
        }
        finally
        {
            warmUp.Release();
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
        Assert.Equal(lanes - 1, backend.WorkersStarted); // started, not alive: an idle worker exits after 2 s, which a loaded machine can take here
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
