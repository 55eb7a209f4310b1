namespace Gmm.Cluster;

/// <summary>Points on the cluster's nodes whose E-step <see cref="ClusterBackend{T}"/> runs there: <see cref="ClusterData{T}"/>, or its float64 view.</summary>
internal interface IClusterSource
{
    /// <summary>One E-step on the nodes: the statistics of every shard under <paramref name="model"/>, as bytes, by shard index.</summary>
    Task<byte[][]> AccumulateAsync(GaussianMixtureModel model);

    /// <summary>The shards and the nodes in use, for the backend's description.</summary>
    string Description { get; }
}
