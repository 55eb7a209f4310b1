using System.Numerics;

namespace Gmm.Cluster;

/// <summary>
/// Backends that accumulate a <see cref="ShardedDataSource{T}"/> shard by shard on an inner backend, each shard into
/// empty statistics, added in shard order: the local reference a cluster fit equals bit for bit. Other data goes to the
/// inner backend as it is.
/// </summary>
/// <param name="inner">Computes each shard's statistics (the CPU backend, or a GPU's).</param>
public sealed class ShardedBackendProvider(IEmBackendProvider inner) : IEmBackendProvider
{
    private readonly IEmBackendProvider _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public string Name => "sharded-" + _inner.Name;

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ShardedBackend<T>(_inner.Create<T>());
}
