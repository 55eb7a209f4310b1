using Gmm.Gpu;

namespace Gmm.Bench.Em;

/// <summary>
/// The [ParamsSource] of the EM benchmarks: the grid N ∈ {1e4, 1e5, 1e6, 1e7} × D ∈ {2, 13, 39, 64} × K ∈ {8, 64, 512}
/// × four covariance types × backends, less the combinations that make no sense or would take hours:
/// CUDA only when a CUDA device is present; the ILGPU CPU accelerator only at N = 10,000 (and ≤ 1 GFLOP per iteration);
/// the CPU backend only up to 2 TFLOP per iteration (≈ a minute per iteration on a 16-core host). Environment
/// variables narrow the grid, each a comma list: GMM_BENCH_N, GMM_BENCH_D, GMM_BENCH_K, GMM_BENCH_TYPE (Diagonal,
/// Full, Tied, Spherical), GMM_BENCH_BACKEND (Cpu, Cuda, IlgpuCpu); BenchmarkDotNet's child processes inherit them,
/// so both sides see the same list.
/// </summary>
public static class EmCases
{
    private static readonly int[] Ns = [10_000, 100_000, 1_000_000, 10_000_000];
    private static readonly int[] Ds = [2, 13, 39, 64];
    private static readonly int[] Ks = [8, 64, 512];
    private const double CpuFlopLimit = 2e12, IlgpuCpuFlopLimit = 1e9;

    /// <summary>The sensible combinations, filtered by the GMM_BENCH_* variables.</summary>
    public static IEnumerable<EmCase> All()
    {
        bool cuda = Has("GMM_BENCH_BACKEND", "Cuda") && SafeCudaProbe();
        foreach (int n in Ns.Where(v => Has("GMM_BENCH_N", v.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            foreach (int d in Ds.Where(v => Has("GMM_BENCH_D", v.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                foreach (int k in Ks.Where(v => Has("GMM_BENCH_K", v.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                    foreach (var type in Enum.GetValues<CovarianceType>().Where(t => Has("GMM_BENCH_TYPE", t.ToString())))
                        foreach (var backend in Enum.GetValues<EmBackend>().Where(b => Has("GMM_BENCH_BACKEND", b.ToString())))
                        {
                            var c = new EmCase(n, d, k, type, backend);
                            bool sensible = backend switch
                            {
                                EmBackend.Cuda => cuda,
                                EmBackend.IlgpuCpu => n == 10_000 && c.Flops <= IlgpuCpuFlopLimit,
                                _ => c.Flops <= CpuFlopLimit,
                            };
                            // Full and tied need d×d matrices per component; beyond d = 64 they are a different benchmark.
                            if (type is CovarianceType.Full or CovarianceType.Tied && d > 64) sensible = false;
                            if (sensible) yield return c;
                        }
    }

    private static bool Has(string variable, string value)
    {
        var filter = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(filter) || filter.Split(',', StringSplitOptions.TrimEntries).Contains(value, StringComparer.OrdinalIgnoreCase);
    }

    private static bool SafeCudaProbe()
    {
        try { return GpuBackendProvider.IsCudaAvailable(); }
        catch (Exception e) when (e is not OutOfMemoryException) { return false; }
    }
}
