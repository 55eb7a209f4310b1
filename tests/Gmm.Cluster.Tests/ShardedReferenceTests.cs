namespace Gmm.Cluster.Tests;

/// <summary>The local sharded reference (no cluster): the same fit as a single-node fit of the concatenated data.</summary>
public sealed class ShardedReferenceTests
{
    [Theory]
    [InlineData(CovarianceType.Full, false)]
    [InlineData(CovarianceType.Tied, true)]
    [InlineData(CovarianceType.Diagonal, false)]
    [InlineData(CovarianceType.Spherical, true)]
    public void ShardedReferenceEqualsSingleNodeFitInFloat64(CovarianceType type, bool weighted)
    {
        var data = new ShardedData([400, 250, 330, 120], 4, 3, seed: 7, weighted);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Precision = ComputePrecision.Double, Tolerance = 0, MaxIterations = 20 };
        var single = new GaussianMixture(options).Fit(data.All, data.Dimension, data.AllWeights);
        var sharded = data.FitLocalSharded<double>(options);
        Assert.Equal(single.Iterations, sharded.Iterations);
        Assert.Equal(single.LowerBound, sharded.LowerBound, 1e-12);
        AssertClose(single.Model.MeansSpan, sharded.Model.MeansSpan);
        AssertClose(single.Model.CovariancesSpan, sharded.Model.CovariancesSpan);
        AssertClose(single.Model.WeightsSpan, sharded.Model.WeightsSpan);
    }

    /// <summary>The variational fit: the sharded reference takes the priors' data mean and covariance from its statistics, the local fit from streamed sums.</summary>
    [Theory]
    [InlineData(CovarianceType.Full, false)]
    [InlineData(CovarianceType.Tied, true)]
    [InlineData(CovarianceType.Diagonal, true)]
    [InlineData(CovarianceType.Spherical, false)]
    public void VariationalShardedReferenceEqualsSingleNodeFitInFloat64(CovarianceType type, bool weighted)
    {
        var data = new ShardedData([400, 250, 330, 120], 4, 3, seed: 8, weighted);
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 5, CovarianceType = type, Precision = ComputePrecision.Double, Tolerance = 0, MaxIterations = 20 };
        var single = new BayesianGaussianMixture(options).Fit(data.All, data.Dimension, data.AllWeights);
        var sharded = BayesianClusterFitTests.FitLocalSharded(data.Local<double>(), options);
        Assert.Equal(single.Iterations, sharded.Iterations);
        Assert.Equal(single.LowerBound, sharded.LowerBound, 1e-10 * Math.Abs(single.LowerBound));
        AssertClose(single.Priors.Mean.ToArray(), sharded.Priors.Mean.ToArray(), 1e-12);
        AssertClose(single.Priors.Covariance.ToArray(), sharded.Priors.Covariance.ToArray(), 1e-12);
        AssertClose(single.Model.Means.ToArray(), sharded.Model.Means.ToArray(), 1e-10);
        AssertClose(single.Model.Covariances.ToArray(), sharded.Model.Covariances.ToArray(), 1e-10);
        AssertClose(single.Model.Weights.ToArray(), sharded.Model.Weights.ToArray(), 1e-10);
    }

    [Fact]
    public void NaNInAShardIsTheLocalFitsError()
    {
        var data = new ShardedData([50, 60], 3, 2, seed: 3);
        data.Shards[1][17 * 3 + 2] = double.NaN;
        var options = new GaussianMixtureOptions { ComponentCount = 2 };
        var local = Assert.Throws<ArgumentException>(() => new GaussianMixture(options).Fit(data.All, 3));
        var sharded = Assert.Throws<ArgumentException>(() => data.FitLocalSharded<float>(options));
        Assert.Equal(local.Message, sharded.Message);
        Assert.Equal(local.ParamName, sharded.ParamName);
        Assert.Contains("point 67, feature 2", sharded.Message);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: {expected[i]:R} vs {actual[i]:R}");
    }
}
