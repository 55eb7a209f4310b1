namespace Gmm.Cli.Infrastructure;

/// <summary>Turns exceptions into the tool's one-line messages.</summary>
internal static class Errors
{
    /// <summary>An exception's message on one line, without .NET's " (Parameter 'x')" and "Actual value was" tails.</summary>
    public static string Describe(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
            if (e is ArgumentOutOfRangeException)
            {
                int tail = message.IndexOf("Actual value was", StringComparison.Ordinal);
                if (tail > 0) message = message[..tail];
            }
        }
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
