using System.Diagnostics;
using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Bench;

/// <summary>
/// `quick`: ms per EM iteration (E-step + statistics on the backend, M-step on the host), points/s and useful
/// GFLOP/s (<see cref="FlopModel"/>), median of several iterations after warm-up (kernel compilation, data upload).
/// Needs no SDK. Options: --n --d --k --type diag|full|tied|spherical --iters --warmup --backend cpu|cuda|ilgpu-cpu
/// --budget-mb (GPU device-memory budget; smaller than the data forces streaming) --precision single|double.
/// </summary>
internal static class QuickBench
{
    public static int Run(string[] args)
    {
        var o = BenchData.Options(args);
        long n = BenchData.Get(o, "n", 1_000_000L);
        int d = BenchData.Get(o, "d", 39), k = BenchData.Get(o, "k", 64);
        int iterations = BenchData.Get(o, "iters", 5), warmup = BenchData.Get(o, "warmup", 2);
        long budgetMb = BenchData.Get(o, "budget-mb", 0L);
        string backendName = o.GetValueOrDefault("backend", "cuda");
        var type = ParseType(o.GetValueOrDefault("type", "diag"));
        bool single = o.GetValueOrDefault("precision", "single") == "single";
        var clock = Stopwatch.StartNew();
        var data = BenchData.Points(n, d, Math.Max(k, 8), seed: 42);
        var model = BenchData.StartModel(data, d, k, type, seed: 7);
        Console.WriteLine($"data {n}×{d} generated in {clock.Elapsed.TotalSeconds:F1} s; k = {k}, {type}, backend {backendName}, {(single ? "float32" : "float64")} compute");
        return single
            ? Time(new InMemoryDataSource<float>(data, d), model, backendName, budgetMb, warmup, iterations, type, n, d, k)
            : Time(new InMemoryDataSource<double>(Array.ConvertAll(data, v => (double)v), d), model, backendName, budgetMb, warmup, iterations, type, n, d, k);
    }

    private static int Time<T>(IDataSource<T> source, GaussianMixtureModel model, string backendName, long budgetMb, int warmup,
        int iterations, CovarianceType type, long n, int d, int k) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();

        GpuBackendProvider? provider = null;
        IEmBackend<T> backend;
        if (backendName == "cpu") backend = new CpuEmBackend<T>();
        else
        {
            provider = GpuBackendProvider.Create(backendName == "ilgpu-cpu" ? AcceleratorPreference.IlgpuCpu : AcceleratorPreference.Cuda);
            backend = budgetMb > 0 ? provider.CreateBackend<T>(budgetMb << 20) : provider.Create<T>();
        }
        try
        {
            var warnings = new List<FitWarning>();
            var total = new List<double>();
            var estep = new List<double>();
            for (int i = 0; i < warmup + iterations; i++)
            {
                var started = clock.Elapsed;
                var statistics = SufficientStatistics.For<T>(model);
                backend.Accumulate(model, source, statistics); // synchronises the device before returning
                var afterE = clock.Elapsed;
                model = MStep.Apply(statistics, 1e-6, warnings, 0, i + 1);
                var ended = clock.Elapsed;
                string phase = i < warmup ? "warm-up" : "timed";
                Console.WriteLine($"  iteration {i + 1} ({phase}): E+stats {(afterE - started).TotalMilliseconds:F2} ms, M-step {(ended - afterE).TotalMilliseconds:F2} ms, mean log-likelihood {statistics.LogLikelihood / statistics.WeightSum:F6}");
                if (i >= warmup)
                {
                    total.Add((ended - started).TotalMilliseconds);
                    estep.Add((afterE - started).TotalMilliseconds);
                }
            }
            double ms = Median(total), eMs = Median(estep);
            double flops = FlopModel.PerIteration(type, n, d, k);
            Console.WriteLine($"backend: {backend.Description}");
            Console.WriteLine($"flop model: {FlopModel.Formula} = {flops / 1e9:F2} GFLOP per iteration");
            Console.WriteLine($"RESULT backend={backendName} type={TypeName(type)} precision={typeof(T).Name} n={n} d={d} k={k} budgetMB={budgetMb} " +
                $"ms/iter={ms:F2} (E+stats {eMs:F2}, M {ms - eMs:F2}) points/s={n / (ms / 1e3):E3} GFLOP/s={flops / (ms / 1e3) / 1e9:F1} " +
                $"(E+stats only {flops / (eMs / 1e3) / 1e9:F1})");
            return 0;
        }
        finally
        {
            backend.Dispose();
            provider?.Dispose();
        }
    }

    public static CovarianceType ParseType(string name) => name switch
    {
        "diag" or "diagonal" => CovarianceType.Diagonal,
        "full" => CovarianceType.Full,
        "tied" => CovarianceType.Tied,
        "spherical" => CovarianceType.Spherical,
        _ => throw new ArgumentException($"unknown --type '{name}' (diag, full, tied, spherical)"),
    };

    public static string TypeName(CovarianceType type) => type switch
    {
        CovarianceType.Diagonal => "diag",
        CovarianceType.Full => "full",
        CovarianceType.Tied => "tied",
        _ => "spherical",
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }
}
