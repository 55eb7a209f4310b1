using System.Collections.Concurrent;

namespace Gmm.Cluster;

/// <summary>
/// What a node keeps between calls, outside any grain activation (so that the runtime may deactivate the worker without
/// losing the shards): the sessions of the fits it serves, its shard reader and its backend.
/// </summary>
/// <param name="reader">The node's shard reader, or null on a node that serves no data.</param>
/// <param name="backend">The node's backend.</param>
internal sealed class NodeStore(IShardReader? reader, IEmBackendProvider backend)
{
    private readonly ConcurrentDictionary<Guid, NodeSession> _sessions = new();

    public ShardInfo[] Open(Guid session, ShardRequest[] shards, bool single)
    {
        var shardReader = reader ?? throw new InvalidOperationException("This node has no shard reader: it serves no data.");
        var state = _sessions.GetOrAdd(session, _ => single ? new NodeSession<float>(backend) : new NodeSession<double>(backend));
        return state.Open(shardReader, shards);
    }

    public NodeSession Session(Guid session) =>
        _sessions.TryGetValue(session, out var state) ? state : throw new InvalidOperationException($"This node has no session {session} (it was restarted, or the fit was closed).");

    public void Close(Guid session)
    {
        if (_sessions.TryRemove(session, out var state)) state.Dispose();
    }
}
