using System.CommandLine;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

internal static class PredictCommand
{
    public static Command Create(CliContext context) => new("predict", "todo");
}
