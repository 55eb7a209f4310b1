using System.Numerics;

namespace Gmm.Cli.Formats;

/// <summary>The points of several sources one after another (several input files of one command), streamed; disposes the files it owns.</summary>
internal sealed class ConcatenatedDataSource<T>(IReadOnlyList<IDataSource<T>> sources, IReadOnlyList<IDisposable> owners) : IDataSource<T>, IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension { get; } = sources[0].Dimension;

    public long Count { get; } = sources.Sum(s => s.Count);

    public bool HasWeights => false;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        long offset = 0;
        foreach (var source in sources)
        {
            foreach (var chunk in source.GetChunks(maxRows))
                yield return new DataChunk<T>(offset + chunk.Start, chunk.Dimension, chunk.Values);
            offset += source.Count;
        }
    }

    public void Dispose()
    {
        foreach (var owner in owners) owner.Dispose();
    }
}
