namespace Gmm.Speech.Adaptation;

/// <summary>Which parameters MAP adaptation changes (Reynolds et al. 2000 adapt means only, by default).</summary>
[Flags]
public enum AdaptedParameters
{
    /// <summary>The means.</summary>
    Means = 1,
    /// <summary>The weights (renormalised to sum to 1).</summary>
    Weights = 2,
    /// <summary>The variances (diagonal, spherical or full covariances).</summary>
    Variances = 4,
}
