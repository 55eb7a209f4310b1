using System.Text.Json;
using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// One step of the variational algorithm against scikit-learn's BayesianGaussianMixture (both weight priors × four
/// covariance types): the priors it sets from the data, the M-step from given responsibilities, the E-step's
/// responsibilities and scores, and the lower bound after one iteration — from the statistics as the fit computes it.
/// </summary>
public class VariationalStepTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in BayesianFixture.Names()) data.Add(name);
        return data;
    }

    [Fact]
    public void EveryPriorAndCovarianceTypeHasFixtures()
    {
        var names = BayesianFixture.Names().ToList();
        foreach (var dataset in new[] { "blobs", "iris", "offset", "weighted", "iris_priors" })
            foreach (var type in new[] { "full", "tied", "diag", "spherical" })
                foreach (var prior in new[] { "dp", "dd" })
                    Assert.Contains($"{dataset}_{type}_{prior}", names);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Priors_AreScikitLearns(string name)
    {
        var f = BayesianFixture.Load(name);
        var priors = Priors(f, f.Data<double>());
        Near.Equal(f.Priors.GetProperty("weight_concentration_prior").GetDouble(), priors.WeightConcentration, 1e-15, "weight_concentration_prior");
        Near.Equal(f.Priors.GetProperty("mean_precision_prior").GetDouble(), priors.MeanPrecision, 1e-15, "mean_precision_prior");
        Near.Equal(f.Priors.GetProperty("degrees_of_freedom_prior").GetDouble(), priors.DegreesOfFreedom, 1e-15, "degrees_of_freedom_prior");
        ArrayNear(BayesianFixture.Array(f.Priors, "mean_prior"), priors.Mean, 1e-13, "mean_prior");
        ArrayNear(BayesianFixture.Array(f.Priors, "covariance_prior"), priors.Covariance, 1e-12, "covariance_prior");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void MStep_FromResponsibilities_IsScikitLearns(string name)
    {
        var f = BayesianFixture.Load(name);
        var data = f.Data<double>();
        var step = new VariationalStep(Priors(f, data), f.PriorType, 1e-6);
        var context = new MaximizationContext(new List<FitWarning>());
        var initial = step.Initialize(FromResponsibilities(f, data, f.InitialResponsibilities), context);
        PosteriorNear(f, f.Initial, initial, 1e-10, "initial");
        var firstResponsibilities = f.FirstLogResponsibilities.Select(Math.Exp).ToArray();
        var first = step.Initialize(FromResponsibilities(f, data, firstResponsibilities), context);
        PosteriorNear(f, f.First, first, 1e-10, "first");
        Assert.Empty(context.Warnings);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EStep_AndQueries_AreScikitLearns(string name)
    {
        var f = BayesianFixture.Load(name);
        var initial = f.Posterior(f.Initial);
        var expectedFirst = f.FirstLogResponsibilities.Select(Math.Exp).ToArray();
        Near.Equal(expectedFirst, initial.PredictProbabilities<double>(f.X), 1e-10, 1, "first responsibilities");

        var fitted = f.Posterior(f.Expected);
        ArrayNear(f.ExpectedArray("weights"), fitted.Weights, 1e-13, "weights");
        ArrayNear(f.ExpectedArray("precisions_cholesky"), fitted.PrecisionsCholesky, 1e-12, "precisions_cholesky");
        ArrayNear(f.ExpectedArray("score_samples"), fitted.ScoreSamples<double>(f.X), 1e-12, "score_samples");
        Near.Equal(f.ExpectedArray("predict_proba"), fitted.PredictProbabilities<double>(f.X), 1e-10, 1, "predict_proba");
        Assert.Equal(f.ExpectedArray("predict").Select(v => (int)v), fitted.Predict<double>(f.X));
        double[] weights = f.SampleWeights ?? [];
        Near.Equal(f.Expected.GetProperty("score").GetDouble(), fitted.Score<double>(f.X, weights), 1e-12, "score");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void LowerBound_AfterOneIteration_IsScikitLearns(string name)
    {
        var f = BayesianFixture.Load(name);
        double expected = f.ExpectedArray("lower_bound_history")[0];
        Near.Equal(expected, VariationalLowerBound.Evaluate(f.Posterior(f.First), f.FirstEntropy()), 1e-11, "lower bound");
    }

    /// <summary>
    /// One iteration as the fit runs it: the CPU backend's E-step statistics under the starting posterior, then the
    /// variational M-step and the lower bound (with −Σ r log r from the statistics): 1e-8 relative in float64, 1e-4 in
    /// float32 (measured: ≤ 4e-6 on the lower bound).
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Iteration_FromTheBackendsStatistics_IsScikitLearns(string name)
    {
        var f = BayesianFixture.Load(name);
        double expected = f.ExpectedArray("lower_bound_history")[0];
        var step = new VariationalStep(Priors(f, f.Data<double>()), f.PriorType, 1e-6);
        var initial = f.Posterior(f.Initial);
        var inDouble = Iterate(step, initial, f.Data<double>());
        Near.Equal(expected, inDouble.LowerBound, 1e-8, "lower bound, float64");
        PosteriorNear(f, f.First, inDouble.State, 1e-8, "first, float64");
        var inSingle = Iterate(step, initial, f.Data<float>());
        Near.Equal(expected, inSingle.LowerBound, 1e-4, "lower bound, float32");
        PosteriorNear(f, f.First, inSingle.State, 1e-4, "first, float32");
    }

    private static MaximizationResult<BayesianGaussianMixtureModel> Iterate<T>(VariationalStep step, BayesianGaussianMixtureModel current, IDataSource<T> data)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var backend = CpuBackendProvider.Default.Create<T>();
        var model = step.ExpectationModel(current);
        var stats = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, data, stats);
        return step.Maximize(stats, current, new MaximizationContext(new List<FitWarning>()));
    }

    internal static BayesianPriors Priors<T>(BayesianFixture f, IDataSource<T> data) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var given = f.PriorsGiven;
        double? Scalar(string key) => given.TryGetProperty(key, out var v) ? v[0].GetDouble() : null;
        double[]? Vector(string key) => given.TryGetProperty(key, out _) ? BayesianFixture.Array(given, key) : null;
        return BayesianPriors.Resolve(data, f.ComponentCount, f.CovarianceType, Scalar("weight_concentration_prior"),
            Scalar("mean_precision_prior"), Vector("mean_prior"), Scalar("degrees_of_freedom_prior"), Vector("covariance_prior"));
    }

    private static SufficientStatistics FromResponsibilities(BayesianFixture f, IDataSource<double> data, double[] responsibilities)
    {
        int k = f.ComponentCount;
        var center = f.X.AsSpan(0, f.Dimension).ToArray(); // near the data: statistics about the origin would cancel on the offset set
        return ResponsibilityStatistics.Accumulate(data, k, f.CovarianceType, center,
            (index, _, resp) => responsibilities.AsSpan((int)index * k, k).CopyTo(resp));
    }

    internal static void PosteriorNear(BayesianFixture f, JsonElement expected, BayesianGaussianMixtureModel actual, double tolerance, string what)
    {
        ArrayNear(BayesianFixture.Array(expected, "weight_concentration"), actual.WeightConcentration, tolerance, what + " weight_concentration");
        if (f.PriorType == WeightConcentrationPriorType.DirichletProcess)
            ArrayNear(BayesianFixture.Array(expected, "weight_concentration_rest"), actual.WeightConcentrationRest, tolerance, what + " weight_concentration_rest");
        else
            Assert.Empty(actual.WeightConcentrationRest);
        ArrayNear(BayesianFixture.Array(expected, "mean_precision"), actual.MeanPrecision, tolerance, what + " mean_precision");
        ArrayNear(BayesianFixture.Array(expected, "means"), actual.Means, tolerance, what + " means");
        ArrayNear(BayesianFixture.Array(expected, "degrees_of_freedom"), actual.DegreesOfFreedom, tolerance, what + " degrees_of_freedom");
        ArrayNear(BayesianFixture.Array(expected, "covariances"), actual.Covariances, tolerance, what + " covariances");
        ArrayNear(BayesianFixture.Array(expected, "precisions_cholesky"), actual.PrecisionsCholesky, tolerance, what + " precisions_cholesky");
    }

    /// <summary>Relative agreement, with near-zero entries judged against the array's largest magnitude.</summary>
    internal static void ArrayNear(double[] expected, IReadOnlyList<double> actual, double tolerance, string what) =>
        Near.Equal(expected, actual, tolerance, expected.Max(Math.Abs), what);
}
