using System.Runtime;
using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>
/// The k-means start's warm-up (<see cref="CpuKernelWarmUp.RunKMeansOnSyntheticPoints{T}"/>): it runs for every
/// covariance type and float type, leaves the fit's k-means start nothing to compile on the fit's thread, changes no
/// start even while it runs beside it, and is started once per float type and never for models too large to pay.
/// </summary>
public class KMeansWarmUpTests
{
    private static CpuKernelWarmUp.Shape Shape(CovarianceType type, int k, int d, ComputePrecision precision) =>
        new(type, k, d, precision, CpuBackendProvider.RegisterBits, 1);

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public void TheSyntheticStartKeepsEveryComponent(CovarianceType type, ComputePrecision precision)
    {
        var shape = Shape(type, 64, 39, precision);
        var model = precision == ComputePrecision.Single
            ? CpuKernelWarmUp.RunKMeansOnSyntheticPoints<float>(shape)
            : CpuKernelWarmUp.RunKMeansOnSyntheticPoints<double>(shape);
        Assert.Equal(64, model.ComponentCount);
        Assert.Equal(39, model.Dimension);
        Assert.Equal(type, model.CovarianceType);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AfterTheWarmUpTheKMeansStartCompilesNothingOnTheFitsThread(CovarianceType type)
    {
        // A small k: the start's tier-0 loops stay under the count at which the JIT replaces a running loop (on-stack
        // replacement, a compilation the fit's thread would make whether warmed or not).
        const int k = 5, d = 6;
        var shape = Shape(type, k, d, ComputePrecision.Single);
        var warmUp = new Thread(() => CpuKernelWarmUp.RunKMeansOnSyntheticPoints<float>(shape));
        warmUp.Start();
        warmUp.Join();

        var data = new InMemoryDataSource<float>(TestData.ToFloat(TestData.Blobs(3_000, d, 4, seed: 8)), d);
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        Initializer.Initialize(data, k, type, InitializationMethod.KMeans, new MaximumLikelihoodStep(1e-6), new Random(4),
            new MaximizationContext(new List<FitWarning>(), 0));
        Assert.Equal(0, JitInfo.GetCompiledMethodCount(currentThread: true) - before);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void TheWarmUpLeavesTheStartBitForBitUnchanged(CovarianceType type)
    {
        const int k = 12, d = 9;
        var values = TestData.ToFloat(TestData.Blobs(5_000, d, 6, seed: 2));
        GaussianMixtureModel Start() => Initializer.Initialize(new InMemoryDataSource<float>(values, d), k, type, InitializationMethod.KMeans,
            new MaximumLikelihoodStep(1e-6), new Random(17), new MaximizationContext(new List<FitWarning>(), 0));
        var alone = Start();
        var warmUp = new Thread(() => CpuKernelWarmUp.RunKMeansOnSyntheticPoints<float>(Shape(type, k, d, ComputePrecision.Single)));
        warmUp.Start();
        var beside = Start();
        warmUp.Join();
        Assert.Equal(alone.WeightsArray, beside.WeightsArray);
        Assert.Equal(alone.MeansArray, beside.MeansArray);
        Assert.Equal(alone.CovariancesArray, beside.CovariancesArray);
    }

    [Fact]
    public async Task OnePerFloatTypeAndNoneForLargeModels()
    {
        var shape = Shape(CovarianceType.Spherical, 7, 3, ComputePrecision.Double);
        var first = CpuKernelWarmUp.StartKMeans(shape);
        Assert.Same(first, CpuKernelWarmUp.StartKMeans(shape));
        Assert.Same(first, CpuKernelWarmUp.StartKMeans(Shape(CovarianceType.Full, 30, 8, ComputePrecision.Double)));
        Assert.NotSame(first, CpuKernelWarmUp.StartKMeans(Shape(CovarianceType.Spherical, 7, 3, ComputePrecision.Single)));
        Assert.NotSame(first, CpuKernelWarmUp.Start(shape));
        Assert.True(await first.WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.False(await CpuKernelWarmUp.StartKMeans(Shape(CovarianceType.Diagonal, CpuKernelWarmUp.MaximumKMeansComponents + 1, 2, ComputePrecision.Single)));
        Assert.False(await CpuKernelWarmUp.StartKMeans(Shape(CovarianceType.Diagonal, 64, (int)(CpuKernelWarmUp.MaximumKMeansValues / 64) + 1, ComputePrecision.Single)));
    }
}
