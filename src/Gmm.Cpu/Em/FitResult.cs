namespace Gmm;

/// <summary>The outcome of <c>GaussianMixture.Fit</c>: the best of the initialisations.</summary>
public sealed class FitResult
{
    internal FitResult(GaussianMixtureModel model, bool converged, int iterations, double lowerBound,
        IReadOnlyList<double> lowerBoundHistory, IReadOnlyList<FitWarning> warnings, int bestInitialization,
        string backend, TimeSpan elapsed)
    {
        Model = model;
        Converged = converged;
        Iterations = iterations;
        LowerBound = lowerBound;
        LowerBoundHistory = lowerBoundHistory;
        Warnings = warnings;
        BestInitialization = bestInitialization;
        Backend = backend;
        Elapsed = elapsed;
    }

    /// <summary>The fitted model (its component count is smaller than requested if a component was dropped; see <see cref="Warnings"/>).</summary>
    public GaussianMixtureModel Model { get; }

    /// <summary>
    /// True when the kept initialisation's lower bound changed by less than the tolerance before MaxIterations.
    /// (scikit-learn's converged_ is true when any initialisation converged, even if the kept one did not.)
    /// </summary>
    public bool Converged { get; }

    /// <summary>EM iterations run by the kept initialisation (scikit-learn's n_iter_).</summary>
    public int Iterations { get; }

    /// <summary>Mean weighted log-likelihood per sample at the last E-step (scikit-learn's lower_bound_), nats; −∞ when MaxIterations is 0.</summary>
    public double LowerBound { get; }

    /// <summary>The lower bound after each iteration of the kept initialisation.</summary>
    public IReadOnlyList<double> LowerBoundHistory { get; }

    /// <summary>Non-fatal problems of every initialisation (not converged, dropped or collapsed components, ...).</summary>
    public IReadOnlyList<FitWarning> Warnings { get; }

    /// <summary>Zero-based index of the initialisation that was kept.</summary>
    public int BestInitialization { get; }

    /// <summary>Which backend and device computed the fit.</summary>
    public string Backend { get; }

    /// <summary>Wall-clock time of the whole fit, initialisation included.</summary>
    public TimeSpan Elapsed { get; }
}
