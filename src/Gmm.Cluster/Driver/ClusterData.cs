using System.Collections.Concurrent;
using System.Numerics;

namespace Gmm.Cluster;

/// <summary>
/// The points of a manifest's shards, staying on the nodes that hold them, in the fit's compute type: give it to a
/// <see cref="GaussianMixture"/> whose backend is <see cref="GmmCluster.BackendProvider"/>. The points are the shards'
/// points in manifest order. Validation runs on the nodes (the same errors as a local fit), and so does k-means'
/// labelling pass (<see cref="AccumulateNearestCenters"/>); initialisation reads its sample through
/// <see cref="GetChunks"/>, from the nodes, in messages under the size limit. A float32 variational fit that its
/// float32 bound cannot finish continues in float64 on the nodes (<see cref="AsFloat64"/>). Dispose it to free the
/// nodes' memory.
/// </summary>
/// <typeparam name="T">The fit's compute type: float (Precision = Single) or double.</typeparam>
public sealed class ClusterData<T> : IResidentDataSource<T>, IResidentFloat64View, IClusterSource, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GmmCluster _cluster;
    private readonly Guid _session;
    private readonly ShardInfo[] _infos;
    private readonly long[] _offsets;
    private readonly List<HashSet<string>> _loaded;
    private readonly ShardRunner _runner;
    private readonly MembershipWatch _watch;
    private readonly ConcurrentDictionary<string, string> _modelOnNode = new(StringComparer.Ordinal);
    private bool _validated;

    private ClusterData(GmmCluster cluster, ShardManifest manifest, Guid session, ShardInfo[] infos, List<HashSet<string>> loaded, IReadOnlyDictionary<string, string> excluded,
        MembershipWatch watch)
    {
        _watch = watch;
        _cluster = cluster;
        _session = session;
        _infos = infos;
        _loaded = loaded;
        Manifest = manifest;
        _offsets = new long[infos.Length];
        for (int s = 0; s < infos.Length; s++)
        {
            _offsets[s] = Count;
            Count += infos[s].Count;
        }
        Dimension = infos[0].Dimension;
        HasWeights = infos.Any(i => i.HasWeights);
        _runner = new ShardRunner(cluster, manifest, loaded, Traffic, watch);
        foreach (var (node, reason) in excluded) _runner.Exclude(node, reason);
    }

    /// <summary>The manifest the data was opened from.</summary>
    public ShardManifest Manifest { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public long Count { get; }

    /// <inheritdoc />
    public bool HasWeights { get; }

    /// <summary>What the fit sent and received so far.</summary>
    public ClusterTraffic Traffic { get; } = new();

    /// <summary>Nodes left out of the fit (gone, hung or failed), with the reason.</summary>
    public IReadOnlyDictionary<string, string> ExcludedNodes => _runner.Excluded;

    /// <summary>Index of shard <paramref name="shard"/>'s first point in the whole data.</summary>
    public long Offset(int shard) => _offsets[shard];

    /// <summary>The fit's session on the nodes.</summary>
    internal Guid Session => _session;

    internal string Description =>
        $"cluster: {_infos.Length} shards on {_loaded.SelectMany(l => l).Distinct().Count(n => !_runner.Excluded.ContainsKey(n))} nodes";

    string IClusterSource.Description => Description;

    internal static async Task<ClusterData<T>> OpenAsync(GmmCluster cluster, ShardManifest manifest)
    {
        var session = Guid.NewGuid();
        bool single = typeof(T) == typeof(float);
        var watch = MembershipWatch.Start(cluster);
        try
        {
            return await OpenAsync(cluster, manifest, session, single, watch).ConfigureAwait(false);
        }
        catch
        {
            watch.Dispose();
            throw;
        }
    }

    private static async Task<ClusterData<T>> OpenAsync(GmmCluster cluster, ShardManifest manifest, Guid session, bool single, MembershipWatch watch)
    {
        var live = await cluster.LiveNodesAsync().ConfigureAwait(false);
        var excluded = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var found = new ConcurrentDictionary<(int Shard, string Node), ShardInfo>();
        var unreadable = new ConcurrentDictionary<(int Shard, string Node), string>();
        await Task.WhenAll(manifest.Nodes.Select(async node =>
        {
            if (!live.Contains(node))
            {
                excluded[node] = "not an active silo";
                return;
            }
            var mine = Enumerable.Range(0, manifest.Shards.Count).Where(s => manifest.Shards[s].Nodes.Contains(node)).ToList();
            var requests = mine.Select(s => new ShardRequest(manifest.Shards[s].Id, manifest.Shards[s].Path, manifest.Shards[s].WeightsPath, manifest.Shards[s].Dimension)).ToArray();
            try
            {
                var infos = await ShardRunner.WithDeadline(cluster.Worker(node).Open(session, requests, single), cluster.Options.LoadDeadline, "loading its shards").ConfigureAwait(false);
                for (int i = 0; i < mine.Count; i++)
                {
                    string path = manifest.Shards[mine[i]].Path;
                    if (infos[i].Error is { } error) unreadable[(mine[i], node)] = error.Contains(path, StringComparison.Ordinal) ? $"could not read it ({error})" : $"could not read {path} ({error})";
                    else found[(mine[i], node)] = infos[i];
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                excluded[node] = $"could not load its shards ({e.Message})";
            }
        })).ConfigureAwait(false);

        var chosen = new ShardInfo[manifest.Shards.Count];
        var loaded = new List<HashSet<string>>();
        for (int s = 0; s < manifest.Shards.Count; s++)
        {
            var shard = manifest.Shards[s];
            var copies = shard.Nodes.Where(n => found.ContainsKey((s, n))).ToList();
            if (copies.Count == 0)
                throw new ShardUnavailableException(shard.Id, [.. shard.Nodes.Select(n =>
                    (n, unreadable.TryGetValue((s, n), out var why) ? why : excluded.TryGetValue(n, out var r) ? r : "unavailable"))]);
            chosen[s] = found[(s, copies[0])];
            foreach (var other in copies.Skip(1))
                if (found[(s, other)] is var copy && (copy.Count != chosen[s].Count || copy.Dimension != chosen[s].Dimension || copy.HasWeights != chosen[s].HasWeights))
                    throw new ArgumentException($"The copies of shard \"{shard.Id}\" differ: {copies[0]} has {chosen[s].Count} points × {chosen[s].Dimension}, {other} has {copy.Count} × {copy.Dimension}.", nameof(manifest));
            if (chosen[s].Dimension != chosen[0].Dimension)
                throw new ArgumentException($"Shard \"{shard.Id}\" has {chosen[s].Dimension} features but shard \"{manifest.Shards[0].Id}\" has {chosen[0].Dimension}; every shard must have the same.", nameof(manifest));
            loaded.Add([.. copies]);
        }
        return new ClusterData<T>(cluster, manifest, session, chosen, loaded, excluded, watch);
    }

    /// <summary>
    /// Validates every copy of every shard on its node (each node then keeps its copy in the compute type), with a
    /// local fit's errors: the first bad point in shard order, numbered in the whole data.
    /// </summary>
    public double Validate(string parameterName, bool inFloat32, bool kMeansStart)
    {
        bool single = typeof(T) == typeof(float);
        var replies = new ConcurrentDictionary<int, ValidationReply>();
        var nodes = _loaded.SelectMany(l => l).Distinct(StringComparer.Ordinal).Where(n => !_runner.Excluded.ContainsKey(n)).ToList();
        Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                for (int s = 0; s < _infos.Length; s++)
                {
                    if (!_loaded[s].Contains(node)) continue;
                    var reply = await ShardRunner.WithDeadline(_cluster.Worker(node).Validate(_session, _infos[s].Id, _offsets[s], single || inFloat32, kMeansStart),
                        _cluster.Options.LoadDeadline, $"validating shard \"{_infos[s].Id}\"").ConfigureAwait(false);
                    replies.TryAdd(s, reply);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _runner.Exclude(node, $"failed validating its shards ({e.Message})");
            }
        })).GetAwaiter().GetResult();
        double total = 0;
        for (int s = 0; s < _infos.Length; s++)
        {
            if (!replies.TryGetValue(s, out var reply))
                throw new ShardUnavailableException(_infos[s].Id, [.. Manifest.Shards[s].Nodes.Select(n => (n, _runner.Excluded.TryGetValue(n, out var r) ? r : "unavailable"))]);
            if (reply.Error is not null) throw new ArgumentException(reply.Error, reply.Parameter == "sampleWeights" ? reply.Parameter : parameterName);
            total += reply.WeightTotal;
        }
        DataValidation.CheckWeightTotal(total, single || inFloat32);
        _validated = true;
        return total;
    }

    /// <summary>The points in chunks of at most <paramref name="maxRows"/> that never cross a shard's end, read from the nodes in messages under the size limit.</summary>
    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be at least 1.");
        RequireValidated();
        int d = Dimension;
        int perMessage = RowsCodec.RowsPerMessage<T>(d, MessageParts.PayloadLimit(_cluster.Options.MessageLimitBytes));
        for (int s = 0; s < _infos.Length; s++)
        {
            for (long start = 0; start < _infos[s].Count; start += maxRows)
            {
                int rows = (int)Math.Min(maxRows, _infos[s].Count - start);
                var values = new T[rows * d];
                var weights = _infos[s].HasWeights ? new T[rows] : [];
                for (int done = 0; done < rows;)
                {
                    int take = Math.Min(perMessage, rows - done);
                    long from = start + done;
                    int shard = s;
                    var bytes = _runner.RunAsync([shard], _cluster.Options.ShardDeadline, null,
                        (node, _) => _cluster.Worker(node).ReadRows(_session, _infos[shard].Id, from, take)).GetAwaiter().GetResult()[shard];
                    Traffic.AddRows();
                    RowsCodec.DecodeInto<T>(bytes, values.AsSpan(done * d), weights.Length == 0 ? [] : weights.AsSpan(done));
                    done += take;
                }
                yield return new DataChunk<T>(_offsets[s] + start, d, values, weights);
            }
        }
    }

    /// <summary>
    /// One E-step: the model once to each node in use, the statistics of every shard back as bytes, by shard index;
    /// <paramref name="inFloat64"/>: computed by the nodes' float64 backends over their points cast to float64
    /// (a float32 fit's float64 finish, counted in <see cref="ClusterTraffic.Float64Rounds"/>).
    /// </summary>
    internal Task<byte[][]> AccumulateAsync(GaussianMixtureModel model, bool inFloat64 = false)
    {
        if (!inFloat64) return EveryShardAsync(ModelCodec.Encode(model), (worker, fingerprint, shard, limit) => worker.Accumulate(_session, fingerprint, shard, limit));
        Traffic.AddFloat64Round();
        return EveryShardAsync(ModelCodec.Encode(model), (worker, fingerprint, shard, limit) => worker.AccumulateInFloat64(_session, fingerprint, shard, limit));
    }

    Task<byte[][]> IClusterSource.AccumulateAsync(GaussianMixtureModel model) => AccumulateAsync(model);

    /// <summary>
    /// The same points as float64, still on the nodes: the float64 finish of a float32 variational fit whose float32
    /// lower bound cannot resolve its tolerance runs its E-steps there, each node's float64 backend over its float32
    /// points converted chunk by chunk into one reused buffer (a node never holds a float64 copy of its shards: the
    /// finish's length is not known in advance, and a copy would triple the node's memory for the points). Statistics,
    /// shard order, re-runs and deadlines are those of the float32 E-steps. Data opened in float64 is its own view.
    /// </summary>
    public IDataSource<double> AsFloat64() => this as IDataSource<double> ?? new ClusterFloat64Data<T>(this);

    /// <summary>
    /// k-means initialisation's labelling pass on the nodes: the centres go once to each node in use, each labels its
    /// shards and returns their statistics (no point travels); the driver adds them in shard order, as
    /// <see cref="ShardedDataSource{T}"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">An origin that is not d long, or centres that are not k×d.</exception>
    public SufficientStatistics AccumulateNearestCenters(double[] centers, double[] origin, CovarianceType type)
    {
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Length != Dimension) throw new ArgumentException($"origin must hold d = {Dimension} values; got {origin.Length}.", nameof(origin));
        int k = new NearestCenter(centers, centers.Length / Dimension, Dimension, origin).Count; // the checks of the search the nodes build
        var total = SufficientStatistics.Create(type, origin, ShardedDataSource<T>.Repeat(origin, k));
        var shards = EveryShardAsync(CentersCodec.Encode(centers, origin, type),
            (worker, fingerprint, shard, limit) => worker.AccumulateNearestCenters(_session, fingerprint, shard, limit)).GetAwaiter().GetResult();
        var partial = total.CreateEmptyLike();
        foreach (var bytes in shards)
        {
            StatisticsCodec.DecodeInto(bytes, partial);
            total.Add(partial);
        }
        return total;
    }

    /// <summary>
    /// <paramref name="broadcast"/> (a model or centres) once to each node in use, named by its fingerprint, then
    /// <paramref name="call"/> for every shard on a node holding it; the statistics' bytes back, joined from their parts, by shard index.
    /// </summary>
    private async Task<byte[][]> EveryShardAsync(byte[] broadcast, Func<INodeWorker, string, string, int, Task<StatisticsReply>> call)
    {
        RequireValidated();
        string fingerprint = ModelCodec.Fingerprint(broadcast);
        int limit = _cluster.Options.MessageLimitBytes;
        var parts = MessageParts.Split(broadcast, limit);
        return await _runner.RunAsync([.. Enumerable.Range(0, _infos.Length)], _cluster.Options.ShardDeadline,
            async node =>
            {
                if (_modelOnNode.TryGetValue(node, out var held) && held == fingerprint) return;
                var worker = _cluster.Worker(node);
                for (int p = 0; p < parts.Length; p++)
                {
                    await worker.SetModelPart(_session, fingerprint, p, parts.Length, parts[p]).ConfigureAwait(false);
                    Traffic.AddModel();
                }
                _modelOnNode[node] = fingerprint;
            },
            async (node, s) =>
            {
                var worker = _cluster.Worker(node);
                var reply = await call(worker, fingerprint, _infos[s].Id, limit).ConfigureAwait(false);
                Traffic.AddStatistics();
                if (reply.Parts == 1) return reply.First;
                var received = new List<byte[]> { reply.First };
                for (int p = 1; p < reply.Parts; p++)
                {
                    received.Add(await worker.ReadStatisticsPart(_session, fingerprint, _infos[s].Id, p).ConfigureAwait(false));
                    Traffic.AddStatistics();
                }
                return MessageParts.Join(received);
            }).ConfigureAwait(false);
    }

    private void RequireValidated()
    {
        if (!_validated) throw new InvalidOperationException("The cluster data is validated on the nodes first (GaussianMixture.Fit does it; or call Validate).");
    }

    /// <summary>Frees the shards on every node that loaded them (best effort: a node that is gone holds nothing).</summary>
    public void Dispose()
    {
        var nodes = _loaded.SelectMany(l => l).Distinct(StringComparer.Ordinal).Where(n => !_runner.Excluded.ContainsKey(n)).ToList();
        try
        {
            Task.WhenAll(nodes.Select(n => ShardRunner.WithDeadline(_cluster.Worker(n).Close(_session), TimeSpan.FromSeconds(10), "closing"))).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or InvalidOperationException)
        {
            // A node that cannot be reached keeps nothing worth freeing.
        }
        finally
        {
            _watch.Dispose();
        }
    }
}
