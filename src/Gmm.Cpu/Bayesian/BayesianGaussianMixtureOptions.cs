namespace Gmm;

/// <summary>
/// Settings of a variational Gaussian-mixture fit, with scikit-learn's BayesianGaussianMixture defaults. Immutable;
/// use <c>with</c> to derive variants. <see cref="Validate"/> is called by every fit; the priors' shapes are checked
/// against the data when the fit starts.
/// </summary>
public sealed record BayesianGaussianMixtureOptions
{
    /// <summary>Number of components k (≥ 1, ≤ number of points): an upper bound; the prior empties those the data does not need. Default 1.</summary>
    public int ComponentCount { get; init; } = 1;

    /// <summary>Covariance shape. Default <see cref="CovarianceType.Full"/>.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>
    /// Convergence threshold on the change of the lower bound between iterations. Default 1e-3. As in scikit-learn the
    /// lower bound is a sum over the points, not a mean, so for large data a larger threshold stops sooner. A float32
    /// fit (<see cref="Precision"/> Single) whose bound's float32 rounding is not under this threshold (large n) decides
    /// convergence in float64: once its float32 bound cannot tell the change from the threshold, the fit continues from
    /// its posterior with a float64 E-step on the same points until the change is under the threshold, so it stops where a
    /// float64 fit does (docs/architecture.md, "Convergence of a float32 variational fit").
    /// </summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Non-negative value added to the diagonal of every component's covariance estimate at every M-step. Default 1e-6.</summary>
    public double RegularizationCovariance { get; init; } = 1e-6;

    /// <summary>Maximum number of iterations per initialisation (≥ 0; 0 returns the starting posterior). Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Number of initialisations; the one with the best lower bound is kept (≥ 1). Default 1.</summary>
    public int InitializationCount { get; init; } = 1;

    /// <summary>How starting responsibilities are chosen (the posterior starts from one M-step on them). Default <see cref="InitializationMethod.KMeans"/>.</summary>
    public InitializationMethod Initialization { get; init; } = InitializationMethod.KMeans;

    /// <summary>The prior on the weights. Default <see cref="WeightConcentrationPriorType.DirichletProcess"/>.</summary>
    public WeightConcentrationPriorType WeightConcentrationPriorType { get; init; } = WeightConcentrationPriorType.DirichletProcess;

    /// <summary>γ &gt; 0: the Dirichlet-process concentration or each Dirichlet parameter; small values empty more components. Default (null) 1/k.</summary>
    public double? WeightConcentrationPrior { get; init; }

    /// <summary>κ₀ &gt; 0: the precision of the prior on the means. Default (null) 1.</summary>
    public double? MeanPrecisionPrior { get; init; }

    /// <summary>m₀ (d values): the prior mean of the means. Default (null) the data's weighted mean.</summary>
    public IReadOnlyList<double>? MeanPrior { get; init; }

    /// <summary>ν₀ &gt; d − 1: the Wishart degrees of freedom. Default (null) d.</summary>
    public double? DegreesOfFreedomPrior { get; init; }

    /// <summary>
    /// Ψ₀, the prior covariance shaped by type: full and tied d×d (symmetric positive definite), diag d (positive),
    /// spherical 1 (positive). Default (null) the data's covariance in that shape (ddof 1, sample weights counting as
    /// repeated points); a constant feature's zero variance is kept for diag and spherical (then
    /// <see cref="RegularizationCovariance"/> must be &gt; 0), while full and tied add a jitter to a singular matrix.
    /// </summary>
    public IReadOnlyList<double>? CovariancePrior { get; init; }

    /// <summary>
    /// A posterior to start from instead of an initialisation (its k, d and covariance type must match the fit's);
    /// the first iteration's E-step runs under it. Null (default) initialises by <see cref="Initialization"/>.
    /// </summary>
    public BayesianGaussianMixtureModel? InitialModel { get; init; }

    /// <summary>Random seed; the same seed and data give a bit-identical result on the same machine with the CPU backend. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>When true, a refit of the same estimator starts from its previous posterior (InitializationCount is then 1), as scikit-learn's warm_start.</summary>
    public bool WarmStart { get; init; }

    /// <summary>Compute precision of the E-step. Default <see cref="ComputePrecision.Single"/> (statistics are accumulated in float64 either way).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Single;

    /// <summary>As <see cref="GaussianMixtureOptions.InMemoryLimitBytes"/>: data not already in memory in the compute type is held converted up to this many bytes, else streamed.</summary>
    public long InMemoryLimitBytes { get; init; } = Math.Min(8L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting (the priors' shapes are checked when a fit starts, against the data).</summary>
    public void Validate()
    {
        ToMaximumLikelihood().Validate();
        if (!Enum.IsDefined(WeightConcentrationPriorType))
            throw new ArgumentOutOfRangeException(nameof(WeightConcentrationPriorType), WeightConcentrationPriorType, "Unknown weight concentration prior type.");
        CheckPositive(WeightConcentrationPrior, nameof(WeightConcentrationPrior));
        CheckPositive(MeanPrecisionPrior, nameof(MeanPrecisionPrior));
        if (DegreesOfFreedomPrior is { } nu && (!double.IsFinite(nu) || double.IsNaN(nu)))
            throw new ArgumentOutOfRangeException(nameof(DegreesOfFreedomPrior), nu, "DegreesOfFreedomPrior must be finite (and greater than d − 1).");
        if (InitialModel is { } start && (start.ComponentCount != ComponentCount || start.CovarianceType != CovarianceType || start.WeightConcentrationPriorType != WeightConcentrationPriorType))
            throw new ArgumentException($"InitialModel ({start.ComponentCount} components, {start.CovarianceType}, {start.WeightConcentrationPriorType}) does not match the options ({ComponentCount} components, {CovarianceType}, {WeightConcentrationPriorType}).", nameof(InitialModel));
    }

    /// <summary>The settings the shared parts of a fit (initialisation, data handling) read, as maximum-likelihood options.</summary>
    internal GaussianMixtureOptions ToMaximumLikelihood() => new()
    {
        ComponentCount = ComponentCount,
        CovarianceType = CovarianceType,
        Tolerance = Tolerance,
        RegularizationCovariance = RegularizationCovariance,
        MaxIterations = MaxIterations,
        InitializationCount = InitializationCount,
        Initialization = Initialization,
        Seed = Seed,
        WarmStart = WarmStart,
        Precision = Precision,
        InMemoryLimitBytes = InMemoryLimitBytes,
    };

    private static void CheckPositive(double? value, string name)
    {
        if (value is { } v && (!(v > 0) || double.IsInfinity(v)))
            throw new ArgumentOutOfRangeException(name, v, $"{name} must be finite and > 0.");
    }
}
