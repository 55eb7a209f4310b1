using System.Numerics;

namespace Gmm.Cluster;

/// <summary>
/// The driver's handle on a Gaussian-mixture cluster (Orleans silos made nodes by <see cref="GmmNodeHosting.AddGmmNode"/>):
/// opens a manifest's shards where they are (<see cref="Open{T}"/>) and gives the backend provider that fits them
/// (<see cref="BackendProvider"/>) with the same <see cref="GaussianMixture"/> as a local fit.
/// </summary>
public sealed class GmmCluster
{
    private readonly IGrainFactory _grains;

    /// <summary>A driver over the cluster <paramref name="grains"/> reaches (a silo's or a client's grain factory).</summary>
    /// <param name="grains">The grain factory of the silo or client the driver runs in.</param>
    /// <param name="options">The settings; null: the defaults.</param>
    /// <param name="membership">
    /// The membership service of the silo the driver runs in: the driver subscribes to its updates, so that a node that
    /// leaves mid-round has its unfinished shards re-run at once. Null (an external client has none): the driver asks
    /// the cluster for the silos' status twice a second during a fit instead.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">Invalid <paramref name="options"/>.</exception>
    public GmmCluster(IGrainFactory grains, GmmClusterOptions? options = null, IClusterMembershipService? membership = null)
    {
        _grains = grains ?? throw new ArgumentNullException(nameof(grains));
        Membership = membership;
        Options = options ?? new GmmClusterOptions();
        Options.Validate();
        BackendProvider = new ClusterBackendProvider();
    }

    /// <summary>The settings.</summary>
    public GmmClusterOptions Options { get; }

    /// <summary>Backends that compute the statistics of data opened here on the nodes holding it.</summary>
    public IEmBackendProvider BackendProvider { get; }

    internal INodeWorker Worker(string node) => _grains.GetGrain<INodeWorker>(node);

    /// <summary>The membership service the driver subscribes to, or null (polled through <see cref="Management"/>).</summary>
    internal IClusterMembershipService? Membership { get; }

    internal IManagementGrain Management => _grains.GetGrain<IManagementGrain>(0);

    /// <summary>The names of the active silos (the nodes that can serve now).</summary>
    public async Task<IReadOnlySet<string>> LiveNodesAsync()
    {
        var hosts = await Management.GetDetailedHosts(onlyActive: true).ConfigureAwait(false);
        return hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloName).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Waits until every node of <paramref name="nodes"/> is an active silo.</summary>
    /// <exception cref="TimeoutException">Some are still missing after <paramref name="timeout"/>; the message names them.</exception>
    public async Task WaitForNodesAsync(IEnumerable<string> nodes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var wanted = nodes.ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var live = await LiveNodesAsync().ConfigureAwait(false);
            var missing = wanted.Where(n => !live.Contains(n)).ToList();
            if (missing.Count == 0) return;
            if (clock.Elapsed >= timeout)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for the manifest's nodes; {string.Join(", ", missing)} did not join (started with 'worker --node NAME --driver HOST:PORT'?). Live: {(live.Count == 0 ? "none" : string.Join(", ", live.Order()))}.");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens the shards of <paramref name="manifest"/> for a fit computing in <typeparamref name="T"/> (float for
    /// Precision = Single, double for Double): every live node holding a shard reads it and keeps it in memory. The
    /// result is the fit's data; dispose it to free the nodes' memory.
    /// </summary>
    /// <exception cref="ArgumentException">Shards of different dimensions, or copies of a shard that differ.</exception>
    /// <exception cref="ShardUnavailableException">A shard that no live node could read.</exception>
    public ClusterData<T> Open<T>(ShardManifest manifest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return ClusterData<T>.OpenAsync(this, manifest).GetAwaiter().GetResult();
    }
}
