// Kernel mode: full covariance.
namespace Gmm.Gpu.Kernels;

/// <summary>Kernels specialised for <see cref="CovarianceType.Full"/>.</summary>
internal readonly struct FullKind : ICovarianceKind
{
    /// <inheritdoc />
    public CovarianceType Type => CovarianceType.Full;
}
