using System.Diagnostics;
using System.Numerics;

namespace Gmm.Cli.Bench;

/// <summary>
/// The one timing loop of the benchmarks: whole EM iterations as the trainer runs them (<see cref="EmRun{T, TState}.Step"/>
/// with the maximum-likelihood M-step: on a GPU the M-step stays on the device and three scalars come back; otherwise
/// <see cref="IEmBackend{T}.Accumulate"/> + the host M-step), then the E-step + statistics alone
/// (<see cref="IEmBackend{T}.Accumulate"/>, which on a GPU also uploads the parameters and downloads the statistics)
/// under the model the timed iterations reached, so both columns measure about the same model. Warm-up iterations come
/// first (the one-time upload of resident data and EM's first large moves fall in them), then the median of the timed
/// ones; the start and the first iteration together are timed apart (<see cref="Compile"/> on a few points first keeps
/// kernel compilation out of them), and so are the first three iterations each, warm-up or not, so that a slow start
/// (code still in the JIT's first tier, caches cold) shows beside the steady state. A component dropped on the way would make the FLOP count wrong: that is an error.
/// </summary>
internal static class IterationTimer
{
    /// <summary>
    /// Median ms of a whole iteration and of its E-step + statistics part, ms of the start + first iteration, and ms of
    /// each of the first three iterations (fewer when fewer run).
    /// </summary>
    /// <exception cref="InvalidOperationException">EM dropped a component during the run.</exception>
    public static (double Iteration, double EStep, double First, double[] Early) Time<T>(IEmBackend<T> backend, IDataSource<T> source, GaussianMixtureModel model,
        int warmup, int iterations, CancellationToken cancellation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = new List<double>(iterations);
        var estep = new List<double>(iterations);
        double first = 0;
        var early = new List<double>(3);
        long begun = Stopwatch.GetTimestamp();
        var run = new EmRun<T, GaussianMixtureModel>(backend, source, Step, model);
        for (int i = 0; i < warmup + iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            run.Step();
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i == 0) first = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
            if (i < 3) early.Add(ms);
            if (i >= warmup) total.Add(ms);
        }
        var reached = run.State;
        if (reached.ComponentCount != model.ComponentCount)
            throw new InvalidOperationException($"EM dropped {model.ComponentCount - reached.ComponentCount} of {model.ComponentCount} components during the benchmark, so its FLOP count would be wrong; benchmark fewer components (--k).");
        for (int i = 0; i < warmup + iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var statistics = SufficientStatistics.For<T>(reached);
            long started = Stopwatch.GetTimestamp();
            backend.Accumulate(reached, source, statistics);
            if (i >= warmup) estep.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (Median(total), Median(estep), first, [.. early]);
    }

    /// <summary>
    /// One untimed start + iteration on <paramref name="source"/> (a few points of the case's data), so that the kernels
    /// the case uses are compiled before it is timed; components it drops do not matter.
    /// </summary>
    public static void Compile<T>(IEmBackend<T> backend, IDataSource<T> source, GaussianMixtureModel model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        new EmRun<T, GaussianMixtureModel>(backend, source, Step, model).Step();
    }

    /// <summary>The maximum-likelihood M-step with scikit-learn's default reg_covar.</summary>
    private static readonly MaximumLikelihoodStep Step = new(1e-6);

    /// <summary>The median (mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }
}
