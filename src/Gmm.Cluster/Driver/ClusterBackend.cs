using System.Numerics;

namespace Gmm.Cluster;

/// <summary>
/// One E-step on the cluster: the model goes once to every node in use (as bytes named by their fingerprint), each node
/// computes the statistics of its shards, and the driver adds them in shard order — so the result does not depend on
/// which node computed which shard, nor on re-runs. A float64 backend also runs the float64 finish of a float32 fit on
/// the float32 data's float64 view (<see cref="ClusterData{T}.AsFloat64"/>).
/// </summary>
internal sealed class ClusterBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Description { get; private set; } = "cluster";

    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(statistics);
        if (data is not IClusterSource cluster)
            throw new ArgumentException("The cluster backend computes the statistics of data opened on the cluster (GmmCluster.Open) only.", nameof(data));
        if (data.Dimension != model.Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {model.Dimension}.", nameof(data));
        var shards = cluster.AccumulateAsync(model).GetAwaiter().GetResult();
        var partial = statistics.CreateEmptyLike();
        foreach (var bytes in shards)
        {
            StatisticsCodec.DecodeInto(bytes, partial);
            statistics.Add(partial);
        }
        Description = cluster.Description;
    }

    public void Dispose() { }
}
