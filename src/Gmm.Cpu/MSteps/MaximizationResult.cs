namespace Gmm;

/// <summary>What one M-step produced.</summary>
/// <typeparam name="TState">What the M-step estimates (see <see cref="MaximizationStep{TState}"/>).</typeparam>
/// <param name="State">The next state.</param>
/// <param name="LowerBound">
/// The objective after this iteration, per unit of sample weight (nats): for maximum likelihood the mean log-likelihood
/// of the E-step, Σ w log p(x) / Σ w (scikit-learn's lower_bound_); for variational Bayes the evidence lower bound.
/// </param>
public readonly record struct MaximizationResult<TState>(TState State, double LowerBound) where TState : class;
