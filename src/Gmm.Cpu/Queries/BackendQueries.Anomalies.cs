using System.Numerics;

namespace Gmm;

// Anomaly detection over a (possibly streamed) source on a backend: the threshold at a contamination (one pass, exact
// percentile from a bounded buffer) and the flags under a threshold (one pass, chunk by chunk). A variational model
// scores through its E-step model plus its log normaliser, as its own ScoreSamples does.
public static partial class BackendQueries
{
    /// <summary>
    /// The anomaly threshold of <paramref name="model"/> at <paramref name="contamination"/> over every point of
    /// <paramref name="data"/>: numpy's <c>np.percentile(score_samples, 100 * contamination)</c> (its default linear
    /// interpolation, reproduced operation for operation) of the points' log-densities log p(x), as scikit-learn's outlier
    /// detectors set <c>offset_</c>. Points whose log-density is strictly below it are the anomalies
    /// (<see cref="FlagAnomalies{T}(IEmBackend{T}, GaussianMixtureModel, IDataSource{T}, double, int)"/>): with distinct
    /// scores, ⌊v⌋ + 1 of the n points where v = (n − 1)·contamination is not a whole number, ⌊v⌋ where it is.
    /// Sample weights are ignored (every point counts once). One pass over the data; the percentile is exact: only the
    /// scores of the smaller tail are kept, min(⌊v⌋ + 2, n − ⌊v⌋) doubles (about 8·contamination·n bytes), besides one
    /// chunk's scores. Where a neighbour of the percentile is −∞ (zero density) the threshold is −∞ (numpy: NaN).
    /// </summary>
    /// <param name="backend">Where to compute the log-densities (its own evaluator, else the host in float64).</param>
    /// <param name="model">The model (d = the data's dimension).</param>
    /// <param name="data">The points (n ≥ 1).</param>
    /// <param name="contamination">The expected fraction of anomalies, strictly between 0 and 1.</param>
    /// <param name="chunkRows">Points per chunk (≥ 1).</param>
    /// <returns>The threshold in log-density (nats).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A contamination ≤ 0, ≥ 1 or NaN; chunkRows &lt; 1.</exception>
    /// <exception cref="ArgumentException">No points, a dimension that differs from the model's, or a non-finite value.</exception>
    public static double AnomalyThreshold<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data, double contamination,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScorePercentile.CheckContamination(contamination);
        Check(backend, model, data, chunkRows);
        return Threshold(Evaluator(backend), model, 0, data, contamination, chunkRows);
    }

    /// <summary>
    /// The anomaly threshold of a variational mixture: as
    /// <see cref="AnomalyThreshold{T}(IEmBackend{T}, GaussianMixtureModel, IDataSource{T}, double, int)"/> over its
    /// own scores (scikit-learn's BayesianGaussianMixture.score_samples: the E-step model's log-density plus
    /// <see cref="BayesianGaussianMixtureModel.LogNormalizer"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A contamination ≤ 0, ≥ 1 or NaN; chunkRows &lt; 1.</exception>
    /// <exception cref="ArgumentException">No points, a dimension that differs from the model's, or a non-finite value.</exception>
    public static double AnomalyThreshold<T>(this IEmBackend<T> backend, BayesianGaussianMixtureModel model, IDataSource<T> data, double contamination,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ScorePercentile.CheckContamination(contamination);
        ArgumentNullException.ThrowIfNull(model);
        Check(backend, model.ExpectationModel, data, chunkRows);
        return Threshold(Evaluator(backend), model.ExpectationModel, model.LogNormalizer, data, contamination, chunkRows);
    }

    /// <summary>
    /// Flags every point of <paramref name="data"/> whose log-density under <paramref name="model"/> is strictly below
    /// <paramref name="threshold"/> (nats; from <see cref="AnomalyThreshold{T}(IEmBackend{T}, GaussianMixtureModel, IDataSource{T}, double, int)"/>
    /// or chosen), one <see cref="AnomalyChunk"/> per chunk of at most <paramref name="chunkRows"/> points, in order.
    /// Arguments are checked at the call; the points as they are read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A NaN threshold; chunkRows &lt; 1.</exception>
    /// <exception cref="ArgumentException">A dimension that differs from the model's, or a non-finite value (when read).</exception>
    public static IEnumerable<AnomalyChunk> FlagAnomalies<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data, double threshold,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckThreshold(threshold);
        Check(backend, model, data, chunkRows);
        return Flags(Evaluator(backend), model, 0, data, threshold, chunkRows);
    }

    /// <summary>
    /// Flags the points of <paramref name="data"/> whose variational score (scikit-learn's
    /// BayesianGaussianMixture.score_samples) is strictly below <paramref name="threshold"/>, chunk by chunk.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A NaN threshold; chunkRows &lt; 1.</exception>
    /// <exception cref="ArgumentException">A dimension that differs from the model's, or a non-finite value (when read).</exception>
    public static IEnumerable<AnomalyChunk> FlagAnomalies<T>(this IEmBackend<T> backend, BayesianGaussianMixtureModel model, IDataSource<T> data, double threshold,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckThreshold(threshold);
        ArgumentNullException.ThrowIfNull(model);
        Check(backend, model.ExpectationModel, data, chunkRows);
        return Flags(Evaluator(backend), model.ExpectationModel, model.LogNormalizer, data, threshold, chunkRows);
    }

    /// <summary>Refuses a NaN threshold (±∞ are allowed: nothing, or everything finite, is flagged).</summary>
    internal static void CheckThreshold(double threshold)
    {
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a log-density, not NaN.");
    }

    /// <summary>The percentile of log p(x) + <paramref name="offset"/> over the points, in one pass.</summary>
    internal static double Threshold<T>(IPointEvaluator<T> evaluator, GaussianMixtureModel model, double offset, IDataSource<T> data,
        double contamination, int chunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Count < 1) throw new ArgumentException("data has no points; the anomaly threshold needs at least one.", nameof(data));
        var percentile = new ScorePercentile(data.Count, contamination);
        double[] scores = [];
        foreach (var chunk in data.GetChunks(chunkRows))
        {
            int n = chunk.Count;
            if (n == 0) continue;
            CheckFinite(chunk);
            if (scores.Length < n) scores = new double[n];
            var values = scores.AsSpan(0, n);
            evaluator.Evaluate(model, chunk, values, default, default);
            if (offset != 0) foreach (ref double value in values) value += offset;
            percentile.Add(values);
        }
        return percentile.Result();
    }

    private static IEnumerable<AnomalyChunk> Flags<T>(IPointEvaluator<T> evaluator, GaussianMixtureModel model, double offset, IDataSource<T> data,
        double threshold, int chunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var chunk in data.GetChunks(chunkRows))
        {
            int n = chunk.Count;
            if (n == 0) continue;
            CheckFinite(chunk);
            var scores = new double[n];
            evaluator.Evaluate(model, chunk, scores, default, default);
            var flags = new bool[n];
            for (int i = 0; i < n; i++)
            {
                if (offset != 0) scores[i] += offset;
                flags[i] = scores[i] < threshold;
            }
            yield return new AnomalyChunk(chunk.Start, n, scores, flags);
        }
    }
}
