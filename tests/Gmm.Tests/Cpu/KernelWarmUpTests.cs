using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The CPU kernel warm-up (<see cref="CpuKernelWarmUp"/>): it runs the kernel the fit will run (same instantiation,
/// asked for with the fit's own shape), and nothing it does, fails or not, changes a fit's results.
/// </summary>
public class KernelWarmUpTests
{
    private const int N = 600, D = 7, K = 20;

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public void TheWarmUpRunsTheKernelOfTheFitsBackend(CovarianceType type, ComputePrecision precision)
    {
        var provider = new CpuBackendProvider(threads: 2);
        var shape = new CpuKernelWarmUp.Shape(type, K, D, precision, CpuBackendProvider.RegisterBits, provider.Threads);
        if (precision == ComputePrecision.Single) Assert.Equal(FitKernelType<float>(provider, type), CpuKernelWarmUp.RunOnSyntheticPoints<float>(shape));
        else Assert.Equal(FitKernelType<double>(provider, type), CpuKernelWarmUp.RunOnSyntheticPoints<double>(shape));
    }

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public async Task AFitAsksForItsOwnShape(CovarianceType type, ComputePrecision precision)
    {
        var asked = new TaskCompletionSource<CpuKernelWarmUp.Shape>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new CpuBackendProvider(3, shape => asked.TrySetResult(shape));
        new GaussianMixture(new GaussianMixtureOptions { ComponentCount = K, CovarianceType = type, Precision = precision, MaxIterations = 2 }, provider)
            .Fit(Points(), D);
        Assert.Equal(new CpuKernelWarmUp.Shape(type, K, D, precision, CpuBackendProvider.RegisterBits, 3), await Wait(asked.Task));
    }

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public async Task AVariationalFitAsksForItsOwnShape(CovarianceType type, ComputePrecision precision)
    {
        var asked = new TaskCompletionSource<CpuKernelWarmUp.Shape>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new CpuBackendProvider(1, shape => asked.TrySetResult(shape));
        new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = type, Precision = precision, MaxIterations = 2 }, provider)
            .Fit(Points(), D);
        Assert.Equal(new CpuKernelWarmUp.Shape(type, K, D, precision, CpuBackendProvider.RegisterBits, 1), await Wait(asked.Task));
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public async Task AFailingOrConcurrentWarmUpLeavesTheFitBitForBitUnchanged(CovarianceType type)
    {
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 5, Tolerance = 0 };
        var failed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var none = new GaussianMixture(options, new CpuBackendProvider(2, _ => { })).Fit(Points(), D);
        var failing = new GaussianMixture(options, new CpuBackendProvider(2, _ =>
        {
            failed.TrySetResult(true);
            throw new InvalidOperationException("the warm-up failed");
        })).Fit(Points(), D);
        var real = new GaussianMixture(options, new CpuBackendProvider(2)).Fit(Points(), D);

        Assert.True(await Wait(failed.Task));
        foreach (var result in new[] { failing, real })
        {
            Assert.Equal(none.LowerBound, result.LowerBound);
            Assert.Equal(none.Model.Weights, result.Model.Weights);
            Assert.Equal(none.Model.Means, result.Model.Means);
            Assert.Equal(none.Model.Covariances, result.Model.Covariances);
            Assert.Equal(none.Warnings.Select(w => w.Message), result.Warnings.Select(w => w.Message));
        }
    }

    [Fact]
    public async Task AFailureCompletesTheWarmUpWithFalseAndDoesNotFault()
    {
        var shape = new CpuKernelWarmUp.Shape(CovarianceType.Diagonal, K, D, ComputePrecision.Single, CpuBackendProvider.RegisterBits, 1);
        var task = CpuKernelWarmUp.Launch(shape, _ => throw new OutOfMemoryException("no memory for the warm-up"));
        Assert.False(await Wait(task));
        Assert.Equal(TaskStatus.RanToCompletion, task.Status);
    }

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public async Task TheRealWarmUpRunsTheKernel(CovarianceType type, ComputePrecision precision) =>
        Assert.True(await Wait(new CpuBackendProvider(threads: 2).WarmUp(type, 3, 5, precision)));

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public async Task AVariationalFitJoinsTheVariationalRequest(CovarianceType type, ComputePrecision precision)
    {
        var provider = new CpuBackendProvider(threads: 2);
        // The fit's own request joins the tool's. Other tests' fits, running beside this one, may fill the process-wide
        // list of started shapes and clear it between the two calls (a fresh warm-up then starts): take the pair again,
        // a few times at most, so that only a request that never joins fails.
        Task<bool> requested, joined;
        int attempts = 0;
        do
        {
            requested = provider.WarmUpVariational(type, 4, 6, precision);
            joined = provider.StartWarmUp(type, 4, 6, precision, variational: true);
        }
        while (!ReferenceEquals(requested, joined) && ++attempts < 3);
        Assert.Same(requested, joined);
        Assert.True(await Wait(requested));
        Assert.Throws<ArgumentOutOfRangeException>("components", () => { _ = provider.WarmUpVariational(type, 0, 6, precision); });
    }

    [Fact]
    public async Task AModelTooLargeToBuildCheaplyIsNotWarmed()
    {
        var task = new CpuBackendProvider(threads: 1, _ => throw new InvalidOperationException("must not run")).WarmUp(CovarianceType.Full, 512, 64, ComputePrecision.Single);
        Assert.Equal(TaskStatus.RanToCompletion, task.Status); // decided at once, nothing started
        Assert.False(await task);
        Assert.True(await Wait(new CpuBackendProvider(threads: 1, _ => { }).WarmUp(CovarianceType.Spherical, 512, 64, ComputePrecision.Single)));
    }

    [Fact]
    public void BadArgumentsAreRefusedByName()
    {
        var provider = new CpuBackendProvider();
        Assert.Throws<ArgumentOutOfRangeException>("components", WarmUp(provider, CovarianceType.Full, 0, 3, ComputePrecision.Single));
        Assert.Throws<ArgumentOutOfRangeException>("dimension", WarmUp(provider, CovarianceType.Full, 2, 0, ComputePrecision.Single));
        Assert.Throws<ArgumentOutOfRangeException>("covarianceType", WarmUp(provider, (CovarianceType)99, 2, 3, ComputePrecision.Single));
        Assert.Throws<ArgumentOutOfRangeException>("precision", WarmUp(provider, CovarianceType.Full, 2, 3, (ComputePrecision)7));
    }

    /// <summary>The kernel type a backend of <paramref name="provider"/> builds for a real K × D model of <paramref name="type"/>.</summary>
    private static Type? FitKernelType<T>(CpuBackendProvider provider, CovarianceType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = Points();
        var model = TestData.StartingModel(type, values, D, K);
        using var backend = (CpuEmBackend<T>)provider.Create<T>();
        backend.Accumulate(model, new InMemoryDataSource<T>(Array.ConvertAll(values, T.CreateTruncating), D), SufficientStatistics.For<T>(model));
        return backend.KernelType;
    }

    /// <summary>The call whose argument checks are tested (they throw before any task exists).</summary>
    private static Action WarmUp(CpuBackendProvider provider, CovarianceType type, int k, int d, ComputePrecision precision) =>
        () => provider.WarmUp(type, k, d, precision);

    private static double[] Points() => TestData.Blobs(N, D, 4, seed: 3);

    private static Task<TResult> Wait<TResult>(Task<TResult> task) => task.WaitAsync(TimeSpan.FromMinutes(2));
}
