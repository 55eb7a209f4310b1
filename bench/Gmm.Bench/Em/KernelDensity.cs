using System.Diagnostics;
using System.Globalization;
using Gmm.Cpu;

namespace Gmm.Bench.Em;

/// <summary>
/// `Gmm.Bench kernel-density [diag|full] [ROUNDS]`: the CPU kernel's cost of one E-step + statistics pass
/// (IEmBackend.Accumulate, one thread, float32) as a function of how dense the responsibilities are, in one warm process.
/// The data and start are issue 19's (bench/compare_sklearn.py `problem`: ten overlapping clusters, uniform weights, means
/// at data rows, unit covariances; diag 200,000 × 39, K = 64; full 100,000 × 16, K = 16, the same distribution from
/// System.Random instead of NumPy). EM runs from the start and keeps the models after iterations 0, 1, 2, 3, 5, 10 and
/// 20; each round then times one pass from every kept model, in turn (interleaved), by this process's CPU time (user +
/// system) and the wall clock. Density is the fraction of (point, component) pairs whose float32 responsibility is not
/// exactly 0 (log-probability less the point's largest above −87.3, computed here in float64 from the model).
/// </summary>
public static class KernelDensity
{
    private static readonly int[] s_kept = [0, 1, 2, 3, 5, 10, 20];

    /// <summary>Runs the measurement and prints one line per kept model.</summary>
    public static int Run(string[] args)
    {
        string type = args.Length > 0 ? args[0] : "diag";
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var (n, d, k, covariance) = type == "full" ? (100_000, 16, 16, CovarianceType.Full) : (200_000, 39, 64, CovarianceType.Diagonal);
        var data = Problem(n, d);
        var source = new InMemoryDataSource<float>(data, d);
        using var backend = new CpuBackendProvider(threads: 1).Create<float>();
        var models = KeptModels(backend, source, Start(data, n, d, k, covariance));
        var density = models.Select(m => Density(data, n, m)).ToArray();
        var cpu = new double[models.Length][];
        var wall = new double[models.Length][];
        for (int i = 0; i < models.Length; i++) { cpu[i] = new double[rounds]; wall[i] = new double[rounds]; Pass(backend, source, models[i]); }
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < models.Length; i++) (cpu[i][r], wall[i][r]) = Pass(backend, source, models[i]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{type} {n}x{d} K={k}, one thread, {rounds} rounds, load average {LoadAverage()}"));
        Console.WriteLine("after iter  density  CPU ms min  median   wall ms min  median");
        for (int i = 0; i < models.Length; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s_kept[i],10}  {density[i],7:F3}  {cpu[i].Min(),10:F2}  {Median(cpu[i]),6:F2}   {wall[i].Min(),11:F2}  {Median(wall[i]),6:F2}"));
        return 0;
    }

    /// <summary>x[i, j] = (i mod 10)·0.5 + U(0, 1) + (j mod 3), as bench/compare_sklearn.py's problem.</summary>
    internal static float[] Problem(int n, int d)
    {
        var random = new Random(1);
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = (float)(i % 10 * 0.5 + random.NextDouble() + j % 3);
        return x;
    }

    internal static GaussianMixtureModel Start(float[] x, int n, int d, int k, CovarianceType type)
    {
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) means[c * d + j] = x[(c * 37 % n) * d + j];
        if (type == CovarianceType.Spherical) return new GaussianMixtureModel(type, Enumerable.Repeat(1.0 / k, k).ToArray(), means, Enumerable.Repeat(1.0, k).ToArray());
        var covariances = new double[type == CovarianceType.Full ? k * d * d : k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) covariances[type == CovarianceType.Full ? (c * d + j) * d + j : c * d + j] = 1;
        return new GaussianMixtureModel(type, Enumerable.Repeat(1.0 / k, k).ToArray(), means, covariances);
    }

    private static GaussianMixtureModel[] KeptModels(IEmBackend<float> backend, IDataSource<float> source, GaussianMixtureModel start)
    {
        var run = new EmRun<float, GaussianMixtureModel>(backend, source, new MaximumLikelihoodStep(1e-6), start);
        var kept = new List<GaussianMixtureModel> { start };
        for (int iteration = 1; iteration <= s_kept[^1]; iteration++)
        {
            run.Step();
            if (s_kept.Contains(iteration)) kept.Add(run.State);
        }
        return [.. kept];
    }

    /// <summary>One E-step + statistics pass of <paramref name="backend"/> over <paramref name="source"/>: process CPU and wall, in ms.</summary>
    internal static (double Cpu, double Wall) Pass(IEmBackend<float> backend, IDataSource<float> source, GaussianMixtureModel model)
    {
        var statistics = SufficientStatistics.For<float>(model);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        backend.Accumulate(model, source, statistics);
        double elapsed = wall.Elapsed.TotalMilliseconds;
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds, elapsed);
    }

    /// <summary>The fraction of (point, component) pairs with log-probability − the point's largest ≥ −87.3.</summary>
    private static double Density(float[] x, int n, GaussianMixtureModel model)
    {
        int d = model.Dimension, k = model.ComponentCount;
        bool full = model.CovarianceType == CovarianceType.Full;
        var u = model.PrecisionsCholeskySpan;
        var means = model.MeansSpan;
        var constants = model.LogDensityConstants;
        var lp = new double[k];
        var e = new double[d];
        long nonZero = 0;
        for (int b = 0; b < n; b++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++) e[j] = x[b * d + j] - means[c * d + j];
                double squares = 0;
                if (full)
                    for (int i = 0; i < d; i++)
                    {
                        double y = 0;
                        for (int j = 0; j <= i; j++) y += e[j] * u[(c * d + j) * d + i];
                        squares += y * y;
                    }
                else
                    for (int j = 0; j < d; j++) squares += e[j] * e[j] * u[c * d + j] * u[c * d + j];
                lp[c] = constants[c] - 0.5 * squares;
                max = Math.Max(max, lp[c]);
            }
            for (int c = 0; c < k; c++) nonZero += lp[c] - max >= -87.3 ? 1 : 0;
        }
        return (double)nonZero / ((long)n * k);
    }

    internal static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
