using System.CommandLine;
using Gmm.Cli.Commands;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli;

/// <summary>The gmm command line: builds the commands, parses, runs, and turns every failure into one line on stderr.</summary>
public static class Cli
{
    /// <summary>Exit code of success.</summary>
    public const int Success = 0;

    /// <summary>Runs the tool in-process. Returns the exit code: 0 success, 2 usage or data error, 1 unexpected failure, 130 cancelled.</summary>
    /// <param name="args">Command-line arguments (without the program name).</param>
    /// <param name="stdout">Where results, progress and help go.</param>
    /// <param name="stderr">Where errors and warnings go (one line each).</param>
    /// <param name="isTerminal">True when <paramref name="stdout"/> is an interactive terminal (live progress, colours).</param>
    /// <param name="cancellationToken">Stops a running fit (Ctrl+C).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool isTerminal = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(stdout, stderr, isTerminal, cancellationToken);
        var root = new RootCommand("gmm: fit and use Gaussian mixture models (scikit-learn GaussianMixture semantics) on the CPU or a GPU.")
        {
            FitCommand.Create(context),
            ScoreCommand.Create(context),
            PredictCommand.Create(context),
            SampleCommand.Create(context),
            InfoCommand.Create(context),
            SelectCommand.Create(context),
            BenchCommand.Create(context),
            FeatureCommand.Create(context, "mfcc"),
            FeatureCommand.Create(context, "fbank"),
        };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                string command = parsed.CommandResult.Command == root ? "gmm" : "gmm " + parsed.CommandResult.Command.Name;
                // The most specific complaint first: an unknown token explains "required command was not provided".
                var messages = parsed.Errors.Select(e => e.Message).Distinct()
                    .OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).Take(2);
                return context.Fail(CliException.ExitCode, $"{string.Join(" ", messages)} (see '{command} --help')");
            }
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
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
        catch (OperationCanceledException)
        {
            return context.Fail(130, "cancelled.");
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1 && e.InnerException is ArgumentException argument)
        {
            return context.Fail(CliException.ExitCode, Errors.Describe(argument));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or OutOfMemoryException
            or NotSupportedException or ILGPU.Runtime.AcceleratorException or AggregateException)
        {
            if (Environment.GetEnvironmentVariable("GMM_DEBUG") == "1") stderr.WriteLine(e); // full trace for bug reports
            return context.Fail(1, Errors.Describe(e));
        }
    }
}
