using System.Numerics;

namespace Gmm;

/// <summary>Points held in one row-major array (n×d), with optional sample weights (n). The arrays are not copied.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class InMemoryDataSource<T> : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReadOnlyMemory<T> _values;
    private readonly ReadOnlyMemory<T> _weights;

    /// <summary>Wraps n×d row-major <paramref name="values"/> and optional per-point <paramref name="weights"/>.</summary>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, or weights of the wrong length.</exception>
    public InMemoryDataSource(ReadOnlyMemory<T> values, int dimension, ReadOnlyMemory<T> weights = default)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        if (values.IsEmpty) throw new ArgumentException("data is empty: at least one point is needed.", nameof(values));
        if (values.Length % dimension != 0)
            throw new ArgumentException($"data length {values.Length} is not a multiple of the dimension {dimension}.", nameof(values));
        Count = values.Length / dimension;
        if (!weights.IsEmpty && weights.Length != Count)
            throw new ArgumentException($"sample weights must hold one value per point ({Count}); got {weights.Length}.", nameof(weights));
        _values = values;
        _weights = weights;
        Dimension = dimension;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public long Count { get; }

    /// <inheritdoc />
    public bool HasWeights => !_weights.IsEmpty;

    /// <inheritdoc />
    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be at least 1.");
        int n = (int)Count;
        for (int start = 0; start < n; start += maxRows)
        {
            int rows = Math.Min(maxRows, n - start);
            yield return new DataChunk<T>(start, Dimension, _values.Slice(start * Dimension, rows * Dimension),
                _weights.IsEmpty ? default : _weights.Slice(start, rows));
        }
    }
}
