using System.Globalization;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// Comma-separated numeric tables. The first non-empty line is a header when none of its fields is a number;
/// lines starting with '#' and blank lines are skipped. Every row must have the same number of finite values.
/// </summary>
internal static class CsvFormat
{
    /// <summary>The parsed table: n×d row-major values and the header names, if any.</summary>
    public sealed record Table(double[] Values, int Rows, int Columns, string[]? Header);

    public static Table Read(string path, TextReader reader)
    {
        var values = new List<double>();
        string[]? header = null;
        int columns = -1, rows = 0, lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#') continue;
            var fields = line.Split(',');
            if (columns < 0)
            {
                int numeric = 0;
                foreach (var f in fields) if (TryParse(f, out _)) numeric++;
                if (numeric == 0)
                {
                    header = [.. fields.Select(f => f.Trim().Trim('"').Trim())];
                    columns = fields.Length;
                    continue;
                }
                columns = fields.Length;
            }
            if (fields.Length != columns)
                throw new CliException($"{path}: line {lineNumber} has {fields.Length} values but {(header is null ? "the first row" : "the header")} has {columns}; every row needs the same number of columns.");
            for (int j = 0; j < fields.Length; j++)
            {
                if (!TryParse(fields[j], out double value))
                    throw new CliException(fields[j].Trim().Length == 0
                        ? $"{path}: line {lineNumber}, column {j + 1} is empty; every row needs {columns} numbers."
                        : $"{path}: line {lineNumber}, column {j + 1}: '{fields[j].Trim()}' is not a number.");
                if (!double.IsFinite(value))
                    throw new CliException($"{path}: line {lineNumber} (data row {rows + 1}), column {j + 1} holds {fields[j].Trim()}; remove or impute non-finite values.");
                values.Add(value);
            }
            rows++;
        }
        if (rows == 0)
            throw new CliException($"{path}: no data rows{(header is null ? "" : " after the header")}; the file needs at least one row of numbers.");
        return new Table([.. values], rows, columns, header);
    }

    /// <summary>Parses a number as NumPy and pandas write them (invariant culture; nan/inf spellings included).</summary>
    public static bool TryParse(string field, out double value)
    {
        var s = field.AsSpan().Trim();
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"') s = s[1..^1].Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        string lower = s.ToString().ToLowerInvariant();
        value = lower switch
        {
            "nan" or "-nan" or "+nan" => double.NaN,
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            _ => 0,
        };
        return lower is "nan" or "-nan" or "+nan" or "inf" or "+inf" or "infinity" or "+infinity" or "-inf" or "-infinity";
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
