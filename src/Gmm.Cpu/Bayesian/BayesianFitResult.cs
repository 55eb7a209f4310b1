namespace Gmm;

/// <summary>The outcome of <see cref="BayesianGaussianMixture"/>'s Fit: the best of the initialisations.</summary>
public sealed class BayesianFitResult
{
    internal BayesianFitResult(BayesianGaussianMixtureModel model, BayesianPriors priors, bool converged, int iterations, double lowerBound,
        IReadOnlyList<double> lowerBoundHistory, IReadOnlyList<FitWarning> warnings, int bestInitialization, string backend, TimeSpan elapsed)
    {
        Model = model;
        Priors = priors;
        Converged = converged;
        Iterations = iterations;
        LowerBound = lowerBound;
        LowerBoundHistory = lowerBoundHistory;
        Warnings = warnings;
        BestInitialization = bestInitialization;
        Backend = backend;
        Elapsed = elapsed;
    }

    /// <summary>The fitted posterior (all k components: the prior empties components rather than dropping them).</summary>
    public BayesianGaussianMixtureModel Model { get; }

    /// <summary>The priors the fit used, given or computed from the data (scikit-learn's weight_concentration_prior_, ...).</summary>
    public BayesianPriors Priors { get; }

    /// <summary>True when the kept initialisation's lower bound changed by less than the tolerance before MaxIterations.</summary>
    public bool Converged { get; }

    /// <summary>Iterations run by the kept initialisation (scikit-learn's n_iter_).</summary>
    public int Iterations { get; }

    /// <summary>
    /// The evidence lower bound after the last iteration, as scikit-learn's lower_bound_ (up to its constant; a sum over
    /// the points, weighted by the sample weights, not a mean); −∞ when MaxIterations is 0.
    /// </summary>
    public double LowerBound { get; }

    /// <summary>The lower bound after each iteration of the kept initialisation.</summary>
    public IReadOnlyList<double> LowerBoundHistory { get; }

    /// <summary>Non-fatal problems of every initialisation (not converged, ...).</summary>
    public IReadOnlyList<FitWarning> Warnings { get; }

    /// <summary>Zero-based index of the initialisation that was kept.</summary>
    public int BestInitialization { get; }

    /// <summary>Which backend and device computed the fit.</summary>
    public string Backend { get; }

    /// <summary>Wall-clock time of the whole fit: the priors' pass over the data, initialisation and iterations.</summary>
    public TimeSpan Elapsed { get; }
}
