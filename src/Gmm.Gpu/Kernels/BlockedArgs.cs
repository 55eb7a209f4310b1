// Scalar launch arguments of the blocked full-family kernels (d > 64; kept apart from FullArgs so the tuned d ≤ 64
// kernels are untouched).
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes and switches of <see cref="BlockedFullKernels{T, TOps}"/> (full and tied, any d).</summary>
internal struct BlockedArgs
{
    /// <summary>Points in the chunk.</summary>
    public int N;
    /// <summary>Components k.</summary>
    public int K;
    /// <summary>Dimension d.</summary>
    public int D;
    /// <summary>1 when a weight buffer holds per-point weights.</summary>
    public int HasWeights;
    /// <summary>Point tiles in the chunk: ceil(N / 64).</summary>
    public int PointTiles;
    /// <summary>64-feature blocks: ceil(D / 64).</summary>
    public int Blocks;
    /// <summary>Row stride P of the padded Cholesky factors (entry (j, i) of factor c at c·P² + j·P + i); P ≥ 64·Blocks.</summary>
    public int CholeskyStride;
    /// <summary>0: full statistics of component <see cref="FirstComponent"/> + Grid.IdxY; 1: tied scatter Σ w (x − c)(x − c)ᵀ (no E-step).</summary>
    public int Mode;
    /// <summary>Component of the launch's first y group (k may exceed a grid's y extent: the statistics pass then launches in y-batches).</summary>
    public int FirstComponent;
}
