using Gmm.Benchmarking;

namespace Gmm.Cli.Bench;

/// <summary>
/// The timing of one <see cref="BenchCase"/>: median ms per whole EM iteration and per E-step (+ statistics), the
/// backend's FP32 (or FP64) peak when known, and the CPU backend's time on the same problem for the speed-up; beside
/// them the one-time costs a whole fit adds (initialisation, and the first iteration with its data upload).
/// </summary>
internal sealed record BenchResult(BenchCase Case, double MsPerIteration, double EStepMs, double? PeakGflops)
{
    /// <summary>ms of the initialisation on this data (the host's, or with k-means' searches on this backend's device); null when not timed (--init none, K &gt; N).</summary>
    public double? InitMs { get; init; }

    /// <summary>ms of the backend's start plus its first EM iteration (for a GPU: parameters and resident data uploaded), kernels already compiled.</summary>
    public double? FirstIterationMs { get; init; }

    /// <summary>ms of each of the first three EM iterations (warm-up included; fewer when fewer ran), beside the steady state <see cref="MsPerIteration"/>.</summary>
    public IReadOnlyList<double> EarlyIterationsMs { get; init; } = [];

    /// <summary>The CPU backend's ms per iteration on the same N, D, K and type, when the sweep has that row.</summary>
    public double? CpuMsPerIteration { get; init; }

    /// <summary>Points processed per second (one pass over the data per iteration).</summary>
    public double PointsPerSecond => Case.N / (MsPerIteration / 1e3);

    /// <summary>Useful GFLOP/s of the whole iteration by <see cref="FlopModel"/>.</summary>
    public double Gflops => FlopModel.PerIteration(Case.Type, Case.N, Case.D, Case.K) / (MsPerIteration / 1e3) / 1e9;

    /// <summary>Per cent of <see cref="PeakGflops"/>, when a peak is known.</summary>
    public double? PercentOfPeak => PeakGflops is { } peak && peak > 0 ? 100 * Gflops / peak : null;

    /// <summary>How many times faster than the CPU backend on the same problem.</summary>
    public double? SpeedUp => CpuMsPerIteration is { } cpu ? cpu / MsPerIteration : null;
}
