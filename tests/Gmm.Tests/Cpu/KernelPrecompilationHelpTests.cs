using System.Collections.Concurrent;
using System.Reflection;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The warm-up's precompilation list shared with a thread that would otherwise wait (<see cref="KernelPrecompilation.WorkList"/>):
/// a helping thread compiles the methods the precompilation thread has not taken, each method is compiled once, and
/// the help stops when the awaited task completes or a compilation fails.
/// </summary>
public class KernelPrecompilationHelpTests
{
    private const int N = 600, D = 7, K = 20;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public async Task AWaitingThreadCompilesTheMethodsTheThreadHasNotTaken(CovarianceType type)
    {
        using var backend = Backend(type);
        var methods = backend.Kernel!.StatisticsMethods;
        Assert.True(methods.Count >= 3);
        int helper = Environment.CurrentManagedThreadId;
        using var gate = new ManualResetEventSlim();
        var byHelper = new ConcurrentQueue<MethodInfo>();
        var byThread = new ConcurrentQueue<MethodInfo>();
        var task = KernelPrecompilation.Start(backend.Kernel!, method =>
        {
            if (Environment.CurrentManagedThreadId == helper)
            {
                byHelper.Enqueue(method);
                if (byHelper.Count >= methods.Count - 1) gate.Set();
            }
            else
            {
                byThread.Enqueue(method);
                gate.Wait(TimeSpan.FromSeconds(5)); // holds the precompilation thread at its first method until the helper has the rest
            }
        }, out var list);

        list.HelpUntil(task, CancellationToken.None);

        Assert.Equal(methods.Count, await task.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(byHelper.Count >= methods.Count - 1, $"the waiting thread compiled {byHelper.Count} of {methods.Count} methods");
        Assert.Equal(methods.OrderBy(Name), byHelper.Concat(byThread).OrderBy(Name)); // every method once
        Assert.True(list.Taken);
    }

    [Fact]
    public async Task NoHelpOnceTheAwaitedTaskHasCompleted()
    {
        using var backend = Backend(CovarianceType.Diagonal);
        int helper = Environment.CurrentManagedThreadId, byHelper = 0;
        var task = KernelPrecompilation.Start(backend.Kernel!, _ =>
        {
            if (Environment.CurrentManagedThreadId == helper) Interlocked.Increment(ref byHelper);
        }, out var list);
        list.HelpUntil(Task.CompletedTask, CancellationToken.None);
        Assert.Equal(backend.Kernel!.StatisticsMethods.Count, await task.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(0, byHelper);
    }

    [Fact]
    public async Task AFailureOnTheHelpingThreadStopsBothAndCompletesWithMinusOne()
    {
        using var backend = Backend(CovarianceType.Full);
        int helper = Environment.CurrentManagedThreadId, calls = 0;
        using var gate = new ManualResetEventSlim();
        var task = KernelPrecompilation.Start(backend.Kernel!, _ =>
        {
            Interlocked.Increment(ref calls);
            if (Environment.CurrentManagedThreadId == helper)
            {
                gate.Set();
                throw new InvalidOperationException("the compilation failed");
            }
            gate.Wait(TimeSpan.FromSeconds(5));
        }, out var list);
        list.HelpUntil(new TaskCompletionSource().Task, CancellationToken.None); // returns at the failure, not at completion
        Assert.Equal(-1, await task.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(list.Taken);
        Assert.True(calls <= 2, $"{calls} compilations after a failure");
    }

    private static string Name(MethodInfo method) => method.DeclaringType + "::" + method.Name;

    private static CpuEmBackend<float> Backend(CovarianceType type)
    {
        var backend = (CpuEmBackend<float>)new CpuBackendProvider(threads: 2, _ => { }).Create<float>();
        backend.Ready(TestData.StartingModel(type, TestData.Blobs(N, D, 4, seed: 3), D, K));
        return backend;
    }
}
