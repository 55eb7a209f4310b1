using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>gmm bench reports each of the first three iterations beside the steady state, so a slow start shows.</summary>
public sealed class BenchEarlyIterationsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void EachCaseGetsItsFirstThreeIterationsBesideTheMedian()
    {
        var (code, output, error) = _cli.Run("bench", "--n", "1500", "--d", "3", "--k", "4", "--covariance", "diag,tied", "--backend", "cpu",
            "--iters", "2", "--warmup", "2");
        Assert.True(code == 0, error);
        var lines = output.Split('\n').Where(l => l.StartsWith("iters 1-3 ms: N=", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var (line, type) in lines.Zip(new[] { "diag", "tied" }))
        {
            var match = Regex.Match(line, @"^iters 1-3 ms: N=1500 D=3 K=4 (\w+) cpu: ([\d.]+), ([\d.]+), ([\d.]+) vs ([\d.]+) ms/iter \(iteration 1 at ([\d.]+)×\)$");
            Assert.True(match.Success, line);
            Assert.Equal(type, match.Groups[1].Value);
            for (int g = 2; g <= 6; g++) Assert.True(double.Parse(match.Groups[g].Value, CultureInfo.InvariantCulture) > 0, line);
        }
        Assert.Contains("iters 1-3 ms: each of the first three EM iterations", output);

        var (one, single, _) = _cli.Run("bench", "--n", "300", "--d", "2", "--k", "2", "--backend", "cpu", "--iters", "1", "--warmup", "0", "--quiet");
        Assert.Equal(0, one);
        Assert.Matches(@"iters 1-3 ms: N=300 D=2 K=2 diag cpu: [\d.]+ vs [\d.]+ ms/iter", single); // one iteration ran
    }
}
