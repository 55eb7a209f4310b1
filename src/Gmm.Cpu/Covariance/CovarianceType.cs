namespace Gmm;

/// <summary>The shape of each component's covariance, as scikit-learn's <c>covariance_type</c>.</summary>
public enum CovarianceType
{
    /// <summary>Each component has its own general covariance matrix (k×d×d).</summary>
    Full,
    /// <summary>All components share one general covariance matrix (d×d).</summary>
    Tied,
    /// <summary>Each component has its own diagonal covariance matrix (k×d).</summary>
    Diagonal,
    /// <summary>Each component has its own single variance (k).</summary>
    Spherical,
}
