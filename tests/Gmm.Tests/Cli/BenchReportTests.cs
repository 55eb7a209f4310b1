using Gmm.Cli.Bench;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>The pieces of gmm bench that need no timing: speed-ups, peaks by device name, table cells.</summary>
public sealed class BenchReportTests
{
    [Fact]
    public void SpeedUpIsAgainstTheCpuRowOfTheSameProblemOnly()
    {
        var cpu = new BenchResult(new BenchCase(1000, 4, 8, CovarianceType.Diagonal, "cpu"), 100, 90, 50);
        var gpu = new BenchResult(new BenchCase(1000, 4, 8, CovarianceType.Diagonal, "cuda"), 2, 1.5, 67_000);
        var lone = new BenchResult(new BenchCase(1000, 4, 8, CovarianceType.Full, "cuda"), 5, 4, null);
        var results = BenchSweep.WithSpeedUps([cpu, gpu, lone]);
        Assert.Equal(1.0, results[0].SpeedUp);
        Assert.Equal(50.0, results[1].SpeedUp);
        Assert.Null(results[2].SpeedUp);

        var rows = BenchReport.Markdown(results).Split('\n');
        Assert.EndsWith("| 50.0× |", rows[3]);
        Assert.EndsWith("| — | — |", rows[4]); // no peak known, no CPU row
        Assert.Equal(",", BenchReport.Csv(results).Split('\n')[3][^1..]);
    }

    [Fact]
    public void GflopsFollowTheFlopModel()
    {
        var r = new BenchResult(new BenchCase(1_000_000, 39, 64, CovarianceType.Diagonal, "cpu"), 1000, 900, 100);
        Assert.Equal(1e6 * 64 * (8 * 39 + 5) / 1e9, r.Gflops, 9);
        Assert.Equal(r.Gflops, r.PercentOfPeak!.Value, 9); // peak 100 GFLOP/s
        Assert.Equal(1e6, r.PointsPerSecond);
    }

    [Theory]
    [InlineData("CUDA: NVIDIA H100 80GB HBM3 (largest memory; 1 CUDA device(s))", 67_000.0)]
    [InlineData("CUDA: NVIDIA H100 PCIe (only device)", 51_000.0)]
    [InlineData("CUDA: NVIDIA H200 (only device)", 67_000.0)]
    [InlineData("CUDA: NVIDIA A100-SXM4-80GB", 19_500.0)]
    [InlineData("CUDA: NVIDIA GeForce RTX 3060", null)]
    public void GpuPeakByDeviceName(string description, double? expected) => Assert.Equal(expected, PeakFlops.ForGpu(description));

    [Fact]
    public void CpuPeakIsExplainedAsAnEstimate()
    {
        var (gflops, explanation) = PeakFlops.ForCpu<float>();
        if (gflops is null) Assert.Contains("unknown", explanation);
        else Assert.Contains("estimate", explanation);
    }
}
