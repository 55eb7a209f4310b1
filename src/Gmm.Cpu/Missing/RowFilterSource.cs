using System.Numerics;

namespace Gmm;

/// <summary>
/// The points of a source that have no missing entry (<c>complete</c>), or those that have one, in their order,
/// filtered chunk by chunk as the source streams; chunk starts count the kept points.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class RowFilterSource<T>(IDataSource<T> inner, bool complete, long count) : IDataSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => inner.Dimension;
    public long Count => count;
    public bool HasWeights => inner.HasWeights;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be at least 1.");
        int d = Dimension;
        long start = 0;
        foreach (var chunk in inner.GetChunks(maxRows))
        {
            var (values, weights) = Filter(chunk, complete);
            int rows = values.Length / d;
            if (rows == 0) continue;
            yield return new DataChunk<T>(start, d, values, weights ?? default(ReadOnlyMemory<T>));
            start += rows;
        }
    }

    /// <summary>The kept rows' values and (when the chunk has them) weights.</summary>
    private static (T[] Values, T[]? Weights) Filter(DataChunk<T> chunk, bool complete)
    {
        int d = chunk.Dimension;
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        var keptValues = new List<T>();
        var keptWeights = weights.IsEmpty ? null : new List<T>();
        for (int i = 0; i < chunk.Count; i++)
        {
            var row = values.Slice(i * d, d);
            if (MissingEntries.HasMissing(row) == complete) continue;
            foreach (var v in row) keptValues.Add(v);
            keptWeights?.Add(weights[i]);
        }
        return ([.. keptValues], keptWeights is null ? null : [.. keptWeights]);
    }

    /// <summary>Every kept point in memory.</summary>
    public InMemoryDataSource<T> Materialize()
    {
        var values = new T[count * Dimension];
        var weights = HasWeights ? new T[count] : null;
        foreach (var chunk in GetChunks(1 << 16))
        {
            chunk.Values.Span.CopyTo(values.AsSpan((int)(chunk.Start * Dimension)));
            if (weights is not null) chunk.Weights.Span.CopyTo(weights.AsSpan((int)chunk.Start));
        }
        return new InMemoryDataSource<T>(values, Dimension, weights);
    }
}
