namespace Gmm.Cluster;

/// <summary>The worker of the node named by its key; its state lives in the silo's <see cref="NodeStore"/>.</summary>
[NodePlacement]
internal sealed class NodeWorkerGrain(NodeStore store) : Grain, INodeWorker
{
    public Task<ShardInfo[]> Open(Guid session, ShardRequest[] shards, bool single) => Task.FromResult(store.Open(session, shards, single));

    public Task<ValidationReply> Validate(Guid session, string shardId, long offset, bool inFloat32, bool kMeansStart) =>
        Task.FromResult(store.Session(session).Validate(shardId, offset, inFloat32, kMeansStart));

    public Task SetModelPart(Guid session, string fingerprint, int part, int parts, byte[] bytes)
    {
        store.Session(session).SetModelPart(fingerprint, part, parts, bytes);
        return Task.CompletedTask;
    }

    public Task<StatisticsReply> Accumulate(Guid session, string fingerprint, string shardId, int limitBytes) =>
        Task.FromResult(store.Session(session).Accumulate(fingerprint, shardId, limitBytes));

    public Task<StatisticsReply> AccumulateInFloat64(Guid session, string fingerprint, string shardId, int limitBytes) =>
        Task.FromResult(store.Session(session).AccumulateInFloat64(fingerprint, shardId, limitBytes));

    public Task<StatisticsReply> AccumulateNearestCenters(Guid session, string fingerprint, string shardId, int limitBytes) =>
        Task.FromResult(store.Session(session).AccumulateNearestCenters(fingerprint, shardId, limitBytes));

    public Task<byte[]> ReadStatisticsPart(Guid session, string fingerprint, string shardId, int part) =>
        Task.FromResult(store.Session(session).ReadStatisticsPart(fingerprint, shardId, part));

    public Task<byte[]> ReadRows(Guid session, string shardId, long start, int rows) =>
        Task.FromResult(store.Session(session).ReadRows(shardId, start, rows));

    public Task Close(Guid session)
    {
        store.Close(session);
        return Task.CompletedTask;
    }
}
