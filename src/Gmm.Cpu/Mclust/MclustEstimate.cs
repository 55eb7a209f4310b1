namespace Gmm;

/// <summary>
/// The result of one mclust M-step: the mixture's parameters in the representational layout of the model's
/// <see cref="MclustModelInfo.CovarianceType"/> (so the four-type E-step uses them unchanged) and the decomposition
/// Σ_k = λ_k D_k A_k D_kᵀ as mclust reports it, which the iterative M-steps also take back as their next start.
/// </summary>
internal sealed class MclustEstimate
{
    public MclustEstimate(MclustModel model, ComponentScatter scatter, double[] covariances, double[] scale, double[] shape, double[] orientation, int innerIterations = 0, double innerError = 0)
        : this(model, scatter.Counts.Select(count => count / scatter.Total).ToArray(), scatter.Means, covariances, scale, shape, orientation, innerIterations, innerError)
    {
    }

    private MclustEstimate(MclustModel model, double[] weights, double[] means, double[] covariances, double[] scale, double[] shape, double[] orientation, int innerIterations, double innerError)
    {
        Model = model;
        ComponentCount = weights.Length;
        Dimension = means.Length / weights.Length;
        Weights = weights;
        Means = means;
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

    /// <summary>
    /// The decomposition of a mixture that obeys <paramref name="model"/>'s constraint, for an iterative M-step to start
    /// from (VEI, VEV: the volumes and the common shape; EVE, VVE: also the common orientation, taken from the first
    /// component's eigenvectors); null when the mixture breaks the constraint or the model has no use for a start.
    /// </summary>
    public static MclustEstimate? Decompose(GaussianMixtureModel mixture, MclustModel model)
    {
        if (model is not (MclustModel.VEI or MclustModel.VEV or MclustModel.EVE or MclustModel.VVE)) return null;
        if (MclustConstraint.Violation(mixture, model, 1e-6) is not null) return null;
        int k = mixture.ComponentCount, d = mixture.Dimension;
        var c = mixture.CovariancesArray;
        var scale = new double[model == MclustModel.EVE ? 1 : k];
        double[] shape, orientation = [];
        switch (model)
        {
            case MclustModel.VEI:
                shape = c.AsSpan(0, d).ToArray();
                for (int i = 0; i < k; i++) scale[i] = DecompositionMath.GeometricMean(c.AsSpan(i * d, d));
                for (int j = 0; j < d; j++) shape[j] /= scale[0];
                break;
            case MclustModel.VEV:
                shape = new double[d];
                var values = new double[d];
                for (int i = 0; i < k; i++)
                {
                    SymmetricEigen.Decompose(c.AsSpan(i * d * d, d * d), d, values, []);
                    scale[i] = DecompositionMath.GeometricMean(values);
                    if (i == 0) for (int j = 0; j < d; j++) shape[j] = values[j] / scale[0];
                }
                break;
            default:
                orientation = new double[d * d];
                SymmetricEigen.Decompose(c.AsSpan(0, d * d), d, new double[d], orientation);
                shape = new double[k * d];
                for (int i = 0; i < k; i++)
                {
                    var row = shape.AsSpan(i * d, d);
                    DecompositionMath.RotatedDiagonal(c.AsSpan(i * d * d, d * d), orientation, d, row);
                    double g = DecompositionMath.GeometricMean(row);
                    for (int j = 0; j < d; j++) row[j] /= g;
                    scale[model == MclustModel.EVE ? 0 : i] = g;
                }
                break;
        }
        if (!DecompositionMath.AllAbove(shape, 0) || !DecompositionMath.AllAbove(scale, 0)) return null;
        return new MclustEstimate(model, mixture.WeightsArray, mixture.MeansArray, c, scale, shape, orientation, 0, 0);
    }

    /// <summary>The mixture as a <see cref="GaussianMixtureModel"/> of the model's representational covariance type.</summary>
    /// <exception cref="ArgumentException">A covariance is not positive definite.</exception>
    public GaussianMixtureModel ToModel() =>
        new GaussianMixtureModel(MclustModels.Get(Model).CovarianceType, Weights, Means, Covariances).WithMclustModel(Model);
}
