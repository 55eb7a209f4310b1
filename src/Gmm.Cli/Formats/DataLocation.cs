using System.Globalization;

namespace Gmm.Cli.Formats;

/// <summary>
/// The one way the tool names a place in input data, whatever the format: "row 25, column 3 (0-based)", as NumPy
/// indexes the array the file holds; text files add the line an editor shows: "row 49, column 0 (0-based; line 51)".
/// </summary>
internal static class DataLocation
{
    /// <summary>Row <paramref name="row"/> and, when given, column <paramref name="column"/> (both 0-based), and the 1-based text line.</summary>
    public static string At(long row, int? column = null, long? line = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"row {row}{(column is { } c ? $", column {c}" : "")} (0-based{(line is { } l ? $"; line {l}" : "")})");
}
