namespace Gmm.Cluster.Tests.Tool;

/// <summary>
/// The gmm-cluster tool as a user runs it: a driver (<c>fit --manifest --serve</c>) and workers
/// (<c>worker --driver --node --port</c>) as separate processes on loopback, against <c>gmm fit</c> of the shards
/// concatenated. Tiny data; every wait is bounded and every child process is killed at the end.
/// </summary>
public sealed class ClusterToolTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90), Run = TimeSpan.FromSeconds(180);

    private readonly ToolFolder _folder = new();
    private readonly List<ToolProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void AFitWithPrecisionDoubleEqualsGmmFitOfTheConcatenatedShards()
    {
        var shards = WriteShards(new ShardedData([240, 180, 210], 3, 3, seed: 31, weighted: true));
        string manifest = _folder.WriteManifest("shards.json",
            ("s0", shards.Points[0], ["node-a", "node-b"], shards.Weights[0]),
            ("s1", shards.Points[1], ["node-b"], shards.Weights[1]),
            ("s2", shards.Points[2], ["node-a", "node-b"], shards.Weights[2]));
        string model = _folder.PathOf("cluster.json"), reference = _folder.PathOf("gmm.json");

        var (driver, workers) = StartCluster(["fit", "--manifest", manifest, "-k", "3", "-c", "full", "--precision", "double", "-o", model], "node-a", "node-b");
        AssertSucceeds(driver);
        _folder.RunGmm("fit", shards.All, "--sample-weights", shards.AllWeights, "-k", "3", "-c", "full", "--precision", "double", "-q", "-o", reference);
        ToolFolder.AssertSameModel(reference, model, 1e-10);
        Assert.Contains("3 shards on 2 nodes", driver.Output);
        foreach (var worker in workers) // each worker ends by itself once the driver is gone
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(60)), $"{worker}\ndid not end after the driver");
            Assert.True(worker.ExitCode == 0, worker.ToString());
            Assert.Contains("is gone; exiting", worker.Output);
        }
    }

    [Fact]
    public void AFitFromAnInitModelEqualsGmmFitFromIt()
    {
        var data = new ShardedData([150, 220, 130], 4, 3, seed: 32);
        for (int i = 0; i < data.Shards[1].Length; i++) data.Shards[1][i] = (float)data.Shards[1][i]; // s1 travels as raw float32: its values are float32's
        var shards = WriteShards(data);
        string manifest = _folder.WriteManifest("shards.json",
            ("s0", shards.Points[0], ["node-a"], null, null),
            ("s1", _folder.WriteRaw("s1.f32", data.Shards[1]), ["node-b", "node-a"], null, 4), // raw float32: the manifest's "dims"
            ("s2", shards.Points[2], ["node-b"], null, null));
        string start = _folder.PathOf("start.json"), model = _folder.PathOf("cluster.json"), reference = _folder.PathOf("gmm.json");
        _folder.RunGmm("fit", shards.All, "-k", "3", "-c", "diag", "--max-iter", "1", "--init", "random", "--seed", "5", "-q", "-o", start);
        string[] fit = ["--init-model", start, "--max-iter", "6", "--tol", "0", "--precision", "double"];

        var (driver, _) = StartCluster(["fit", "--manifest", manifest, .. fit, "-o", model], "node-a", "node-b");
        AssertSucceeds(driver);
        _folder.RunGmm(["fit", shards.All, .. fit, "-q", "-o", reference]);
        ToolFolder.AssertSameModel(reference, model, 1e-10);
        Assert.Equal("diag", ToolFolder.CovarianceType(model)); // from the starting model: no -c given
    }

    [Fact]
    public void ABayesianFitEqualsGmmFitBayesianOfTheConcatenatedShards()
    {
        var shards = WriteShards(new ShardedData([200, 160, 220], 3, 3, seed: 35, weighted: true));
        string manifest = _folder.WriteManifest("shards.json",
            ("s0", shards.Points[0], ["node-a"], shards.Weights[0]),
            ("s1", shards.Points[1], ["node-b", "node-a"], shards.Weights[1]),
            ("s2", shards.Points[2], ["node-b"], shards.Weights[2]));
        string model = _folder.PathOf("cluster.json"), reference = _folder.PathOf("gmm.json");
        string[] fit = ["-k", "5", "-c", "tied", "--bayesian", "dirichlet-distribution", "--precision", "double", "--tol", "0", "--max-iter", "12"];

        var (driver, _) = StartCluster(["fit", "--manifest", manifest, .. fit, "-o", model], "node-a", "node-b");
        AssertSucceeds(driver);
        _folder.RunGmm(["fit", shards.All, "--sample-weights", shards.AllWeights, .. fit, "-q", "-o", reference]);
        ToolFolder.AssertSameModel(reference, model, 1e-10);
        Assert.Contains("gmm-bayesian-model/1", File.ReadAllText(model));
        Assert.Contains("effective components", driver.Output);
    }

    /// <summary>
    /// The error names the nodes that had not joined when the driver's --wait ran out: node-never, and node-a as well if
    /// its worker (a process that starts a silo and joins) was not up by then, which no fixed wait can promise on a
    /// loaded machine. A run whose wait ran out before node-a joined is therefore repeated with a longer wait, until the
    /// error names node-never alone (a driver that named a node that had joined would fail every run).
    /// </summary>
    [Fact]
    public void ADriverWhoseNodeNeverComesFailsNamingItAndWritesNoModel()
    {
        var shards = WriteShards(new ShardedData([40, 40], 2, 2, seed: 33));
        string manifest = _folder.WriteManifest("shards.json",
            ("s0", shards.Points[0], ["node-a"], null),
            ("s1", shards.Points[1], ["node-never"], null));
        string model = _folder.PathOf("cluster.json");
        foreach (int wait in (int[])[10, 30, 90]) // a worker takes seconds to join on a loaded 2-core machine (docs/architecture.md)
        {
            var (driver, _) = StartCluster(["fit", "--manifest", manifest, "-k", "2", "--wait", wait.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", model], "node-a");

            Assert.True(driver.WaitForExit(Run), $"{driver}\ndid not end");
            Assert.True(driver.ExitCode == 1, driver.ToString());
            Assert.StartsWith("gmm-cluster: error: ", driver.Errors);
            AssertNoModelWritten(model);
            var missing = System.Text.RegularExpressions.Regex.Match(driver.Errors, "; (.+) did not join");
            Assert.True(missing.Success, driver.ToString());
            if (missing.Groups[1].Value == "node-never") return;
            Assert.Equal("node-a, node-never", missing.Groups[1].Value); // node-a not up within this wait: again, longer
        }
        Assert.Fail("the driver named node-a as not joined after waits of 10, 30 and 90 s");
    }

    [Fact]
    public void AManifestNamingAMissingFileFailsNamingTheShardAndWritesNoModel()
    {
        var shards = WriteShards(new ShardedData([40, 40], 2, 2, seed: 34));
        string missing = _folder.PathOf("nowhere.npy");
        string manifest = _folder.WriteManifest("shards.json",
            ("s0", shards.Points[0], ["node-a"], null),
            ("s-missing", missing, ["node-a"], null),
            ("s1", shards.Points[1], ["node-a"], null));
        string model = _folder.PathOf("cluster.json");
        var (driver, _) = StartCluster(["fit", "--manifest", manifest, "-k", "2", "-o", model], "node-a");

        Assert.True(driver.WaitForExit(Run), $"{driver}\ndid not end");
        Assert.True(driver.ExitCode != 0, driver.ToString());
        Assert.Contains("\"s-missing\"", driver.Errors);
        Assert.Contains("nowhere.npy", driver.Errors);
        Assert.DoesNotContain("\"s0\"", driver.Errors);
        AssertNoModelWritten(model);
    }

    /// <summary>The shards as .npy files (and their weights), and the same points concatenated (what gmm fit reads).</summary>
    private (string[] Points, string?[] Weights, string All, string AllWeights) WriteShards(ShardedData data)
    {
        var points = data.Shards.Select((values, s) => _folder.WriteNpy($"s{s}.npy", values, data.Dimension)).ToArray();
        var weights = data.Shards.Select((_, s) => data.Weights is null ? null : _folder.WriteNpy($"w{s}.npy", data.Weights[s], null)).ToArray();
        string all = _folder.WriteNpy("all.npy", data.All, data.Dimension);
        string allWeights = data.AllWeights is null ? "" : _folder.WriteNpy("all-weights.npy", data.AllWeights, null);
        return (points, weights, all, allWeights);
    }

    /// <summary>Starts the driver with <paramref name="fit"/> and, once it serves, a worker per node name, each on a free port.</summary>
    private (ToolProcess Driver, ToolProcess[] Workers) StartCluster(string[] fit, params string[] nodes)
    {
        string serve = $"127.0.0.1:{ToolFolder.FreePort()}";
        // The driver's default --wait (120 s) is too short for workers starting on a loaded 2-core machine.
        string[] wait = fit.Contains("--wait") ? [] : ["--wait", "600"];
        var driver = Started(ToolProcess.Start(_folder.Path, [.. fit, .. wait, "--serve", serve]));
        driver.WaitForOutput("driver: serving on", Startup);
        var workers = nodes.Select(node => Started(ToolProcess.Start(_folder.Path,
            "worker", "--driver", serve, "--node", node, "--port", ToolFolder.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        return (driver, workers);
    }

    private ToolProcess Started(ToolProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static void AssertSucceeds(ToolProcess driver)
    {
        Assert.True(driver.WaitForExit(Run), $"{driver}\ndid not end");
        Assert.True(driver.ExitCode == 0, driver.ToString());
        Assert.Contains("model written to", driver.Output);
    }

    private void AssertNoModelWritten(string model)
    {
        Assert.False(File.Exists(model), $"{model} was written");
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }
}
