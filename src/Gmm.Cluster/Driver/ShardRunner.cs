using System.Collections.Concurrent;

namespace Gmm.Cluster;

/// <summary>
/// Runs one call per shard, each on one live node holding it, with a deadline per call. A node that is not an active
/// silo, leaves the cluster's membership (<see cref="MembershipWatch"/>: its calls are abandoned at once), fails a call
/// or misses a deadline is left out for the rest of the fit, and its unfinished shards run again on another holder; a
/// reply that comes after the node was left out is ignored. A shard left without a holder fails the run, naming the
/// shard and why each of its nodes is out.
/// </summary>
internal sealed class ShardRunner(GmmCluster cluster, ShardManifest manifest, IReadOnlyList<IReadOnlySet<string>> loaded, ClusterTraffic traffic,
    MembershipWatch watch)
{
    /// <summary>The reason of a node whose call failed because the runtime found its silo unavailable (dead or gone).</summary>
    internal const string UnavailableSilo = "left the cluster (its silo became unavailable to this driver's calls)";

    private readonly ConcurrentDictionary<string, string> _excluded = new(StringComparer.Ordinal);

    /// <summary>Nodes left out of the fit, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Excluded => _excluded;

    /// <summary>Leaves <paramref name="node"/> out for the rest of the fit (the first reason stays); false when it was out already.</summary>
    public bool Exclude(string node, string reason) => _excluded.TryAdd(node, reason);

    /// <summary>
    /// Runs <paramref name="work"/> for every shard of <paramref name="shards"/> (indices into the manifest); before a
    /// node's first shard of a round, <paramref name="prepare"/> (when given). Returns the results by shard index.
    /// </summary>
    public async Task<TResult[]> RunAsync<TResult>(IReadOnlyList<int> shards, TimeSpan deadline, Func<string, Task>? prepare,
        Func<string, int, Task<TResult>> work)
    {
        var results = new TResult[manifest.Shards.Count];
        var pending = shards.ToList();
        bool rerun = false;
        while (pending.Count > 0)
        {
            if (rerun) traffic.AddReruns(pending.Count);
            var live = await cluster.LiveNodesAsync().ConfigureAwait(false);
            var done = new ConcurrentDictionary<int, bool>();
            await Task.WhenAll(Assign(pending, live).Select(async pair =>
            {
                var (node, mine) = pair;
                var left = watch.Left(node);
                try
                {
                    if (prepare is not null) await UnlessLeft(node, WithDeadline(prepare(node), deadline, "the model"), left).ConfigureAwait(false);
                    foreach (int s in mine)
                    {
                        results[s] = await UnlessLeft(node, WithDeadline(work(node, s), deadline, $"shard \"{manifest.Shards[s].Id}\""), left).ConfigureAwait(false);
                        done[s] = true;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A call that failed because the node's silo died is a departure too, whichever came first: the
                    // runtime fails the calls to a silo it finds dead (SiloUnavailableException) from the same membership
                    // change that the watch learns of, possibly later.
                    string? gone = e is NodeLeftException departure ? departure.Reason
                        : watch.LeftReason(node) ?? (e is SiloUnavailableException ? UnavailableSilo : null);
                    if (Exclude(node, gone ?? (e is TimeoutException ? e.Message : $"failed ({e.GetType().Name}: {e.Message})")) && gone is not null)
                        traffic.AddNodeLeft();
                }
            })).ConfigureAwait(false);
            pending = pending.Where(s => !done.ContainsKey(s)).ToList();
            rerun = true;
        }
        return results;
    }

    /// <summary>The call's result, or a <see cref="NodeLeftException"/> as soon as <paramref name="left"/> says the node left (the call's late end is then ignored).</summary>
    private static async Task<TResult> UnlessLeft<TResult>(string node, Task<TResult> call, Task<string> left)
    {
        if (await Task.WhenAny(call, left).ConfigureAwait(false) == call) return await call.ConfigureAwait(false);
        _ = call.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // a late failure is observed and ignored
        throw new NodeLeftException(node, await left.ConfigureAwait(false));
    }

    /// <inheritdoc cref="UnlessLeft{TResult}(string, Task{TResult}, Task{string})"/>
    private static Task<bool> UnlessLeft(string node, Task call, Task<string> left) =>
        UnlessLeft(node, call.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), left);

    /// <summary>Each pending shard to the live holder with the fewest shards so far (ties: the manifest's order).</summary>
    private List<(string Node, List<int> Shards)> Assign(List<int> pending, IReadOnlySet<string> live)
    {
        var byNode = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (int s in pending)
        {
            var shard = manifest.Shards[s];
            string? best = null;
            foreach (string node in shard.Nodes)
            {
                if (!live.Contains(node) || _excluded.ContainsKey(node) || watch.LeftReason(node) is not null || !loaded[s].Contains(node)) continue;
                if (best is null || Load(byNode, node) < Load(byNode, best)) best = node;
            }
            if (best is null) throw new ShardUnavailableException(shard.Id, [.. shard.Nodes.Select(n => (n, Reason(n, s, live)))]);
            if (!byNode.TryGetValue(best, out var list)) byNode[best] = list = [];
            list.Add(s);
        }
        return [.. byNode.Select(kv => (kv.Key, kv.Value))];
    }

    private static int Load(Dictionary<string, List<int>> byNode, string node) => byNode.TryGetValue(node, out var list) ? list.Count : 0;

    private string Reason(string node, int shard, IReadOnlySet<string> live) =>
        _excluded.TryGetValue(node, out var reason) ? reason
        : watch.LeftReason(node) is { } gone ? gone
        : !live.Contains(node) ? "not an active silo"
        : !loaded[shard].Contains(node) ? "did not load the shard when the fit opened it"
        : "unavailable";

    /// <summary>The task's result, or a <see cref="TimeoutException"/> after <paramref name="deadline"/> (the late result is then ignored).</summary>
    public static async Task WithDeadline(Task task, TimeSpan deadline, string what) =>
        await WithDeadline(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), deadline, what).ConfigureAwait(false);

    /// <inheritdoc cref="WithDeadline(Task, TimeSpan, string)"/>
    public static async Task<TResult> WithDeadline<TResult>(Task<TResult> task, TimeSpan deadline, string what)
    {
        using var timer = new CancellationTokenSource();
        var winner = await Task.WhenAny(task, Task.Delay(deadline, timer.Token)).ConfigureAwait(false);
        if (winner != task)
        {
            _ = task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // a late failure is observed and ignored
            throw new TimeoutException($"no answer for {what} within the deadline of {deadline.TotalSeconds:G4} s");
        }
        await timer.CancelAsync().ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }
}
