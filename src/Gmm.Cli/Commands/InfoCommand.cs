using System.CommandLine;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

internal static class InfoCommand
{
    public static Command Create(CliContext context) => new("info", "todo");
}
