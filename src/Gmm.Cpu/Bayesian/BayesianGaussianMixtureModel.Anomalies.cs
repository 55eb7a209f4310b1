using System.Numerics;

namespace Gmm;

// Anomaly detection on a fitted variational mixture over its own scores (scikit-learn's score_samples), on the host.
public sealed partial class BayesianGaussianMixtureModel
{
    /// <summary>
    /// The anomaly threshold at <paramref name="contamination"/>: numpy's <c>np.percentile(ScoreSamples(data), 100 *
    /// contamination)</c> (linear interpolation) of the variational scores; points scoring strictly below it are
    /// anomalies (<see cref="FlagAnomalies{T}(ReadOnlySpan{T}, double)"/>). Memory: the n scores.
    /// </summary>
    /// <param name="data">The points, n×d row-major (n ≥ 1).</param>
    /// <param name="contamination">The expected fraction of anomalies, strictly between 0 and 1.</param>
    /// <returns>The threshold on the score (nats).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A contamination ≤ 0, ≥ 1 or NaN.</exception>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, or a non-finite value.</exception>
    public double AnomalyThreshold<T>(ReadOnlySpan<T> data, double contamination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScorePercentile.CheckContamination(contamination);
        return GaussianMixtureModel.PercentileOf(ScoreSamples(data), contamination);
    }

    /// <summary>
    /// The anomaly threshold over a (possibly streamed) source on the host, in one exact pass keeping only the scores of
    /// the smaller tail (see <see cref="BackendQueries.AnomalyThreshold{T}(IEmBackend{T}, BayesianGaussianMixtureModel, IDataSource{T}, double, int)"/>);
    /// sample weights are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A contamination ≤ 0, ≥ 1 or NaN.</exception>
    /// <exception cref="ArgumentException">No points, a dimension that differs from the model's, or a non-finite value.</exception>
    public double AnomalyThreshold<T>(IDataSource<T> data, double contamination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScorePercentile.CheckContamination(contamination);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dimension != Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {Dimension}.", nameof(data));
        return BackendQueries.Threshold(HostPointEvaluator<T>.Instance, ExpectationModel, LogNormalizer, data, contamination, BackendQueries.DefaultChunkRows);
    }

    /// <summary>Flags the points of <paramref name="data"/> (n×d, row-major) whose score is strictly below <paramref name="threshold"/>: n values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A NaN threshold.</exception>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, or a non-finite value.</exception>
    public bool[] FlagAnomalies<T>(ReadOnlySpan<T> data, double threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        BackendQueries.CheckThreshold(threshold);
        return GaussianMixtureModel.FlagsOf(ScoreSamples(data), threshold);
    }
}
