using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// A run whose first argument names a subcommand builds only that one; its help and its errors must be those of the
/// whole command tree, which a run built in full gives (--verbose first builds every command).
/// </summary>
public sealed class SubcommandBuildTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> Commands =>
        new() { "fit", "score", "predict", "anomalies", "impute", "sample", "info", "select", "bench", "mfcc", "fbank", "ubm", "adapt", "trials", "eer" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpIsTheWholeTreesHelp(string command)
    {
        var alone = _cli.Run(command, "--help");
        var whole = _cli.Run("--verbose", command, "--help");
        Assert.Equal(0, alone.Code);
        Assert.Equal(whole, alone);
        Assert.Contains($"gmm {command}", alone.Out);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void ErrorsAreTheWholeTreesErrors(string command)
    {
        foreach (var rest in new[] { new[] { "--no-such-option" }, ["--max-iter", "x", "extra"], ["-k", "0"], ["fit"] })
        {
            var alone = _cli.Run([command, .. rest]);
            var whole = _cli.Run(["--verbose", command, .. rest]);
            Assert.Equal(2, alone.Code);
            Assert.Equal(whole, alone);
        }
    }

    [Fact]
    public void RootHelpListsEveryCommand()
    {
        var (code, output, _) = _cli.Run("--help");
        Assert.Equal(0, code);
        foreach (var command in Commands) Assert.Contains("\n  " + command, output.ReplaceLineEndings("\n"));
    }
}
