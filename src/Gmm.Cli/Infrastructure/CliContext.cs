using Spectre.Console;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// Where a command writes: stdout/stderr writers, whether stdout is a terminal, a Spectre console over stdout, how a
/// cancellation ends, and the tool's name that starts its error and warning lines (gmm; gmm-cluster, which shares this source).
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, bool isTerminal, CancellationToken cancellation, Interruption? interruption = null,
    string tool = "gmm")
{
    private IAnsiConsole? _console;

    /// <summary>The page width of output that is not a terminal (a file, a pipe), in columns.</summary>
    public const int RedirectedWidth = 160;

    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public bool IsTerminal { get; } = isTerminal;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The exit code of a cancelled command: 128 + the signal's number, 130 without a signal.</summary>
    public int CancelledExitCode => interruption?.ExitCode ?? 130;

    /// <summary>The signal that cancelled the command ("SIGTERM"), or null.</summary>
    public string? CancelledBy => interruption?.SignalName;

    /// <summary>A Spectre console over <see cref="Out"/>: colours and live updates on a terminal, plain text otherwise.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        if (!IsTerminal) console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>Writes "gmm: error: message" (the tool's name first) as one line on stderr (then <paramref name="details"/>, for --verbose) and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, string message, string? details = null)
    {
        Error.WriteLine(tool + ": error: " + OneLine(message));
        if (details is not null) Error.WriteLine(details);
        Error.Flush();
        return exitCode;
    }

    /// <summary>Writes a warning line on stderr, in the tool's terms.</summary>
    public void Warn(string message) => Error.WriteLine(tool + ": warning: " + OneLine(Errors.InToolTerms(message)));

    private static string OneLine(string message) =>
        string.Join(' ', message.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
