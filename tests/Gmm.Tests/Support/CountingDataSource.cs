using Gmm;

namespace Gmm.Tests.Support;

/// <summary>Wraps a source and counts how often its chunks are enumerated (residency checks).</summary>
internal sealed class CountingDataSource<T>(IDataSource<T> inner) : IDataSource<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public int Enumerations { get; private set; }
    public int Dimension => inner.Dimension;
    public long Count => inner.Count;
    public bool HasWeights => inner.HasWeights;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        Enumerations++;
        return inner.GetChunks(maxRows);
    }
}
