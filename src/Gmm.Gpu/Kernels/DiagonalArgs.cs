// Scalar launch arguments, one struct per kernel family so that kernels stay under ILGPU's parameter limit.
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes and switches of the diagonal-family kernels (diag, spherical, and tied's component pass).</summary>
internal struct DiagonalArgs
{
    /// <summary>Points in the chunk.</summary>
    public int N;
    /// <summary>Components k.</summary>
    public int K;
    /// <summary>Dimension d.</summary>
    public int D;
    /// <summary>Row length of the j-major parameter arrays (k padded to the component tile).</summary>
    public int Kp;
    /// <summary>1 when a weight buffer holds per-point weights, 0 when every weight is 1.</summary>
    public int HasWeights;
    /// <summary>Point tiles in the chunk: ceil(N / 64).</summary>
    public int PointTiles;
    /// <summary>Component tiles: ceil(k / 64).</summary>
    public int ComponentTiles;
    /// <summary>1 to accumulate Σ w r (x − μ)² (diag, spherical), 0 for tied (its S is taken separately).</summary>
    public int SecondOrder;
    /// <summary>Point tiles a group sums in registers before one float64 atomic flush.</summary>
    public int FlushTiles;
    /// <summary>
    /// 1 when one component tile holds every component (k ≤ 64): the statistics pass then takes the log-sum-exp itself
    /// (no first pass, no recomputation) and adds Σ w log p(x), Σ w into N[k], N[k+1].
    /// </summary>
    public int FusedLse;
    /// <summary>
    /// Index of the launch's first y group in the statistics pass's ComponentTiles × 64-feature groups (more than a
    /// grid's y extent: the pass launches in y-batches).
    /// </summary>
    public int FirstGroup;
}
