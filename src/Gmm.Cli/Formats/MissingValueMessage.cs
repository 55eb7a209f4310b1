using System.Globalization;
using System.Text.RegularExpressions;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// The tool's wording of <see cref="DataValidation.CheckMissing{T}"/>'s errors (the check itself is the library's):
/// the file, the place as <see cref="DataLocation"/> names it, and what to do with the row. Other programs parse these
/// lines, so their text stays as the tool has always printed it.
/// </summary>
internal static partial class MissingValueMessage
{
    /// <summary>The one-line error for <paramref name="path"/> that says what the library's <paramref name="error"/> says.</summary>
    public static CliException For(string path, ArgumentException error)
    {
        if (Infinite().Match(error.Message) is { Success: true } infinite)
            return new CliException($"{path}: {DataLocation.At(Row(infinite), int.Parse(infinite.Groups["column"].Value, CultureInfo.InvariantCulture))} holds {infinite.Groups["value"].Value}; with --missing marginalize NaN marks a missing value, but infinity cannot: remove or impute it.", error);
        if (AllMissing().Match(error.Message) is { Success: true } empty)
            return new CliException($"{path}: {DataLocation.At(Row(empty))} has every value missing (NaN): no observed feature to evaluate; remove the row.", error);
        return new CliException($"{path}: {Errors.Describe(error)}", error);
    }

    private static long Row(Match match) => long.Parse(match.Groups["row"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^data holds a non-finite value \((?<value>[^)]*)\) at point (?<row>\d+), feature (?<column>\d+);")]
    private static partial Regex Infinite();

    [GeneratedRegex(@"^point (?<row>\d+) has every value missing")]
    private static partial Regex AllMissing();
}
