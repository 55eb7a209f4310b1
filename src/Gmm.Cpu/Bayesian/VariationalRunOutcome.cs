namespace Gmm;

/// <summary>Where one initialisation of a variational fit ended (its float32 and float64 parts together).</summary>
/// <param name="State">The last posterior.</param>
/// <param name="Converged">Whether the lower bound changed by less than the tolerance.</param>
/// <param name="Iterations">Iterations done in all.</param>
/// <param name="LowerBound">The lower bound after the last iteration (nats, summed over the points).</param>
/// <param name="History">The lower bound after each iteration, in order.</param>
internal readonly record struct VariationalRunOutcome(BayesianGaussianMixtureModel State, bool Converged, int Iterations, double LowerBound,
    IReadOnlyList<double> History);
