using System.CommandLine;
using Gmm.Cli.Commands;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli;

/// <summary>The gmm command line: builds the commands, parses, runs, and turns every failure into one line on stderr.</summary>
internal static class Cli
{
    /// <summary>The tool's command (the package's ToolCommandName), as help and usage lines name it.</summary>
    public const string CommandName = "gmm";

    /// <summary>Exit code of success.</summary>
    public const int Success = 0;

    /// <summary>Exit code of an unexpected failure (a bug, or the machine: out of memory, a device error, an I/O error).</summary>
    public const int Failure = 1;

    /// <summary>
    /// Runs the tool in-process. Returns the exit code: 0 success, 2 usage or data error, 1 unexpected failure,
    /// 130 cancelled through <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="args">Command-line arguments (without the program name).</param>
    /// <param name="stdout">Where results, progress and help go.</param>
    /// <param name="stderr">Where errors and warnings go (one line each).</param>
    /// <param name="isTerminal">True when <paramref name="stdout"/> is an interactive terminal (live progress, colours).</param>
    /// <param name="cancellationToken">Stops a running command (as Ctrl+C does).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool isTerminal = false, CancellationToken cancellationToken = default) =>
        Run(args, new CliContext(stdout, stderr, isTerminal, cancellationToken));

    /// <summary>Runs the tool as a process does: a signal cancels the command and sets the exit code (143 for SIGTERM, ...).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool isTerminal, Interruption interruption) =>
        Run(args, new CliContext(stdout, stderr, isTerminal, interruption.Token, interruption));

    /// <summary>The subcommands' names, in the order <c>gmm --help</c> lists them, and how each is built.</summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Subcommands =
    [
        ("fit", FitCommand.Create),
        ("score", ScoreCommand.Create),
        ("predict", PredictCommand.Create),
        ("anomalies", AnomaliesCommand.Create),
        ("impute", ImputeCommand.Create),
        ("sample", SampleCommand.Create),
        ("info", InfoCommand.Create),
        ("select", SelectCommand.Create),
        ("bench", BenchCommand.Create),
        ("mfcc", context => FeatureCommand.Create(context, "mfcc")),
        ("fbank", context => FeatureCommand.Create(context, "fbank")),
        ("ubm", UbmCommand.Create),
        ("adapt", AdaptCommand.Create),
        ("trials", TrialsCommand.Create),
        ("eer", EerCommand.Create),
    ];

    /// <summary>
    /// The gmm command. When <paramref name="invoked"/> (the first argument) names a subcommand, only that subcommand is
    /// built: no other command can be parsed or shown in that invocation (a subcommand's help and errors name only
    /// itself and the recursive options), and building all fifteen, with their options over value types compiled
    /// per process, was a fixed cost of every run. Otherwise (<c>gmm --help</c>, no command, a mistyped one, an option
    /// or response file first) all are built, in the same order.
    /// </summary>
    /// <param name="context">Where the commands write.</param>
    /// <param name="invoked">The first command-line argument, or null.</param>
    /// <param name="verbose">The root's --verbose option.</param>
    internal static Command CreateRoot(CliContext context, string? invoked, out Option<bool> verbose)
    {
        verbose = new Option<bool>("--verbose") { Description = "On an unexpected failure, also print the exception's details (for a bug report)", Recursive = true };
        // A plain command named gmm rather than System.CommandLine's RootCommand, which takes its name (shown in every
        // usage line) from the entry assembly: "Gmm.Cli" for the installed tool, the test host's name in-process.
        var root = new Command(CommandName, "gmm: fit and use Gaussian mixture models (scikit-learn GaussianMixture semantics) on the CPU or a GPU.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            verbose,
        };
        bool one = false;
        foreach (var (name, _) in Subcommands) one |= name == invoked;
        foreach (var (name, create) in Subcommands)
            if (!one || name == invoked) root.Add(create(context));
        return root;
    }

    private static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = CreateRoot(context, args.Length > 0 ? args[0] : null, out var verbose);
        bool details = args.Contains("--verbose");
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0) return context.Fail(CliException.ExitCode, ParseErrors.Describe(parsed, root));
            details = parsed.GetValue(verbose);
            using var files = FileGuard.Begin(parsed);
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (CliException e)
        {
            return context.Fail(CliException.ExitCode, e.Message);
        }
        catch (IOException e) when (Errors.IsFeatureFormat(e))
        {
            return context.Fail(CliException.ExitCode, e.Message);   // a malformed speech file is a data error, named by the reader
        }
        catch (ArgumentException e)
        {
            return context.Fail(CliException.ExitCode, Errors.Describe(e));
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return context.Fail(context.CancelledExitCode, $"cancelled{(context.CancelledBy is { } signal ? $" ({signal})" : "")}.");
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1 && e.InnerException is ArgumentException argument)
        {
            return context.Fail(CliException.ExitCode, Errors.Describe(argument));
        }
        catch (Exception e)
        {
            return context.Fail(Failure, Errors.Unexpected(e, details), details ? e.ToString() : null);
        }
    }
}
