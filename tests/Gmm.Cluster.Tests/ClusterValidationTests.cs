namespace Gmm.Cluster.Tests;

/// <summary>
/// What a local fit checks before EM — the float32 range, the k-means range, k ≤ n — gives the same exception on the
/// cluster, where the data is.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterValidationTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(1e19, ComputePrecision.Double, InitializationMethod.KMeans, "too large for k-means initialisation")]
    [InlineData(1e17, ComputePrecision.Single, InitializationMethod.KMeans, "too large for a float32 fit")]
    [InlineData(1e17, ComputePrecision.Single, InitializationMethod.KMeansPlusPlus, "too large for a float32 fit")]
    public void AValueOutOfRangeIsTheSameArgumentExceptionAsALocalFit(double value, ComputePrecision precision, InitializationMethod initialization, string expected)
    {
        var data = new ShardedData([60, 50, 70], 3, 2, seed: 41);
        data.Shards[2][7 * 3] = value;
        var options = new GaussianMixtureOptions { ComponentCount = 2, Precision = precision, Initialization = initialization };
        var local = Assert.Throws<ArgumentException>(() => new GaussianMixture(options).Fit(data.All, 3));
        var driver = fixture.Driver();
        var remote = Assert.Throws<ArgumentException>(() => Fit(driver, data, options));
        Assert.Contains(expected, local.Message);
        Assert.Equal(local.Message, remote.Message);
        Assert.Equal(local.ParamName, remote.ParamName);
        Assert.Contains("point 117, feature 0", remote.Message); // numbered in the whole data
    }

    /// <summary>k-means' range applies only when the fit starts with k-means: with k-means++ the same data fits, as locally.</summary>
    [Fact]
    public void TheKMeansRangeIsNotCheckedForAnotherInitialisation()
    {
        var data = new ShardedData([60, 50, 70], 3, 2, seed: 42);
        data.Shards[1][3 * 3 + 2] = 1e19;
        var options = new GaussianMixtureOptions { ComponentCount = 2, Precision = ComputePrecision.Double, Initialization = InitializationMethod.KMeansPlusPlus, MaxIterations = 3 };
        var driver = fixture.Driver();
        using var cluster = driver.Open<double>(data.Manifest(fixture.Nodes));
        ShardedData.AssertSame(data.FitLocalSharded<double>(options), ShardedData.FitCluster(driver, cluster, options));
    }

    [Fact]
    public void MoreComponentsThanPointsIsTheSameExceptionAsALocalFit()
    {
        var data = new ShardedData([20, 15], 2, 2, seed: 43);
        var options = new GaussianMixtureOptions { ComponentCount = 40 };
        var local = Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMixture(options).Fit(data.All, 2));
        var remote = Assert.Throws<ArgumentOutOfRangeException>(() => Fit(fixture.Driver(), data, options));
        Assert.Equal(local.Message, remote.Message);
        Assert.Equal(local.ParamName, remote.ParamName);
    }

    private FitResult Fit(GmmCluster driver, ShardedData data, GaussianMixtureOptions options)
    {
        if (options.Precision == ComputePrecision.Single)
        {
            using var single = driver.Open<float>(data.Manifest(fixture.Nodes));
            return ShardedData.FitCluster(driver, single, options);
        }
        using var cluster = driver.Open<double>(data.Manifest(fixture.Nodes));
        return ShardedData.FitCluster(driver, cluster, options);
    }
}
