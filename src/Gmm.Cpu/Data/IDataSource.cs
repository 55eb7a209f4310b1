using System.Numerics;

namespace Gmm;

/// <summary>
/// Points to fit or score, delivered in chunks so that data larger than memory can stream. Every enumeration of
/// <see cref="GetChunks"/> must yield the same points in the same order.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Dimension d of each point.</summary>
    int Dimension { get; }

    /// <summary>Total number of points n.</summary>
    long Count { get; }

    /// <summary>True when points carry sample weights.</summary>
    bool HasWeights { get; }

    /// <summary>The points in order, in chunks of at most <paramref name="maxRows"/> points.</summary>
    IEnumerable<DataChunk<T>> GetChunks(int maxRows);
}
