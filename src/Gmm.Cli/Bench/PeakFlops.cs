using System.Globalization;
using System.Runtime.CompilerServices;
using Gmm.Cpu;

namespace Gmm.Cli.Bench;

/// <summary>
/// Peak GFLOP/s to state "% of peak" against: FP32 (non-tensor) figures of known NVIDIA devices by name, and an estimate
/// for the host CPU (cores × SIMD lanes × 2 for FMA × 2 pipes × clock from /proc/cpuinfo).
/// </summary>
internal static class PeakFlops
{
    // Vendor FP32 (CUDA core, no tensor core) peaks in GFLOP/s; the first match wins, so PCIe variants come first.
    private static readonly (string[] Names, double Gflops)[] Known =
    [
        (["H100 PCIe"], 51_000),
        (["H200"], 67_000),
        (["H100"], 67_000),
        (["A100"], 19_500),
    ];

    /// <summary>The FP32 peak of a GPU whose description contains a known device name; null when unknown.</summary>
    public static double? ForGpu(string description)
    {
        foreach (var (names, gflops) in Known)
            if (names.Any(n => description.Contains(n, StringComparison.OrdinalIgnoreCase))) return gflops;
        return null;
    }

    /// <summary>The CPU estimate for element type <typeparamref name="T"/> and how it was made; null when the clock is unknown.</summary>
    public static (double? Gflops, string Explanation) ForCpu<T>() where T : struct
    {
        int cores = Environment.ProcessorCount, lanes = CpuBackendProvider.RegisterBits / 8 / Unsafe.SizeOf<T>();
        double? ghz = ClockGhz();
        if (ghz is not { } clock) return (null, "CPU peak unknown: no \"cpu MHz\" in /proc/cpuinfo");
        double gflops = cores * lanes * 2.0 * 2.0 * clock;
        return (gflops, string.Create(CultureInfo.InvariantCulture,
            $"CPU peak is an estimate: {cores} cores × {lanes} {typeof(T).Name} lanes × 2 (FMA) × 2 pipes × {clock:F2} GHz (/proc/cpuinfo) = {gflops:F0} GFLOP/s"));
    }

    /// <summary>The highest "cpu MHz" in /proc/cpuinfo, in GHz.</summary>
    private static double? ClockGhz()
    {
        try
        {
            double best = 0;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (!line.StartsWith("cpu MHz", StringComparison.Ordinal)) continue;
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && double.TryParse(line[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double mhz))
                    best = Math.Max(best, mhz);
            }
            return best > 0 ? best / 1000 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
