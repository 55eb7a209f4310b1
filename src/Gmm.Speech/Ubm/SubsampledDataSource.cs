using System.Numerics;

namespace Gmm.Speech.Ubm;

/// <summary>
/// Every n-th point of a source (points 0, n, 2n, ...; Kaldi's subsample-feats --n over the whole stream), with its
/// weight, streamed chunk by chunk.
/// </summary>
internal sealed class SubsampledDataSource<T> : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IDataSource<T> _inner;
    private readonly int _period;

    /// <summary>Every <paramref name="period"/>-th point of <paramref name="inner"/> (period ≥ 1).</summary>
    public SubsampledDataSource(IDataSource<T> inner, int period)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _inner = inner;
        _period = period;
        Count = (inner.Count + period - 1) / period;
    }

    public int Dimension => _inner.Dimension;

    public long Count { get; }

    public bool HasWeights => _inner.HasWeights;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        int d = Dimension;
        int capacity = (int)Math.Max(1, Math.Min(maxRows, Count));
        var values = new T[(long)capacity * d];
        var weights = HasWeights ? new T[capacity] : null;
        int filled = 0;
        long start = 0;
        foreach (var chunk in _inner.GetChunks((int)Math.Min((long)maxRows * _period, int.MaxValue / Math.Max(d, 1))))
        {
            long first = (_period - chunk.Start % _period) % _period; // the first multiple of the period in the chunk
            for (long i = first; i < chunk.Count; i += _period)
            {
                chunk.Values.Span.Slice((int)i * d, d).CopyTo(values.AsSpan(filled * d, d));
                if (weights is not null) weights[filled] = chunk.Weights.IsEmpty ? T.One : chunk.Weights.Span[(int)i];
                if (++filled == capacity)
                {
                    yield return new DataChunk<T>(start, d, values, weights);
                    start += filled;
                    filled = 0;
                    values = new T[(long)capacity * d];
                    weights = HasWeights ? new T[capacity] : null;
                }
            }
        }
        if (filled > 0) yield return new DataChunk<T>(start, d, values.AsMemory(0, filled * d), weights is null ? default : weights.AsMemory(0, filled));
    }
}
