using Gmm.Gpu;

namespace Gmm.Cli.Bench;

/// <summary>What a `gmm bench` sweep covers and how it times (already validated).</summary>
internal sealed record BenchSettings
{
    /// <summary>The largest N at which the ILGPU CPU accelerator is timed; it runs the GPU kernels on the host, slowly.</summary>
    public const long IlgpuCpuMaxN = 100_000;

    public required IReadOnlyList<long> Ns { get; init; }
    public required IReadOnlyList<int> Ds { get; init; }
    public required IReadOnlyList<int> Ks { get; init; }
    public required IReadOnlyList<CovarianceType> Types { get; init; }
    public required IReadOnlyList<string> Backends { get; init; }
    public int Iterations { get; init; } = 5;
    public int Warmup { get; init; } = 2;
    public bool DoublePrecision { get; init; }

    /// <summary>GPU device-memory budget in MiB; 0 = the provider's default (data smaller than the budget stays resident).</summary>
    public long BudgetMb { get; init; }

    /// <summary>The initialisation timed per problem and covariance type; null: not timed.</summary>
    public InitializationMethod? Init { get; init; } = InitializationMethod.KMeans;

    /// <summary>Where GPU backends run k-means initialisation's searches: true on the device, false on the host, null the provider's default.</summary>
    public bool? InitializationOnDevice { get; init; }

    /// <summary>
    /// Data needing more bytes than this in the compute type is written to a temporary file and streamed from it at every
    /// iteration, as a fit streams a user's file above its limit (default: the fit's, <see cref="GaussianMixtureOptions.InMemoryLimitBytes"/>).
    /// </summary>
    public long InMemoryLimitBytes { get; init; } = new GaussianMixtureOptions().InMemoryLimitBytes;

    /// <summary>Folder of the temporary data files of streamed problems.</summary>
    public string DataFolder { get; init; } = Path.GetTempPath();

    /// <summary>Whether the problem of <paramref name="n"/>×<paramref name="d"/> points streams from a temporary file.</summary>
    public bool Streams(long n, int d) => DoublePrecision
        ? BenchDataSet<double>.StreamsAt(n, d, InMemoryLimitBytes)
        : BenchDataSet<float>.StreamsAt(n, d, InMemoryLimitBytes);

    /// <summary>Peak GFLOP/s for the GPU backends instead of the built-in table.</summary>
    public double? PeakGflops { get; init; }

    /// <summary>The combinations to time, outermost N then D, K, type, backend; and those skipped with the reason.</summary>
    public (List<BenchCase> Run, List<(BenchCase Case, string Why)> Skipped) Plan()
    {
        var run = new List<BenchCase>();
        var skipped = new List<(BenchCase, string)>();
        foreach (long n in Ns)
            foreach (int d in Ds)
                foreach (int k in Ks)
                    foreach (var type in Types)
                        foreach (var backend in Backends)
                        {
                            var c = new BenchCase(n, d, k, type, backend);
                            if (ModelValues(type, k, d) > Array.MaxLength) skipped.Add((c, $"K = {k} {c.TypeName} components of D = {d} need parameter arrays larger than one array holds"));
                            else if (backend == AcceleratorNames.IlgpuCpu && n > IlgpuCpuMaxN) skipped.Add((c, $"the ILGPU CPU accelerator is too slow above N = {IlgpuCpuMaxN}"));
                            else run.Add(c);
                        }
        return (run, skipped);
    }

    /// <summary>Values in the model's largest parameter array: means k×d, covariances k×d×d (full), d×d, k×d or k.</summary>
    private static double ModelValues(CovarianceType type, int k, int d) => Math.Max((double)k * d, type switch
    {
        CovarianceType.Full => (double)k * d * d,
        CovarianceType.Tied => (double)d * d,
        _ => k,
    });
}
