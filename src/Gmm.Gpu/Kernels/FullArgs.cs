// Scalar launch arguments of the full-family kernels (kept apart so kernels stay under ILGPU's parameter limit).
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes and switches of the full-family kernels (full, tied's projection and scatter); d ≤ 64 (larger d: <see cref="BlockedArgs"/>).</summary>
internal struct FullArgs
{
    /// <summary>Points in the chunk.</summary>
    public int N;
    /// <summary>Components k.</summary>
    public int K;
    /// <summary>Dimension d (≤ 64).</summary>
    public int D;
    /// <summary>1 when a weight buffer holds per-point weights.</summary>
    public int HasWeights;
    /// <summary>Point tiles in the chunk: ceil(N / 64).</summary>
    public int PointTiles;
    /// <summary>Point tiles a group sums in registers before one float64 atomic flush.</summary>
    public int FlushTiles;
    /// <summary>0: full statistics of component <see cref="FirstComponent"/> + Grid.IdxY; 1: tied scatter Σ w (x − c)(x − c)ᵀ (no E-step).</summary>
    public int Mode;
    /// <summary>Component of the launch's first y group (k may exceed a grid's y extent: the statistics pass then launches in y-batches).</summary>
    public int FirstComponent;
}
