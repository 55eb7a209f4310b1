namespace Gmm;

/// <summary>
/// The anomaly flags of one chunk of points (<see cref="BackendQueries.FlagAnomalies{T}(IEmBackend{T}, GaussianMixtureModel, IDataSource{T}, double, int)"/>),
/// in source order.
/// </summary>
/// <param name="Start">Index of the chunk's first point in its source.</param>
/// <param name="Count">Points n in the chunk.</param>
/// <param name="Scores">
/// The score of each point (n, nats): log p(x) for a <see cref="GaussianMixtureModel"/>, scikit-learn's score_samples
/// for a <see cref="BayesianGaussianMixtureModel"/>.
/// </param>
/// <param name="Flags">Per point (n): true where the score is strictly below the threshold (an anomaly).</param>
public sealed record AnomalyChunk(long Start, int Count, double[] Scores, bool[] Flags);
