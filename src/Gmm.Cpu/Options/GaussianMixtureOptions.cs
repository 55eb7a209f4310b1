namespace Gmm;

/// <summary>
/// Settings of a Gaussian-mixture fit, with scikit-learn's GaussianMixture defaults.
/// Immutable; use <c>with</c> to derive variants. <see cref="Validate"/> is called by every fit.
/// </summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Number of mixture components k (≥ 1, ≤ number of points). Default 1.</summary>
    public int ComponentCount { get; init; } = 1;

    /// <summary>Covariance shape. Default <see cref="CovarianceType.Full"/>; setting <see cref="Model"/> sets it to that model's.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>
    /// One of R mclust's 14 covariance models (<see cref="MclustModels"/>), or null (default) for the plain
    /// <see cref="CovarianceType"/>. Setting it also sets <see cref="CovarianceType"/> to the model's representation
    /// (EII/VII spherical, EEI … VVI diag, EEE tied, the rest full); a later, different CovarianceType is an error.
    /// VII, VVI, EEE and VVV are scikit-learn's spherical, diag, tied and full and fit exactly as those; the other ten
    /// use the constrained M-step (<see cref="MclustStep"/>), on the host, after every backend's E-step.
    /// </summary>
    public MclustModel? Model
    {
        get => _model;
        init
        {
            _model = value;
            if (value is { } model && Enum.IsDefined(model)) CovarianceType = MclustModels.Get(model).CovarianceType;
        }
    }

    private readonly MclustModel? _model;

    /// <summary>Inner tolerance and iteration limit of the iterative mclust M-steps (VEI, VEE, EVE, VVE, VEV). Default mclust's.</summary>
    public MclustMStepOptions MclustMStep { get; init; } = new();

    /// <summary>Convergence threshold on the change of the mean (per-sample) log-likelihood between iterations. Default 1e-3.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Non-negative value added to the diagonal of every covariance at every M-step. Default 1e-6.</summary>
    public double RegularizationCovariance { get; init; } = 1e-6;

    /// <summary>
    /// Maximum number of EM iterations per initialisation (≥ 0). Default 100. 0 returns the starting model, as
    /// scikit-learn's max_iter=0: no iteration, <see cref="FitResult.LowerBound"/> −∞, not converged, no warning.
    /// </summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Number of initialisations; the run with the best lower bound is kept (≥ 1). Default 1.</summary>
    public int InitializationCount { get; init; } = 1;

    /// <summary>How starting responsibilities are chosen. Default <see cref="InitializationMethod.KMeans"/>.</summary>
    public InitializationMethod Initialization { get; init; } = InitializationMethod.KMeans;

    /// <summary>
    /// Optional user-given starting weights, means and/or precisions; each given part overrides what
    /// <see cref="Initialization"/> produced, exactly as scikit-learn's weights_init/means_init/precisions_init.
    /// </summary>
    public InitialParameters? InitialParameters { get; init; }

    /// <summary>Random seed; the same seed and data give a bit-identical result on the same machine. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>When true, a refit of the same <see cref="GaussianMixture"/> starts from its previous model (InitializationCount is then 1).</summary>
    public bool WarmStart { get; init; }

    /// <summary>Compute precision of the E-step. Default <see cref="ComputePrecision.Single"/>.</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Single;

    /// <summary>
    /// Data that is not already an in-memory array of the compute type (a memory-mapped file, float64 data fitted in
    /// float32, ...) is converted once and held in memory when it needs at most this many bytes; larger data is
    /// streamed and converted chunk by chunk at every iteration. Default: a quarter of the memory available to the
    /// process, at most 8 GiB. 0 always streams.
    /// </summary>
    public long InMemoryLimitBytes { get; init; } = Math.Min(8L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>
    /// What a NaN in the data means. Default <see cref="MissingValues.Reject"/>: an error naming the first one.
    /// <see cref="MissingValues.Marginalize"/>: a missing entry, fitted by exact EM over the observed coordinates; the
    /// lower bound is then the observed-data log-likelihood per point. Not available for data that stays where it is
    /// (<see cref="IResidentDataSource{T}"/>).
    /// </summary>
    public MissingValues MissingValues { get; init; } = MissingValues.Reject;

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ComponentCount < 1)
            throw new ArgumentOutOfRangeException(nameof(ComponentCount), ComponentCount, "ComponentCount must be at least 1.");
        if (!Enum.IsDefined(CovarianceType))
            throw new ArgumentOutOfRangeException(nameof(CovarianceType), CovarianceType, "Unknown covariance type.");
        if (Model is { } model)
        {
            if (!Enum.IsDefined(model)) throw new ArgumentOutOfRangeException(nameof(Model), model, "Unknown mclust model.");
            var representation = MclustModels.Get(model).CovarianceType;
            if (representation != CovarianceType)
                throw new ArgumentException($"Model {model} is fitted with {representation} covariances, but CovarianceType is {CovarianceType}; set CovarianceType after Model only to the same type, or leave it unset.", nameof(CovarianceType));
        }
        ArgumentNullException.ThrowIfNull(MclustMStep, nameof(MclustMStep));
        MclustMStep.Validate();
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be a finite number ≥ 0.");
        if (!(RegularizationCovariance >= 0) || double.IsInfinity(RegularizationCovariance))
            throw new ArgumentOutOfRangeException(nameof(RegularizationCovariance), RegularizationCovariance, "RegularizationCovariance must be a finite number ≥ 0.");
        if (MaxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be ≥ 0 (0 returns the starting model).");
        if (InitializationCount < 1)
            throw new ArgumentOutOfRangeException(nameof(InitializationCount), InitializationCount, "InitializationCount must be at least 1.");
        if (!Enum.IsDefined(Initialization))
            throw new ArgumentOutOfRangeException(nameof(Initialization), Initialization, "Unknown initialization method.");
        if (InMemoryLimitBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(InMemoryLimitBytes), InMemoryLimitBytes, "InMemoryLimitBytes must be ≥ 0.");
        if (!Enum.IsDefined(MissingValues))
            throw new ArgumentOutOfRangeException(nameof(MissingValues), MissingValues, "Unknown MissingValues setting.");
        if (!Enum.IsDefined(Precision))
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown precision.");
    }
}
