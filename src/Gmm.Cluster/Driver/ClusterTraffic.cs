namespace Gmm.Cluster;

/// <summary>Counts of what a fit sent and received, for reports and tests (the chunked path is visible in the parts).</summary>
public sealed class ClusterTraffic
{
    private long _modelMessages, _statisticsMessages, _rowMessages, _reruns, _nodesLeft, _float64Rounds;

    /// <summary>Model messages sent (one per node per iteration, or more when the model is split in parts).</summary>
    public long ModelMessages => Interlocked.Read(ref _modelMessages);

    /// <summary>Statistics messages received (one per shard per iteration, or more when split in parts).</summary>
    public long StatisticsMessages => Interlocked.Read(ref _statisticsMessages);

    /// <summary>Row messages received for initialisation's reads.</summary>
    public long RowMessages => Interlocked.Read(ref _rowMessages);

    /// <summary>Shards run again on another node after their node died, hung or failed.</summary>
    public long Reruns => Interlocked.Read(ref _reruns);

    /// <summary>
    /// Nodes that left the cluster's membership while the fit used them: their unfinished shards ran again on another
    /// holder at once, without waiting for the shard's deadline.
    /// </summary>
    public long NodesLeft => Interlocked.Read(ref _nodesLeft);

    /// <summary>
    /// E-steps run in float64 on float32 data (each one round over every shard): the float64 finish of a float32
    /// variational fit whose float32 lower bound could not tell its change from the tolerance (0 when it could).
    /// </summary>
    public long Float64Rounds => Interlocked.Read(ref _float64Rounds);

    internal void AddModel() => Interlocked.Increment(ref _modelMessages);
    internal void AddStatistics() => Interlocked.Increment(ref _statisticsMessages);
    internal void AddRows() => Interlocked.Increment(ref _rowMessages);
    internal void AddReruns(int count) => Interlocked.Add(ref _reruns, count);
    internal void AddNodeLeft() => Interlocked.Increment(ref _nodesLeft);
    internal void AddFloat64Round() => Interlocked.Increment(ref _float64Rounds);
}
