// Scalar launch arguments of the M-step kernels.
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes and settings of the on-device M-step (<see cref="MStepKernels{T, TOps}"/>).</summary>
internal struct MStepArgs
{
    /// <summary>Components k.</summary>
    public int K;
    /// <summary>Dimension d.</summary>
    public int D;
    /// <summary>Components padded to the diagonal kernels' tile (the row stride of their d×kp parameter arrays).</summary>
    public int Kp;
    /// <summary>Row stride P of the padded Cholesky factors (entry (j, i) of factor c at c·P² + j·P + i).</summary>
    public int CholeskyStride;
    /// <summary>reg_covar, added to every variance.</summary>
    public double Regularization;
    /// <summary>Points in the data (n), for the empty-component threshold.</summary>
    public double PointCount;
    /// <summary>½ d log 2π, computed on the host in the same expression as the model's LogDensityConstants.</summary>
    public double HalfDLogTwoPi;
}
