using Gmm.Cpu;

namespace Gmm.Cluster.Tests;

/// <summary>
/// The variational fit (BayesianGaussianMixture) on the in-process cluster: the same estimator with the cluster's
/// backend provider, against the local sharded reference; validation where the data is.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BayesianClusterFitTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(CovarianceType.Full, ComputePrecision.Double, false, WeightConcentrationPriorType.DirichletProcess)]
    [InlineData(CovarianceType.Full, ComputePrecision.Single, true, WeightConcentrationPriorType.DirichletDistribution)]
    [InlineData(CovarianceType.Tied, ComputePrecision.Double, true, WeightConcentrationPriorType.DirichletProcess)]
    [InlineData(CovarianceType.Tied, ComputePrecision.Single, false, WeightConcentrationPriorType.DirichletProcess)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Double, false, WeightConcentrationPriorType.DirichletDistribution)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Single, true, WeightConcentrationPriorType.DirichletProcess)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Double, true, WeightConcentrationPriorType.DirichletProcess)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Single, false, WeightConcentrationPriorType.DirichletDistribution)]
    public void VariationalClusterFitEqualsTheLocalShardedReferenceBitForBit(CovarianceType type, ComputePrecision precision, bool weighted, WeightConcentrationPriorType prior)
    {
        var data = new ShardedData([300, 200, 260, 90], 4, 3, seed: 12, weighted);
        var options = new BayesianGaussianMixtureOptions
        {
            ComponentCount = 5, CovarianceType = type, Precision = precision, MaxIterations = 15, WeightConcentrationPriorType = prior,
        };
        var driver = fixture.Driver();
        var manifest = data.Manifest(fixture.Nodes);
        if (precision == ComputePrecision.Single)
        {
            using var cluster = driver.Open<float>(manifest);
            AssertSame(FitLocalSharded(data.Local<float>(), options), new BayesianGaussianMixture(options, driver.BackendProvider).Fit(cluster));
        }
        else
        {
            using var cluster = driver.Open<double>(manifest);
            AssertSame(FitLocalSharded(data.Local<double>(), options), new BayesianGaussianMixture(options, driver.BackendProvider).Fit(cluster));
        }
    }

    [Fact]
    public void GivenPriorsAndAnInitialPosteriorWorkOnTheClusterAsLocally()
    {
        var data = new ShardedData([120, 90, 150], 3, 3, seed: 14);
        var first = new BayesianGaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, Precision = ComputePrecision.Double, MaxIterations = 2 };
        var start = FitLocalSharded(data.Local<double>(), first).Model;
        var options = first with { MeanPrior = [100, 101, 102], MaxIterations = 6, InitialModel = start };
        var driver = fixture.Driver();
        using var cluster = driver.Open<double>(data.Manifest(fixture.Nodes));
        var remote = new BayesianGaussianMixture(options, driver.BackendProvider).Fit(cluster);
        AssertSame(FitLocalSharded(data.Local<double>(), options), remote);
        Assert.Equal([100.0, 101, 102], remote.Priors.Mean);
        Assert.Equal(1, cluster.Traffic.RowMessages); // no initialisation; the covariance prior from the nodes' statistics (one point read: their first pass's reference)
    }

    [Fact]
    public void NaNInAShardIsTheSameArgumentExceptionAsALocalFit()
    {
        var data = new ShardedData([80, 70, 90], 3, 2, seed: 15);
        data.Shards[1][11 * 3 + 2] = double.PositiveInfinity;
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 2 };
        var local = Assert.Throws<ArgumentException>(() => new BayesianGaussianMixture(options).Fit(data.All, 3));
        var driver = fixture.Driver();
        using var cluster = driver.Open<float>(data.Manifest(fixture.Nodes));
        var remote = Assert.Throws<ArgumentException>(() => new BayesianGaussianMixture(options, driver.BackendProvider).Fit(cluster));
        Assert.Equal(local.Message, remote.Message);
        Assert.Equal(local.ParamName, remote.ParamName);
    }

    [Fact]
    public void DataOpenedInTheWrongComputeTypeIsRefusedNamingBoth()
    {
        var data = new ShardedData([40, 40], 2, 2, seed: 16);
        var driver = fixture.Driver();
        using var cluster = driver.Open<float>(data.Manifest(fixture.Nodes));
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 2, Precision = ComputePrecision.Double };
        var error = Assert.Throws<ArgumentException>(() => new BayesianGaussianMixture(options, driver.BackendProvider).Fit(cluster));
        Assert.Equal("data", error.ParamName);
        Assert.Contains("Single", error.Message);
        Assert.Contains("float64", error.Message);
    }

    internal static BayesianFitResult FitLocalSharded<T>(ShardedDataSource<T> data, BayesianGaussianMixtureOptions options)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new BayesianGaussianMixture(options, new ShardedBackendProvider(CpuBackendProvider.Default)).Fit(data);

    private static void AssertSame(BayesianFitResult expected, BayesianFitResult actual)
    {
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.LowerBound, actual.LowerBound);
        Assert.Equal(expected.Priors.Mean, actual.Priors.Mean);
        Assert.Equal(expected.Priors.Covariance, actual.Priors.Covariance);
        Assert.Equal(expected.Model.WeightConcentration, actual.Model.WeightConcentration);
        Assert.Equal(expected.Model.DegreesOfFreedom, actual.Model.DegreesOfFreedom);
        Assert.Equal(expected.Model.Weights, actual.Model.Weights);
        Assert.Equal(expected.Model.Means, actual.Model.Means);
        Assert.Equal(expected.Model.Covariances, actual.Model.Covariances);
    }
}
