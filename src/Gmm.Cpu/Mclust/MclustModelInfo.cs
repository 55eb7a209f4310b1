namespace Gmm;

/// <summary>
/// One row of mclust's model table (<see cref="MclustModels"/>): the covariance form, how the model is stored and
/// fitted, and its parameter count as mclust's <c>nVarParams</c> / <c>nMclustParams</c>.
/// </summary>
public sealed class MclustModelInfo
{
    private readonly Func<int, int, int> _varianceParameters;

    internal MclustModelInfo(MclustModel model, string covarianceForm, CovarianceType covarianceType, bool isIterative,
        Func<int, int, int> varianceParameters, MclustMStep mStep)
    {
        Model = model;
        CovarianceForm = covarianceForm;
        CovarianceType = covarianceType;
        IsIterative = isIterative;
        _varianceParameters = varianceParameters;
        MStep = mStep;
    }

    /// <summary>The model.</summary>
    public MclustModel Model { get; }

    /// <summary>mclust's three-letter name (volume, shape, orientation: E equal, V variable, I identity).</summary>
    public string Name => Model.ToString();

    /// <summary>Σ_k in the notation λ_k D_k A_k D_kᵀ, e.g. "λ_k D A_k Dᵀ".</summary>
    public string CovarianceForm { get; }

    /// <summary>
    /// How a fitted model is stored and scored: spherical (EII, VII), diag (EEI … VVI), tied (EEE) or full (the rest).
    /// The E-step is that type's Gaussian E-step and the M-step reads that type's sufficient statistics.
    /// </summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>True for VEI, VEE, EVE, VVE and VEV, whose M-step iterates (<see cref="MclustMStepOptions"/>).</summary>
    public bool IsIterative { get; }

    /// <summary>Free covariance parameters for k components in d dimensions: mclust's <c>nVarParams(model, d, G)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k or d is below 1.</exception>
    public int VarianceParameterCount(int componentCount, int dimension)
    {
        Check(componentCount, dimension);
        return _varianceParameters(componentCount, dimension);
    }

    /// <summary>
    /// All free parameters: covariance, k·d means and k − 1 weights, as mclust's <c>nMclustParams</c> (no noise
    /// component, unequal proportions). BIC = 2·logL − this·log n.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k or d is below 1.</exception>
    public int ParameterCount(int componentCount, int dimension) =>
        VarianceParameterCount(componentCount, dimension) + componentCount * dimension + componentCount - 1;

    /// <summary>The M-step: scatter (and the previous estimate, which the iterative ones start from) → estimate, or null when degenerate.</summary>
    internal MclustMStep MStep { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (Σ_k = {CovarianceForm})";

    private static void Check(int componentCount, int dimension)
    {
        if (componentCount < 1) throw new ArgumentOutOfRangeException(nameof(componentCount), componentCount, "componentCount must be at least 1.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
    }
}
