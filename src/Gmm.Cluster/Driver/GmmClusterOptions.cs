namespace Gmm.Cluster;

/// <summary>How the driver runs a fit on the cluster.</summary>
public sealed class GmmClusterOptions
{
    /// <summary>The largest message in bytes (the nodes' <see cref="GmmNodeOptions.MessageLimitBytes"/>): larger models, statistics and reads travel in parts.</summary>
    public int MessageLimitBytes { get; init; } = 64 << 20;

    /// <summary>How long a node may take for one shard's call (its statistics, a read, its model) before its unfinished shards run on another node holding them.</summary>
    public TimeSpan ShardDeadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a node may take to read its shards from disk when a fit opens them.</summary>
    public TimeSpan LoadDeadline { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Rejects limits that cannot work, naming the setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A message limit under 64 KiB, or a deadline that is not positive.</exception>
    public void Validate()
    {
        if (MessageLimitBytes < 64 << 10)
            throw new ArgumentOutOfRangeException(nameof(MessageLimitBytes), MessageLimitBytes, "MessageLimitBytes must be at least 64 KiB (65536).");
        if (ShardDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ShardDeadline), ShardDeadline, "ShardDeadline must be positive.");
        if (LoadDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(LoadDeadline), LoadDeadline, "LoadDeadline must be positive.");
    }
}
