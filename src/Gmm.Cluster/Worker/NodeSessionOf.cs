using System.Numerics;

namespace Gmm.Cluster;

/// <summary>A node's session computing in <typeparamref name="T"/> on the node's backend.</summary>
internal sealed class NodeSession<T>(IEmBackendProvider provider) : NodeSession where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ShardPoints> _raw = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InMemoryDataSource<T>> _shards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[][]> _statistics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Float64Shard<T>> _float64Shards = new(StringComparer.Ordinal); // one view per shard: a GPU backend keeps a source it saw last resident
    private IEmBackend<T>? _backend;
    private IEmBackend<double>? _float64Backend; // a float32 session's float64 finish, made on its first E-step
    private string? _fingerprint, _pendingFingerprint;
    private byte[][] _pending = [];
    private GaussianMixtureModel? _model;
    private (NearestCenter Search, CovarianceType Type)? _centers;

    public override ShardInfo[] Open(IShardReader reader, ShardRequest[] shards)
    {
        var infos = new ShardInfo[shards.Length];
        for (int i = 0; i < shards.Length; i++)
        {
            ShardPoints data;
            try
            {
                data = reader.Read(shards[i].Path, shards[i].WeightsPath, shards[i].Dimension);
                if (shards[i].Dimension is { } dims && data.Dimension != dims)
                    throw new InvalidDataException($"{shards[i].Path}: the file has {data.Dimension} features per point but the manifest's \"dims\" is {dims}.");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                infos[i] = new ShardInfo(shards[i].Id, 0, 0, false, e.Message); // this shard only: the node serves the others
                continue;
            }
            lock (_lock) _raw[shards[i].Id] = data;
            infos[i] = new ShardInfo(shards[i].Id, data.Count, data.Dimension, data.HasWeights);
        }
        return infos;
    }

    public override ValidationReply Validate(string shardId, long offset, bool inFloat32, bool kMeansStart)
    {
        ShardPoints raw;
        lock (_lock)
        {
            if (_shards.ContainsKey(shardId)) throw new InvalidOperationException($"Shard \"{shardId}\" was validated already.");
            raw = _raw.TryGetValue(shardId, out var r) ? r : throw new InvalidOperationException($"Shard \"{shardId}\" is not loaded in this session.");
        }
        double total;
        try
        {
            // In the file's own precision, as a local fit checks the points it read.
            total = raw.Single is { } single
                ? DataValidation.ValidatePoints(new OffsetDataSource<float>(single, offset), "data", inFloat32: inFloat32, kMeansStart: kMeansStart)
                : DataValidation.ValidatePoints(new OffsetDataSource<double>(raw.Double!, offset), "data", inFloat32: inFloat32, kMeansStart: kMeansStart);
        }
        catch (ArgumentException e)
        {
            string suffix = e.ParamName is null ? "" : $" (Parameter '{e.ParamName}')";
            string message = e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
            return new ValidationReply(0, message, e.ParamName);
        }
        var converted = raw.Single is { } points ? Convert(points) : Convert(raw.Double!);
        lock (_lock)
        {
            _shards[shardId] = converted;
            _raw.Remove(shardId);
        }
        return new ValidationReply(total, null, null);
    }

    public override void SetModelPart(string fingerprint, int part, int parts, byte[] bytes)
    {
        lock (_lock)
        {
            if (_pendingFingerprint != fingerprint || _pending.Length != parts)
            {
                _pendingFingerprint = fingerprint;
                _pending = new byte[parts][];
            }
            _pending[part] = bytes;
            if (_pending.Any(p => p is null)) return;
            var joined = MessageParts.Join(_pending);
            if (ModelCodec.Fingerprint(joined) != fingerprint)
                throw new InvalidDataException($"The model's parts do not add up to the model {fingerprint}.");
            if (CentersCodec.Holds(joined))
            {
                _centers = CentersCodec.Decode(joined);
                _model = null;
            }
            else
            {
                _model = ModelCodec.Decode(joined);
                _centers = null;
            }
            _fingerprint = fingerprint;
            _statistics.Clear();
            _pending = [];
            _pendingFingerprint = null;
        }
    }

    public override StatisticsReply Accumulate(string fingerprint, string shardId, int limitBytes)
    {
        var (model, shard) = Current(fingerprint, shardId);
        IEmBackend<T> backend;
        lock (_lock) backend = _backend ??= provider.Create<T>();
        var statistics = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, shard, statistics);
        return Keep(fingerprint, shardId, statistics, limitBytes);
    }

    /// <summary>
    /// The shard's statistics in float64 on the node's float64 backend: the points a float32 session holds, converted
    /// chunk by chunk (<see cref="Float64Shard{T}"/>, one per shard for the session), so the node holds one chunk per reader
    /// in float64, not a float64 copy of its shards, for as many iterations as the finish takes.
    /// </summary>
    public override StatisticsReply AccumulateInFloat64(string fingerprint, string shardId, int limitBytes)
    {
        if (typeof(T) == typeof(double)) return Accumulate(fingerprint, shardId, limitBytes); // the points are float64 already
        var (model, shard) = Current(fingerprint, shardId);
        IEmBackend<double> backend;
        Float64Shard<T> points;
        lock (_lock)
        {
            backend = _float64Backend ??= provider.Create<double>();
            if (!_float64Shards.TryGetValue(shardId, out points!)) _float64Shards[shardId] = points = new Float64Shard<T>(shard);
        }
        var statistics = SufficientStatistics.For<double>(model);
        backend.Accumulate(model, points, statistics);
        return Keep(fingerprint, shardId, statistics, limitBytes);
    }

    /// <summary>The model <paramref name="fingerprint"/> (which the node must hold) and the validated shard.</summary>
    private (GaussianMixtureModel Model, InMemoryDataSource<T> Shard) Current(string fingerprint, string shardId)
    {
        lock (_lock)
        {
            if (_fingerprint != fingerprint || _model is null)
                throw new InvalidOperationException($"This node holds the model {_fingerprint ?? "(none)"}, not {fingerprint}.");
            return (_model, Shard(shardId));
        }
    }

    public override StatisticsReply AccumulateNearestCenters(string fingerprint, string shardId, int limitBytes)
    {
        (NearestCenter Search, CovarianceType Type) centers;
        InMemoryDataSource<T> shard;
        lock (_lock)
        {
            if (_fingerprint != fingerprint || _centers is null)
                throw new InvalidOperationException($"This node holds {(_model is null ? "the centres" : "the model")} {_fingerprint ?? "(none)"}, not the centres {fingerprint}.");
            centers = _centers.Value;
            shard = Shard(shardId);
        }
        return Keep(fingerprint, shardId, centers.Search.AssignedStatistics(shard, centers.Type), limitBytes);
    }

    /// <summary>The statistics as bytes in parts under the limit: the first returned, all kept for <see cref="ReadStatisticsPart"/> while the fingerprint holds.</summary>
    private StatisticsReply Keep(string fingerprint, string shardId, SufficientStatistics statistics, int limitBytes)
    {
        var parts = MessageParts.Split(StatisticsCodec.Encode(statistics), limitBytes);
        lock (_lock)
        {
            if (_fingerprint == fingerprint) _statistics[shardId] = parts;
        }
        return new StatisticsReply(parts.Length, parts[0]);
    }

    private InMemoryDataSource<T> Shard(string shardId) =>
        _shards.TryGetValue(shardId, out var s) ? s : throw new InvalidOperationException($"Shard \"{shardId}\" is not loaded and validated in this session.");

    public override byte[] ReadStatisticsPart(string fingerprint, string shardId, int part)
    {
        lock (_lock)
        {
            if (_fingerprint != fingerprint || !_statistics.TryGetValue(shardId, out var parts))
                throw new InvalidOperationException($"No statistics of shard \"{shardId}\" under the model {fingerprint} are held.");
            return parts[part];
        }
    }

    public override byte[] ReadRows(string shardId, long start, int rows)
    {
        InMemoryDataSource<T> shard;
        lock (_lock) shard = Shard(shardId);
        int d = shard.Dimension;
        var values = new T[rows * d];
        var weights = shard.HasWeights ? new T[rows] : [];
        int filled = 0;
        foreach (var chunk in shard.GetChunks(1 << 16))
        {
            long end = chunk.Start + chunk.Count;
            if (end <= start + filled) continue;
            int from = (int)(start + filled - chunk.Start), take = Math.Min(chunk.Count - from, rows - filled);
            chunk.Values.Span.Slice(from * d, take * d).CopyTo(values.AsSpan(filled * d));
            if (weights.Length > 0) chunk.Weights.Span.Slice(from, take).CopyTo(weights.AsSpan(filled));
            filled += take;
            if (filled == rows) break;
        }
        return RowsCodec.Encode<T>(values, weights, rows, d);
    }

    public override void Dispose()
    {
        lock (_lock)
        {
            _backend?.Dispose();
            _backend = null;
            _float64Backend?.Dispose();
            _float64Backend = null;
            _shards.Clear();
            _float64Shards.Clear();
            _raw.Clear();
            _statistics.Clear();
        }
    }

    /// <summary>
    /// The shard in the compute type: points already in memory in that type as they are (float32 points of a float32
    /// fit: no copy), others converted value by value (as a local fit converts float64 data; float32 to float64 is exact).
    /// </summary>
    private static InMemoryDataSource<T> Convert<TFrom>(IDataSource<TFrom> raw) where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
    {
        if (raw is InMemoryDataSource<T> same) return same;
        int d = raw.Dimension;
        var values = new T[raw.Count * d];
        var weights = raw.HasWeights ? new T[raw.Count] : null;
        foreach (var chunk in raw.GetChunks(1 << 16))
        {
            var source = chunk.Values.Span;
            var target = values.AsSpan((int)(chunk.Start * d), source.Length);
            for (int i = 0; i < source.Length; i++) target[i] = T.CreateTruncating(source[i]);
            if (weights is null) continue;
            var w = chunk.Weights.Span;
            for (int i = 0; i < chunk.Count; i++) weights[chunk.Start + i] = w.IsEmpty ? T.One : T.CreateTruncating(w[i]);
        }
        return new InMemoryDataSource<T>(values, d, weights);
    }

    /// <summary>The shard a session holds in memory (tests check that float32 points stay as read).</summary>
    internal IDataSource<T> HeldShard(string shardId)
    {
        lock (_lock) return Shard(shardId);
    }
}
