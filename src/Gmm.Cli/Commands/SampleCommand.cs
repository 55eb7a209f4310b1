using System.CommandLine;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

internal static class SampleCommand
{
    public static Command Create(CliContext context) => new("sample", "todo");
}
