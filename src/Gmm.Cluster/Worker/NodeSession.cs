namespace Gmm.Cluster;

/// <summary>One fit's state on a node: its shards in memory, the model of the current iteration (or k-means' centres), the last statistics.</summary>
internal abstract class NodeSession : IDisposable
{
    public abstract ShardInfo[] Open(IShardReader reader, ShardRequest[] shards);
    public abstract ValidationReply Validate(string shardId, long offset, bool inFloat32, bool kMeansStart);
    public abstract void SetModelPart(string fingerprint, int part, int parts, byte[] bytes);
    public abstract StatisticsReply Accumulate(string fingerprint, string shardId, int limitBytes);
    public abstract StatisticsReply AccumulateInFloat64(string fingerprint, string shardId, int limitBytes);
    public abstract StatisticsReply AccumulateNearestCenters(string fingerprint, string shardId, int limitBytes);
    public abstract byte[] ReadStatisticsPart(string fingerprint, string shardId, int part);
    public abstract byte[] ReadRows(string shardId, long start, int rows);
    public abstract void Dispose();
}
