// Per-iteration time of EM through an in-process cluster of 3 silos (Orleans' test host, loopback) against the local
// sharded fit of the same shards on the same machine; prints a Markdown table for docs/benchmarks.md.
// Usage: dotnet run --project bench/Gmm.ClusterBench -c Release -- [n] [iterations]
using System.Diagnostics;
using System.Globalization;
using Gmm;
using Gmm.Cluster;
using Gmm.ClusterBench;
using Gmm.Cpu;
using Orleans.TestingHost;

int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30_000;
int iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6;
var builder = new TestClusterBuilder(3);
builder.AddSiloBuilderConfigurator<SiloSetup>();
var host = builder.Build();
await host.DeployAsync();
var nodes = host.GetActiveSilos().Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
var driver = new GmmCluster(host.Client);

Console.WriteLine($"n = {n} points in 3 shards (each on two of 3 silos), full covariance, float32, {iterations} iterations (the first left out); ms per iteration");
Console.WriteLine("| k | d | local sharded | cluster | overhead | model bytes | statistics bytes per shard |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (int d in new[] { 8, 32 })
    foreach (int k in new[] { 8, 32, 128 })
    {
        var random = new Random(k * 100 + d);
        var shards = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n / 3 * d).Select(_ => random.NextDouble() * 10).ToArray()).ToArray();
        var manifest = new ShardManifest([.. shards.Select((values, s) => new ShardEntry($"s{s}", MemoryShards.Add(values, d), [nodes[s], nodes[(s + 1) % 3]]))]);
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Full, MaxIterations = iterations, Tolerance = 0 };
        var local = new ShardedDataSource<float>([.. shards.Select(values => (IDataSource<float>)new InMemoryDataSource<float>(values.Select(v => (float)v).ToArray(), d))]);
        double localMs = PerIteration(new GaussianMixture(options, new ShardedBackendProvider(CpuBackendProvider.Default)), local);
        using var data = driver.Open<float>(manifest);
        double clusterMs = PerIteration(new GaussianMixture(options, driver.BackendProvider), data);
        long modelBytes = 8L * (k + k * d + k * d * d), statisticsBytes = 8L * (k + k * d + k * d * d);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {k} | {d} | {localMs:F1} | {clusterMs:F1} | {clusterMs - localMs:F1} | {modelBytes} | {statisticsBytes} |"));
    }
await host.StopAllSilosAsync();
await host.DisposeAsync();

static double PerIteration<T>(GaussianMixture mixture, IDataSource<T> data) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    var times = new List<double>();
    var progress = new Sink(report => times.Add(report.Elapsed.TotalMilliseconds));
    mixture.Fit(data, progress);
    return times.Skip(1).Order().ElementAt((times.Count - 1) / 2); // the median after the first iteration
}
