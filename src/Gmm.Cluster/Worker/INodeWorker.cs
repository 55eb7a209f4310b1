namespace Gmm.Cluster;

/// <summary>
/// The worker of one node (the grain's key is the node's name; it is placed on the silo of that name only). It holds
/// the node's shards of a fit (a session) in memory, and per iteration turns (model, shard) into statistics.
/// </summary>
public interface INodeWorker : IGrainWithStringKey
{
    /// <summary>Reads the shards of a session (in float32 when <paramref name="single"/>, else float64) and says what each holds, or why it could not be read.</summary>
    Task<ShardInfo[]> Open(Guid session, ShardRequest[] shards, bool single);

    /// <summary>Validates a loaded shard as a local fit would (the float32 range, the k-means range when asked), its points numbered from <paramref name="offset"/>.</summary>
    Task<ValidationReply> Validate(Guid session, string shardId, long offset, bool inFloat32, bool kMeansStart);

    /// <summary>Receives part <paramref name="part"/> of <paramref name="parts"/> of the model (or of k-means' centres) named <paramref name="fingerprint"/>.</summary>
    Task SetModelPart(Guid session, string fingerprint, int part, int parts, byte[] bytes);

    /// <summary>The statistics of a shard under the model <paramref name="fingerprint"/> (which the node must hold), in parts of at most <paramref name="limitBytes"/>.</summary>
    Task<StatisticsReply> Accumulate(Guid session, string fingerprint, string shardId, int limitBytes);

    /// <summary>
    /// As <see cref="Accumulate"/>, computed in float64 by the node's float64 backend over the shard's points as float64
    /// (exact casts of the float32 points a float32 session holds, converted chunk by chunk into one reused buffer; no
    /// float64 copy is kept): the E-step of a float32 variational fit's float64 finish. A float64 session computes as
    /// <see cref="Accumulate"/>.
    /// </summary>
    Task<StatisticsReply> AccumulateInFloat64(Guid session, string fingerprint, string shardId, int limitBytes);

    /// <summary>
    /// k-means initialisation's labelling pass on a shard: the statistics about the origin of the centres
    /// <paramref name="fingerprint"/> (which the node must hold) of every point assigned to its nearest centre, in parts of
    /// at most <paramref name="limitBytes"/>.
    /// </summary>
    Task<StatisticsReply> AccumulateNearestCenters(Guid session, string fingerprint, string shardId, int limitBytes);

    /// <summary>Part <paramref name="part"/> (≥ 1) of the statistics the last <see cref="Accumulate"/>, <see cref="AccumulateInFloat64"/> or <see cref="AccumulateNearestCenters"/> of the shard computed.</summary>
    Task<byte[]> ReadStatisticsPart(Guid session, string fingerprint, string shardId, int part);

    /// <summary>Rows [start, start + rows) of a shard, with their weights, for initialisation.</summary>
    Task<byte[]> ReadRows(Guid session, string shardId, long start, int rows);

    /// <summary>Forgets the session's shards.</summary>
    Task Close(Guid session);
}
