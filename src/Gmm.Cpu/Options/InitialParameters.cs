namespace Gmm;

/// <summary>
/// User-given starting parameters (scikit-learn's weights_init, means_init, precisions_init). Any part may be null;
/// given parts override what the initialisation method estimated. Arrays are copied.
/// </summary>
public sealed class InitialParameters
{
    /// <summary>Creates starting parameters; shapes are checked against the fit's k, d and covariance type when the fit starts.</summary>
    /// <param name="weights">k non-negative weights summing to 1, or null.</param>
    /// <param name="means">k×d row-major means, or null.</param>
    /// <param name="precisions">Precision matrices (inverse covariances) shaped by covariance type: full k×d×d, tied d×d, diag k×d, spherical k; or null.</param>
    public InitialParameters(double[]? weights = null, double[]? means = null, double[]? precisions = null)
    {
        Weights = weights is null ? null : (double[])weights.Clone();
        Means = means is null ? null : (double[])means.Clone();
        Precisions = precisions is null ? null : (double[])precisions.Clone();
    }

    /// <summary>Starting weights (k), or null.</summary>
    public IReadOnlyList<double>? Weights { get; }

    /// <summary>Starting means (k×d, row-major), or null.</summary>
    public IReadOnlyList<double>? Means { get; }

    /// <summary>Starting precisions shaped by covariance type (full k×d×d, tied d×d, diag k×d, spherical k), or null.</summary>
    public IReadOnlyList<double>? Precisions { get; }

    /// <summary>Builds starting parameters from a model: its weights, means and precisions.</summary>
    public static InitialParameters FromModel(GaussianMixtureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new InitialParameters(model.Weights.ToArray(), model.Means.ToArray(), model.ComputePrecisions());
    }
}
