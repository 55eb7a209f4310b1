using System.Runtime.Intrinsics;

namespace Gmm.Cpu;

/// <summary>
/// The register width of the CPU kernels. <see cref="Preferred"/> is the widest the runtime reports as hardware
/// accelerated: 512 bits on AVX-512 processors that run them at full speed (the runtime already declines AVX-512 where
/// it would lower the clock), 256 with AVX2, 128 elsewhere (Arm64, SSE). Vector&lt;T&gt; would stay at 256 bits on
/// AVX-512 hardware unless the user sets an environment variable; the kernels choose their width themselves.
/// </summary>
internal static class SimdWidth
{
    /// <summary>Bits per register the kernels use by default.</summary>
    public static int Preferred { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>Whether a kernel of <paramref name="bits"/> runs in hardware here (tests run every width that does).</summary>
    public static bool IsAccelerated(int bits) => bits switch
    {
        512 => Vector512.IsHardwareAccelerated,
        256 => Vector256.IsHardwareAccelerated,
        128 => Vector128.IsHardwareAccelerated,
        _ => false,
    };
}
