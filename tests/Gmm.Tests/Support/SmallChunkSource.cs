using System.Numerics;
using Gmm;

namespace Gmm.Tests.Support;

/// <summary>Wraps a source so that it never yields chunks larger than <paramref name="cap"/> points.</summary>
public sealed class SmallChunkSource<T>(IDataSource<T> inner, int cap) : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => inner.Dimension;
    public long Count => inner.Count;
    public bool HasWeights => inner.HasWeights;
    public IEnumerable<DataChunk<T>> GetChunks(int maxRows) => inner.GetChunks(Math.Min(maxRows, cap));
}
