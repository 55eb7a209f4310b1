using Gmm.Cpu;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gmm.Cluster.Tests;

/// <summary>
/// Shards read as float32 stay float32 on the nodes of a float32 fit (no float64 copy), and become float64 exactly for
/// a float64 fit; either way the fit equals the local sharded reference of the same points bit for bit.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class Float32ShardTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(CovarianceType.Full, ComputePrecision.Single)]
    [InlineData(CovarianceType.Tied, ComputePrecision.Double)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Single)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Double)]
    public void Float32ShardsFitAsTheLocalReferenceOfTheSamePoints(CovarianceType type, ComputePrecision precision)
    {
        var data = new ShardedData([210, 140, 175], 3, 3, seed: 51);
        var values = data.Shards.Select(s => s.Select(v => (float)v).ToArray()).ToArray();
        var shards = values.Select(v => new InMemoryDataSource<float>(v, data.Dimension)).ToArray();
        var nodes = fixture.Nodes;
        var manifest = new ShardManifest([.. shards.Select((s, i) => new ShardEntry($"s{i}", TestShards.Add(s), [nodes[i % nodes.Count], nodes[(i + 1) % nodes.Count]]))]);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Precision = precision, MaxIterations = 10 };
        var driver = fixture.Driver();
        if (precision == ComputePrecision.Single)
        {
            var local = new ShardedDataSource<float>(shards);
            using var cluster = driver.Open<float>(manifest);
            ShardedData.AssertSame(Fit(local, options), ShardedData.FitCluster(driver, cluster, options));
            for (int s = 0; s < shards.Length; s++) // every node holding a shard holds the points as read: no float64 copy, no float32 copy
                foreach (string node in manifest.Shards[s].Nodes)
                    Assert.Same(shards[s], Session(node, cluster.Session).HeldShard($"s{s}"));
        }
        else
        {
            var local = new ShardedDataSource<double>([.. values.Select(v => new InMemoryDataSource<double>(v.Select(x => (double)x).ToArray(), data.Dimension))]);
            using var cluster = driver.Open<double>(manifest);
            ShardedData.AssertSame(Fit(local, options), ShardedData.FitCluster(driver, cluster, options));
        }
    }

    [Fact]
    public void DimsThatContradictAShardFailTheOpenNamingTheShard()
    {
        var data = new ShardedData([40, 30], 3, 2, seed: 52);
        var nodes = fixture.Nodes;
        var manifest = new ShardManifest(
        [
            new ShardEntry("s0", TestShards.Add(data.Shards[0], 3), [nodes[0]], Dimension: 3),
            new ShardEntry("s1", TestShards.Add(data.Shards[1], 3), [nodes[1]], Dimension: 4),
        ]);
        var error = Assert.Throws<ShardUnavailableException>(() => fixture.Driver().Open<float>(manifest));
        Assert.Equal("s1", error.ShardId);
        Assert.Contains("the file has 3 features per point but the manifest's \"dims\" is 4", error.Message);
    }

    private static FitResult Fit<T>(ShardedDataSource<T> local, GaussianMixtureOptions options) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new GaussianMixture(options, new ShardedBackendProvider(CpuBackendProvider.Default)).Fit(local);

    private NodeSession<float> Session(string node, Guid session)
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.GetActiveSilos().Single(s => s.Name == node);
        return Assert.IsType<NodeSession<float>>(silo.ServiceProvider.GetRequiredService<NodeStore>().Session(session));
    }
}
