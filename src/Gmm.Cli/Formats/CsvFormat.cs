using System.Globalization;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// Delimited numeric tables. The separator is found on the first non-empty line: a tab, else ';', else ',', else
/// runs of spaces (numpy.savetxt's default); one column needs none. That line is a header when none of its fields is
/// a number; lines starting with '#' and blank lines are skipped. Every row must have the same number of finite values.
/// Places are named as <see cref="DataLocation"/> does (0-based row and column, and the line).
/// </summary>
internal static class CsvFormat
{
    /// <summary>The parsed table: n×d row-major values and the header names, if any.</summary>
    public sealed record Table(double[] Values, int Rows, int Columns, string[]? Header);

    /// <summary>Reads a table; a non-finite value is an error naming its place, except NaN when <paramref name="allowNaN"/> (--missing marginalize).</summary>
    public static Table Read(string path, TextReader reader, bool allowNaN = false)
    {
        var values = new List<double>();
        string[]? header = null;
        char? separator = null;
        int columns = -1, rows = 0, lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#') continue;
            separator ??= Separator(trimmed);
            var fields = Split(line, separator.Value);
            if (columns < 0)
            {
                int numeric = 0;
                foreach (var f in fields) if (TryParse(f, out _)) numeric++;
                columns = fields.Length;
                if (numeric == 0)
                {
                    header = [.. fields.Select(f => f.Trim().Trim('"').Trim())];
                    continue;
                }
            }
            string at = DataLocation.At(rows, null, lineNumber);
            if (fields.Length != columns)
                throw new CliException($"{path}: {at} has {fields.Length} values but {(header is null ? "the first row" : "the header")} has {columns}{Separated(separator.Value)}{Hint(line.Trim(), separator.Value)}; every row needs the same number of columns.");
            for (int j = 0; j < fields.Length; j++)
            {
                string field = fields[j].Trim();
                string cell = DataLocation.At(rows, j, lineNumber);
                if (!TryParse(fields[j], out double value))
                    throw new CliException(field.Length == 0
                        ? $"{path}: {cell} is empty; every row needs {columns} numbers."
                        : $"{path}: {cell}: '{field}' is not a number{Hint(field, separator.Value)}.");
                if (!double.IsFinite(value) && !(allowNaN && double.IsNaN(value)))
                    throw new CliException(allowNaN
                        ? $"{path}: {cell} holds {field}; with --missing marginalize NaN marks a missing value, but infinity cannot: remove or impute it."
                        : $"{path}: {cell} holds {field}; remove or impute non-finite values.");
                values.Add(value);
            }
            rows++;
        }
        if (rows == 0)
            throw new CliException($"{path}: no data rows{(header is null ? "" : " after the header")}; the file needs at least one row of numbers.");
        return new Table([.. values], rows, columns, header);
    }

    /// <summary>The separator of a table whose first non-empty line is <paramref name="line"/> (' ' stands for runs of spaces).</summary>
    private static char Separator(ReadOnlySpan<char> line) =>
        line.Contains('\t') ? '\t' : line.Contains(';') ? ';' : line.Contains(',') ? ',' : line.Contains(' ') ? ' ' : ',';

    private static string[] Split(string line, char separator) => separator == ' '
        ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : line.Split(separator);

    private static string Separated(char separator) => separator switch
    {
        '\t' => " (separated by tabs, as its first line is)",
        ';' => " (separated by ';', as its first line is)",
        ' ' => " (separated by spaces, as its first line is)",
        _ => "",
    };

    /// <summary>Why a field that should be a number might not be: decimal commas, or a separator other than the first line's.</summary>
    private static string Hint(string field, char separator)
    {
        if (separator == ';' && field.Contains(',') && TryParse(field.Replace(',', '.'), out _))
            return "; decimal commas are not supported: write it with a decimal point";
        foreach (char other in new[] { ',', ';', '\t' })
            if (other != separator && field.Contains(other))
                return $"; the first line separates values with {Name(separator)}, this one seems to use {Name(other)}";
        return "";
    }

    private static string Name(char separator) => separator switch { '\t' => "tabs", ' ' => "spaces", _ => $"'{separator}'" };

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
