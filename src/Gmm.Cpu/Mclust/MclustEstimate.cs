namespace Gmm;

/// <summary>
/// The result of one mclust M-step: the mixture's parameters in the representational layout of the model's
/// <see cref="MclustModelInfo.CovarianceType"/> (so the four-type E-step uses them unchanged) and the decomposition
/// Σ_k = λ_k D_k A_k D_kᵀ as mclust reports it, which the iterative M-steps also take back as their next start.
/// </summary>
internal sealed class MclustEstimate
{
    public MclustEstimate(MclustModel model, ComponentScatter scatter, double[] covariances, double[] scale, double[] shape, double[] orientation, int innerIterations = 0, double innerError = 0)
    {
        Model = model;
        ComponentCount = scatter.ComponentCount;
        Dimension = scatter.Dimension;
        Weights = new double[ComponentCount];
        for (int i = 0; i < ComponentCount; i++) Weights[i] = scatter.Counts[i] / scatter.Total;
        Means = scatter.Means;
        Covariances = covariances;
        Scale = scale;
        Shape = shape;
        Orientation = orientation;
        InnerIterations = innerIterations;
        InnerError = innerError;
    }

    /// <summary>The model whose M-step made this.</summary>
    public MclustModel Model { get; }

    /// <summary>Number of components k.</summary>
    public int ComponentCount { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension { get; }

    /// <summary>π_k = N_k / Σ N (k).</summary>
    public double[] Weights { get; }

    /// <summary>μ_k (k×d row-major).</summary>
    public double[] Means { get; }

    /// <summary>Σ_k in the representational layout: spherical k, diag k×d, tied d×d, full k×d×d (row-major).</summary>
    public double[] Covariances { get; }

    /// <summary>λ: one value when the volume is equal (E··), else k.</summary>
    public double[] Scale { get; }

    /// <summary>diag(A), det 1: d values when equal (·E·), k×d when varying (·V·); empty for EII, VII, EEE and VVV.</summary>
    public double[] Shape { get; }

    /// <summary>D (columns are directions, row-major): d×d when equal (··E), k×d×d when varying (EEV, VEV, EVV); empty otherwise.</summary>
    public double[] Orientation { get; }

    /// <summary>Inner iterations of an iterative M-step (0 for closed forms).</summary>
    public int InnerIterations { get; }

    /// <summary>The last inner change, in the measure <see cref="MclustMStepOptions.InnerTolerance"/> bounds (0 for closed forms).</summary>
    public double InnerError { get; }

    /// <summary>The mixture as a <see cref="GaussianMixtureModel"/> of the model's representational covariance type.</summary>
    public GaussianMixtureModel ToModel() => new(MclustModels.Get(Model).CovarianceType, Weights, Means, Covariances);
}
