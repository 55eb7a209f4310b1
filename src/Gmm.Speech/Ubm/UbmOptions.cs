namespace Gmm.Speech.Ubm;

/// <summary>
/// Settings of UBM training, with the defaults of Kaldi's speaker-id recipes (egs/sre08/v1/sid/train_diag_ubm.sh and
/// train_full_ubm.sh, gmm-global-init-from-feats, gmm-global-est). Immutable; <see cref="Validate"/> is called by
/// every training.
/// </summary>
public sealed record UbmOptions
{
    /// <summary>Components G of the final UBM (Kaldi's num-gauss; typical 512–2048). Default 512.</summary>
    public int ComponentCount { get; init; } = 512;

    /// <summary>Diagonal (train_diag_ubm.sh), or full: a diagonal UBM first, then full-covariance iterations from it (train_full_ubm.sh). Default diagonal.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Diagonal;

    /// <summary>The initialisation starts from this share of G on random frames (--initial-gauss-proportion). Default 0.5.</summary>
    public double InitialComponentProportion { get; init; } = 0.5;

    /// <summary>Frames kept in memory for the initialisation, sampled uniformly from all the data (--num-frames). Default 500,000.</summary>
    public int InitializationFrames { get; init; } = 500_000;

    /// <summary>
    /// EM iterations on the in-memory frames (--num-iters-init, ≥ 1). After each, the heaviest components are split on
    /// Kaldi's schedule: (G − G₀) / (iterations / 2) more per iteration (integer division, but at least one), so that G
    /// is reached about halfway. Default 20. (Where G − G₀ &lt; iterations / 2 Kaldi's increment is 0 and it never
    /// splits; here the mixture still grows to G, one component per iteration.)
    /// </summary>
    public int InitializationIterations { get; init; } = 20;

    /// <summary>EM iterations of the diagonal UBM over all the (subsampled) data (--num-iters, ≥ 0). Default 4.</summary>
    public int Iterations { get; init; } = 4;

    /// <summary>EM iterations of the full-covariance UBM (train_full_ubm.sh's --num-iters, ≥ 0; full only). Default 4.</summary>
    public int FullIterations { get; init; } = 4;

    /// <summary>The training iterations use every n-th frame (--subsample, ≥ 1). Default 5.</summary>
    public int Subsample { get; init; } = 5;

    /// <summary>Splitting perturbs the means by ± this factor × a standard-normal draw × σ. Default 0.1.</summary>
    public double PerturbationFactor { get; init; } = 0.1;

    /// <summary>Components whose weight is not above this are removed (--min-gaussian-weight). Default 1e-4.</summary>
    public double MinGaussianWeight { get; init; } = 1e-4;

    /// <summary>Diagonal components whose occupancy is not above this are removed (--min-gaussian-occupancy). Default 10.</summary>
    public double MinGaussianOccupancy { get; init; } = 10;

    /// <summary>Full components whose occupancy is not above this are removed (fgmm-global-est's default). Default 100.</summary>
    public double FullMinGaussianOccupancy { get; init; } = 100;

    /// <summary>Absolute variance floor (--min-variance; full: the eigenvalue floor). Default 0.001.</summary>
    public double VarianceFloor { get; init; } = 0.001;

    /// <summary>
    /// Variance floor relative to the global variance of the initialisation frames: feature j's floor is
    /// max(<see cref="VarianceFloor"/>, this × global variance_j); full covariances use the smallest such floor for their
    /// eigenvalues. Default 0 (Kaldi's recipes floor absolutely only; HTK's HCompV -f uses 0.01).
    /// </summary>
    public double RelativeVarianceFloor { get; init; }

    /// <summary>Full covariances: largest condition number (--max-condition). Default 1e4.</summary>
    public double MaxConditionNumber { get; init; } = 1e4;

    /// <summary>
    /// Whether low-count components are removed (--remove-low-count-gaussians): at every initialisation iteration and at
    /// the last training iteration of each phase, as the recipes do. Default true.
    /// </summary>
    public bool RemoveLowCountGaussians { get; init; } = true;

    /// <summary>Seed of the frame sampling, the starting frames and the splitting draws. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Compute precision of the E-step (statistics are float64 either way). Default single.</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Single;

    /// <summary>
    /// The training frames are converted once and held in memory when they need at most this many bytes; larger data
    /// streams from its source at every iteration. Default: a quarter of the memory available, at most 8 GiB.
    /// </summary>
    public long InMemoryLimitBytes { get; init; } = Math.Min(8L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ComponentCount < 1) throw new ArgumentOutOfRangeException(nameof(ComponentCount), ComponentCount, "ComponentCount must be at least 1.");
        if (CovarianceType is not (CovarianceType.Diagonal or CovarianceType.Full))
            throw new ArgumentOutOfRangeException(nameof(CovarianceType), CovarianceType, "A UBM is diagonal or full.");
        if (!(InitialComponentProportion > 0 && InitialComponentProportion <= 1))
            throw new ArgumentOutOfRangeException(nameof(InitialComponentProportion), InitialComponentProportion, "InitialComponentProportion must be in (0, 1].");
        if (InitializationFrames < 1) throw new ArgumentOutOfRangeException(nameof(InitializationFrames), InitializationFrames, "InitializationFrames must be at least 1.");
        if (InitializationIterations < 1) throw new ArgumentOutOfRangeException(nameof(InitializationIterations), InitializationIterations, "InitializationIterations must be at least 1.");
        if (Iterations < 0) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Iterations must be ≥ 0.");
        if (FullIterations < 0) throw new ArgumentOutOfRangeException(nameof(FullIterations), FullIterations, "FullIterations must be ≥ 0.");
        if (Subsample < 1) throw new ArgumentOutOfRangeException(nameof(Subsample), Subsample, "Subsample must be at least 1.");
        if (!(PerturbationFactor >= 0) || double.IsInfinity(PerturbationFactor))
            throw new ArgumentOutOfRangeException(nameof(PerturbationFactor), PerturbationFactor, "PerturbationFactor must be a finite number ≥ 0.");
        if (!(RelativeVarianceFloor >= 0) || double.IsInfinity(RelativeVarianceFloor))
            throw new ArgumentOutOfRangeException(nameof(RelativeVarianceFloor), RelativeVarianceFloor, "RelativeVarianceFloor must be a finite number ≥ 0.");
        if (!(FullMinGaussianOccupancy >= 0) || double.IsInfinity(FullMinGaussianOccupancy))
            throw new ArgumentOutOfRangeException(nameof(FullMinGaussianOccupancy), FullMinGaussianOccupancy, "FullMinGaussianOccupancy must be a finite number ≥ 0.");
        if (InMemoryLimitBytes < 0) throw new ArgumentOutOfRangeException(nameof(InMemoryLimitBytes), InMemoryLimitBytes, "InMemoryLimitBytes must be ≥ 0.");
        if (!Enum.IsDefined(Precision)) throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown precision.");
        new KaldiEstimationOptions
        {
            MinGaussianWeight = MinGaussianWeight,
            MinGaussianOccupancy = MinGaussianOccupancy,
            EigenvalueFloor = VarianceFloor,
            MaxConditionNumber = MaxConditionNumber,
        }.Validate();
    }
}
