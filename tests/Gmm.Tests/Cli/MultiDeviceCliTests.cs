using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>--device and --backend device lists (cuda:all, cuda:0,1), here on two of ILGPU's CPU accelerators.</summary>
public sealed class MultiDeviceCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void FitOnTwoDevicesSaysSoAndWritesTheModel()
    {
        string input = _cli.WriteCsv("blobs.csv", CliHarness.Blobs(80), 2), model = _cli.PathOf("model.json");
        var (code, output, error) = _cli.Run("fit", input, "-k", "2", "-c", "diag", "--max-iter", "2", "--device", "ilgpu-cpu:0,1", "-o", model);
        Assert.True(code == 0, error);
        Assert.Contains("2 device(s), one host thread each, M-step on the host: ilgpu-cpu:0 ", output);
        Assert.Contains("— --device ilgpu-cpu:0,1", output);
        Assert.Contains("\"n_components\": 2", File.ReadAllText(model));
    }

    [Fact]
    public void BenchShowsAMultiDeviceRow()
    {
        string csv = _cli.PathOf("bench.csv");
        var (code, output, error) = _cli.Run("bench", "--n", "200", "--d", "2", "--k", "2", "--backend", "cpu,ilgpu-cpu:0,1",
            "--iters", "1", "--warmup", "0", "--init", "none", "--csv", csv);
        Assert.True(code == 0, error);
        Assert.Contains("device ilgpu-cpu:0,1: 2 device(s)", output);
        var rows = output.Split('\n').Where(l => l.StartsWith("| 200 |", StringComparison.Ordinal)).Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(["cpu", "ilgpu-cpu:0,1"], rows.Select(r => r[4]));
        Assert.StartsWith("200,2,2,diag,\"ilgpu-cpu:0,1\",", File.ReadAllLines(csv)[2]);
    }

    [Theory]
    [InlineData("cuda:x", "'cuda:x': 'x' is not a device index")]
    [InlineData("auto:all", "'auto' is not a device kind")]
    [InlineData("ilgpu-cpu:all", "give simulated device indices")]
    [InlineData("tpu:0", "'tpu' is not a device kind")]
    public void BadDeviceListsAreOneLineErrors(string device, string why)
    {
        var (code, _, error) = _cli.Run("fit", "--device", device, "--max-iter", "1");
        Assert.Equal(2, code);
        Assert.Contains(why, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        var bench = _cli.Run("bench", "--n", "100", "--backend", "cpu," + device, "--iters", "1");
        Assert.Equal(2, bench.Code);
        Assert.Contains(why, bench.Err);
    }

    [SkippableFact]
    public void AllCudaDevicesWithoutCudaIsOneLine()
    {
        var (code, _, error) = _cli.Run("fit", "--device", "cuda:all", "--max-iter", "1");
        Skip.If(code == 0, "this machine has a CUDA device, so --device cuda:all works instead of failing.");
        Assert.Equal(2, code);
        Assert.StartsWith("gmm: error: --device cuda:all: No CUDA device found", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }
}
