using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// Whole variational fits against scikit-learn's BayesianGaussianMixture (both weight priors × four covariance types;
/// tests/fixtures/sklearn-bayes) from the same starting posterior: every fitted attribute, the lower-bound history,
/// score_samples (and predict_proba, absolutely) within 1e-8 relative in float64 and 1e-4 in float32, n_iter_ and converged_ equal —
/// on the CPU backend, streamed in small chunks, and on the GPU backend (ILGPU's CPU accelerator).
/// </summary>
public class BayesianReferenceTests
{
    public static TheoryData<string> Fixtures() => Select(_ => true);

    /// <summary>The small data sets (iris, 150 points; the weighted set, 90 distinct points), streamed in chunks of 7.</summary>
    public static TheoryData<string> SmallFixtures() => Select(name => name.StartsWith("weighted_", StringComparison.Ordinal) || name.StartsWith("iris_", StringComparison.Ordinal));

    /// <summary>One fixture per covariance type, both weight priors, on the weighted set (the ILGPU CPU accelerator is slow).</summary>
    public static TheoryData<string> GpuFixtures() => Select(name => name is "weighted_full_dd" or "weighted_tied_dd" or "weighted_diag_dp" or "weighted_spherical_dp");

    private static TheoryData<string> Select(Func<string, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var name in BayesianFixture.Names().Where(keep)) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Double_MatchesScikitLearn(string name) => Check(BayesianFixture.Load(name), ComputePrecision.Double, 1e-8, CpuBackendProvider.Default);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Single_MatchesScikitLearn(string name) => Check(BayesianFixture.Load(name), ComputePrecision.Single, 1e-4, CpuBackendProvider.Default);

    [Theory]
    [MemberData(nameof(SmallFixtures))]
    public void Single_Streamed_MatchesScikitLearn(string name) =>
        Check(BayesianFixture.Load(name), ComputePrecision.Single, 1e-4, CpuBackendProvider.Default, streamed: true);

    [Theory]
    [MemberData(nameof(GpuFixtures))]
    public void GpuBackend_Double_MatchesScikitLearn(string name) => Check(BayesianFixture.Load(name), ComputePrecision.Double, 1e-8, GpuTestData.Provider);

    [Theory]
    [MemberData(nameof(GpuFixtures))]
    public void GpuBackend_Single_MatchesScikitLearn(string name) => Check(BayesianFixture.Load(name), ComputePrecision.Single, 1e-4, GpuTestData.Provider);

    internal static BayesianGaussianMixtureOptions Options(BayesianFixture f, ComputePrecision precision)
    {
        var given = f.PriorsGiven;
        double? Scalar(string key) => given.TryGetProperty(key, out var v) ? v[0].GetDouble() : null;
        double[]? Vector(string key) => given.TryGetProperty(key, out _) ? BayesianFixture.Array(given, key) : null;
        return new BayesianGaussianMixtureOptions
        {
            ComponentCount = f.ComponentCount,
            CovarianceType = f.CovarianceType,
            WeightConcentrationPriorType = f.PriorType,
            WeightConcentrationPrior = Scalar("weight_concentration_prior"),
            MeanPrecisionPrior = Scalar("mean_precision_prior"),
            MeanPrior = Vector("mean_prior"),
            DegreesOfFreedomPrior = Scalar("degrees_of_freedom_prior"),
            CovariancePrior = Vector("covariance_prior"),
            Tolerance = f.Tolerance,
            MaxIterations = f.MaxIterations,
            RegularizationCovariance = 1e-6,
            Precision = precision,
            InitialModel = f.Posterior(f.Initial),
        };
    }

    private static void Check(BayesianFixture f, ComputePrecision precision, double tolerance, IEmBackendProvider backend, bool streamed = false)
    {
        var options = Options(f, precision);
        if (streamed) options = options with { InMemoryLimitBytes = 0 };
        var mixture = new BayesianGaussianMixture(options, backend);
        var result = precision == ComputePrecision.Double
            ? mixture.Fit(Source<double>(f, streamed))
            : mixture.Fit(Source<float>(f, streamed));
        var model = result.Model;
        var e = f.Expected;

        Assert.Equal(e.GetProperty("n_iter").GetInt32(), result.Iterations);
        Assert.Equal(e.GetProperty("converged").GetBoolean(), result.Converged);
        Near.Equal(e.GetProperty("lower_bound").GetDouble(), result.LowerBound, tolerance, "lower_bound");
        Near.Equal(f.ExpectedArray("lower_bound_history"), result.LowerBoundHistory, tolerance, 1, "lower_bound_history");
        VariationalStepTests.PosteriorNear(f, e, model, tolerance, "fitted");
        VariationalStepTests.ArrayNear(f.ExpectedArray("weights"), model.Weights, tolerance, "weights");
        VariationalStepTests.ArrayNear(f.ExpectedArray("score_samples"), model.ScoreSamples<double>(f.X), tolerance, "score_samples");
        Near.Equal(f.ExpectedArray("predict_proba"), model.PredictProbabilities<double>(f.X), tolerance, 1, "predict_proba"); // absolute: it holds exact zeros
        Near.Equal(e.GetProperty("score").GetDouble(), model.Score<double>(f.X, f.SampleWeights ?? []), tolerance, "score");
        var labels = f.ExpectedArray("predict");
        var predicted = model.Predict<double>(f.X);
        int agree = labels.Where((l, i) => (int)l == predicted[i]).Count();
        if (precision == ComputePrecision.Double) Assert.Equal(labels.Length, agree);
        else Assert.True(agree >= labels.Length - 1, $"{labels.Length - agree} labels differ");
    }

    private static IDataSource<T> Source<T>(BayesianFixture f, bool streamed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var source = f.Data<T>();
        return streamed ? new SmallChunkSource<T>(source, 7) : source;
    }
}
