using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// What a variational iteration no longer allocates: the CPU run reuses one statistics object (as the
/// maximum-likelihood run does) and fits bit for bit what new statistics every iteration fit, a posterior the caller
/// kept is never changed by later iterations, and a posterior's E-step model shares its point estimate's arrays and
/// factors instead of copying and factoring them again.
/// </summary>
public class VariationalReuseTests
{
    private const int D = 3, K = 4;

    private static readonly double[] Data = TestData.Blobs(300, D, 3, seed: 5, offset: 20);

    [Theory]
    [MemberData(nameof(TestData.TypesInBothPrecisions), MemberType = typeof(TestData))]
    public void TheCpuVariationalRunReusesOneObjectAndFitsTheSame(CovarianceType type, bool single)
    {
        foreach (var prior in new[] { WeightConcentrationPriorType.DirichletProcess, WeightConcentrationPriorType.DirichletDistribution })
        {
            if (single) Check(new InMemoryDataSource<float>(TestData.ToFloat(Data), D), type, prior);
            else Check(new InMemoryDataSource<double>(Data, D), type, prior);
        }
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void AKeptPosteriorIsNotChangedByLaterIterations(CovarianceType type)
    {
        var source = new InMemoryDataSource<double>(Data, D);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var (step, start) = Start(source, backend, type, WeightConcentrationPriorType.DirichletProcess);
        var run = new EmRun<double, BayesianGaussianMixtureModel>(backend, source, step, start);
        run.Run(2, 0);
        var kept = run.State;
        var before = Snapshot(kept);
        var statistics = run.ReusedStatistics;
        Assert.NotNull(statistics);
        var statisticsBefore = Bits([.. statistics.ZerothOrder, .. statistics.FirstOrder, .. statistics.SecondOrder]);
        run.Run(4, 0);
        Assert.NotSame(kept, run.State);
        Assert.Equal(before, Snapshot(kept));
        // The reused statistics did change (they are the last iteration's), so the kept posterior holds none of them.
        Assert.NotEqual(statisticsBefore, Bits([.. statistics.ZerothOrder, .. statistics.FirstOrder, .. statistics.SecondOrder]));
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void TheExpectationModelSharesThePointEstimateAndEqualsANewModel(CovarianceType type)
    {
        var source = new InMemoryDataSource<double>(Data, D);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var (_, posterior) = Start(source, backend, type, WeightConcentrationPriorType.DirichletProcess);
        var point = posterior.PointEstimate;
        var expectation = posterior.ExpectationModel;
        Assert.Same(point.MeansArray, expectation.MeansArray);
        Assert.Same(point.CovariancesArray, expectation.CovariancesArray);
        Assert.Same(point.PrecisionsCholeskyArray, expectation.PrecisionsCholeskyArray);
        Assert.Same(point.LogDetArray, expectation.LogDetArray);

        // What the public constructor makes of the same parameters: the same factors and constants, to the bit.
        var rebuilt = new GaussianMixtureModel(type, [.. expectation.Weights], [.. point.Means], [.. point.Covariances]);
        Assert.Equal(Bits([.. rebuilt.PrecisionsCholesky]), Bits([.. expectation.PrecisionsCholesky]));
        Assert.Equal(Bits([.. rebuilt.LogDeterminantsOfPrecisionCholesky]), Bits([.. expectation.LogDeterminantsOfPrecisionCholesky]));
        Assert.Equal(Bits(rebuilt.LogDensityConstants.ToArray()), Bits(expectation.LogDensityConstants.ToArray()));
    }

    /// <summary>
    /// Six iterations of the run on <paramref name="source"/> against the same iterations with new statistics every
    /// time (the step's own loop, outside EmRun): the same posteriors and bounds, to the bit.
    /// </summary>
    private static void Check<T>(InMemoryDataSource<T> source, CovarianceType type, WeightConcentrationPriorType prior)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var backend = CpuBackendProvider.Default.Create<T>();
        var (step, start) = Start(source, backend, type, prior);
        var run = new EmRun<T, BayesianGaussianMixtureModel>(backend, source, step, start);
        run.Step();
        var reused = run.ReusedStatistics;
        Assert.NotNull(reused);
        run.Run(5, 0);
        Assert.Same(reused, run.ReusedStatistics);

        var state = start;
        var bounds = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            var model = step.ExpectationModel(state);
            var statistics = SufficientStatistics.For<T>(model);
            backend.Accumulate(model, source, statistics);
            var result = step.Maximize(statistics, state, new MaximizationContext(new List<FitWarning>()));
            state = result.State;
            bounds.Add(result.LowerBound);
        }
        Assert.Equal(Snapshot(state), Snapshot(run.State));
        Assert.Equal(Bits([.. bounds]), Bits([.. run.LowerBoundHistory]));
    }

    /// <summary>The variational step with priors from the data, and its starting posterior from a k-component model's responsibilities.</summary>
    private static (VariationalStep Step, BayesianGaussianMixtureModel Start) Start<T>(InMemoryDataSource<T> source, IEmBackend<T> backend,
        CovarianceType type, WeightConcentrationPriorType prior) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var priors = BayesianPriors.Resolve(source, K, type, null, null, null, null, null);
        var step = new VariationalStep(priors, prior, 1e-6);
        var model = TestData.StartingModel(type, Data, D, K);
        var statistics = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, source, statistics);
        return (step, step.Initialize(statistics, new MaximizationContext(new List<FitWarning>())));
    }

    /// <summary>Every parameter of <paramref name="posterior"/> and of its two mixtures, as bits.</summary>
    private static long[] Snapshot(BayesianGaussianMixtureModel posterior) => Bits(
    [
        .. posterior.WeightConcentration, .. posterior.WeightConcentrationRest, .. posterior.MeanPrecision, .. posterior.DegreesOfFreedom,
        .. posterior.Weights, .. posterior.Means, .. posterior.Covariances, .. posterior.PrecisionsCholesky, .. posterior.ExpectedLogWeights,
        .. posterior.ExpectationModel.Weights, .. posterior.ExpectationModel.Means, .. posterior.ExpectationModel.Covariances,
        .. posterior.ExpectationModel.PrecisionsCholesky, .. posterior.ExpectationModel.LogDensityConstants.ToArray(), posterior.LogNormalizer,
    ]);

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);
}
