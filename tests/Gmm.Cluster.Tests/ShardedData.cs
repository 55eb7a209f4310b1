using System.Numerics;
using Gmm.Cpu;

namespace Gmm.Cluster.Tests;

/// <summary>Tiny blobs split in shards, and the fits every test compares: single node, local sharded reference, cluster.</summary>
internal sealed class ShardedData
{
    public ShardedData(int[] sizes, int dimension, int centers, int seed, bool weighted = false)
    {
        Dimension = dimension;
        var random = new Random(seed);
        var means = new double[centers * dimension];
        for (int i = 0; i < means.Length; i++) means[i] = 100 + 8 * random.NextDouble(); // far from the origin, as real features are
        Shards = new double[sizes.Length][];
        Weights = weighted ? new double[sizes.Length][] : null;
        for (int s = 0; s < sizes.Length; s++)
        {
            Shards[s] = new double[sizes[s] * dimension];
            for (int i = 0; i < sizes[s]; i++)
            {
                int c = random.Next(centers);
                for (int j = 0; j < dimension; j++) Shards[s][i * dimension + j] = means[c * dimension + j] + Normal(random) * (0.5 + 0.1 * j);
            }
            if (Weights is not null) Weights[s] = [.. Enumerable.Range(0, sizes[s]).Select(_ => 0.25 + random.NextDouble())];
        }
    }

    public int Dimension { get; }
    public double[][] Shards { get; }
    public double[][]? Weights { get; }

    public double[] All => [.. Shards.SelectMany(s => s)];
    public double[]? AllWeights => Weights is null ? null : [.. Weights.SelectMany(w => w)];

    /// <summary>A manifest putting shard s on nodes s and s+1 (mod the node count), so every shard has two copies.</summary>
    public ShardManifest Manifest(IReadOnlyList<string> nodes) => new(
        [.. Shards.Select((values, s) => new ShardEntry($"s{s}", TestShards.Add(values, Dimension, Weights?[s]),
            [nodes[s % nodes.Count], nodes[(s + 1) % nodes.Count]]))]);

    public ShardedDataSource<T> Local<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        new([.. Shards.Select((values, s) => (IDataSource<T>)new InMemoryDataSource<T>(Convert<T>(values), Dimension, Weights is null ? default : Convert<T>(Weights[s])))]);

    public FitResult FitLocalSharded<T>(GaussianMixtureOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        new GaussianMixture(options, new ShardedBackendProvider(CpuBackendProvider.Default)).Fit(Local<T>());

    public static FitResult FitCluster<T>(GmmCluster driver, ClusterData<T> data, GaussianMixtureOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        new GaussianMixture(options, driver.BackendProvider).Fit(data);

    public static void AssertSame(FitResult expected, FitResult actual)
    {
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.LowerBound, actual.LowerBound);
        Assert.Equal(expected.Model.WeightsSpan.ToArray(), actual.Model.WeightsSpan.ToArray());
        Assert.Equal(expected.Model.MeansSpan.ToArray(), actual.Model.MeansSpan.ToArray());
        Assert.Equal(expected.Model.CovariancesSpan.ToArray(), actual.Model.CovariancesSpan.ToArray());
    }

    private static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> => [.. values.Select(T.CreateTruncating)];

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
