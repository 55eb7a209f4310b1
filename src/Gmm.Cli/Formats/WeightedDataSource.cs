using System.Numerics;

namespace Gmm.Cli.Formats;

/// <summary>A source whose chunks carry per-point sample weights held in memory.</summary>
internal sealed class WeightedDataSource<T>(IDataSource<T> inner, T[] weights) : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => inner.Dimension;
    public long Count => inner.Count;
    public bool HasWeights => true;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        foreach (var chunk in inner.GetChunks(maxRows))
            yield return new DataChunk<T>(chunk.Start, chunk.Dimension, chunk.Values, weights.AsMemory((int)chunk.Start, chunk.Count));
    }
}
