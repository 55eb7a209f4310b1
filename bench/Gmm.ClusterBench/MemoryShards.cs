using System.Collections.Concurrent;
using Gmm;
using Gmm.Cluster;

namespace Gmm.ClusterBench;

/// <summary>Shard "files" held in this process, which every in-process silo reads by path.</summary>
internal sealed class MemoryShards : IShardReader
{
    private static readonly ConcurrentDictionary<string, (double[] Values, int Dimension)> Files = new(StringComparer.Ordinal);

    public static string Add(double[] values, int dimension)
    {
        string path = $"/mem/{Files.Count}.npy";
        Files[path] = (values, dimension);
        return path;
    }

    public ShardPoints Read(string path, string? weightsPath, int? dimension) => new(new InMemoryDataSource<double>(Files[path].Values, Files[path].Dimension));
}
