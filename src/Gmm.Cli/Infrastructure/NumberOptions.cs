using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// Numeric options that check their range while parsing, so that a word, a number out of range and a value too
/// large for the type all get the same message: "--components must be an integer between 1 and 2147483647; got 'abc'."
/// </summary>
internal static class NumberOptions
{
    /// <summary>Accepts integers in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<int> Integer(Option<int> option, int minimum, int maximum = int.MaxValue)
    {
        option.CustomParser = result => (int)(Parse(result, option.Name, minimum, maximum) ?? 0);
        return option;
    }

    /// <summary>Accepts integers in [<paramref name="minimum"/>, <paramref name="maximum"/>]; absent stays null.</summary>
    public static Option<int?> Integer(Option<int?> option, int minimum, int maximum = int.MaxValue)
    {
        option.CustomParser = result => (int?)Parse(result, option.Name, minimum, maximum);
        return option;
    }

    /// <summary>Accepts integers in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<long> Integer(Option<long> option, long minimum, long maximum = long.MaxValue)
    {
        option.CustomParser = result => Parse(result, option.Name, minimum, maximum) ?? 0;
        return option;
    }

    /// <summary>Accepts integers in [<paramref name="minimum"/>, <paramref name="maximum"/>]; absent stays null.</summary>
    public static Option<long?> Integer(Option<long?> option, long minimum, long maximum = long.MaxValue)
    {
        option.CustomParser = result => Parse(result, option.Name, minimum, maximum);
        return option;
    }

    /// <summary>Accepts finite numbers ≥ <paramref name="minimum"/>.</summary>
    public static Option<double> AtLeast(Option<double> option, double minimum)
    {
        option.CustomParser = result =>
        {
            string token = Token(result);
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= minimum)
                return value;
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be a finite number ≥ {minimum}; got '{token}'."));
            return 0;
        };
        return option;
    }

    /// <summary>Accepts numbers strictly between 0 and 1 (a fraction such as a contamination); absent stays null.</summary>
    public static Option<double?> Fraction(Option<double?> option)
    {
        option.CustomParser = result =>
        {
            string token = Token(result);
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value < 1)
                return value;
            result.AddError($"{option.Name} must be a number strictly between 0 and 1; got '{token}'.");
            return null;
        };
        return option;
    }

    /// <summary>Accepts finite numbers; absent stays null.</summary>
    public static Option<double?> Finite(Option<double?> option)
    {
        option.CustomParser = result =>
        {
            string token = Token(result);
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
                return value;
            result.AddError($"{option.Name} must be a finite number; got '{token}'.");
            return null;
        };
        return option;
    }

    private static long? Parse(ArgumentResult result, string name, long minimum, long maximum)
    {
        string token = Token(result);
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && value >= minimum && value <= maximum)
            return value;
        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer between {minimum} and {maximum}; got '{token}'."));
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
}
