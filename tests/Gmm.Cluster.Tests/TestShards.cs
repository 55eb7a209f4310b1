using System.Collections.Concurrent;

namespace Gmm.Cluster.Tests;

/// <summary>The "files" of the in-process cluster: every silo of the test host reads shards from this process's memory by path.</summary>
internal sealed class TestShards : IShardReader
{
    private static readonly ConcurrentDictionary<string, Func<ShardPoints>> Files = new(StringComparer.Ordinal);

    /// <summary>A float64 file (with its weights, when given).</summary>
    public static string Add(double[] values, int dimension, double[]? weights = null) =>
        Add(() => new ShardPoints(new InMemoryDataSource<double>(values, dimension, weights)));

    /// <summary>A float32 file: every node reading it gets this very source (so a test can see that a node kept it as read).</summary>
    public static string Add(InMemoryDataSource<float> points)
    {
        var read = new ShardPoints(points);
        return Add(() => read);
    }

    private static string Add(Func<ShardPoints> read)
    {
        string path = $"/mem/{Guid.NewGuid():N}.npy";
        Files[path] = read;
        return path;
    }

    public ShardPoints Read(string path, string? weightsPath, int? dimension) =>
        Files.TryGetValue(path, out var read) ? read() : throw new FileNotFoundException($"No shard file {path}.", path);
}
