using Gmm;

namespace Gmm.Tests.Support;

/// <summary>Wraps a source and hands out empty chunks (0 rows) before and after its chunks, as a custom source may.</summary>
internal sealed class EmptyChunkDataSource<T>(IDataSource<T> inner) : IDataSource<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public int Dimension => inner.Dimension;
    public long Count => inner.Count;
    public bool HasWeights => inner.HasWeights;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        yield return new DataChunk<T>(0, inner.Dimension, ReadOnlyMemory<T>.Empty);
        foreach (var chunk in inner.GetChunks(maxRows)) yield return chunk;
        yield return new DataChunk<T>(inner.Count, inner.Dimension, ReadOnlyMemory<T>.Empty);
    }
}
