// Kernel mode: spherical covariance.
namespace Gmm.Gpu.Kernels;

/// <summary>Kernels specialised for <see cref="CovarianceType.Spherical"/>.</summary>
internal readonly struct SphericalKind : ICovarianceKind
{
    /// <inheritdoc />
    public CovarianceType Type => CovarianceType.Spherical;
}
