namespace Gmm.Speech.Ubm;

/// <summary>
/// The floors of Kaldi's maximum-likelihood GMM update (MleDiagGmmOptions, MleFullGmmOptions) as
/// <see cref="KaldiMaximizationStep"/> applies them.
/// </summary>
public sealed record KaldiEstimationOptions
{
    /// <summary>A component whose weight N_k / Σ N is not above this is not updated (and removed when allowed). Kaldi's --min-gaussian-weight; the sid recipes pass 1e-4 (Kaldi's own default is 1e-5).</summary>
    public double MinGaussianWeight { get; init; } = 1e-4;

    /// <summary>A component whose occupancy N_k is not above this is not updated (and removed when allowed). Kaldi's --min-gaussian-occupancy: 10 for diagonal, 100 for full covariances.</summary>
    public double MinGaussianOccupancy { get; init; } = 10;

    /// <summary>
    /// Per-feature variance floors (d values, each &gt; 0) for diagonal covariances: a variance below its floor is raised to
    /// it (Kaldi's variance_floor_vector, or --min-variance 0.001 for every feature). Null: 0.001 for every feature.
    /// </summary>
    public IReadOnlyList<double>? VarianceFloors { get; init; }

    /// <summary>Full covariances: eigenvalues below max(this, largest eigenvalue / <see cref="MaxConditionNumber"/>) are raised to it (Kaldi's --variance-floor, 0.001).</summary>
    public double EigenvalueFloor { get; init; } = 0.001;

    /// <summary>Full covariances: the largest condition number allowed (Kaldi's --max-condition, 1e4).</summary>
    public double MaxConditionNumber { get; init; } = 1e4;

    /// <summary>
    /// Whether components below the weight or occupancy floor are removed (Kaldi's --remove-low-count-gaussians; the last
    /// component is never removed). When false they keep their parameters, with weight max(N_k / Σ N, MinGaussianWeight).
    /// </summary>
    public bool RemoveLowCountGaussians { get; init; } = true;

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(MinGaussianWeight >= 0 && MinGaussianWeight < 1))
            throw new ArgumentOutOfRangeException(nameof(MinGaussianWeight), MinGaussianWeight, "MinGaussianWeight must be in [0, 1).");
        if (!(MinGaussianOccupancy >= 0) || double.IsInfinity(MinGaussianOccupancy))
            throw new ArgumentOutOfRangeException(nameof(MinGaussianOccupancy), MinGaussianOccupancy, "MinGaussianOccupancy must be a finite number ≥ 0.");
        if (VarianceFloors is { } floors)
            for (int j = 0; j < floors.Count; j++)
                if (!(floors[j] > 0) || double.IsInfinity(floors[j]))
                    throw new ArgumentOutOfRangeException(nameof(VarianceFloors), floors[j], $"VarianceFloors[{j}] must be a finite number > 0.");
        if (!(EigenvalueFloor > 0) || double.IsInfinity(EigenvalueFloor))
            throw new ArgumentOutOfRangeException(nameof(EigenvalueFloor), EigenvalueFloor, "EigenvalueFloor must be a finite number > 0.");
        if (!(MaxConditionNumber >= 1) || double.IsInfinity(MaxConditionNumber))
            throw new ArgumentOutOfRangeException(nameof(MaxConditionNumber), MaxConditionNumber, "MaxConditionNumber must be a finite number ≥ 1.");
    }
}
