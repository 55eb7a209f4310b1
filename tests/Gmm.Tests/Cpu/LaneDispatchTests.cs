using System.Collections.Concurrent;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The CPU backend's lane dispatcher: every lane runs once per call, on as many threads as lanes when lanes must run
/// together (more lanes than cores included), lane exceptions reach the caller, the workers are background threads that
/// are reused across calls, exit when idle or disposed, and come back on the next call; and the backend's statistics
/// are exactly the per-lane sums added in lane order.
/// </summary>
public class LaneDispatchTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void EveryLaneRunsOncePerCallAcrossManyCalls(int lanes)
    {
        using var dispatch = new LaneDispatch(lanes);
        var runs = new int[lanes];
        for (int call = 0; call < 2_000; call++)
        {
            dispatch.Run(l => Interlocked.Increment(ref runs[l]));
            Assert.All(runs, r => Assert.Equal(call + 1, r));
        }
    }

    [Fact]
    public void MoreLanesThanCoresRunTogetherOnBackgroundThreadsThatAreReused()
    {
        int lanes = Environment.ProcessorCount * 2 + 1;
        // Workers that never exit idle: with the default 2 s, a loaded machine that holds this thread that long between
        // two calls would let a worker exit and the next call start another, and "the same workers" would not hold.
        using var dispatch = new LaneDispatch(lanes, idleExit: HangGuard);
        var caller = Environment.CurrentManagedThreadId;
        var threadsSeen = new ConcurrentDictionary<int, bool>();
        for (int call = 0; call < 3; call++)
        {
            // Every lane waits for all the others: this returns only if each lane has a thread of its own.
            using var barrier = new Barrier(lanes);
            var met = new bool[lanes];
            var threads = new int[lanes];
            dispatch.Run(l =>
            {
                threads[l] = Environment.CurrentManagedThreadId;
                if (threads[l] != caller) Assert.True(Thread.CurrentThread.IsBackground);
                met[l] = barrier.SignalAndWait(HangGuard);
            });
            Assert.All(met, Assert.True);
            Assert.Equal(lanes, threads.Distinct().Count());
            Assert.Contains(caller, threads);
            foreach (var t in threads) threadsSeen[t] = true;
        }
        Assert.Equal(lanes, threadsSeen.Count); // the same workers served every call
        Assert.Equal(lanes - 1, dispatch.LiveWorkers);
        Assert.Equal(lanes - 1, dispatch.WorkersStarted);
    }

    [Fact]
    public void LaneExceptionsReachTheCallerAfterTheOtherLanesRanAndTheDispatcherStaysUsable()
    {
        using var dispatch = new LaneDispatch(4);
        var ran = new int[4];
        var error = Assert.Throws<AggregateException>(() => dispatch.Run(l =>
        {
            Interlocked.Increment(ref ran[l]);
            if (l % 2 == 1) throw new InvalidOperationException($"lane {l}");
        }));
        Assert.Equal(["lane 1", "lane 3"], error.InnerExceptions.Select(e => e.Message).Order());
        Assert.All(error.InnerExceptions, e => Assert.IsType<InvalidOperationException>(e));
        Assert.All(ran, r => Assert.Equal(1, r));

        dispatch.Run(l => Interlocked.Increment(ref ran[l]));
        Assert.All(ran, r => Assert.Equal(2, r));

        using var single = new LaneDispatch(1);
        var inner = Assert.Throws<AggregateException>(() => single.Run(_ => throw new ArgumentException("one lane"))).InnerException;
        Assert.Equal("one lane", Assert.IsType<ArgumentException>(inner).Message);
    }

    [Fact]
    public void IdleWorkersExitAndTheNextCallStartsThemAgain()
    {
        using var dispatch = new LaneDispatch(3, idleExit: TimeSpan.FromMilliseconds(20));
        Assert.Equal(0, dispatch.LiveWorkers); // nothing starts before the first call
        var runs = new int[3];
        dispatch.Run(l => Interlocked.Increment(ref runs[l]));
        Assert.True(SpinWait.SpinUntil(() => dispatch.LiveWorkers == 0, HangGuard));

        using var barrier = new Barrier(3);
        var met = new bool[3];
        dispatch.Run(l =>
        {
            Interlocked.Increment(ref runs[l]);
            met[l] = barrier.SignalAndWait(HangGuard);
        });
        Assert.All(met, Assert.True);
        Assert.All(runs, r => Assert.Equal(2, r));
        Assert.Equal(4, dispatch.WorkersStarted); // two workers, exited idle, then two new ones
    }

    [Fact]
    public void DisposeStopsTheWorkersAndLaterCallsAreRefused()
    {
        var dispatch = new LaneDispatch(3);
        dispatch.Run(_ => { });
        dispatch.Dispose();
        Assert.True(SpinWait.SpinUntil(() => dispatch.LiveWorkers == 0, HangGuard));
        Assert.Throws<ObjectDisposedException>(() => dispatch.Run(_ => { }));
        dispatch.Dispose();
        Assert.Throws<ArgumentOutOfRangeException>("laneCount", () => new LaneDispatch(0));
        Assert.Throws<ArgumentOutOfRangeException>("idleExit", () => new LaneDispatch(2, TimeSpan.Zero));
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void BackendStatisticsAreThePerLaneSumsAddedInLaneOrder(CovarianceType type)
    {
        const int n = 1_000, d = 6, k = 5, lanes = 7; // one chunk: lanes of ⌈1000 / 7⌉ = 143 points, the last 142
        var raw = TestData.Blobs(n, d, 4, seed: 23, offset: 50);
        var values = TestData.ToFloat(raw);
        var weights = Enumerable.Range(0, n).Select(i => (float)(0.5 + i % 3)).ToArray();
        var model = TestData.StartingModel(type, raw, d, k, scale: 2);

        var expected = SufficientStatistics.For<float>(model);
        using (var one = new CpuEmBackend<float>(threads: 1))
            for (int l = 0, per = (n + lanes - 1) / lanes; l < lanes; l++)
            {
                int start = l * per, count = Math.Min(n, start + per) - start;
                var part = SufficientStatistics.For<float>(model);
                one.Accumulate(model, new InMemoryDataSource<float>(values.AsSpan(start * d, count * d).ToArray(), d,
                    weights.AsSpan(start, count).ToArray()), part);
                expected.Add(part);
            }

        using var backend = new CpuEmBackend<float>(threads: lanes);
        var data = new InMemoryDataSource<float>(values, d, weights);
        for (int call = 0; call < 3; call++)
        {
            var actual = SufficientStatistics.For<float>(model);
            backend.Accumulate(model, data, actual);
            Assert.Equal(expected.ZerothOrder, actual.ZerothOrder);
            Assert.Equal(expected.FirstOrder, actual.FirstOrder);
            Assert.Equal(expected.SecondOrder, actual.SecondOrder);
            Assert.Equal(expected.LogLikelihood, actual.LogLikelihood);
            Assert.Equal(expected.WeightSum, actual.WeightSum);
            Assert.Equal(expected.PointCount, actual.PointCount);
        }
    }
}
