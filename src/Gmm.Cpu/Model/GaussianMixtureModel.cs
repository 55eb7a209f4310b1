namespace Gmm;

/// <summary>
/// An immutable Gaussian mixture: weights (k), means (k×d), covariances shaped by <see cref="CovarianceType"/>
/// (full k×d×d, tied d×d, diag k×d, spherical k; row-major), with the Cholesky factor of the precision and its
/// log-determinant derived once on construction (scikit-learn's precisions_cholesky_).
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
        int expected = SufficientStatistics.SecondOrderLength(covarianceType, k, d);
        if (covariances.Length != expected)
            throw new ArgumentException($"{covarianceType} covariances for k = {k}, d = {d} must hold {expected} values; got {covariances.Length}.", nameof(covariances));

        double sum = 0;
        for (int i = 0; i < k; i++)
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

        CovarianceType = covarianceType;
        ComponentCount = k;
        Dimension = d;
        WeightsArray = (double[])weights.Clone();
        MeansArray = (double[])means.Clone();
        CovariancesArray = (double[])covariances.Clone();
        PrecisionsCholeskyArray = new double[expected];
        LogDetArray = new double[k];
        DerivePrecisionCholesky();
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
        return new GaussianMixtureModel(covarianceType, weights, means, CovariancesFromPrecisions(covarianceType, k, d, precisions, nameof(precisions)));
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

    /// <summary>Number of free parameters (for BIC/AIC), as scikit-learn's _n_parameters.</summary>
    public int ParameterCount
    {
        get
        {
            int k = ComponentCount, d = Dimension;
            int covariance = CovarianceType switch
            {
                CovarianceType.Full => k * d * (d + 1) / 2,
                CovarianceType.Tied => d * (d + 1) / 2,
                CovarianceType.Diagonal => k * d,
                _ => k,
            };
            return covariance + k * d + k - 1;
        }
    }

    internal double[] WeightsArray { get; }
    internal double[] MeansArray { get; }
    internal double[] CovariancesArray { get; }
    internal double[] PrecisionsCholeskyArray { get; }
    internal double[] LogDetArray { get; }

    /// <summary>The precision matrices (Σ⁻¹) shaped like <see cref="Covariances"/>.</summary>
    public double[] ComputePrecisions()
    {
        int d = Dimension;
        var result = new double[PrecisionsCholeskyArray.Length];
        if (CovarianceType is CovarianceType.Diagonal or CovarianceType.Spherical)
        {
            for (int i = 0; i < result.Length; i++) result[i] = PrecisionsCholeskyArray[i] * PrecisionsCholeskyArray[i];
            return result;
        }
        int matrices = result.Length / (d * d);
        for (int m = 0; m < matrices; m++)
        {
            var u = PrecisionsCholeskyArray.AsSpan(m * d * d, d * d);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    double sum = 0;
                    for (int p = Math.Max(i, j); p < d; p++) sum += u[i * d + p] * u[j * d + p];
                    result[m * d * d + i * d + j] = sum;
                }
        }
        return result;
    }

    internal static double[] CovariancesFromPrecisions(CovarianceType type, int k, int d, double[] precisions, string parameterName)
    {
        int expected = SufficientStatistics.SecondOrderLength(type, k, d);
        if (precisions.Length != expected)
            throw new ArgumentException($"{type} precisions for k = {k}, d = {d} must hold {expected} values; got {precisions.Length}.", parameterName);
        var result = new double[expected];
        if (type is CovarianceType.Diagonal or CovarianceType.Spherical)
        {
            for (int i = 0; i < expected; i++)
            {
                if (!(precisions[i] > 0) || double.IsInfinity(precisions[i]))
                    throw new ArgumentException($"precision [{i}] = {precisions[i]} must be finite and > 0.", parameterName);
                result[i] = 1.0 / precisions[i];
            }
            return result;
        }
        for (int m = 0; m < expected / (d * d); m++)
        {
            var p = precisions.AsSpan(m * d * d, d * d);
            if (!CovarianceMath.IsSymmetric(p, d))
                throw new ArgumentException($"precision matrix {m} is not symmetric.", parameterName);
            if (!CovarianceMath.TryInvertSpd(p, d, result.AsSpan(m * d * d, d * d)))
                throw new ArgumentException($"precision matrix {m} is not positive definite.", parameterName);
        }
        return result;
    }

    private void DerivePrecisionCholesky()
    {
        int k = ComponentCount, d = Dimension;
        switch (CovarianceType)
        {
            case CovarianceType.Full:
            case CovarianceType.Tied:
                int matrices = CovarianceType == CovarianceType.Full ? k : 1;
                for (int m = 0; m < matrices; m++)
                {
                    var cov = CovariancesArray.AsSpan(m * d * d, d * d);
                    for (int i = 0; i < cov.Length; i++)
                        if (!double.IsFinite(cov[i]))
                            throw new ArgumentException($"covariance matrix {m} holds a non-finite value.", "covariances");
                    if (!CovarianceMath.IsSymmetric(cov, d))
                        throw new ArgumentException($"covariance matrix {m} is not symmetric.", "covariances");
                    if (!CovarianceMath.TryPrecisionCholesky(cov, d, PrecisionsCholeskyArray.AsSpan(m * d * d, d * d), out double logDet))
                        throw new ArgumentException($"covariance matrix {m} is not positive definite; increase the regularisation (reg_covar) or reduce the number of components.", "covariances");
                    if (CovarianceType == CovarianceType.Full) LogDetArray[m] = logDet;
                    else Array.Fill(LogDetArray, logDet);
                }
                break;
            case CovarianceType.Diagonal:
            case CovarianceType.Spherical:
                int perComponent = CovarianceType == CovarianceType.Diagonal ? d : 1;
                double scale = CovarianceType == CovarianceType.Diagonal ? 1 : d;
                for (int c = 0; c < k; c++)
                {
                    double logDet = 0;
                    for (int j = 0; j < perComponent; j++)
                    {
                        double v = CovariancesArray[c * perComponent + j];
                        if (!(v > 0) || double.IsInfinity(v))
                            throw new ArgumentException($"variance [{c}, {j}] = {v} must be finite and > 0; increase the regularisation (reg_covar).", "covariances");
                        double pc = 1.0 / Math.Sqrt(v);
                        PrecisionsCholeskyArray[c * perComponent + j] = pc;
                        logDet += Math.Log(pc);
                    }
                    LogDetArray[c] = logDet * scale;
                }
                break;
        }
    }
}
