using System.Collections.Concurrent;

namespace Gmm.Cluster.Tests;

/// <summary>The "files" of the in-process cluster: every silo of the test host reads shards from this process's memory by path.</summary>
internal sealed class TestShards : IShardReader
{
    private static readonly ConcurrentDictionary<string, (double[] Values, int Dimension, double[]? Weights)> Files = new(StringComparer.Ordinal);

    public static string Add(double[] values, int dimension, double[]? weights = null)
    {
        string path = $"/mem/{Guid.NewGuid():N}.npy";
        Files[path] = (values, dimension, weights);
        return path;
    }

    public IDataSource<double> Read(string path, string? weightsPath)
    {
        if (!Files.TryGetValue(path, out var file)) throw new FileNotFoundException($"No shard file {path}.", path);
        return new InMemoryDataSource<double>(file.Values, file.Dimension, file.Weights);
    }
}
