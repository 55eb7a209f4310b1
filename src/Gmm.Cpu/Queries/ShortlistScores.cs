namespace Gmm;

/// <summary>
/// Top-C log-likelihoods of a data set (<see cref="BackendQueries.ScoreShortlisted{T}"/>): the sums over its points of
/// each model's shortlisted log-density, weighted by the sample weights.
/// </summary>
/// <param name="LogLikelihoods">
/// 1 + m sums (nats): [0] the shortlist model's Σ w log p̃(x), [i + 1] that of the i-th scored model.
/// </param>
/// <param name="WeightSum">Σ w over the points (the number of points when unweighted).</param>
/// <param name="PointCount">Points scored.</param>
public sealed record ShortlistScores(IReadOnlyList<double> LogLikelihoods, double WeightSum, long PointCount)
{
    /// <summary>
    /// The log-likelihood ratio of scored model <paramref name="model"/> (zero-based) against the shortlist model,
    /// averaged over the points: (LogLikelihoods[model + 1] − LogLikelihoods[0]) / WeightSum (nats per point).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such model.</exception>
    public double MeanLogLikelihoodRatio(int model)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(model);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(model, LogLikelihoods.Count - 1);
        return (LogLikelihoods[model + 1] - LogLikelihoods[0]) / WeightSum;
    }
}
