namespace Gmm;

/// <summary>
/// An immutable Gaussian mixture: weights (k), means (k×d), covariances shaped by <see cref="CovarianceType"/>
/// (full k×d×d, tied d×d, diag k×d, spherical k; row-major), with the Cholesky factor of the precision and its
/// log-determinant derived once on construction, or taken from the maximum-likelihood M-step that factored the
/// covariances already or from a posterior's point estimate (scikit-learn's precisions_cholesky_).
/// </summary>
public sealed partial class GaussianMixtureModel
{
    /// <summary>Builds and validates a model.</summary>
    /// <param name="covarianceType">Shape of <paramref name="covariances"/>.</param>
    /// <param name="weights">k weights, each ≥ 0, summing to 1 (within 1e-6).</param>
    /// <param name="means">k×d means, row-major, finite.</param>
    /// <param name="covariances">Covariances shaped by type, symmetric positive definite.</param>
    /// <exception cref="ArgumentException">A parameter has the wrong shape or is invalid; the message names it.</exception>
    public GaussianMixtureModel(CovarianceType covarianceType, double[] weights, double[] means, double[] covariances)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        if (!Enum.IsDefined(covarianceType))
            throw new ArgumentOutOfRangeException(nameof(covarianceType), covarianceType, "Unknown covariance type.");
        int k = weights.Length;
        if (k < 1) throw new ArgumentException("weights must hold at least one component.", nameof(weights));
        if (means.Length == 0 || means.Length % k != 0)
            throw new ArgumentException($"means must hold k×d values with k = {k} (the length of weights); got {means.Length}.", nameof(means));
        int d = means.Length / k;
        var definition = CovarianceDefinition.For(covarianceType);
        int expected = definition.CovarianceLength(k, d);
        if (covariances.Length != expected)
            throw new ArgumentException($"{covarianceType} covariances for k = {k}, d = {d} must hold {expected} values; got {covariances.Length}.", nameof(covariances));

        CheckWeightsAndMeans(weights, means, d);

        CovarianceType = covarianceType;
        Definition = definition;
        ComponentCount = k;
        Dimension = d;
        WeightsArray = (double[])weights.Clone();
        MeansArray = (double[])means.Clone();
        CovariancesArray = (double[])covariances.Clone();
        PrecisionsCholeskyArray = new double[expected];
        LogDetArray = new double[k];
        definition.DerivePrecisionCholesky(CovariancesArray, k, d, PrecisionsCholeskyArray, LogDetArray);
        LogDensityConstantsArray = LogDensityConstantsOf(WeightsArray, LogDetArray, d);
    }

    /// <summary>
    /// A model whose covariances' precision Cholesky factors and log-determinants were derived by the caller exactly as
    /// <see cref="CovarianceDefinition.DerivePrecisionCholesky"/> derives them (the maximum-likelihood M-step, which
    /// factors every covariance once, or a posterior's E-step model, which shares its point estimate's arrays). It takes
    /// the arrays without copying them: neither the caller nor anyone it shares them with may change them.
    /// Weights and means are checked as by the public constructor; the shapes are the caller's.
    /// </summary>
    /// <exception cref="ArgumentException">Weights that are negative or do not sum to 1, or a mean that is not finite.</exception>
    internal GaussianMixtureModel(CovarianceType covarianceType, double[] weights, double[] means, double[] covariances,
        double[] precisionsCholesky, double[] logDeterminants)
    {
        int k = weights.Length, d = means.Length / k;
        CheckWeightsAndMeans(weights, means, d);
        CovarianceType = covarianceType;
        Definition = CovarianceDefinition.For(covarianceType);
        ComponentCount = k;
        Dimension = d;
        WeightsArray = weights;
        MeansArray = means;
        CovariancesArray = covariances;
        PrecisionsCholeskyArray = precisionsCholesky;
        LogDetArray = logDeterminants;
        LogDensityConstantsArray = LogDensityConstantsOf(weights, logDeterminants, d);
    }

    /// <summary>Weights finite, ≥ 0 and summing to 1 (within 1e-6); means finite.</summary>
    private static void CheckWeightsAndMeans(double[] weights, double[] means, int d)
    {
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0) || double.IsInfinity(weights[i]))
                throw new ArgumentException($"weights[{i}] = {weights[i]} must be finite and ≥ 0.", nameof(weights));
            sum += weights[i];
        }
        if (!(Math.Abs(sum - 1) <= 1e-6))
            throw new ArgumentException($"weights must sum to 1; they sum to {sum:R}.", nameof(weights));
        for (int i = 0; i < means.Length; i++)
            if (!double.IsFinite(means[i]))
                throw new ArgumentException($"means[{i / d}, {i % d}] = {means[i]} is not finite.", nameof(means));
    }

    /// <summary>log π_k + Σ log diag(U_k) − ½ d log 2π per component (see <see cref="LogDensityConstants"/>).</summary>
    private static double[] LogDensityConstantsOf(double[] weights, double[] logDeterminants, int d)
    {
        var constants = new double[weights.Length];
        double halfDLogTwoPi = 0.5 * d * Math.Log(2 * Math.PI);
        for (int c = 0; c < constants.Length; c++) constants[c] = Math.Log(weights[c]) + logDeterminants[c] - halfDLogTwoPi;
        return constants;
    }

    /// <summary>Builds a model from precisions (inverse covariances) shaped by type, as scikit-learn's precisions_init.</summary>
    /// <exception cref="ArgumentException">A parameter has the wrong shape or a precision is not positive definite.</exception>
    public static GaussianMixtureModel FromPrecisions(CovarianceType covarianceType, double[] weights, double[] means, double[] precisions)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(precisions);
        int k = Math.Max(weights.Length, 1);
        int d = means.Length / k;
        return new GaussianMixtureModel(covarianceType, weights, means,
            CovarianceDefinition.For(covarianceType).CovariancesFromPrecisions(precisions, k, d, nameof(precisions)));
    }

    /// <summary>Covariance type.</summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>Number of components k.</summary>
    public int ComponentCount { get; }

    /// <summary>Dimension d of each point.</summary>
    public int Dimension { get; }

    /// <summary>Mixture weights (k).</summary>
    public IReadOnlyList<double> Weights => Array.AsReadOnly(WeightsArray);

    /// <summary>Component means (k×d, row-major).</summary>
    public IReadOnlyList<double> Means => Array.AsReadOnly(MeansArray);

    /// <summary>Covariances shaped by type: full k×d×d, tied d×d, diag k×d, spherical k (row-major).</summary>
    public IReadOnlyList<double> Covariances => Array.AsReadOnly(CovariancesArray);

    /// <summary>
    /// Cholesky factors of the precisions, shaped like <see cref="Covariances"/>: for full and tied the upper-triangular
    /// U with U Uᵀ = Σ⁻¹; for diag and spherical 1/σ.
    /// </summary>
    public IReadOnlyList<double> PrecisionsCholesky => Array.AsReadOnly(PrecisionsCholeskyArray);

    /// <summary>Per component (k), Σ log diag(U) = −½ log det Σ_k.</summary>
    public IReadOnlyList<double> LogDeterminantsOfPrecisionCholesky => Array.AsReadOnly(LogDetArray);

    /// <summary>
    /// Per component (k), the constant of its weighted log-density, log π_k + Σ log diag(U_k) − ½ d log 2π (nats), so
    /// that log(π_k N(x | μ_k, Σ_k)) = constant_k − ½ ‖(x − μ_k)ᵀ U_k‖². Computed once per model, for every backend's
    /// E-step (−∞ for a component of weight 0).
    /// </summary>
    public ReadOnlySpan<double> LogDensityConstants => LogDensityConstantsArray;

    /// <summary>Mixture weights (k) without a copy, for backends.</summary>
    public ReadOnlySpan<double> WeightsSpan => WeightsArray;

    /// <summary>Component means (k×d, row-major) without a copy, for backends.</summary>
    public ReadOnlySpan<double> MeansSpan => MeansArray;

    /// <summary>Covariances shaped by type (full k×d×d, tied d×d, diag k×d, spherical k; row-major) without a copy, for backends.</summary>
    public ReadOnlySpan<double> CovariancesSpan => CovariancesArray;

    /// <summary>Precision Cholesky factors shaped like the covariances (see <see cref="PrecisionsCholesky"/>) without a copy, for backends.</summary>
    public ReadOnlySpan<double> PrecisionsCholeskySpan => PrecisionsCholeskyArray;

    /// <summary>
    /// The means whitened by the precision factors about a point c, the tied E-step's projection (scikit-learn's
    /// means @ precisions_cholesky, shifted): row k of <paramref name="destination"/> (k×d, row-major) is
    /// (μ_k − c)ᵀ U_k, entry i = Σ_{j ≤ i} (μ_kj − c_j) U_k[j, i] for full and tied, (μ_kj − c_j) / σ_kj for diag and
    /// spherical. Then ‖(x − μ_k)ᵀ U_k‖² = ‖(x − c)ᵀ U_k − row k‖², and for tied (x − c)ᵀ U is computed once per point.
    /// </summary>
    /// <param name="center">The point c (d), e.g. <see cref="SufficientStatistics.Center"/>.</param>
    /// <param name="destination">k×d values, written.</param>
    /// <exception cref="ArgumentException">A span of the wrong length.</exception>
    public void ProjectMeans(ReadOnlySpan<double> center, Span<double> destination)
    {
        if (center.Length != Dimension)
            throw new ArgumentException($"center must hold d = {Dimension} values; got {center.Length}.", nameof(center));
        if (destination.Length != ComponentCount * Dimension)
            throw new ArgumentException($"destination must hold k×d = {ComponentCount}×{Dimension} values; got {destination.Length}.", nameof(destination));
        Definition.ProjectMeans(MeansArray, PrecisionsCholeskyArray, ComponentCount, Dimension, center, destination);
    }

    /// <summary>
    /// Number of free parameters (for BIC/AIC): scikit-learn's _n_parameters, or mclust's nMclustParams when the model
    /// carries an <see cref="MclustModel"/> (e.g. EII's equal variances count once).
    /// </summary>
    public int ParameterCount => MclustModel is { } model
        ? MclustModels.Get(model).ParameterCount(ComponentCount, Dimension)
        : Definition.ParameterCount(ComponentCount, Dimension);

    /// <summary>The mclust model this mixture was fitted as (null: the plain covariance type), which fixes <see cref="ParameterCount"/>.</summary>
    public MclustModel? MclustModel { get; private init; }

    /// <summary>
    /// The same mixture labelled as mclust's <paramref name="model"/> (null removes the label). The covariances must
    /// have the model's representation and obey its constraint (equal volumes, shapes or orientations where the model
    /// says so), to 1e-6 relative.
    /// </summary>
    /// <exception cref="ArgumentException">Another representation, or covariances that break the model's constraint.</exception>
    public GaussianMixtureModel WithMclustModel(MclustModel? model)
    {
        if (model is { } named)
        {
            var info = MclustModels.Get(named);
            if (info.CovarianceType != CovarianceType)
                throw new ArgumentException($"{info.Name} is stored with {info.CovarianceType} covariances; this mixture's are {CovarianceType}.", nameof(model));
            if (MclustConstraint.Violation(this, named, 1e-6) is { } violation)
                throw new ArgumentException($"The covariances are not of model {info.Name} (Σ_k = {info.CovarianceForm}): {violation}.", nameof(model));
        }
        return new GaussianMixtureModel(CovarianceType, WeightsArray, MeansArray, CovariancesArray) { MclustModel = model };
    }

    internal double[] WeightsArray { get; }
    internal double[] MeansArray { get; }
    internal double[] CovariancesArray { get; }
    internal double[] PrecisionsCholeskyArray { get; }
    internal double[] LogDetArray { get; }
    internal double[] LogDensityConstantsArray { get; }

    /// <summary>The definition of <see cref="CovarianceType"/> (shapes, derivations, kernels).</summary>
    internal CovarianceDefinition Definition { get; }

    /// <summary>The precision matrices (Σ⁻¹) shaped like <see cref="Covariances"/>.</summary>
    public double[] ComputePrecisions()
    {
        var result = new double[PrecisionsCholeskyArray.Length];
        Definition.PrecisionsFromCholesky(PrecisionsCholeskyArray, Dimension, result);
        return result;
    }
}
