using Gmm;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>The variational estimator's behaviour beyond the scikit-learn fixtures: pruning, restarts, warm start, queries.</summary>
public class BayesianGaussianMixtureTests
{
    private const int D = 3;

    /// <summary>n points from four unit-spread clusters whose centres lie 10 apart.</summary>
    internal static double[] FourClusters(int n, int seed = 3)
    {
        double[][] centres = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]];
        var random = new Random(seed);
        var data = new double[n * D];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < D; j++) data[i * D + j] = centres[i % 4][j] + TestData.Normal(random);
        return data;
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void DirichletProcess_WithTwentyComponents_KeepsTheFourClusters(CovarianceType type)
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 20, CovarianceType = type, MaxIterations = 500 };
        var result = new BayesianGaussianMixture(options).Fit(TestData.ToFloat(FourClusters(2000)), D);
        Assert.True(result.Converged);
        Assert.Equal(20, result.Model.ComponentCount);
        Assert.Equal(4, result.Model.EffectiveComponentCount());
    }

    [Theory]
    [InlineData(InitializationMethod.KMeans)]
    [InlineData(InitializationMethod.KMeansPlusPlus)]
    [InlineData(InitializationMethod.Random)]
    [InlineData(InitializationMethod.RandomFromData)]
    public void DirichletProcess_FromEveryInitialization_KeepsTheFourClusters(InitializationMethod initialization)
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 20, CovarianceType = CovarianceType.Full, Initialization = initialization, MaxIterations = 500 };
        var result = new BayesianGaussianMixture(options).Fit(FourClusters(2000), D);
        Assert.Equal(4, result.Model.EffectiveComponentCount());
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void DirichletProcess_OnTheGpuBackend_KeepsTheFourClusters(CovarianceType type)
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 20, CovarianceType = type, MaxIterations = 500 };
        var data = TestData.ToFloat(FourClusters(400));
        var gpu = new BayesianGaussianMixture(options, GpuTestData.Provider).Fit(data, D);
        Assert.Equal(4, gpu.Model.EffectiveComponentCount());
        // The CPU backend's fit, to float32 rounding (which may move the stop by an iteration: tol is 1e-3 on a sum over 400 points).
        var cpu = new BayesianGaussianMixture(options).Fit(data, D);
        Near.Equal(cpu.LowerBound, gpu.LowerBound, 1e-5, "lower bound");
        Near.Equal([.. cpu.Model.Weights], gpu.Model.Weights, 1e-3, 1, "weights"); // absolute
    }

    [Fact]
    public void SeveralInitializations_KeepTheBestLowerBound()
    {
        var data = FourClusters(600);
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 6, Initialization = InitializationMethod.Random, MaxIterations = 300, Seed = 4 };
        var single = new BayesianGaussianMixture(options).Fit(data, D);
        var best = new BayesianGaussianMixture(options with { InitializationCount = 4 }).Fit(data, D);
        Assert.True(best.LowerBound >= single.LowerBound);
        Assert.Equal(best.LowerBound, best.LowerBoundHistory[^1]);
    }

    [Fact]
    public void WarmStart_ContinuesFromTheLastPosterior()
    {
        var data = FourClusters(600);
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 5, CovarianceType = CovarianceType.Diagonal, MaxIterations = 3, WarmStart = true };
        var mixture = new BayesianGaussianMixture(options);
        var first = mixture.Fit(data, D);
        var second = mixture.Fit(data, D);
        // Three more iterations from where the first fit stopped: the same as six iterations in one go.
        var once = new BayesianGaussianMixture(options with { MaxIterations = 6, WarmStart = false }).Fit(data, D);
        Near.Equal(once.LowerBound, second.LowerBound, 1e-12, "lower bound");
        Assert.True(second.LowerBound >= first.LowerBound);
        Assert.Same(mixture.Model, second.Model);
    }

    [Fact]
    public void ZeroIterations_ReturnTheStartingPosterior()
    {
        var data = FourClusters(200);
        var start = new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { ComponentCount = 3, MaxIterations = 4 }).Fit(data, D).Model;
        var result = new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { ComponentCount = 3, MaxIterations = 0, InitialModel = start }).Fit(data, D);
        Assert.Same(start, result.Model);
        Assert.Equal(0, result.Iterations);
        Assert.False(result.Converged);
        Assert.Equal(double.NegativeInfinity, result.LowerBound);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void IntegerWeights_FitAsRepeatedPoints()
    {
        var data = FourClusters(120);
        var weights = Enumerable.Range(0, 120).Select(i => (double)(1 + i % 3)).ToArray();
        var repeated = Enumerable.Range(0, 120).SelectMany(i => Enumerable.Repeat(i, 1 + i % 3)).SelectMany(i => data.AsSpan(i * D, D).ToArray()).ToArray();
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 4, Precision = ComputePrecision.Double, Initialization = InitializationMethod.Random, MaxIterations = 20, Tolerance = 0 };
        var start = new BayesianGaussianMixture(options with { MaxIterations = 1 }).Fit(data, D, weights).Model;
        var weighted = new BayesianGaussianMixture(options with { InitialModel = start }).Fit(data, D, weights);
        var copies = new BayesianGaussianMixture(options with { InitialModel = start }).Fit(repeated, D);
        Near.Equal(copies.LowerBound, weighted.LowerBound, 1e-10, "lower bound");
        VariationalStepTests.ArrayNear([.. copies.Model.Covariances], weighted.Model.Covariances, 1e-9, "covariances");
        Near.Equal(copies.Priors.Covariance, weighted.Priors.Covariance, 1e-12, 1, "covariance prior");
    }

    [Fact]
    public void Sample_DrawsFromThePointEstimates()
    {
        var model = new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { ComponentCount = 4 }).Fit(FourClusters(800), D).Model;
        var (points, labels) = model.Sample(4000, seed: 2);
        Assert.Equal(4000 * D, points.Length);
        for (int c = 0; c < 4; c++)
        {
            var mine = Enumerable.Range(0, 4000).Where(i => labels[i] == c).ToArray();
            Assert.InRange(mine.Length / 4000.0, model.Weights[c] - 0.03, model.Weights[c] + 0.03);
            for (int j = 0; j < D; j++)
                Assert.InRange(mine.Average(i => points[i * D + j]), model.Means[c * D + j] - 0.2, model.Means[c * D + j] + 0.2);
        }
    }

    [Fact]
    public void EffectiveComponentCount_CountsWeightsAtTheThreshold()
    {
        var model = new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { ComponentCount = 8, MaxIterations = 300 }).Fit(FourClusters(800), D).Model;
        Assert.Equal(model.Weights.Count(w => w >= 0.01), model.EffectiveComponentCount());
        Assert.Equal(8, model.EffectiveComponentCount(0));
        Assert.Throws<ArgumentOutOfRangeException>("minimumWeight", () => model.EffectiveComponentCount(1.5));
    }
}
