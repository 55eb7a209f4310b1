using System.Numerics;

namespace Gmm.Gpu.Multi;

/// <summary>
/// Rows [<see cref="First"/>, <see cref="First"/> + <see cref="Count"/>) of another source, as a source of their own (its
/// chunks start at 0): one device's fixed slice. A device keeps a slice's data resident as long as it is given the same
/// slice object, so a fit's slices are made once and reused every iteration.
/// </summary>
internal sealed class RowRangeDataSource<T> : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IDataSource<T> _source;

    public RowRangeDataSource(IDataSource<T> source, long first, long count)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (first < 0 || count < 0 || first + count > source.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"rows [{first}, {first + count}) are not within the source's {source.Count}.");
        _source = source;
        First = first;
        Count = count;
    }

    /// <summary>Index of the slice's first row in the whole source.</summary>
    public long First { get; }

    /// <inheritdoc />
    public int Dimension => _source.Dimension;

    /// <inheritdoc />
    public long Count { get; }

    /// <inheritdoc />
    public bool HasWeights => _source.HasWeights;

    /// <summary>The slice's rows in order: the source's chunks cut to the slice (the chunks before it are passed over, not copied).</summary>
    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        long end = First + Count;
        if (Count == 0) yield break;
        int d = Dimension;
        foreach (var chunk in _source.GetChunks(maxRows))
        {
            long chunkEnd = chunk.Start + chunk.Count;
            if (chunkEnd <= First) continue;
            if (chunk.Start >= end) yield break;
            int from = (int)(Math.Max(First, chunk.Start) - chunk.Start);
            int rows = (int)(Math.Min(end, chunkEnd) - chunk.Start) - from;
            yield return new DataChunk<T>(chunk.Start + from - First, d, chunk.Values.Slice(from * d, rows * d),
                chunk.Weights.IsEmpty ? default : chunk.Weights.Slice(from, rows));
            if (chunkEnd >= end) yield break;
        }
    }
}
