namespace Gmm.Cluster.Tests;

/// <summary>Fits through the in-process cluster of 3 silos against the local sharded reference, and its faults.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFitTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(CovarianceType.Full, ComputePrecision.Single, false)]
    [InlineData(CovarianceType.Full, ComputePrecision.Double, true)]
    [InlineData(CovarianceType.Tied, ComputePrecision.Single, true)]
    [InlineData(CovarianceType.Tied, ComputePrecision.Double, false)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Single, false)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Double, true)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Single, true)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Double, false)]
    public void ClusterFitEqualsTheLocalShardedReferenceBitForBit(CovarianceType type, ComputePrecision precision, bool weighted)
    {
        var data = new ShardedData([300, 200, 260, 90], 4, 3, seed: 11, weighted);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Precision = precision, MaxIterations = 15 };
        var driver = fixture.Driver();
        var manifest = data.Manifest(fixture.Nodes);
        if (precision == ComputePrecision.Single)
        {
            using var cluster = driver.Open<float>(manifest);
            ShardedData.AssertSame(data.FitLocalSharded<float>(options), ShardedData.FitCluster(driver, cluster, options));
        }
        else
        {
            using var cluster = driver.Open<double>(manifest);
            ShardedData.AssertSame(data.FitLocalSharded<double>(options), ShardedData.FitCluster(driver, cluster, options));
        }
    }

    [Fact]
    public void TheStartingModelFromTheClusterIsTheLocalReferencesStart()
    {
        var data = new ShardedData([120, 90, 150], 3, 3, seed: 13);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Tied, Precision = ComputePrecision.Double };
        var driver = fixture.Driver();
        using var cluster = driver.Open<double>(data.Manifest(fixture.Nodes));
        var expected = new GaussianMixture(options).CreateStartingModel(data.Local<double>());
        var actual = new GaussianMixture(options).CreateStartingModel(cluster);
        Assert.Equal(expected.MeansSpan.ToArray(), actual.MeansSpan.ToArray());
        Assert.Equal(expected.CovariancesSpan.ToArray(), actual.CovariancesSpan.ToArray());
        Assert.True(cluster.Traffic.RowMessages > 0);
    }

    /// <summary>
    /// k-means' labelling pass runs on the nodes: each labels its shards against the centres and returns their
    /// statistics, so only the sample's rows travel (one read per shard here, the data being smaller than the sample).
    /// </summary>
    [Theory]
    [InlineData(CovarianceType.Full, ComputePrecision.Single)]
    [InlineData(CovarianceType.Tied, ComputePrecision.Double)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Double)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Single)]
    public void KMeansLabelsOnTheNodesAndOnlyTheSampleTravels(CovarianceType type, ComputePrecision precision)
    {
        var data = new ShardedData([130, 90, 160], 3, 3, seed: 17);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Precision = precision, Initialization = InitializationMethod.KMeans };
        var driver = fixture.Driver();
        if (precision == ComputePrecision.Single) Check<float>();
        else Check<double>();

        void Check<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            using var cluster = driver.Open<T>(data.Manifest(fixture.Nodes));
            var expected = new GaussianMixture(options).CreateStartingModel(data.Local<T>());
            var actual = new GaussianMixture(options).CreateStartingModel(cluster);
            Assert.Equal(expected.WeightsSpan.ToArray(), actual.WeightsSpan.ToArray());
            Assert.Equal(expected.MeansSpan.ToArray(), actual.MeansSpan.ToArray());
            Assert.Equal(expected.CovariancesSpan.ToArray(), actual.CovariancesSpan.ToArray());
            Assert.Equal(3, cluster.Traffic.RowMessages); // the sample; the labelling pass read no row
            Assert.Equal(3, cluster.Traffic.StatisticsMessages); // one labelled shard each
        }
    }

    [Fact]
    public void AOneMebibyteLimitSendsModelsStatisticsAndRowsInParts()
    {
        // k = 40 full covariances of d = 60: 40·60·60·8 B = 1.15 MB of S and of covariances, over the 1 MiB limit.
        var data = new ShardedData([500, 400, 450], 60, 4, seed: 5);
        var options = new GaussianMixtureOptions { ComponentCount = 40, CovarianceType = CovarianceType.Full, Precision = ComputePrecision.Double, MaxIterations = 2, Tolerance = 0 };
        var driver = fixture.Driver();
        using var cluster = driver.Open<double>(data.Manifest(fixture.Nodes));
        var result = ShardedData.FitCluster(driver, cluster, options);
        ShardedData.AssertSame(data.FitLocalSharded<double>(options), result);
        int passes = result.Iterations; // one E-step per iteration
        Assert.True(cluster.Traffic.StatisticsMessages >= 2L * 3 * passes, $"statistics messages: {cluster.Traffic.StatisticsMessages}");
        Assert.True(cluster.Traffic.ModelMessages >= 2L * 3 * passes, $"model messages: {cluster.Traffic.ModelMessages}");
    }

    [Fact]
    public void NaNInAShardIsTheSameArgumentExceptionAsALocalFit()
    {
        var data = new ShardedData([80, 70, 90], 3, 2, seed: 9);
        data.Shards[2][5 * 3 + 1] = double.NaN;
        var options = new GaussianMixtureOptions { ComponentCount = 2 };
        var local = Assert.Throws<ArgumentException>(() => new GaussianMixture(options).Fit(data.All, 3));
        var driver = fixture.Driver();
        using var cluster = driver.Open<float>(data.Manifest(fixture.Nodes));
        var remote = Assert.Throws<ArgumentException>(() => ShardedData.FitCluster(driver, cluster, options));
        Assert.Equal(local.Message, remote.Message);
        Assert.Equal(local.ParamName, remote.ParamName);
    }

    [Fact]
    public void AShardWhoseCopiesAreAllDeadFailsNamingTheShardAndItsNodes()
    {
        var data = new ShardedData([60, 50], 2, 2, seed: 4);
        var nodes = fixture.Nodes;
        var manifest = new ShardManifest(
        [
            new ShardEntry("s0", TestShards.Add(data.Shards[0], 2), [nodes[0]]),
            new ShardEntry("s1", TestShards.Add(data.Shards[1], 2), ["node-gone-a", "node-gone-b"]),
        ]);
        var error = Assert.Throws<ShardUnavailableException>(() => fixture.Driver().Open<double>(manifest));
        Assert.Equal("s1", error.ShardId);
        Assert.Equal(["node-gone-a", "node-gone-b"], error.Nodes);
        Assert.Contains("\"s1\"", error.Message);
        Assert.Contains("node-gone-a: not an active silo", error.Message);
        Assert.Contains("node-gone-b: not an active silo", error.Message);
    }

    [Fact]
    public async Task WaitingForANodeThatNeverJoinsTimesOutNamingIt()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            fixture.Driver().WaitForNodesAsync([fixture.Nodes[0], "node-never"], TimeSpan.FromSeconds(1)));
        Assert.Contains("; node-never did not join", error.Message); // node-never alone: the live node, asked for first, is not named
    }

    [Fact]
    public async Task AHungWorkerEndsInTheSameResultBitForBit()
    {
        var data = new ShardedData([200, 150, 180], 3, 3, seed: 21);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Full, Precision = ComputePrecision.Double, MaxIterations = 8, Tolerance = 0 };
        var expected = data.FitLocalSharded<double>(options);
        var nodes = fixture.Nodes;
        var driver = fixture.Driver(deadline: TimeSpan.FromSeconds(10));
        using var cluster = driver.Open<double>(data.Manifest(nodes));
        var hung = Faults.Arm(nodes[1], call: 4); // the node's shards take two calls per iteration: its second iteration hangs
        try
        {
            var result = await Task.Run(() => ShardedData.FitCluster(driver, cluster, options));
            Assert.True(hung.IsCompleted);
            ShardedData.AssertSame(expected, result);
            Assert.Contains(nodes[1], cluster.ExcludedNodes.Keys);
            Assert.Contains("deadline", cluster.ExcludedNodes[nodes[1]]);
            Assert.True(cluster.Traffic.Reruns > 0);
        }
        finally
        {
            Faults.Release(); // the late reply that follows is ignored
        }
    }

    /// <summary>
    /// A node's silo killed inside a shard's E-step, with a 10-minute deadline per shard: the driver learns of it from
    /// the membership (subscribed in a silo, polled from a client) and re-runs the node's shards at once; the fit ends
    /// with the local reference's result bit for bit, the node out for having left the cluster, not for a deadline.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASiloKilledMidIterationHasItsShardsRerunAtOnceWithTheSameResultBitForBit(bool driverInASilo)
    {
        var data = new ShardedData([200, 150, 180], 3, 3, seed: 22);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, Precision = ComputePrecision.Single, MaxIterations = 8, Tolerance = 0 };
        var expected = data.FitLocalSharded<float>(options);
        var nodes = fixture.Nodes;
        var victim = fixture.Cluster.GetActiveSilos().Last(s => s != fixture.Cluster.Primary); // the driver may live on the primary
        var deadline = TimeSpan.FromMinutes(10);
        var driver = driverInASilo ? fixture.SiloDriver(deadline) : fixture.Driver(deadline);
        using var cluster = driver.Open<float>(data.Manifest(nodes));
        var inside = Faults.Arm(victim.Name, call: 5);
        var fit = Task.Run(() => ShardedData.FitCluster(driver, cluster, options));
        try
        {
            await inside.WaitAsync(TimeSpan.FromSeconds(60)); // the victim is inside a shard's E-step
            await fixture.Cluster.KillSiloAsync(victim);
            var result = await fit.WaitAsync(TimeSpan.FromMinutes(5)); // well inside the deadline
            ShardedData.AssertSame(expected, result);
            Assert.Contains(victim.Name, cluster.ExcludedNodes.Keys);
            Assert.StartsWith("left the cluster", cluster.ExcludedNodes[victim.Name]);
            Assert.Equal(1, cluster.Traffic.NodesLeft);
            Assert.True(cluster.Traffic.Reruns > 0);
        }
        finally
        {
            Faults.Release();
            await fixture.Cluster.StartAdditionalSiloAsync(); // the collection keeps three silos
        }
    }
}
