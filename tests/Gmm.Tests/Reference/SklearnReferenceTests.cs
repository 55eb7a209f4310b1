using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Reference;

/// <summary>
/// The same data, starting model and iterations as scikit-learn give the same parameters and scores:
/// float64 within 1e-8 relative, float32 within 1e-4 (relative to each array's scale).
/// </summary>
public class SklearnReferenceTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in SklearnFixture.Names()) data.Add(name);
        return data;
    }

    [Fact]
    public void EveryCovarianceTypeHasFixtures()
    {
        var names = SklearnFixture.Names().ToList();
        foreach (var type in new[] { "full", "tied", "diag", "spherical" })
            foreach (var dataset in new[] { "iris", "blobs", "offset" })
                Assert.Contains($"{dataset}_{type}", names);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Double_MatchesScikitLearn(string name) => Check(SklearnFixture.Load(name), ComputePrecision.Double, 1e-8);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Single_MatchesScikitLearn(string name) => Check(SklearnFixture.Load(name), ComputePrecision.Single, 1e-4);

    private static void Check(SklearnFixture f, ComputePrecision precision, double tolerance)
    {
        var gmm = new GaussianMixture(f.Options(precision));
        var result = precision == ComputePrecision.Double
            ? gmm.Fit(f.X, f.Dimension)
            : gmm.Fit(TestData.ToFloat(f.X), f.Dimension);
        var model = result.Model;

        Assert.Equal(f.Expected.GetProperty("n_iter").GetInt32(), result.Iterations);
        Assert.Equal(f.Expected.GetProperty("converged").GetBoolean(), result.Converged);
        Near.Equal(f.ExpectedValue("lower_bound"), result.LowerBound, tolerance, "lower_bound");
        if (f.Expected.TryGetProperty("lower_bound_history", out _))
            Near.Equal(f.ExpectedArray("lower_bound_history"), result.LowerBoundHistory, tolerance, 1, "history");
        ArrayNear(f.ExpectedArray("weights"), model.Weights, tolerance, "weights");
        ArrayNear(f.ExpectedArray("means"), model.Means, tolerance, "means");
        ArrayNear(f.ExpectedArray("covariances"), model.Covariances, tolerance, "covariances");
        ArrayNear(f.ExpectedArray("precisions_cholesky"), model.PrecisionsCholesky, tolerance, "precisions_cholesky");

        Near.Equal(f.ExpectedValue("score"), model.Score<double>(f.X), tolerance, "score");
        ArrayNear(f.ExpectedArray("score_samples"), model.ScoreSamples<double>(f.X), tolerance, "score_samples");
        Near.Equal(f.ExpectedArray("predict_proba"), model.PredictProbabilities<double>(f.X), tolerance, 1, "predict_proba"); // absolute: it holds exact zeros
        Near.Equal(f.ExpectedValue("bic"), model.Bic<double>(f.X), tolerance, "bic");
        Near.Equal(f.ExpectedValue("aic"), model.Aic<double>(f.X), tolerance, "aic");
        var labels = f.ExpectedArray("predict");
        var predicted = model.Predict<double>(f.X);
        int agree = labels.Where((l, i) => (int)l == predicted[i]).Count();
        if (precision == ComputePrecision.Double) Assert.Equal(labels.Length, agree);
        else Assert.True(agree >= labels.Length - 1, $"{labels.Length - agree} labels differ");
    }

    /// <summary>Relative agreement, with near-zero entries judged against the array's largest magnitude.</summary>
    private static void ArrayNear(double[] expected, IReadOnlyList<double> actual, double tolerance, string what) =>
        Near.Equal(expected, actual, tolerance, expected.Max(Math.Abs), what);
}
