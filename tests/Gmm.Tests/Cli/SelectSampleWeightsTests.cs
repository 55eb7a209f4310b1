using System.Text.Json;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>gmm select --sample-weights: integer weights select as the rows repeated would.</summary>
public sealed class SelectSampleWeightsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Integer_weights_select_as_repeated_rows()
    {
        var points = TestDataPoints();
        int n = points.Length / 2;
        var weights = Enumerable.Range(0, n).Select(i => (double)(i % 3 + 1)).ToArray();
        var repeated = Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(points[(2 * i)..(2 * i + 2)], (int)weights[i]).SelectMany(p => p)).ToArray();
        string input = _cli.WriteCsv("x.csv", points, 2), weightFile = _cli.WriteCsv("w.csv", weights, 1), rows = _cli.WriteCsv("rep.csv", repeated, 2);
        string[] options = ["--models", "EII,VVV,EEE", "-k", "1..3", "--precision", "double", "--device", "cpu"];
        foreach (string criterion in new[] { "bic", "icl" })
        {
            var weighted = _cli.Run(["select", input, "--sample-weights", weightFile, "--criterion", criterion, "--json", .. options]);
            var plain = _cli.Run(["select", rows, "--criterion", criterion, "--json", .. options]);
            Assert.True(weighted.Code == 0, weighted.Err);
            Assert.True(plain.Code == 0, plain.Err);
            var a = JsonDocument.Parse(weighted.Out).RootElement;
            var b = JsonDocument.Parse(plain.Out).RootElement;
            Assert.Equal(b.GetProperty("model").GetString(), a.GetProperty("model").GetString());
            Assert.Equal(3, a.GetProperty("n_components").GetInt32());
            Assert.Equal(b.GetProperty("n_components").GetInt32(), a.GetProperty("n_components").GetInt32());
            double expected = b.GetProperty("value").GetDouble();
            Assert.Equal(expected, a.GetProperty("value").GetDouble(), 1e-8 * Math.Abs(expected));
            // Unweighted, the same points give another value: the weights count.
            var unweighted = JsonDocument.Parse(_cli.Run(["select", input, "--criterion", criterion, "--json", .. options]).Out).RootElement;
            Assert.NotEqual(expected, unweighted.GetProperty("value").GetDouble(), 1e-3 * Math.Abs(expected));
        }
        var wrongCount = _cli.Run(["select", rows, "--sample-weights", weightFile, .. options]);
        Assert.Equal(2, wrongCount.Code);
    }

    /// <summary>Three separated 2-d blobs of 40 points.</summary>
    private static double[] TestDataPoints()
    {
        var random = new Random(3);
        double[][] centers = [[0, 0], [6, 0], [0, 6]];
        return [.. Enumerable.Range(0, 120).SelectMany(i => centers[i % 3].Select(c => c + Gmm.Tests.Support.TestData.Normal(random)))];
    }
}
