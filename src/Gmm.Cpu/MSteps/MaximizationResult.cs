namespace Gmm;

/// <summary>What one M-step produced.</summary>
/// <typeparam name="TState">What the M-step estimates (see <see cref="MaximizationStep{TState}"/>).</typeparam>
/// <param name="State">The next state.</param>
/// <param name="LowerBound">
/// The objective after this iteration, in nats, as scikit-learn's lower_bound_ defines it for the estimator: for maximum
/// likelihood the mean log-likelihood of the E-step, Σ w log p(x) / Σ w; for variational Bayes the evidence lower bound
/// summed over the points (without its constant terms).
/// </param>
/// <param name="LowerBoundScale">
/// The magnitude (nats, ≥ 0) of the per-point terms the E-step summed into <paramref name="LowerBound"/>: a compute type
/// with unit roundoff u evaluates the bound to about u × this (<see cref="EmRun{T, TState}.LowerBoundResolution"/>). 0 when
/// the step does not estimate it (the bound is then taken as exact; the maximum-likelihood steps, whose mean bound is
/// far coarser than the tolerance's scale).
/// </param>
public readonly record struct MaximizationResult<TState>(TState State, double LowerBound, double LowerBoundScale = 0) where TState : class;
