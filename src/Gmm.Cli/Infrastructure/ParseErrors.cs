using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Gmm.Cli.Infrastructure;

/// <summary>The parser's complaints as one line that names the option and says what it takes, never a .NET type name.</summary>
internal static class ParseErrors
{
    /// <summary>The most specific complaints (at most two) and where to find help.</summary>
    public static string Describe(ParseResult parsed, Command root)
    {
        string command = parsed.CommandResult.Command == root ? "gmm" : "gmm " + parsed.CommandResult.Command.Name;
        // The most specific complaint first: an unknown token explains "required command was not provided".
        var messages = parsed.Errors.Select(Message).Distinct()
            .OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).Take(2);
        return $"{string.Join(" ", messages)} (see '{command} --help')";
    }

    private static string Message(ParseError error)
    {
        if (!error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)) return error.Message;
        var (name, type, token) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens.FirstOrDefault()?.Value),
            ArgumentResult a => (a.Argument.Name, a.Argument.ValueType, a.Tokens.FirstOrDefault()?.Value),
            _ => (null, null, null),
        };
        return name is null || type is null ? error.Message : $"{name} must be {Expected(type)}; got '{token}'.";
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words.</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var c = CultureInfo.InvariantCulture;
        if (type == typeof(int)) return string.Create(c, $"an integer between {int.MinValue} and {int.MaxValue}");
        if (type == typeof(long)) return string.Create(c, $"an integer between {long.MinValue} and {long.MaxValue}");
        if (type == typeof(double) || type == typeof(float)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return "a valid value";
    }
}
