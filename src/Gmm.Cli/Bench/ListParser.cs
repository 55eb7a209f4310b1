using System.Globalization;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Bench;

/// <summary>Comma-separated option values ("10000,100000", "diag,full") with one clear error for a bad item.</summary>
internal static class ListParser
{
    /// <summary>Whole numbers in [<paramref name="minimum"/>, <paramref name="maximum"/>]; "1e6" and "1_000_000" are accepted too.</summary>
    public static List<long> Numbers(string text, string option, long minimum, long maximum = long.MaxValue)
    {
        var result = new List<long>();
        foreach (var item in Items(text, option))
        {
            string cleaned = item.Replace("_", "", StringComparison.Ordinal);
            bool ok = long.TryParse(cleaned, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value);
            if (!ok && double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out double real)
                && real == Math.Floor(real) && Math.Abs(real) < 9e18)
            {
                value = (long)real;
                ok = true;
            }
            if (!ok) throw new CliException($"{option}: '{item}' is not a whole number (give a comma-separated list such as 10000,100000).");
            if (value < minimum || value > maximum)
                throw new CliException($"{option}: {item} is out of range; every value must be between {minimum} and {maximum}.");
            if (!result.Contains(value)) result.Add(value);
        }
        return result;
    }

    /// <summary>Names from <paramref name="allowed"/>, in the order given, without repeats.</summary>
    public static List<string> Names(string text, string option, IReadOnlyList<string> allowed)
    {
        var result = new List<string>();
        foreach (var item in Items(text, option))
        {
            string name = item.ToLowerInvariant() == "diagonal" ? "diag" : item.ToLowerInvariant();
            if (!allowed.Contains(name)) throw new CliException($"{option}: '{item}' is not one of {string.Join(", ", allowed)}.");
            if (!result.Contains(name)) result.Add(name);
        }
        return result;
    }

    private static string[] Items(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.Any(i => i.Length == 0))
            throw new CliException($"{option}: '{text}' has an empty item; give a comma-separated list without spaces between commas.");
        return items;
    }
}
