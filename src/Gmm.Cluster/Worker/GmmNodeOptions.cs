using Gmm.Cpu;

namespace Gmm.Cluster;

/// <summary>How a node of the cluster serves its shards.</summary>
public sealed class GmmNodeOptions
{
    /// <summary>Reads the node's shard files; null on a node that holds no data (the driver's own silo).</summary>
    public IShardReader? Reader { get; init; }

    /// <summary>Computes the statistics of the node's shards: the CPU backend unless a GPU's is given.</summary>
    public IEmBackendProvider Backend { get; init; } = CpuBackendProvider.Default;

    /// <summary>The largest message the cluster sends, in bytes: larger models, statistics and reads travel in parts. Every silo and the driver must agree.</summary>
    public int MessageLimitBytes { get; init; } = 64 << 20;

    /// <summary>How long one call may take before the runtime gives up on it (a shard's E-step on the node's data must fit).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(30);
}
