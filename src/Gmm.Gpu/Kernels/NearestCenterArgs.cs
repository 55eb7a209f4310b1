// Scalar launch arguments of the nearest-centre kernel (k-means initialisation).
namespace Gmm.Gpu.Kernels;

/// <summary>Sizes and the ambiguity margin of <see cref="NearestCenterKernels{T, TOps}.Labels"/>.</summary>
internal struct NearestCenterArgs
{
    /// <summary>Points n.</summary>
    public int N;
    /// <summary>Centres k.</summary>
    public int K;
    /// <summary>Dimension d.</summary>
    public int D;
    /// <summary>Row length of the feature-major centre array (k padded to the centre tile of 64).</summary>
    public int Kp;
    /// <summary>Point tiles: ceil(n / 64).</summary>
    public int PointTiles;
    /// <summary>max over the centres of ‖c − origin‖ (float64).</summary>
    public double Radius;
    /// <summary>
    /// A label is certain when second − best &gt; Margin·(‖x̃‖ + Radius)² + Floor: Margin = 4·γ_{d+1}·(1 + 2u) with
    /// u = 2⁻²⁴ and γ_m = m·u / (1 − m·u), four times the bound on one float32 score's rounding error, so that both this
    /// kernel's scores and the host's are within it (+∞ once (d + 1)·u ≥ 1: every point goes to the host).
    /// </summary>
    public double Margin;
    /// <summary>The absolute part of the bound: 4·(d + 1)·2⁻¹²⁵ for results that underflow (or are flushed to zero).</summary>
    public double Floor;
}
