using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>How a fit starts: warnings of the starting estimate, user-given parameters, weighted draws, warm starts.</summary>
public class StartTests
{
    private const int D = 3;
    private static readonly double[] Blobs = TestData.Blobs(300, D, 3, seed: 5);

    public static TheoryData<CovarianceType, InitializationMethod> TypesAndPointStarts()
    {
        var data = new TheoryData<CovarianceType, InitializationMethod>();
        foreach (var t in TestData.AllTypes)
        {
            data.Add(t, InitializationMethod.KMeansPlusPlus);
            data.Add(t, InitializationMethod.RandomFromData);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndPointStarts))]
    public void PointStarts_AreNotReportedAsCollapses(CovarianceType type, InitializationMethod init)
    {
        // Each component starts on one point (covariance reg_covar·I, as in scikit-learn): nothing has collapsed.
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Initialization = init, Seed = 3, InitializationCount = 2 };
        var result = new GaussianMixture(options).Fit(Blobs, D);
        Assert.DoesNotContain(result.Warnings, w => w.Kind == FitWarningKind.ComponentCollapsed);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void PointStarts_StillReportALaterCollapse(CovarianceType type)
    {
        // k-means++ puts the second seed on the isolated point (D² sampling), which that component then owns alone.
        var data = TestData.Blobs(60, D, 1, seed: 9).Concat([50.0, 50.0, 50.0]).ToArray();
        var options = new GaussianMixtureOptions { ComponentCount = 2, CovarianceType = type, Initialization = InitializationMethod.KMeansPlusPlus, MaxIterations = 10 };
        var result = new GaussianMixture(options).Fit(data, D);
        var collapse = Assert.Single(result.Warnings, w => w.Kind == FitWarningKind.ComponentCollapsed);
        Assert.True(collapse.Iteration >= 1, $"reported at iteration {collapse.Iteration}");
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void EveryParameterGiven_NoEstimateIsMadeOrReported(CovarianceType type)
    {
        // One isolated point owned by the third given component: its collapse is reported (after iteration 0), and the
        // initialisation method plays no part since nothing of its estimate would be used.
        var data = Blobs.Concat([40.0, 40.0, 40.0]).ToArray();
        var weights = Enumerable.Repeat(1.0, 301).ToArray();
        for (int i = 0; i < 150; i++) weights[i] = 0;
        var start = TestData.StartingModel(type, Blobs, D, 3);
        var means = start.Means.ToArray();
        for (int j = 0; j < D; j++) means[2 * D + j] = 40;
        var given = new InitialParameters(start.Weights.ToArray(), means, start.ComputePrecisions());
        GaussianMixtureOptions Options(InitializationMethod init) => new()
        {
            ComponentCount = 3, CovarianceType = type, Initialization = init, InitialParameters = given, MaxIterations = 4, Tolerance = 0,
        };
        var a = new GaussianMixture(Options(InitializationMethod.RandomFromData)).Fit(data, D, weights);
        var b = new GaussianMixture(Options(InitializationMethod.KMeans)).Fit(data, D, weights);
        Assert.Equal(a.LowerBoundHistory, b.LowerBoundHistory);
        Assert.DoesNotContain(a.Warnings, w => w.Iteration == 0);
        if (type != CovarianceType.Tied)
            Assert.Contains(a.Warnings, w => w.Kind == FitWarningKind.ComponentCollapsed && w.Component == 2 && w.Iteration >= 1);
    }

    [Fact]
    public void RandomFromData_DrawsByWeight()
    {
        // Half the points carry weight 0 and sit far away; a start on one of them would lose all its points.
        var near = TestData.Blobs(200, D, 1, seed: 2);
        var data = near.Concat(near.Select(v => v + 50)).ToArray();
        var weights = Enumerable.Range(0, 400).Select(i => i < 200 ? 1.0 : 0.0).ToArray();
        for (int seed = 0; seed < 12; seed++)
        {
            var options = new GaussianMixtureOptions { ComponentCount = 2, CovarianceType = CovarianceType.Diagonal, Initialization = InitializationMethod.RandomFromData, Seed = seed, MaxIterations = 5 };
            var result = new GaussianMixture(options).Fit(data, D, weights);
            Assert.Equal(2, result.Model.ComponentCount);
            Assert.DoesNotContain(result.Warnings, w => w.Kind == FitWarningKind.ComponentDropped);
            Assert.All(result.Model.Means, m => Assert.InRange(m, -20, 20));
        }
    }

    [Fact]
    public void RandomFromData_EqualWeightsDrawAsUnweighted()
    {
        var options = new GaussianMixtureOptions { ComponentCount = 3, Initialization = InitializationMethod.RandomFromData, Seed = 4, MaxIterations = 3, Tolerance = 0 };
        var plain = new GaussianMixture(options).Fit(Blobs, D);
        var weighted = new GaussianMixture(options).Fit(Blobs, D, Enumerable.Repeat(2.0, 300).ToArray());
        Assert.Equal(plain.LowerBoundHistory, weighted.LowerBoundHistory);
    }

    [Fact]
    public void RandomFromData_TooFewPointsOfPositiveWeight_NamesComponentCount()
    {
        var weights = new double[300];
        weights[0] = weights[1] = 1;
        var options = new GaussianMixtureOptions { ComponentCount = 3, Initialization = InitializationMethod.RandomFromData };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMixture(options).Fit(Blobs, D, weights));
        Assert.Equal(nameof(GaussianMixtureOptions.ComponentCount), e.ParamName);
        Assert.Contains("positive weight", e.Message);
    }

    [Fact]
    public void WarmStart_ComparesItsFirstIterationWithThePreviousLowerBound()
    {
        // As scikit-learn: a refit of a converged model stops after one iteration when the bound moves less than tol.
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, WarmStart = true, Tolerance = 1e-3 };
        var gmm = new GaussianMixture(options);
        var first = gmm.Fit(Blobs, D);
        Assert.True(first.Converged);
        var second = gmm.Fit(Blobs, D);
        Assert.True(second.Converged);
        Assert.Equal(1, second.Iterations);
        Assert.True(Math.Abs(second.LowerBound - first.LowerBound) < options.Tolerance);
    }
}
