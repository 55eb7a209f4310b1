using System.CommandLine;
using Gmm.Cli;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cluster.Cli.Commands;

namespace Gmm.Cluster.Cli;

/// <summary>The gmm-cluster command line: gmm's fit over a cluster (fit --manifest on the driver, worker on each node).</summary>
public static class ClusterCli
{
    /// <summary>The tool's command (the package's ToolCommandName), as help, usage and error lines name it.</summary>
    public const string CommandName = "gmm-cluster";

    /// <summary>Runs the tool. Returns the exit code: 0 success, 2 usage or data error, 1 failure (a node, a shard, the network), 130 cancelled.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool isTerminal = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(stdout, stderr, isTerminal, cancellationToken, tool: CommandName);
        // A plain command named gmm-cluster rather than System.CommandLine's RootCommand, which takes its name (shown in
        // every usage line) from the entry assembly: "Gmm.Cluster.Cli" under the dotnet host, the test host's in-process.
        var root = new Command(CommandName, "gmm-cluster: fit Gaussian mixture models (gmm fit) on data spread over a cluster of nodes (Microsoft Orleans).")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            ClusterFitCommand.Create(context),
            WorkerCommand.Create(context),
        };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                string command = parsed.CommandResult.Command == root ? CommandName : CommandName + " " + parsed.CommandResult.Command.Name;
                var messages = parsed.Errors.Select(e => e.Message).Distinct()
                    .OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).Take(2);
                return context.Fail(CliException.ExitCode, $"{string.Join(" ", messages)} (see '{command} --help')");
            }
            using var files = FileGuard.Begin(parsed); // the output is checked against every input, as in gmm
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            return context.Fail(CliException.ExitCode, e.Message);
        }
        catch (ArgumentException e)
        {
            return context.Fail(CliException.ExitCode, Errors.Describe(e));
        }
        catch (OperationCanceledException)
        {
            return context.Fail(130, "cancelled.");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or OrleansException or IOException or UnauthorizedAccessException
            or OutOfMemoryException or NotSupportedException or AggregateException or System.Net.Sockets.SocketException)
        {
            if (Environment.GetEnvironmentVariable("GMM_DEBUG") == "1") stderr.WriteLine(e); // full trace for bug reports
            return context.Fail(1, Errors.Describe(e));
        }
    }
}
