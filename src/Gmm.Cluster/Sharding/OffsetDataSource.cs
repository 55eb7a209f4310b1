using System.Numerics;

namespace Gmm.Cluster;

/// <summary>A shard seen at its place in the whole data: the same chunks, their starts moved by the shard's offset, so
/// that validation names points as a fit of the whole would.</summary>
internal sealed class OffsetDataSource<T>(IDataSource<T> shard, long offset) : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => shard.Dimension;
    public long Count => shard.Count;
    public bool HasWeights => shard.HasWeights;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        foreach (var chunk in shard.GetChunks(maxRows))
            yield return new DataChunk<T>(chunk.Start + offset, chunk.Dimension, chunk.Values, chunk.Weights);
    }
}
