using System.Diagnostics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

public class TmpKernelBench
{
    [Theory]
    [InlineData(CovarianceType.Diagonal, 200_000, 39, 64)]
    [InlineData(CovarianceType.Spherical, 200_000, 39, 64)]
    [InlineData(CovarianceType.Full, 100_000, 16, 16)]
    [InlineData(CovarianceType.Tied, 100_000, 16, 16)]
    public void Time(CovarianceType type, int n, int d, int k)
    {
        var raw = TestData.Blobs(n, d, k, seed: 3);
        var data = new InMemoryDataSource<float>(TestData.ToFloat(raw), d);
        var model = TestData.StartingModel(type, raw, d, k, scale: 2);
        Environment.SetEnvironmentVariable("GMM_EXPANDED", "0"); Environment.SetEnvironmentVariable("GMM_SKIP", "");
        var a = new CpuEmBackend<float>(threads: 1);
        a.Accumulate(model, data, SufficientStatistics.For<float>(model));
        Environment.SetEnvironmentVariable("GMM_EXPANDED", Environment.GetEnvironmentVariable("B_EXPANDED") ?? "0"); Environment.SetEnvironmentVariable("GMM_SKIP", Environment.GetEnvironmentVariable("B_SKIP") ?? "");
        var b = new CpuEmBackend<float>(threads: 1);
        b.Accumulate(model, data, SufficientStatistics.For<float>(model));
        var ta = new List<double>(); var tb = new List<double>();
        var p = Process.GetCurrentProcess();
        for (int r = 0; r < 7; r++)
            foreach (var (backend, list) in new[] { (a, ta), (b, tb) })
            {
                p.Refresh(); var t0 = p.TotalProcessorTime;
                backend.Accumulate(model, data, SufficientStatistics.For<float>(model));
                p.Refresh(); list.Add((p.TotalProcessorTime - t0).TotalMilliseconds);
            }
        File.AppendAllText("/tmp/cpukernels-bench.txt", $"{DateTime.UtcNow:HH:mm:ss} {type} {n}x{d} K={k} A(current) min {ta.Min():F1} med {ta.Order().ElementAt(3):F1} | B(exp={Environment.GetEnvironmentVariable("B_EXPANDED")} skip={Environment.GetEnvironmentVariable("B_SKIP")}) min {tb.Min():F1} med {tb.Order().ElementAt(3):F1}\n");
    }
}
