// Scalar launch arguments of the full-family kernels, d ≤ 64 (FullKernels) and any d in 64-feature blocks
// (BlockedFullKernels): one struct, so that the launchers drive both kernel sets alike.
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes of the full-family kernels (full, tied's projection and scatter).</summary>
internal struct FullArgs
{
    /// <summary>Points in the chunk.</summary>
    public int N;
    /// <summary>Components k.</summary>
    public int K;
    /// <summary>Dimension d (FullKernels: ≤ 64).</summary>
    public int D;
    /// <summary>Point tiles in the chunk: ceil(N / 64).</summary>
    public int PointTiles;
    /// <summary>64-feature blocks: ceil(D / 64) (read by the blocked kernels).</summary>
    public int Blocks;
    /// <summary>Row stride P of the padded Cholesky factors (entry (j, i) of factor c at c·P² + j·P + i); P ≥ 64·Blocks (64 for d ≤ 64).</summary>
    public int CholeskyStride;
    /// <summary>Full statistics: component of the launch's first y group (k may exceed a grid's y extent: the statistics pass then launches in y-batches).</summary>
    public int FirstComponent;
}
