using System.CommandLine;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

internal static class ScoreCommand
{
    public static Command Create(CliContext context) => new("score", "todo");
}
