namespace Gmm;

/// <summary>How the starting responsibilities are chosen, as scikit-learn's <c>init_params</c>.</summary>
public enum InitializationMethod
{
    /// <summary>k-means++ seeding then Lloyd iterations; each point starts fully in its cluster's component.</summary>
    KMeans,
    /// <summary>k-means++ seeding only; each component starts from one seed point (covariance = reg_covar).</summary>
    KMeansPlusPlus,
    /// <summary>Uniform random responsibilities, normalised per point.</summary>
    Random,
    /// <summary>k distinct random points; each component starts from one of them (covariance = reg_covar).</summary>
    RandomFromData,
}
