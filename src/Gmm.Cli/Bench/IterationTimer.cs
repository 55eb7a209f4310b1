using System.Diagnostics;
using System.Numerics;

namespace Gmm.Cli.Bench;

/// <summary>
/// The one timing loop of the benchmarks: whole EM iterations as the trainer runs them —
/// <see cref="SufficientStatistics.For{T}"/> + <see cref="IEmBackend{T}.Accumulate"/> (which synchronises the device
/// and downloads the statistics) + the host <see cref="MStep"/> — warm-up iterations first (kernel compilation and the
/// one-time upload of resident data fall in them), then the median of the timed ones.
/// </summary>
internal static class IterationTimer
{
    /// <summary>Median ms of a whole iteration and of its E-step + statistics part.</summary>
    public static (double Iteration, double EStep) Time<T>(IEmBackend<T> backend, IDataSource<T> source, GaussianMixtureModel model,
        int warmup, int iterations, CancellationToken cancellation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var warnings = new List<FitWarning>();
        var total = new List<double>(iterations);
        var estep = new List<double>(iterations);
        for (int i = 0; i < warmup + iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            var statistics = SufficientStatistics.For<T>(model);
            backend.Accumulate(model, source, statistics);
            long afterE = Stopwatch.GetTimestamp();
            model = MStep.Apply(statistics, 1e-6, warnings, 0, i + 1);
            long ended = Stopwatch.GetTimestamp();
            if (i < warmup) continue;
            total.Add(Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds);
            estep.Add(Stopwatch.GetElapsedTime(started, afterE).TotalMilliseconds);
        }
        return (Median(total), Median(estep));
    }

    /// <summary>The median (mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }
}
