// Kernel mode: diagonal covariance.
namespace Gmm.Gpu.Kernels;

/// <summary>Kernels specialised for <see cref="CovarianceType.Diagonal"/>.</summary>
internal readonly struct DiagonalKind : ICovarianceKind
{
    /// <inheritdoc />
    public CovarianceType Type => CovarianceType.Diagonal;
}
