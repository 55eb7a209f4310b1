using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>
/// The maximum-likelihood run on the CPU backend reuses one statistics object for every iteration, reset in place to
/// exactly what a new one would be (the variational run too: VariationalReuseTests); other steps and backends get new
/// statistics every iteration.
/// </summary>
public class ReusedStatisticsTests
{
    private const int D = 3;

    private static readonly double[] Data = TestData.Blobs(240, D, 3, seed: 4);

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void ResetStatisticsEqualNewOnesBitForBit(CovarianceType type)
    {
        var first = TestData.StartingModel(type, Data, D, 3);
        var second = TestData.StartingModel(type, TestData.Blobs(90, D, 3, seed: 8, offset: 30), D, 3);
        foreach (var (reset, fresh) in new[]
                 {
                     (Reset<float>(first, second), SufficientStatistics.For<float>(second)),
                     (Reset<double>(first, second), SufficientStatistics.For<double>(second)),
                 })
        {
            Assert.Equal(Bits(fresh.Center.ToArray()), Bits(reset.Center.ToArray()));
            Assert.Equal(Bits(fresh.Reference.ToArray()), Bits(reset.Reference.ToArray()));
            Assert.All(reset.ZerothOrder.Concat(reset.FirstOrder).Concat(reset.SecondOrder), v => Assert.Equal(0.0, v));
            Assert.Equal((0.0, 0.0, 0L), (reset.LogLikelihood, reset.WeightSum, reset.PointCount));
        }
    }

    [Fact]
    public void AnotherShapeIsNotReset()
    {
        var statistics = SufficientStatistics.For<double>(TestData.StartingModel(CovarianceType.Full, Data, D, 3));
        statistics.ZerothOrder[0] = 5;
        Assert.False(statistics.TryResetFor<double>(TestData.StartingModel(CovarianceType.Full, Data, D, 2)));
        Assert.False(statistics.TryResetFor<double>(TestData.StartingModel(CovarianceType.Diagonal, Data, D, 3)));
        Assert.Equal(5, statistics.ZerothOrder[0]);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void TheCpuMaximumLikelihoodRunReusesOneObjectAndFitsTheSame(CovarianceType type)
    {
        var start = TestData.StartingModel(type, Data, D, 3);
        var source = new InMemoryDataSource<double>(Data, D);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, source, new MaximumLikelihoodStep(1e-6), start);
        run.Step();
        var reused = run.ReusedStatistics;
        Assert.NotNull(reused);
        run.Run(5, 0);
        Assert.Same(reused, run.ReusedStatistics);

        // The same iterations with new statistics every time (the step's own loop, outside EmRun) give the same model.
        var model = start;
        var step = new MaximumLikelihoodStep(1e-6);
        for (int i = 0; i < 6; i++)
        {
            var statistics = SufficientStatistics.For<double>(model);
            backend.Accumulate(model, source, statistics);
            model = step.Estimate(statistics, new MaximizationContext(new List<FitWarning>()));
        }
        Assert.Equal(Bits([.. model.Means]), Bits([.. run.State.Means]));
        Assert.Equal(Bits([.. model.Covariances]), Bits([.. run.State.Covariances]));
    }

    [Fact]
    public void OtherBackendsGetNewStatistics()
    {
        var start = TestData.StartingModel(CovarianceType.Full, Data, D, 3);
        using var inner = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(new Forwarding(inner), new InMemoryDataSource<double>(Data, D), new MaximumLikelihoodStep(1e-6), start);
        run.Run(2, 0);
        Assert.Null(run.ReusedStatistics);
    }

    [Fact]
    public void OtherStepsGetNewStatistics()
    {
        var start = TestData.StartingModel(CovarianceType.Full, Data, D, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, new InMemoryDataSource<double>(Data, D), new OwnStep(new MaximumLikelihoodStep(1e-6)), start);
        run.Run(2, 0);
        Assert.Null(run.ReusedStatistics);
    }

    private static SufficientStatistics Reset<T>(GaussianMixtureModel first, GaussianMixtureModel second) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var statistics = SufficientStatistics.For<T>(first);
        statistics.ZerothOrder[1] = 3;
        statistics.FirstOrder[2] = 4;
        statistics.SecondOrder[0] = 7;
        (statistics.LogLikelihood, statistics.WeightSum, statistics.PointCount) = (-1, 2, 3);
        Assert.True(statistics.TryResetFor<T>(second));
        return statistics;
    }

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);

    /// <summary>A step of the caller's own (it might keep the statistics it is given), here forwarding to maximum likelihood.</summary>
    private sealed class OwnStep(MaximumLikelihoodStep inner) : MaximizationStep<GaussianMixtureModel>
    {
        public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state) => inner.ExpectationModel(state);

        public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
            inner.Initialize(statistics, context);

        public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context) =>
            inner.Maximize(statistics, current, context);
    }

    /// <summary>A backend of the caller's own (it might keep the statistics it is given).</summary>
    private sealed class Forwarding(IEmBackend<double> inner) : IEmBackend<double>
    {
        public string Description => "forwarding";

        public void Accumulate(GaussianMixtureModel model, IDataSource<double> data, SufficientStatistics statistics) => inner.Accumulate(model, data, statistics);

        public void Dispose()
        {
        }
    }
}
