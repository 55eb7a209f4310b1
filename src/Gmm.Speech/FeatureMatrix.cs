namespace Gmm.Speech;

/// <summary>
/// One utterance's features: <see cref="Rows"/> frames × <see cref="Columns"/> features, float32, row-major. The values
/// array is owned by the matrix and not copied.
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>Wraps <paramref name="values"/> (rows × columns, row-major).</summary>
    /// <exception cref="ArgumentException">A negative size, or a values array of the wrong length.</exception>
    public FeatureMatrix(int rows, int columns, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(values);
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"values holds {values.Length} numbers but {rows} rows × {columns} columns need {(long)rows * columns}.", nameof(values));
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    /// <summary>A zero-filled rows × columns matrix.</summary>
    public FeatureMatrix(int rows, int columns) : this(rows, columns, new float[checked(rows * columns)]) { }

    /// <summary>An empty matrix (0 × 0): Kaldi's output for a waveform shorter than one frame.</summary>
    public static FeatureMatrix Empty { get; } = new(0, 0, []);

    /// <summary>Number of frames.</summary>
    public int Rows { get; }

    /// <summary>Features per frame.</summary>
    public int Columns { get; }

    /// <summary>Rows × Columns values, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Frame <paramref name="row"/> (Columns values).</summary>
    public Span<float> Row(int row) => Values.AsSpan(checked(row * Columns), Columns);

    /// <summary>The value at (row, column).</summary>
    public float this[int row, int column]
    {
        get => Values[row * Columns + column];
        set => Values[row * Columns + column] = value;
    }

    /// <summary>The rows whose <paramref name="keep"/> flag is set (e.g. the voiced frames), in order, as a new matrix.</summary>
    /// <exception cref="ArgumentException"><paramref name="keep"/> does not hold one flag per row.</exception>
    public FeatureMatrix SelectRows(ReadOnlySpan<bool> keep)
    {
        if (keep.Length != Rows)
            throw new ArgumentException($"keep holds {keep.Length} flags but the matrix has {Rows} rows.", nameof(keep));
        int kept = 0;
        foreach (bool k in keep) if (k) kept++;
        var result = new FeatureMatrix(kept, Columns);
        int next = 0;
        for (int r = 0; r < Rows; r++)
            if (keep[r]) Row(r).CopyTo(result.Row(next++));
        return result;
    }
}
