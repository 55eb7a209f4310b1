using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The order of a fit's warm-ups: a kernel warm-up started behind another task (<see cref="CpuKernelWarmUp.Start"/>'s
/// <c>after</c>) runs only once that task has completed, however it completed; a fit that starts with k-means starts its
/// kernel warm-up behind its k-means warm-up, so that the two do not share the second core while the data is copied.
/// </summary>
public class WarmUpOrderTests
{
    [Fact]
    public async Task AWarmUpStartedBehindATaskRunsOnlyOnceItHasCompleted()
    {
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool gateCompletedWhenRun = false;
        var provider = new CpuBackendProvider(1, _ => gateCompletedWhenRun = gate.Task.IsCompleted);
        var warmUp = provider.StartWarmUp(CovarianceType.Diagonal, 3, 2, ComputePrecision.Single, after: gate.Task);
        Assert.False(warmUp.IsCompleted);
        gate.SetResult(true);
        Assert.True(await warmUp.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(gateCompletedWhenRun);
    }

    [Fact]
    public async Task AWarmUpStartedBehindAFailedTaskStillRuns()
    {
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool ran = false;
        var provider = new CpuBackendProvider(1, _ => ran = true);
        var warmUp = provider.StartWarmUp(CovarianceType.Spherical, 3, 2, ComputePrecision.Double, after: gate.Task);
        Assert.False(warmUp.IsCompleted);
        gate.SetException(new InvalidOperationException("the earlier warm-up failed"));
        Assert.True(await warmUp.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(ran);
    }

    [Fact]
    public async Task AFitThatStartsWithKMeansWarmsItsKernelUpAfterTheKMeansWarmUp()
    {
        const int k = 6, d = 5;
        var kmeansShape = new CpuKernelWarmUp.Shape(CovarianceType.Diagonal, k, d, ComputePrecision.Single, CpuBackendProvider.RegisterBits, 1);
        var kmeansDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new CpuBackendProvider(2, _ => kmeansDone.TrySetResult(CpuKernelWarmUp.StartKMeans(kmeansShape).IsCompleted));
        var points = TestData.ToFloat(TestData.Blobs(CpuKernelWarmUp.KMeansPoints + 100, d, 4, seed: 5));
        new GaussianMixture(new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Diagonal, MaxIterations = 2 }, provider)
            .Fit(points, d);
        Assert.True(await kmeansDone.Task.WaitAsync(TimeSpan.FromMinutes(2)));
    }
}
