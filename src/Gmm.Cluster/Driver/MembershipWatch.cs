namespace Gmm.Cluster;

/// <summary>
/// Follows the cluster's membership for one fit, so that a node whose silo leaves (declared dead, stopping or shutting
/// down) is known at once rather than at its shard's deadline. A driver in a silo subscribes to the silo's membership
/// updates (<see cref="IClusterMembershipService.MembershipUpdates"/>); an external client, which has no membership
/// service, asks the management grain every <see cref="PollInterval"/>. A node is the silo that bore its name when the
/// watch first saw it active: a later silo of the same name (a restart, without the fit's shards) does not bring it back.
/// </summary>
internal sealed class MembershipWatch : IDisposable
{
    /// <summary>How often a driver without a membership service asks for the silos' status.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SiloAddress> _tracked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _left = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<string>> _signals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    private MembershipWatch() { }

    /// <summary>Starts following <paramref name="cluster"/>'s membership (subscribed when the driver has a membership service, else polled).</summary>
    public static MembershipWatch Start(GmmCluster cluster)
    {
        var watch = new MembershipWatch();
        var stop = watch._stop.Token;
        if (cluster.Membership is { } membership)
        {
            watch.Update(Members(membership.CurrentSnapshot));
            _ = Task.Run(() => watch.FollowAsync(membership, stop));
        }
        else _ = Task.Run(() => watch.PollAsync(cluster, stop));
        return watch;
    }

    /// <summary>Completes, with why, when the silo of <paramref name="node"/> is no longer an active member (at once when it already left).</summary>
    public Task<string> Left(string node)
    {
        lock (_lock)
        {
            if (_left.TryGetValue(node, out var reason)) return Task.FromResult(reason);
            if (!_signals.TryGetValue(node, out var signal))
                _signals[node] = signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            return signal.Task;
        }
    }

    /// <summary>Why <paramref name="node"/> left, or null while it has not.</summary>
    public string? LeftReason(string node)
    {
        lock (_lock) return _left.GetValueOrDefault(node);
    }

    /// <summary>Stops following (the loops see the cancellation before the source is disposed).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task FollowAsync(IClusterMembershipService membership, CancellationToken stop)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stop).ConfigureAwait(false))
                Update(Members(snapshot));
        }
        catch (OperationCanceledException)
        {
            // the fit is over
        }
        catch (ObjectDisposedException)
        {
            // the silo is stopping
        }
    }

    private async Task PollAsync(GmmCluster cluster, CancellationToken stop)
    {
        var management = cluster.Management;
        while (true)
        {
            try
            {
                var hosts = await management.GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
                Update(hosts.Select(h => (h.SiloName, h.SiloAddress, h.Status)));
                await Task.Delay(PollInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
            {
                // the cluster did not answer this time: the shards' deadlines still apply; ask again
                try
                {
                    await Task.Delay(PollInterval, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static IEnumerable<(string Name, SiloAddress Address, SiloStatus Status)> Members(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Select(m => (m.Name, m.SiloAddress, m.Status));

    private void Update(IEnumerable<(string Name, SiloAddress Address, SiloStatus Status)> members)
    {
        var list = members.ToList();
        lock (_lock)
        {
            foreach (var (name, address, status) in list)
                if (status == SiloStatus.Active && name is not null && !_left.ContainsKey(name)) _tracked.TryAdd(name, address);
            foreach (var (name, address) in _tracked)
            {
                if (_left.ContainsKey(name)) continue;
                var member = list.FirstOrDefault(m => m.Address.Equals(address));
                if (member.Status == SiloStatus.Active) continue;
                string reason = member.Address is null
                    ? "left the cluster (its silo is no longer a member)"
                    : $"left the cluster (its silo is {member.Status})";
                _left[name] = reason;
                if (_signals.Remove(name, out var signal)) signal.TrySetResult(reason);
            }
        }
    }
}
