using System.Numerics;
using System.Runtime;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The warm-up's EM iteration (<see cref="CpuKernelWarmUp.RunOnSyntheticPoints{T}"/> on <see cref="WarmUpProblem"/>):
/// its problem takes the paths of a real first iteration, it leaves the fit's first iteration nothing to compile, and
/// it changes no fit, maximum likelihood or variational (the variational warm-up runs the variational M-step).
/// </summary>
public class WarmUpIterationTests
{
    private const int N = 600, D = 7, K = 20;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void TheSyntheticProblemKeepsEveryComponentAndHasExactlyZeroResponsibilities(CovarianceType type)
    {
        var model = WarmUpProblem.Model(type, K, D);
        int n = CpuKernelWarmUp.RowsPerLane * 2;
        var points = WarmUpProblem.Points<float>(n, K, D);
        using var backend = new CpuEmBackend<float>(2);
        var logProbabilities = new double[n * K];
        backend.LogProbabilities(model, points, logProbabilities);
        int zero = 0, between = 0;
        for (int r = 0; r < n; r++)
        {
            var row = logProbabilities.AsSpan(r * K, K);
            double max = double.NegativeInfinity;
            foreach (double value in row) max = Math.Max(max, value);
            foreach (double value in row)
            {
                float responsibility = MathF.Exp((float)(value - max));
                if (responsibility == 0) zero++;
                else if (responsibility < 1) between++;
            }
        }
        Assert.True(zero > 0, "no responsibility is exactly 0: the kernels' skipped registers are not taken");
        Assert.True(between > 0, "no point is shared between components");

        var warnings = new List<FitWarning>();
        var run = new EmRun<float, GaussianMixtureModel>(backend, new InMemoryDataSource<float>(points, D), new MaximumLikelihoodStep(1e-6), model, warnings);
        run.Step();
        Assert.Equal(K, run.State.ComponentCount);
        Assert.Empty(warnings);
        Assert.True(double.IsFinite(run.LowerBound));
    }

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public async Task MoreComponentsThanSyntheticPointsStillWarmUp(CovarianceType type, ComputePrecision precision)
    {
        int k = 3 * CpuKernelWarmUp.RowsPerLane; // one lane: a third of the components get a point
        var shape = new CpuKernelWarmUp.Shape(type, k, 3, precision, CpuBackendProvider.RegisterBits, 1);
        Assert.True(await CpuKernelWarmUp.Launch(shape, CpuKernelWarmUp.RunOnSyntheticPoints).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(await CpuKernelWarmUp.Launch(shape, CpuKernelWarmUp.RunVariationalOnSyntheticPoints).WaitAsync(TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task TheVariationalWarmUpIsOneOfItsOwnPerShape()
    {
        var shape = new CpuKernelWarmUp.Shape(CovarianceType.Tied, 9, 5, ComputePrecision.Double, CpuBackendProvider.RegisterBits, 1);
        var maximumLikelihood = CpuKernelWarmUp.Start(shape);
        var variational = CpuKernelWarmUp.Start(shape, variational: true);
        Assert.NotSame(maximumLikelihood, variational);
        Assert.Same(variational, CpuKernelWarmUp.Start(shape, variational: true));
        Assert.Same(maximumLikelihood, CpuKernelWarmUp.Start(shape));
        Assert.True(await maximumLikelihood.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(await variational.WaitAsync(TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AfterTheWarmUpTheFitsIterationCompilesNothing(CovarianceType type)
    {
        // Three lanes, so that the warm-up, not another test, runs this backend. A small model: the loops of the M-step's
        // code, compiled here without ReadyToRun, stay under the count at which the JIT replaces a running tier-0 loop
        // (on-stack replacement, a compilation the fit's thread would make whether warmed or not).
        const int k = 5, d = 4, lanes = 3;
        var shape = new CpuKernelWarmUp.Shape(type, k, d, ComputePrecision.Single, CpuBackendProvider.RegisterBits, lanes);
        var warmUp = new Thread(() => CpuKernelWarmUp.RunOnSyntheticPoints<float>(shape));
        warmUp.Start();
        warmUp.Join();

        var values = TestData.ToFloat(TestData.Blobs(N, d, 4, seed: 5));
        var start = TestData.StartingModel(type, TestData.Blobs(N, d, 4, seed: 5), d, k);
        using var backend = new CpuEmBackend<float>(lanes);
        var run = new EmRun<float, GaussianMixtureModel>(backend, new InMemoryDataSource<float>(values, d), new MaximumLikelihoodStep(1e-6), start);
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        run.Step();
        Assert.Equal(0, JitInfo.GetCompiledMethodCount(currentThread: true) - before);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AfterTheVariationalWarmUpTheFitsIterationCompilesNothing(CovarianceType type)
    {
        // As above.
        const int k = 6, d = 4, lanes = 3;
        var shape = new CpuKernelWarmUp.Shape(type, k, d, ComputePrecision.Single, CpuBackendProvider.RegisterBits, lanes);
        var warmUp = new Thread(() => CpuKernelWarmUp.RunVariationalOnSyntheticPoints<float>(shape));
        warmUp.Start();
        warmUp.Join();

        var points = TestData.Blobs(N, d, 4, seed: 5);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(points), d);
        var model = TestData.StartingModel(type, points, d, k);
        using var backend = new CpuEmBackend<float>(lanes);
        var step = new VariationalStep(BayesianPriors.Resolve(data, k, type, null, null, null, null, null), WeightConcentrationPriorType.DirichletProcess, 1e-6);
        var statistics = SufficientStatistics.For<float>(model);
        backend.Accumulate(model, data, statistics);
        var run = new EmRun<float, BayesianGaussianMixtureModel>(backend, data, step, step.Initialize(statistics, new MaximizationContext(new List<FitWarning>(), 0)));
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        run.Step();
        Assert.Equal(0, JitInfo.GetCompiledMethodCount(currentThread: true) - before);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public async Task TheWarmUpLeavesAVariationalFitBitForBitUnchanged(CovarianceType type)
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 5, Tolerance = 0 };
        var values = TestData.Blobs(N, D, 4, seed: 3);
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var none = new BayesianGaussianMixture(options, new CpuBackendProvider(2, _ => { })).Fit(values, D);
        var concurrent = new BayesianGaussianMixture(options, new CpuBackendProvider(2, shape =>
        {
            CpuKernelWarmUp.RunVariationalOnSyntheticPoints(shape);
            ran.TrySetResult(true);
        })).Fit(values, D);
        var real = new BayesianGaussianMixture(options, new CpuBackendProvider(2)).Fit(values, D);

        Assert.True(await ran.Task.WaitAsync(TimeSpan.FromMinutes(2)));
        foreach (var result in new[] { concurrent, real })
        {
            Assert.Equal(none.LowerBound, result.LowerBound);
            Assert.Equal(none.Model.Weights, result.Model.Weights);
            Assert.Equal(none.Model.Means, result.Model.Means);
            Assert.Equal(none.Model.Covariances, result.Model.Covariances);
        }
    }
}
