using System.Numerics;

namespace Gmm.Cli.Bench;

/// <summary>
/// Runs a sweep: for each (N, D, K) one synthetic data set (<see cref="BenchData.Points"/> around max(K, 8) centres),
/// for each covariance type one starting model and one timing of the host initialisation (<see cref="BenchSettings.Init"/>),
/// then every backend timed by <see cref="IterationTimer"/> on that same data and start, after an untimed run on a few of
/// the points compiles its kernels. Results come back in plan order, each with the CPU backend's time on the same
/// problem when the sweep has it.
/// </summary>
internal static class BenchSweep
{
    public const int DataSeed = 42, ModelSeed = 7;

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
            var points = BenchData.Points(n, d, Math.Max(k, 8), DataSeed);
            var source = Source<T>(points, d);
            long few = CompilePoints(n, k);
            var fewPoints = points.AsSpan(0, (int)(few * d)).ToArray();
            var fewSource = Source<T>(fewPoints, d);
            foreach (var sameType in problem.GroupBy(c => c.Type))
            {
                var start = BenchData.StartModel(points, d, k, sameType.Key, ModelSeed);
                var fewStart = BenchData.StartModel(fewPoints, d, k, sameType.Key, ModelSeed);
                double? initMs = null;
                bool initTimed = false;
                foreach (var c in sameType)
                {
                    starting?.Invoke(c, index);
                    if (!initTimed && settings.Init is { } method && k <= n) // a fit refuses K > N
                    {
                        Initialize(fewSource, k, sameType.Key, method); // untimed: JIT and thread pool warm
                        initMs = InitializationMs(source, k, sameType.Key, method);
                    }
                    initTimed = true;
                    using (var warm = backends.Create<T>(c.Backend))
                        IterationTimer.Compile(warm, fewSource, fewStart); // kernels are cached by the provider, buffers are not
                    cancellation.ThrowIfCancellationRequested();
                    using var backend = backends.Create<T>(c.Backend);
                    var (iteration, estep, first) = IterationTimer.Time(backend, source, start, settings.Warmup, settings.Iterations, cancellation);
                    var result = new BenchResult(c, iteration, estep, backends.Peak<T>(c.Backend)) { InitMs = initMs, FirstIterationMs = first };
                    results.Add(result);
                    finished?.Invoke(result, index++);
                }
            }
        }
        return WithSpeedUps(results);
    }

    /// <summary>ms of the shared host initialisation (what a fit runs before its first iteration, on any backend).</summary>
    private static double InitializationMs<T>(IDataSource<T> source, int k, CovarianceType type, InitializationMethod method)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        Initialize(source, k, type, method);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static void Initialize<T>(IDataSource<T> source, int k, CovarianceType type, InitializationMethod method)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = type, Initialization = method, Seed = ModelSeed };
        Initializer.Initialize(source, options, new Random(options.Seed), [], 0);
    }

    private static IDataSource<T> Source<T>(float[] points, int d) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? (IDataSource<T>)(object)new InMemoryDataSource<float>(points, d)
            : (IDataSource<T>)(object)new InMemoryDataSource<double>(Array.ConvertAll(points, v => (double)v), d);

    /// <summary>Each result with the CPU backend's time on the same N, D, K and type, where the sweep has one.</summary>
    public static List<BenchResult> WithSpeedUps(IReadOnlyList<BenchResult> results)
    {
        var cpu = results.Where(r => r.Case.Backend == "cpu").ToDictionary(r => (r.Case.N, r.Case.D, r.Case.K, r.Case.Type), r => r.MsPerIteration);
        return [.. results.Select(r => r with { CpuMsPerIteration = cpu.TryGetValue((r.Case.N, r.Case.D, r.Case.K, r.Case.Type), out double ms) ? ms : null })];
    }
}
