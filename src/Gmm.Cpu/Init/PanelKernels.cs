using System.Numerics;
using System.Runtime.CompilerServices;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The register kernels of <see cref="CandidateScreen{TV, TP}"/>: squared distances Σ_j (x_j − c_j)² in TP between
/// panels of points (W = TV.Count points, feature-major, one register holding one feature of W points) and candidate
/// rows (d values each, broadcast feature by feature), a subtraction and a fused multiply-add per feature, with several
/// independent accumulator chains per pass.
/// </summary>
internal static class PanelKernels<TV, TP>
    where TV : struct, ISimd<TV, TP>
    where TP : unmanaged, IFloatingPointIeee754<TP>
{
    /// <summary>
    /// Squared distances Σ_j (x_j − c_j)² in TP of two panels (x0 and the next, d·W values apart) to four candidate rows
    /// (c0 and the next three, d apart): a_q for the first panel, b_q for the second.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FourByTwo(ref TP x0, ref TP c0, int d,
        out TV a0, out TV a1, out TV a2, out TV a3, out TV b0, out TV b1, out TV b2, out TV b3)
    {
        int w = TV.Count;
        a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = default;
        ref TP x1 = ref Unsafe.Add(ref x0, d * w);
        for (int j = 0; j < d; j++)
        {
            var u = TV.Load(ref x0, (nuint)(j * w));
            var v = TV.Load(ref x1, (nuint)(j * w));
            var c = TV.Create(Unsafe.Add(ref c0, j));
            var e = u - c; a0 = TV.MultiplyAdd(e, e, a0);
            e = v - c; b0 = TV.MultiplyAdd(e, e, b0);
            c = TV.Create(Unsafe.Add(ref c0, d + j));
            e = u - c; a1 = TV.MultiplyAdd(e, e, a1);
            e = v - c; b1 = TV.MultiplyAdd(e, e, b1);
            c = TV.Create(Unsafe.Add(ref c0, 2 * d + j));
            e = u - c; a2 = TV.MultiplyAdd(e, e, a2);
            e = v - c; b2 = TV.MultiplyAdd(e, e, b2);
            c = TV.Create(Unsafe.Add(ref c0, 3 * d + j));
            e = u - c; a3 = TV.MultiplyAdd(e, e, a3);
            e = v - c; b3 = TV.MultiplyAdd(e, e, b3);
        }
    }

    /// <summary>As <see cref="FourByTwo"/> for two candidate rows (c0 and the next).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TwoByTwo(ref TP x0, ref TP c0, int d, out TV a0, out TV a1, out TV b0, out TV b1)
    {
        int w = TV.Count;
        a0 = a1 = b0 = b1 = default;
        ref TP x1 = ref Unsafe.Add(ref x0, d * w);
        for (int j = 0; j < d; j++)
        {
            var u = TV.Load(ref x0, (nuint)(j * w));
            var v = TV.Load(ref x1, (nuint)(j * w));
            var c = TV.Create(Unsafe.Add(ref c0, j));
            var e = u - c; a0 = TV.MultiplyAdd(e, e, a0);
            e = v - c; b0 = TV.MultiplyAdd(e, e, b0);
            c = TV.Create(Unsafe.Add(ref c0, d + j));
            e = u - c; a1 = TV.MultiplyAdd(e, e, a1);
            e = v - c; b1 = TV.MultiplyAdd(e, e, b1);
        }
    }
}
