using Gmm.Cluster.Cli;

namespace Gmm.Cluster.Tests.Tool;

/// <summary>gmm-cluster speaks as gmm-cluster: its error lines, usage lines and help name it, not gmm (in-process, no cluster).</summary>
public sealed class ClusterCliOutputTests
{
    [Fact]
    public async Task AParseErrorIsOneLineStartingWithGmmClusterError()
    {
        var (code, stdout, stderr) = await Run("fit", "--serve", "127.0.0.1:1");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("gmm-cluster: error: ", stderr);
        Assert.EndsWith("(see 'gmm-cluster fit --help')" + Environment.NewLine, stderr);
        Assert.Single(stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AnErrorOfTheCommandStartsWithGmmClusterError()
    {
        var (code, _, stderr) = await Run("worker", "--driver", "nowhere", "--node", "node-a");
        Assert.Equal(2, code);
        Assert.Equal("gmm-cluster: error: --driver 'nowhere' must be HOST:PORT (for example 127.0.0.1:11111)." + Environment.NewLine, stderr);
    }

    [Theory]
    [InlineData("", "gmm-cluster [command] [options]")]
    [InlineData("fit", "gmm-cluster fit [options]")]
    [InlineData("worker", "gmm-cluster worker [options]")]
    public async Task HelpNamesGmmCluster(string command, string usage)
    {
        var (code, stdout, stderr) = await Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("Usage:" + Environment.NewLine + "  " + usage, stdout);
        Assert.DoesNotContain("Gmm.Cluster.Cli", stdout);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await ClusterCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
