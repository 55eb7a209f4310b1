namespace Gmm;

/// <summary>
/// How <see cref="GaussianMixtureSelection"/> ranks (model, K): every criterion is "higher is better", in mclust's
/// convention. scikit-learn's <c>bic()</c>/<c>aic()</c> (and <see cref="GaussianMixtureModel.Bic{T}"/>) are the
/// negatives of <see cref="Bic"/>/<see cref="Aic"/> here, "lower is better": the same choice.
/// </summary>
public enum SelectionCriterion
{
    /// <summary>mclust's BIC: 2·logL − p·log n (p free parameters, n the points; Σ w with sample weights).</summary>
    Bic,
    /// <summary>mclust's ICL: BIC + 2 Σ_i w_i log max_k z_ik, BIC penalised by the entropy of the hard classification.</summary>
    Icl,
    /// <summary>2·logL − 2p (scikit-learn's aic() is −this).</summary>
    Aic,
    /// <summary>
    /// k-fold cross-validation: Σ_i w_i log p(x_i) over every point, each scored by the fit made without its fold
    /// (<see cref="SelectionOptions.Folds"/>, default 5).
    /// </summary>
    CrossValidation,
}
