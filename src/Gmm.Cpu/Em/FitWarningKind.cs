namespace Gmm;

/// <summary>What went wrong, but not fatally, during a fit.</summary>
public enum FitWarningKind
{
    /// <summary>The change of the lower bound stayed above the tolerance for all iterations.</summary>
    NotConverged,
    /// <summary>A component lost (almost) all its points and was removed from the mixture.</summary>
    ComponentDropped,
    /// <summary>A component's covariance collapsed to the regularisation floor (it sits on a single point or a flat subspace).</summary>
    ComponentCollapsed,
    /// <summary>A covariance was not positive definite and extra regularisation was added to its diagonal.</summary>
    RegularizationIncreased,
    /// <summary>Float32 statistics cannot resolve the tied covariance beside the spread of the means: fit in float64.</summary>
    PrecisionLoss,
    /// <summary>Variances (or covariance eigenvalues) fell below a variance floor and were raised to it (Kaldi's UBM M-step).</summary>
    VarianceFloored,
    /// <summary>A component had too little data to be re-estimated and kept its parameters (Kaldi's UBM M-step with removal off).</summary>
    ComponentNotUpdated,
}
