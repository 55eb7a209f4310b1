// The few operations kernels need beyond + − × on T, as struct "traits" ILGPU can inline
// (ILGPU 1.5 compiles T's operators but not T.CreateTruncating or T.Exp).
using ILGPU.Algorithms;

namespace Gmm.Gpu.Kernels;

/// <summary>Conversions, exp/log and tile sizes that depend on the compute type.</summary>
internal interface IRealOps<T> where T : unmanaged
{
    /// <summary>Widen to float64 for accumulation.</summary>
    double ToDouble(T value);

    /// <summary>Round a float64 to T.</summary>
    T FromDouble(double value);

    /// <summary>e^x (float: the hardware approximation; double: <see cref="DoubleMath.Exp"/>, a polynomial at the FP64 rate).</summary>
    T Exp(T value);

    /// <summary>ln x (float: the hardware approximation; double: <see cref="DoubleMath.Log"/>).</summary>
    T Log(T value);

    /// <summary>Rows of a precision Cholesky factor staged in shared memory at once (full kernels); sized so one group stays under 48 KB.</summary>
    int CholeskyRows { get; }

    /// <summary>Partial-norm buffers of the full first pass (2 overlaps one component's reduction with the next's product; float64 has room for 1).</summary>
    int NormBuffers { get; }

    /// <summary>
    /// Rows of U per trip of the full kernels' product loop (d ≤ 64; FullTile.Project): float32 4 (one Quad of μ per
    /// trip), float64 1 (four rows of double Quads in flight would cost ~30 more registers and half the groups per SM).
    /// </summary>
    int FullProductRows { get; }

    /// <summary>
    /// Rows staged at once by the blocked full kernels (d &gt; 64): feature rows of X and U in the E-step, points in the
    /// rank update. Their two staging arrays of 64 × (BlockedRows + 1) stay under 48 KB with the batch's responsibilities.
    /// </summary>
    int BlockedRows { get; }
}
