namespace Gmm;

/// <summary>
/// The part of EM that differs between estimators: how the statistics of an E-step become the next state, what that
/// state asks the backends to evaluate, and what the fit maximises. The loop (<see cref="EmRun{T, TState}"/>), the
/// backends and the sufficient statistics are shared: maximum likelihood (<see cref="MaximumLikelihoodStep"/>), MAP
/// adaptation, variational Bayes or constrained (mclust-style) covariance models are each one subclass.
/// <para>
/// Each iteration: the backends compute <see cref="SufficientStatistics"/> of every point under
/// <see cref="ExpectationModel"/>(current) — a Gaussian E-step, whose log-densities an estimator may shift by a known
/// constant (e.g. variational Bayes' adjusted per-component constants expressed as renormalised weights) — then
/// <see cref="Maximize"/> turns them into the next state and the lower bound the loop compares with the tolerance. The
/// statistics have the covariance type of that expectation model and are taken about its reference points
/// (<see cref="SufficientStatistics.For{T}"/>).
/// </para>
/// </summary>
/// <typeparam name="TState">
/// What the M-step estimates: a <see cref="GaussianMixtureModel"/> for maximum likelihood, a posterior over the
/// parameters for variational Bayes. Treated as immutable by the loop.
/// </typeparam>
public abstract class MaximizationStep<TState> where TState : class
{
    /// <summary>
    /// The mixture the backends evaluate in the E-step under <paramref name="state"/>; its covariance type fixes the
    /// shape of the statistics <see cref="Maximize"/> receives.
    /// </summary>
    public abstract GaussianMixtureModel ExpectationModel(TState state);

    /// <summary>
    /// The starting state from the statistics of the starting responsibilities (k-means labels, random
    /// responsibilities, chosen points: see <see cref="InitializationMethod"/>), taken about one shared point with
    /// the fit's covariance type (scikit-learn's _initialize(X, resp)).
    /// </summary>
    /// <param name="statistics">Statistics of the starting responsibilities (k components).</param>
    /// <param name="context">Initialisation index, iteration 0, and where warnings go.</param>
    public abstract TState Initialize(SufficientStatistics statistics, MaximizationContext context);

    /// <summary>
    /// One M-step: the state that maximises the objective given the E-step's statistics, and the objective's value
    /// (the lower bound that <see cref="EmRun{T, TState}"/> records and tests for convergence).
    /// </summary>
    /// <param name="statistics">
    /// Statistics of every point under <see cref="ExpectationModel"/>(<paramref name="current"/>), including
    /// Σ w log p(x) under that model (<see cref="SufficientStatistics.LogLikelihood"/>) and Σ w.
    /// </param>
    /// <param name="current">The state whose expectation model produced the statistics.</param>
    /// <param name="context">Initialisation, one-based iteration, and where warnings go.</param>
    public abstract MaximizationResult<TState> Maximize(SufficientStatistics statistics, TState current, MaximizationContext context);
}
