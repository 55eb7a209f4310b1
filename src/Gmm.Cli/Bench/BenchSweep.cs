using System.Numerics;
using Gmm.Benchmarking;

namespace Gmm.Cli.Bench;

/// <summary>
/// Runs a sweep: for each (N, D, K) one synthetic data set (<see cref="BenchDataSet{T}"/> around max(K, 8) centres: in
/// memory, or streamed from a temporary file when it exceeds the in-memory limit, as a fit places a user's file),
/// for each covariance type one starting model and the initialisation's time (<see cref="BenchSettings.Init"/>: the
/// host's, timed once and shared, or per backend where a GPU backend runs k-means' searches on its device), then every
/// backend timed by <see cref="IterationTimer"/> on that same data and start, after an untimed run on a few of the
/// points compiles its kernels. Results come back in plan order, each with the CPU backend's time on the same
/// problem when the sweep has it.
/// </summary>
internal static class BenchSweep
{
    /// <summary>Points of the untimed compile run: enough for every component to own a few.</summary>
    private static long CompilePoints(long n, int k) => Math.Min(n, Math.Max(256, 4L * k));

    /// <summary>Times <paramref name="cases"/>; <paramref name="starting"/> is called before each, <paramref name="finished"/> after.</summary>
    public static List<BenchResult> Run(BenchSettings settings, BenchBackends backends, IReadOnlyList<BenchCase> cases,
        Action<BenchCase, int>? starting, Action<BenchResult, int>? finished, CancellationToken cancellation) =>
        settings.DoublePrecision
            ? Run<double>(settings, backends, cases, starting, finished, cancellation)
            : Run<float>(settings, backends, cases, starting, finished, cancellation);

    private static List<BenchResult> Run<T>(BenchSettings settings, BenchBackends backends, IReadOnlyList<BenchCase> cases,
        Action<BenchCase, int>? starting, Action<BenchResult, int>? finished, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var results = new List<BenchResult>(cases.Count);
        int index = 0;
        foreach (var problem in cases.GroupBy(c => (c.N, c.D, c.K)))
        {
            var (n, d, k) = problem.Key;
            using var data = BenchDataSet<T>.Create(n, d, Math.Max(k, 8), (int)CompilePoints(n, k), settings, cancellation);
            var source = data.Source;
            var fewSource = data.Few;
            foreach (var sameType in problem.GroupBy(c => c.Type))
            {
                var start = data.StartModel(k, sameType.Key, few: false);
                var fewStart = data.StartModel(k, sameType.Key, few: true);
                double? hostInitMs = null;
                foreach (var c in sameType)
                {
                    starting?.Invoke(c, index);
                    double? initMs = null;
                    if (settings.Init is { } method && k <= n) // a fit refuses K > N
                        initMs = OnDevice<T>(backends, c.Backend, method)
                            ? DeviceInitializationMs<T>(backends, c.Backend, source, fewSource, k, sameType.Key)
                            : hostInitMs ??= HostInitializationMs(source, fewSource, k, sameType.Key, method);
                    using (var warm = backends.Create<T>(c.Backend))
                        IterationTimer.Compile(warm, fewSource, fewStart); // kernels are cached by the provider, buffers are not
                    cancellation.ThrowIfCancellationRequested();
                    using var backend = backends.Create<T>(c.Backend);
                    var (iteration, estep, first, early) = IterationTimer.Time(backend, source, start, settings.Warmup, settings.Iterations, cancellation);
                    var result = new BenchResult(c, iteration, estep, backends.Peak<T>(c.Backend)) { InitMs = initMs, FirstIterationMs = first, EarlyIterationsMs = early };
                    results.Add(result);
                    finished?.Invoke(result, index++);
                }
            }
        }
        return WithSpeedUps(results);
    }

    /// <summary>Whether <paramref name="backend"/> runs this initialisation's searches on its device (k-means on a GPU backend that is set to).</summary>
    private static bool OnDevice<T>(BenchBackends backends, string backend, InitializationMethod method) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (method != InitializationMethod.KMeans || backend == "cpu") return false;
        using var probe = backends.Create<T>(backend);
        return probe is IKMeansDevice<T> { InitializationOnDevice: true };
    }

    /// <summary>ms of the host initialisation (what a fit runs before its first iteration), after an untimed warm-up on a few points.</summary>
    private static double HostInitializationMs<T>(IDataSource<T> source, IDataSource<T> few, int k, CovarianceType type, InitializationMethod method)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Initialize(few, k, type, method, null); // untimed: JIT and thread pool warm
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        Initialize(source, k, type, method, null);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// ms of k-means initialisation with its searches on <paramref name="backend"/>'s device, on a fresh backend (the
    /// last pass uploads the data that the fit then keeps resident), after an untimed run on a few points compiles the kernel.
    /// </summary>
    private static double DeviceInitializationMs<T>(BenchBackends backends, string backend, IDataSource<T> source, IDataSource<T> few, int k, CovarianceType type)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using (var warm = backends.Create<T>(backend)) Initialize(few, k, type, InitializationMethod.KMeans, warm);
        using var timed = backends.Create<T>(backend);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        Initialize(source, k, type, InitializationMethod.KMeans, timed);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static void Initialize<T>(IDataSource<T> source, int k, CovarianceType type, InitializationMethod method, IEmBackend<T>? device)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = type, Initialization = method, Seed = BenchData.ModelSeed };
        new GaussianMixture(options).CreateStartingModel(source, device);
    }

    /// <summary>Each result with the CPU backend's time on the same N, D, K and type, where the sweep has one.</summary>
    public static List<BenchResult> WithSpeedUps(IReadOnlyList<BenchResult> results)
    {
        var cpu = results.Where(r => r.Case.Backend == "cpu").ToDictionary(r => (r.Case.N, r.Case.D, r.Case.K, r.Case.Type), r => r.MsPerIteration);
        return [.. results.Select(r => r with { CpuMsPerIteration = cpu.TryGetValue((r.Case.N, r.Case.D, r.Case.K, r.Case.Type), out double ms) ? ms : null })];
    }
}
