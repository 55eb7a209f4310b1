namespace Gmm.Cluster;

/// <summary>A shard of the fit has no live copy: every node holding it is gone, hung or failed, or could not read it.</summary>
public sealed class ShardUnavailableException : InvalidOperationException
{
    /// <summary>Creates the error for shard <paramref name="shardId"/>, whose holders are out for the reasons given.</summary>
    public ShardUnavailableException(string shardId, IReadOnlyList<(string Node, string Reason)> holders)
        : base($"Shard \"{shardId}\" has no live copy: {string.Join("; ", holders.Select(h => $"{h.Node}: {h.Reason}"))}.")
    {
        ShardId = shardId;
        Nodes = holders.Select(h => h.Node).ToList();
    }

    /// <summary>The shard's id.</summary>
    public string ShardId { get; }

    /// <summary>The nodes the manifest says hold it.</summary>
    public IReadOnlyList<string> Nodes { get; }
}
