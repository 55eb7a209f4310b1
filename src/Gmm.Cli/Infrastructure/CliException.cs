namespace Gmm.Cli.Infrastructure;

/// <summary>A user-facing error: bad input file, bad option value, impossible request. Printed as one line, exit code 2.</summary>
internal sealed class CliException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Exit code for usage and data errors.</summary>
    public const int ExitCode = 2;
}
