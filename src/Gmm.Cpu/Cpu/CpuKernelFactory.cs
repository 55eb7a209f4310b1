using System.Numerics;

namespace Gmm.Cpu;

/// <summary>Builds a covariance type's CPU kernel in registers of a given width (<see cref="SimdWidth"/>).</summary>
internal static class CpuKernelFactory
{
    /// <summary>The kernel of <paramref name="covariance"/> for k components of d features, in <paramref name="bits"/>-bit registers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 128, 256 or 512.</exception>
    public static CpuKernel<T> Create<T>(CovarianceDefinition covariance, int k, int d, int bits) where T : unmanaged, IFloatingPointIeee754<T> =>
        bits switch
        {
            512 => covariance.CreateCpuKernel<T, Simd512<T>>(k, d),
            256 => covariance.CreateCpuKernel<T, Simd256<T>>(k, d),
            128 => covariance.CreateCpuKernel<T, Simd128<T>>(k, d),
            _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "register width must be 128, 256 or 512 bits."),
        };
}
