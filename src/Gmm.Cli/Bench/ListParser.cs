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

    /// <summary>
    /// Backend names from <paramref name="allowed"/> and device lists (cuda:all, ilgpu-cpu:0,1), in the order given,
    /// without repeats: an item of digits only continues the device list before it, so "cpu,cuda:0,1" is cpu and cuda:0,1.
    /// </summary>
    public static List<string> Backends(string text, string option, IReadOnlyList<string> allowed)
    {
        var merged = new List<string>();
        foreach (var item in Items(text, option))
        {
            if (item.All(char.IsAsciiDigit) && merged.Count > 0 && Gpu.AcceleratorNames.IsDeviceList(merged[^1])) merged[^1] += "," + item;
            else merged.Add(item);
        }
        var result = new List<string>();
        foreach (var item in merged)
        {
            string name = item.ToLowerInvariant();
            if (Gpu.AcceleratorNames.IsDeviceList(name))
            {
                try
                {
                    Gpu.AcceleratorNames.ParseDeviceList(name);
                }
                catch (ArgumentException e)
                {
                    throw new CliException($"{option}: {Errors.Describe(e)}");
                }
            }
            else if (!allowed.Contains(name))
                throw new CliException($"{option}: '{item}' is not one of {string.Join(", ", allowed)}, or a device list such as cuda:all or cuda:0,1.");
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
