// Compile-time covariance type of the kernels that differ by it (the M-step), as the public enum.
namespace Gmm.Gpu.Kernels;

/// <summary>The covariance type a kernel instantiation is specialised for (one struct per <see cref="CovarianceType"/>).</summary>
internal interface ICovarianceKind
{
    /// <summary>The covariance type.</summary>
    CovarianceType Type { get; }
}
