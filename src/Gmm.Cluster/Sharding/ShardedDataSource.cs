using System.Numerics;

namespace Gmm.Cluster;

/// <summary>
/// The local sharded reference: the shards of a fit held in this process, in order. Its points are the shards' points
/// in order; <see cref="ShardedBackendProvider"/> accumulates each shard on its own and adds the shards' statistics in
/// order — exactly what a cluster does, with the same shards, whichever node computes which shard.
/// </summary>
/// <typeparam name="T">The fit's compute type: float or double.</typeparam>
public sealed class ShardedDataSource<T> : IResidentDataSource<T>, IResidentFloat64View where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly long[] _offsets;

    /// <summary>The shards, in order (at least one; every shard of the same dimension and non-empty).</summary>
    /// <exception cref="ArgumentException">No shards, an empty shard, or shards of different dimensions.</exception>
    public ShardedDataSource(IReadOnlyList<IDataSource<T>> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0) throw new ArgumentException("At least one shard is needed.", nameof(shards));
        _offsets = new long[shards.Count];
        long total = 0;
        for (int s = 0; s < shards.Count; s++)
        {
            var shard = shards[s] ?? throw new ArgumentException($"shards[{s}] is null.", nameof(shards));
            if (shard.Dimension != shards[0].Dimension)
                throw new ArgumentException($"Shard {s} has {shard.Dimension} features but shard 0 has {shards[0].Dimension}; every shard must have the same.", nameof(shards));
            _offsets[s] = total;
            total += shard.Count;
        }
        Shards = shards;
        Count = total;
        Dimension = shards[0].Dimension;
        HasWeights = shards.Any(s => s.HasWeights);
    }

    /// <summary>The shards, in order.</summary>
    public IReadOnlyList<IDataSource<T>> Shards { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public long Count { get; }

    /// <inheritdoc />
    public bool HasWeights { get; }

    /// <summary>Index of shard <paramref name="shard"/>'s first point in the whole data.</summary>
    public long Offset(int shard) => _offsets[shard];

    /// <summary>Chunks never cross a shard's end: each shard is read in chunks of at most <paramref name="maxRows"/>.</summary>
    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        for (int s = 0; s < Shards.Count; s++)
            foreach (var chunk in new OffsetDataSource<T>(Shards[s], _offsets[s]).GetChunks(maxRows))
                yield return chunk;
    }

    /// <inheritdoc />
    public double Validate(string parameterName, bool inFloat32, bool kMeansStart)
    {
        double total = 0;
        for (int s = 0; s < Shards.Count; s++)
            total += DataValidation.ValidatePoints(new OffsetDataSource<T>(Shards[s], _offsets[s]), parameterName, inFloat32: inFloat32, kMeansStart: kMeansStart);
        DataValidation.CheckWeightTotal(total, inFloat32);
        return total;
    }

    /// <inheritdoc />
    public SufficientStatistics AccumulateNearestCenters(double[] centers, double[] origin, CovarianceType type)
    {
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Length != Dimension) throw new ArgumentException($"origin must hold d = {Dimension} values; got {origin.Length}.", nameof(origin));
        var search = new NearestCenter(centers, centers.Length / Dimension, Dimension, origin);
        var total = SufficientStatistics.Create(type, origin, Repeat(origin, search.Count));
        foreach (var shard in Shards) total.Add(search.AssignedStatistics(shard, type)); // each shard on its own, added in order
        return total;
    }

    /// <summary>
    /// The same shards as float64, as a cluster's nodes present theirs for the float64 finish of a float32 variational
    /// fit: each shard converted chunk by chunk (no float64 copy), so that
    /// <see cref="ShardedBackendProvider"/>'s float64 backend sums what the nodes' float64 backends do. Float64 shards are
    /// their own view.
    /// </summary>
    public IDataSource<double> AsFloat64()
    {
        if (this is ShardedDataSource<double> same) return same;
        return new ShardedDataSource<double>([.. Shards.Select(shard => (IDataSource<double>)new Float64Shard<T>(shard))]);
    }

    /// <summary>k copies of <paramref name="point"/> (the reference points of statistics taken about one point).</summary>
    internal static double[] Repeat(double[] point, int k)
    {
        var repeated = new double[k * point.Length];
        for (int c = 0; c < k; c++) point.CopyTo(repeated, c * point.Length);
        return repeated;
    }
}
