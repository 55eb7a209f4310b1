namespace Gmm;

/// <summary>
/// R mclust's 14 covariance parameterisations (Celeux &amp; Govaert 1995; Fraley &amp; Raftery), named by the
/// eigen-decomposition Σ_k = λ_k D_k A_k D_kᵀ: the letters say whether the volume λ, the shape A (diagonal, det 1)
/// and the orientation D (orthogonal) are Equal across components, Variable, or the Identity. See
/// <see cref="MclustModels"/> for each model's covariance form, parameter count and M-step.
/// </summary>
public enum MclustModel
{
    /// <summary>Σ_k = λ I: spherical, equal volume.</summary>
    EII,
    /// <summary>Σ_k = λ_k I: spherical, varying volume (scikit-learn's spherical).</summary>
    VII,
    /// <summary>Σ_k = λ A: diagonal, equal volume and shape.</summary>
    EEI,
    /// <summary>Σ_k = λ_k A: diagonal, varying volume, equal shape (iterative M-step).</summary>
    VEI,
    /// <summary>Σ_k = λ A_k: diagonal, equal volume, varying shape.</summary>
    EVI,
    /// <summary>Σ_k = λ_k A_k: diagonal, varying volume and shape (scikit-learn's diag).</summary>
    VVI,
    /// <summary>Σ_k = λ D A Dᵀ: ellipsoidal, all equal (scikit-learn's tied).</summary>
    EEE,
    /// <summary>Σ_k = λ_k D A Dᵀ: ellipsoidal, varying volume, equal shape and orientation (iterative M-step).</summary>
    VEE,
    /// <summary>Σ_k = λ D A_k Dᵀ: ellipsoidal, equal volume and orientation, varying shape (iterative M-step).</summary>
    EVE,
    /// <summary>Σ_k = λ_k D A_k Dᵀ: ellipsoidal, equal orientation, varying volume and shape (iterative M-step).</summary>
    VVE,
    /// <summary>Σ_k = λ D_k A D_kᵀ: ellipsoidal, equal volume and shape, varying orientation.</summary>
    EEV,
    /// <summary>Σ_k = λ_k D_k A D_kᵀ: ellipsoidal, equal shape, varying volume and orientation (iterative M-step).</summary>
    VEV,
    /// <summary>Σ_k = λ D_k A_k D_kᵀ: ellipsoidal, equal volume, varying shape and orientation.</summary>
    EVV,
    /// <summary>Σ_k = λ_k D_k A_k D_kᵀ: ellipsoidal, all varying (scikit-learn's full).</summary>
    VVV,
}
