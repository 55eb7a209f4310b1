// Scalar launch arguments of the diagonal-family kernels (modes are type parameters of the kernels, not fields here).
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes of the diagonal-family kernels (<see cref="DiagonalKernels{T, TOps}"/>: diag, spherical, and tied's component pass).</summary>
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
    /// <summary>Point tiles in the chunk: ceil(N / 64).</summary>
    public int PointTiles;
    /// <summary>Component tiles: ceil(k / 64).</summary>
    public int ComponentTiles;
    /// <summary>
    /// Index of the launch's first y group in the statistics pass's ComponentTiles × 64-feature groups (more than a
    /// grid's y extent: the pass launches in y-batches).
    /// </summary>
    public int FirstGroup;
}
