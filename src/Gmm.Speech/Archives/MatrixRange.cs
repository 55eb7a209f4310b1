using System.Globalization;

namespace Gmm.Speech.Archives;

/// <summary>
/// A Kaldi script's row/column range "[r1:r2,c1:c2]" (kaldi-holder.cc, ParseMatrixRangeSpecifier): inclusive bounds,
/// any of which may be left out (":" alone = all); the column part is optional. As Kaldi, r2 may run up to 2 rows past
/// the matrix (segment rounding) and is cut to its last row.
/// </summary>
public readonly record struct MatrixRange(int? FirstRow, int? LastRow, int? FirstColumn, int? LastColumn)
{
    /// <summary>Parses the text between the brackets, e.g. "0:99" or "10:20,0:12" or ":,3:5".</summary>
    /// <exception cref="FormatException">Text that is not a range.</exception>
    public static MatrixRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0)) throw new FormatException($"'[{text}]' is not a range: use [r1:r2] or [r1:r2,c1:c2].");
        var (r1, r2) = Pair(parts[0], text);
        var (c1, c2) = parts.Length == 2 ? Pair(parts[1], text) : (null, null);
        return new MatrixRange(r1, r2, c1, c2);
    }

    private static (int?, int?) Pair(string part, string text)
    {
        if (part == ":") return (null, null);
        var ends = part.Split(':');
        if (ends.Length != 2 || !int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int a)
            || !int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out int b))
            throw new FormatException($"'[{text}]' is not a range: '{part}' must be first:last with non-negative integers, or ':'.");
        return (a, b);
    }

    /// <summary>The rows and columns selected from a rows × columns matrix, checked as Kaldi checks them.</summary>
    /// <exception cref="ArgumentException">A range outside the matrix (the message gives both).</exception>
    public (int FirstRow, int RowCount, int FirstColumn, int ColumnCount) Resolve(int rows, int columns)
    {
        int r1 = FirstRow ?? 0, r2 = LastRow ?? rows - 1, c1 = FirstColumn ?? 0, c2 = LastColumn ?? columns - 1;
        if (r1 > r2 || r1 >= rows || r2 >= rows + 3 || c1 > c2 || c2 >= columns)
            throw new ArgumentException($"range [{this}] does not fit a matrix of {rows} × {columns}.", nameof(rows));
        return (r1, Math.Min(r2, rows - 1) - r1 + 1, c1, c2 - c1 + 1);
    }

    /// <summary>Applies the range to <paramref name="matrix"/> (a copy).</summary>
    public FeatureMatrix Apply(FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var (r, rowCount, c, columnCount) = Resolve(matrix.Rows, matrix.Columns);
        var result = new FeatureMatrix(rowCount, columnCount);
        for (int i = 0; i < rowCount; i++) matrix.Row(r + i).Slice(c, columnCount).CopyTo(result.Row(i));
        return result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        FirstColumn is null && LastColumn is null ? Part(FirstRow, LastRow) : $"{Part(FirstRow, LastRow)},{Part(FirstColumn, LastColumn)}";

    private static string Part(int? a, int? b) => a is null ? ":" : $"{a}:{b}";
}
