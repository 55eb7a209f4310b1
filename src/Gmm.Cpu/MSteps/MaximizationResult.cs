namespace Gmm;

/// <summary>What one M-step produced.</summary>
/// <typeparam name="TState">What the M-step estimates (see <see cref="MaximizationStep{TState}"/>).</typeparam>
/// <param name="State">The next state.</param>
/// <param name="LowerBound">
/// The objective after this iteration, in nats, as scikit-learn's lower_bound_ defines it for the estimator: for maximum
/// likelihood the mean log-likelihood of the E-step, Σ w log p(x) / Σ w; for variational Bayes the evidence lower bound
/// summed over the points (without its constant terms).
/// </param>
public readonly record struct MaximizationResult<TState>(TState State, double LowerBound) where TState : class;
