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

    private static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        // A plain command named gmm rather than System.CommandLine's RootCommand, which takes its name (shown in every
        // usage line) from the entry assembly: "Gmm.Cli" for the installed tool, the test host's name in-process.
        var root = new Command(CommandName, "gmm: fit and use Gaussian mixture models (scikit-learn GaussianMixture semantics) on the CPU or a GPU.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            FitCommand.Create(context),
            ScoreCommand.Create(context),
            PredictCommand.Create(context),
            AnomaliesCommand.Create(context),
            ImputeCommand.Create(context),
            SampleCommand.Create(context),
            InfoCommand.Create(context),
            SelectCommand.Create(context),
            BenchCommand.Create(context),
            FeatureCommand.Create(context, "mfcc"),
            FeatureCommand.Create(context, "fbank"),
            UbmCommand.Create(context),
            AdaptCommand.Create(context),
            TrialsCommand.Create(context),
            EerCommand.Create(context),
        };
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected failure, also print the exception's details (for a bug report)", Recursive = true };
        root.Add(verbose);
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
        catch (Gmm.Speech.FeatureFormatException e)
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
