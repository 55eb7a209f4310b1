namespace Gmm;

/// <summary>
/// Control of the iterative M-steps (VEI, VEE, EVE, VVE, VEV), with mclust's defaults: its
/// <c>emControl()$tol[2]</c> = √ε ≈ 1.49e-8 and <c>emControl()$itmax[2]</c> = .Machine$integer.max.
/// The closed-form models ignore these.
/// </summary>
public sealed record MclustMStepOptions
{
    /// <summary>√ε for float64: mclust's default inner tolerance.</summary>
    public const double DefaultInnerTolerance = 1.4901161193847656e-08;

    /// <summary>
    /// Stop the inner iterations when their change falls to this (≥ 0, &lt; 1): the largest relative change
    /// |old − new| / (1 + |new|) of the scales and shapes (VEI, VEV), or the relative change of the M-step's objective
    /// (VEE, EVE, VVE), as mclust measures it. Default √ε ≈ 1.49e-8.
    /// </summary>
    public double InnerTolerance { get; init; } = DefaultInnerTolerance;

    /// <summary>At most this many inner iterations per M-step (≥ 1). Default <see cref="int.MaxValue"/>, as mclust.</summary>
    public int InnerMaxIterations { get; init; } = int.MaxValue;

    /// <summary>
    /// VVE only. False (default), as mclust: the orientation's MM updates weight component k by A_k⁻¹, leaving out
    /// λ_k, so with unequal volumes the M-step does not maximise the likelihood (on mclust's own fixtures a better D
    /// raises the expected complete-data log-likelihood by up to 2.6). True weights by (λ_k A_k)⁻¹, the exact
    /// M-step; results then differ from R's.
    /// </summary>
    public bool VveOrientationByVolume { get; init; }

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(InnerTolerance >= 0 && InnerTolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(InnerTolerance), InnerTolerance, "InnerTolerance must be ≥ 0 and < 1 (mclust's tol[2]).");
        if (InnerMaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(InnerMaxIterations), InnerMaxIterations, "InnerMaxIterations must be at least 1.");
    }
}
