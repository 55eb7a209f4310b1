// Kernel mode: tied covariance.
namespace Gmm.Gpu.Kernels;

/// <summary>Kernels specialised for <see cref="CovarianceType.Tied"/>.</summary>
internal readonly struct TiedKind : ICovarianceKind
{
    /// <inheritdoc />
    public CovarianceType Type => CovarianceType.Tied;
}
