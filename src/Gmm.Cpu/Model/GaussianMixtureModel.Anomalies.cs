using System.Numerics;

namespace Gmm;

// Anomaly detection on a fitted model, on the host in float64: the threshold in log-density at a contamination (numpy's
// percentile of score_samples) and the flags under a threshold. BackendQueries runs the same on a backend.
public sealed partial class GaussianMixtureModel
{
    /// <summary>
    /// The anomaly threshold at <paramref name="contamination"/>: numpy's <c>np.percentile(ScoreSamples(data), 100 *
    /// contamination)</c> (linear interpolation, reproduced operation for operation), as scikit-learn's outlier detectors
    /// set <c>offset_</c>. Points whose log-density is strictly below it are anomalies (<see cref="FlagAnomalies{T}(ReadOnlySpan{T}, double)"/>).
    /// Memory: the n scores.
    /// </summary>
    /// <param name="data">The points, n×d row-major (n ≥ 1).</param>
    /// <param name="contamination">The expected fraction of anomalies, strictly between 0 and 1.</param>
    /// <returns>The threshold in log-density (nats).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A contamination ≤ 0, ≥ 1 or NaN.</exception>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, or a non-finite value.</exception>
    public double AnomalyThreshold<T>(ReadOnlySpan<T> data, double contamination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScorePercentile.CheckContamination(contamination);
        return PercentileOf(ScoreSamples(data), contamination);
    }

    /// <summary>
    /// The anomaly threshold at <paramref name="contamination"/> over a (possibly streamed) source, on the host: as
    /// <see cref="AnomalyThreshold{T}(ReadOnlySpan{T}, double)"/> in one pass over the data, exact, keeping only the
    /// scores of the smaller tail (about 8·contamination·n bytes); sample weights are ignored (see
    /// <see cref="BackendQueries.AnomalyThreshold{T}(IEmBackend{T}, GaussianMixtureModel, IDataSource{T}, double, int)"/>,
    /// which runs it on a backend).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A contamination ≤ 0, ≥ 1 or NaN.</exception>
    /// <exception cref="ArgumentException">No points, a dimension that differs from the model's, or a non-finite value.</exception>
    public double AnomalyThreshold<T>(IDataSource<T> data, double contamination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScorePercentile.CheckContamination(contamination);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dimension != Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {Dimension}.", nameof(data));
        return BackendQueries.Threshold(HostPointEvaluator<T>.Instance, this, 0, data, contamination, BackendQueries.DefaultChunkRows);
    }

    /// <summary>
    /// Flags the points of <paramref name="data"/> (n×d, row-major) whose log-density is strictly below
    /// <paramref name="threshold"/> (nats): n values, true for an anomaly.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A NaN threshold.</exception>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, or a non-finite value.</exception>
    public bool[] FlagAnomalies<T>(ReadOnlySpan<T> data, double threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        BackendQueries.CheckThreshold(threshold);
        return FlagsOf(ScoreSamples(data), threshold);
    }

    /// <summary>numpy's linear percentile of <paramref name="scores"/> at 100·contamination.</summary>
    internal static double PercentileOf(double[] scores, double contamination)
    {
        var percentile = new ScorePercentile(scores.Length, contamination);
        percentile.Add(scores);
        return percentile.Result();
    }

    /// <summary>score &lt; threshold, per score.</summary>
    internal static bool[] FlagsOf(double[] scores, double threshold) => Array.ConvertAll(scores, score => score < threshold);
}
