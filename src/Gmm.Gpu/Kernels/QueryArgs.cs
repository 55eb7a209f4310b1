namespace Gmm.Gpu.Kernels;

/// <summary>Sizes of one query launch (<see cref="QueryKernels{T, TOps}"/>).</summary>
internal struct QueryArgs
{
    /// <summary>Points in the launch.</summary>
    public int Rows;

    /// <summary>Components k.</summary>
    public int K;

    /// <summary>Features d.</summary>
    public int D;

    /// <summary>Offset between two components' precision factors: d (variances), d² (full), 0 (tied: one shared factor).</summary>
    public int FactorStride;

    /// <summary>Components per point in a shortlist (C).</summary>
    public int Shortlist;
}
