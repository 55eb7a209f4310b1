using System.Numerics;

namespace Gmm;

/// <summary>
/// An optional part of the backend contract: a backend that evaluates a model on points where it computes, for the
/// queries (<see cref="BackendQueries"/>: log-densities, labels, posteriors, top-C scores). A backend without it gets
/// the host's float64 evaluation; with it, the outputs are those of the host to the backend's compute precision.
/// Outputs are per point of one chunk, so that a caller streams any number of points without n×k host memory.
/// <para>
/// Top-C shortlisting (Gaussian selection, Reynolds et al. 2000): for each point x, S(x) holds the C components of the
/// shortlist model with the largest weighted log-density log π_c + log N(x | c), largest first, equal values in
/// component order; C = 0, or C ≥ k, means every component. A model's shortlisted log-density is then
/// log Σ_{c ∈ S(x)} π_c N(x | c) under that model's own parameters; with every component it is log p(x).
/// </para>
/// </summary>
/// <typeparam name="T">The compute type of the backend and the points: float or double.</typeparam>
public interface IPointEvaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Evaluates <paramref name="model"/> on every point of <paramref name="chunk"/> (n points, its weights ignored).</summary>
    /// <param name="model">The model (k components of d features; d = the chunk's dimension).</param>
    /// <param name="chunk">The points (n×d).</param>
    /// <param name="logDensities">Receives log p(x) of each point (n values, nats).</param>
    /// <param name="labels">Empty, or receives the most probable component of each point (n values in 0..k−1; ties: the lowest index).</param>
    /// <param name="probabilities">Empty, or receives the posterior probabilities (n×k, row-major; rows sum to 1).</param>
    /// <exception cref="ArgumentException">A dimension that differs from the model's, or a destination of the wrong length.</exception>
    void Evaluate(GaussianMixtureModel model, DataChunk<T> chunk, Span<double> logDensities, Span<int> labels, Span<double> probabilities);

    /// <summary>
    /// Top-C scoring of several models that share the components of <paramref name="shortlistModel"/> (e.g. speaker
    /// models adapted from a UBM): per point the shortlist S(x) of <paramref name="shortlistModel"/> (see the interface
    /// remarks), then the shortlisted log-density of <paramref name="shortlistModel"/> and of each model of
    /// <paramref name="models"/> over the same components.
    /// </summary>
    /// <param name="shortlistModel">The model that chooses the components (the UBM).</param>
    /// <param name="models">Models with the shortlist model's k and d (any covariance type).</param>
    /// <param name="shortlistLength">C ≥ 0: components per point; 0 or ≥ k for every component.</param>
    /// <param name="chunk">The points (n×d; weights ignored).</param>
    /// <param name="logDensities">
    /// Receives (1 + models.Count)×n values, row-major: row 0 the shortlist model's shortlisted log-density of each
    /// point, row m + 1 that of <paramref name="models"/>[m] (nats).
    /// </param>
    /// <exception cref="ArgumentException">A model of another shape, a negative C, or a destination of the wrong length.</exception>
    void EvaluateShortlisted(GaussianMixtureModel shortlistModel, IReadOnlyList<GaussianMixtureModel> models, int shortlistLength,
        DataChunk<T> chunk, Span<double> logDensities);
}
