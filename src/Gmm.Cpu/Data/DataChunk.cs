using System.Numerics;

namespace Gmm;

/// <summary>A contiguous block of points: <see cref="Count"/>×<see cref="Dimension"/> values, row-major, with optional per-point weights.</summary>
/// <typeparam name="T">float or double.</typeparam>
public readonly struct DataChunk<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a chunk; <paramref name="values"/> must hold count×dimension values and weights, when not empty, count.</summary>
    public DataChunk(long start, int dimension, ReadOnlyMemory<T> values, ReadOnlyMemory<T> weights = default)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        if (values.Length % dimension != 0)
            throw new ArgumentException($"values length {values.Length} is not a multiple of the dimension {dimension}.", nameof(values));
        int count = values.Length / dimension;
        if (!weights.IsEmpty && weights.Length != count)
            throw new ArgumentException($"weights must hold one value per point ({count}); got {weights.Length}.", nameof(weights));
        Start = start;
        Dimension = dimension;
        Values = values;
        Weights = weights;
        Count = count;
    }

    /// <summary>Index of the chunk's first point in its source.</summary>
    public long Start { get; }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Count×d values, row-major.</summary>
    public ReadOnlyMemory<T> Values { get; }

    /// <summary>Per-point weights (Count), or empty when every weight is 1.</summary>
    public ReadOnlyMemory<T> Weights { get; }
}
