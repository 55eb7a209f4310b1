using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>gmm bench end to end, in-process, on a tiny sweep (CPU backend only; a few seconds).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static readonly string[] Header = ["N", "D", "K", "type", "backend", "init ms", "first iter ms", "ms/iter", "points/s", "GFLOP/s", "% of peak", "speed-up vs CPU"];

    [Fact]
    public void SweepPrintsTableAndWritesCsvAndPlot()
    {
        string csv = _cli.PathOf("bench.csv"), png = _cli.PathOf("bench.png");
        var (code, output, error) = _cli.Run("bench", "--n", "2000", "--d", "3", "--k", "4", "--covariance", "diag,full", "--backend", "cpu",
            "--iters", "2", "--warmup", "1", "--csv", csv, "--plot", png);
        Assert.True(code == 0, error);
        Assert.Contains("device cpu: CPU backend", output);
        Assert.Contains("CPU peak is an estimate", output);
        Assert.Contains("init ms: the initialisation (kmeans: k-means on a sample", output);

        var lines = output.Split('\n');
        var table = lines.Where(l => l.StartsWith('|')).ToArray();
        Assert.Equal(4, table.Length); // header, separator, diag, full
        Assert.Equal(Header, Cells(table[0]));
        var diag = Cells(table[2]);
        var full = Cells(table[3]);
        Assert.Equal(["2000", "3", "4", "diag", "cpu"], diag[..5]);
        Assert.Equal(["2000", "3", "4", "full", "cpu"], full[..5]);
        foreach (var row in new[] { diag, full })
        {
            Assert.Equal(Header.Length, row.Length);
            foreach (int column in new[] { 5, 6, 7 }) // init ms, first iter ms, ms/iter
                Assert.True(double.Parse(row[column], System.Globalization.CultureInfo.InvariantCulture) > 0, Header[column]);
            Assert.Equal("1.0×", row[11]);
        }

        var csvLines = File.ReadAllLines(csv);
        Assert.Equal(3, csvLines.Length);
        Assert.Equal(string.Join(',', Header), csvLines[0]);
        Assert.All(csvLines.Skip(1), l => Assert.Equal(Header.Length, l.Split(',').Length));
        Assert.StartsWith("2000,3,4,diag,cpu,", csvLines[1]);

        var image = File.ReadAllBytes(png);
        Assert.True(image.Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
        Assert.Empty(_cli.OtherFiles("bench.csv", "bench.png"));
    }

    /// <summary>--init-on device: the GPU backend (here ILGPU's CPU accelerator) times k-means with its searches on the device.</summary>
    [Fact]
    public void InitOnDeviceTimesTheDeviceInitialisationPerGpuBackend()
    {
        var (code, output, error) = _cli.Run("bench", "--n", "300", "--d", "2", "--k", "3", "--backend", "cpu,ilgpu-cpu", "--iters", "1", "--warmup", "0",
            "--init-on", "device");
        Assert.True(code == 0, error);
        Assert.Contains("except on GPU backends that label on their device", output);
        var rows = output.Split('\n').Where(l => l.StartsWith("| 300 |", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal(["cpu", "ilgpu-cpu"], rows.Select(r => r[4]));
        Assert.All(rows, r => Assert.True(double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture) > 0, "init ms"));

        var (bad, _, message) = _cli.Run("bench", "--n", "300", "--backend", "cpu", "--init-on", "gpu");
        Assert.NotEqual(0, bad);
        Assert.Contains("'gpu' not recognized", message);
    }

    [Fact]
    public void SvgPlotAndQuietPrintOnlyTheTable()
    {
        string svg = _cli.PathOf("bench.svg");
        var (code, output, _) = _cli.Run("bench", "--n", "500,1000", "--d", "2", "--k", "2", "--backend", "cpu", "--iters", "1", "--warmup", "0", "--plot", svg, "--quiet");
        Assert.Equal(0, code);
        Assert.StartsWith("| N |", output);
        Assert.DoesNotContain("device", output);
        Assert.Contains("<svg", File.ReadAllText(svg));
    }

    [Fact]
    public void InitNoneLeavesTheInitColumnEmpty()
    {
        string csv = _cli.PathOf("none.csv");
        var (code, output, _) = _cli.Run("bench", "--n", "500", "--d", "2", "--k", "2", "--backend", "cpu", "--iters", "1", "--warmup", "0", "--init", "none", "--csv", csv);
        Assert.Equal(0, code);
        var row = Cells(output.Split('\n').Where(l => l.StartsWith('|')).ToArray()[2]);
        Assert.Equal("—", row[5]);
        Assert.True(double.Parse(row[6], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("init ms: not timed (--init none).", output);
        Assert.StartsWith("500,2,2,diag,cpu,,", File.ReadAllLines(csv)[1]); // empty init cell
    }

    [Fact]
    public void MoreComponentsThanPointsIsTimedWithoutInit()
    {
        var (code, output, error) = _cli.Run("bench", "--n", "100", "--d", "2", "--k", "200", "--backend", "cpu", "--iters", "1", "--warmup", "0", "--init", "random-from-data", "-q");
        Assert.True(code == 0, error);
        var row = Cells(output.Split('\n').Where(l => l.StartsWith('|')).ToArray()[2]);
        Assert.Equal("—", row[5]);
        Assert.Contains("init ms: — where K > N", output);
    }

    [Fact]
    public void OnTerminalShowsProgressThenTheTable()
    {
        var (code, output, _) = _cli.RunWith(true, "bench", "--n", "500", "--d", "2", "--k", "2", "--backend", "cpu", "--iters", "1", "--warmup", "0");
        Assert.Equal(0, code);
        Assert.Contains("| 500 | 2 | 2 | diag | cpu |", output);
    }

    [Fact]
    public void IlgpuCpuAboveTheLimitIsSkippedAndSaid()
    {
        var (code, output, _) = _cli.Run("bench", "--n", "200000", "--d", "2", "--k", "2", "--backend", "ilgpu-cpu", "--iters", "1", "--warmup", "0", "-q");
        Assert.Equal(0, code);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith('|')));
        Assert.Contains("skipped: ilgpu-cpu at N = 200000", output);
    }

    [Theory]
    [InlineData("--n", "10,abc", "--n: 'abc' is not a whole number")]
    [InlineData("--n", "0", "--n: 0 is out of range")]
    [InlineData("--n", "10,,20", "empty item")]
    [InlineData("--k", "-3", "--k")]
    [InlineData("--covariance", "diag,banana", "--covariance: 'banana' is not one of")]
    [InlineData("--backend", "tpu", "--backend: 'tpu' is not one of")]
    [InlineData("--iters", "0", "--iters must be an integer between 1 and 2147483647; got '0'")]
    [InlineData("--warmup", "-1", "--warmup must be an integer between 0 and 2147483647; got '-1'")]
    [InlineData("--precision", "half", "half")]
    [InlineData("--init", "kmedoids", "kmedoids")]
    [InlineData("--budget-mb", "-5", "--budget-mb must be an integer between 0 and")]
    [InlineData("--peak-gflops", "0", "--peak-gflops must be a positive number")]
    [InlineData("--plot", "chart.jpg", "give a .png or .svg file name")]
    public void BadValuesExitTwoWithOneLineAndNoFiles(string option, string value, string message)
    {
        var options = new Dictionary<string, string>
        {
            ["--n"] = "100", ["--d"] = "2", ["--k"] = "2", ["--backend"] = "cpu", ["--iters"] = "1",
            ["--csv"] = _cli.PathOf("out.csv"), ["--plot"] = _cli.PathOf("out.png"),
        };
        options[option] = option == "--plot" ? _cli.PathOf(value) : value;
        var args = new List<string> { "bench" };
        foreach (var (name, text) in options) args.AddRange([name, text]);
        var (code, output, error) = _cli.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("|", output);
        Assert.Empty(Directory.GetFiles(_cli.Folder));
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var (code, output, _) = _cli.Run("bench", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--n", "--d", "--k", "--covariance", "--backend", "--iters", "--warmup", "--precision", "--budget-mb", "--csv", "--plot", "--peak-gflops" })
            Assert.Contains(option, output);
    }

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];
}
