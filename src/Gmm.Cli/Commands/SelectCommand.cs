using System.CommandLine;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

internal static class SelectCommand
{
    public static Command Create(CliContext context) => new("select", "todo");
}
