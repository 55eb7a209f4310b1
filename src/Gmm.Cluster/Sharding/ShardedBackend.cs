using System.Numerics;

namespace Gmm.Cluster;

/// <summary>Accumulates a <see cref="ShardedDataSource{T}"/> shard by shard, each into empty statistics added in shard order.</summary>
internal sealed class ShardedBackend<T>(IEmBackend<T> inner) : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Description => "shard by shard on " + inner.Description;

    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        if (data is not ShardedDataSource<T> sharded)
        {
            inner.Accumulate(model, data, statistics);
            return;
        }
        var partial = statistics.CreateEmptyLike();
        foreach (var shard in sharded.Shards)
        {
            partial.Clear();
            inner.Accumulate(model, shard, partial);
            statistics.Add(partial);
        }
    }

    public void Dispose() => inner.Dispose();
}
