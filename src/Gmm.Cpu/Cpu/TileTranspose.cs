using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// The point-lane kernels' tile transpose in registers: float32 tiles in square blocks of one register of rows by one
/// register of features (16×16 in 512-bit, 8×8 in 256-bit registers), each transposed by unpack and lane shuffles
/// (4 stages of 16, or 3 of 8, shuffles) instead of one scalar load and store per value. A transpose moves values
/// without arithmetic, so the result is the scalar loop's to the bit.
/// </summary>
internal static class TileTranspose
{
    /// <summary>Whether <see cref="Float512"/> runs here.</summary>
    public static bool Float512Supported => Avx512F.IsSupported;

    /// <summary>Whether <see cref="Float256"/> runs here.</summary>
    public static bool Float256Supported => Avx.IsSupported;

    /// <summary>
    /// xT[j, b] = x[b, j] for j &lt; d and b &lt; blockedRows (a multiple of 16) of x (rows × dp, dp a multiple of 16,
    /// at least blockedRows rows); xT is d × tp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Float512(ref float x, int blockedRows, int d, int dp, ref float xT, int tp)
    {
        for (int j0 = 0; j0 < d; j0 += 16)
        {
            int features = Math.Min(16, d - j0);
            for (int b0 = 0; b0 < blockedRows; b0 += 16)
            {
                ref float source = ref Unsafe.Add(ref x, b0 * dp + j0);
                var (c0, c1, c2, c3, c4, c5, c6, c7) = Quarter512(ref source, dp);
                var (c8, c9, c10, c11, c12, c13, c14, c15) = Quarter512(ref Unsafe.Add(ref source, 8 * dp), dp);
                ref float target = ref Unsafe.Add(ref xT, j0 * tp + b0);
                // c_i: features i and i + 8 of rows 0–7 (Quarter512), c8 … c15 the same of rows 8–15; lanes 0, 2 of both are
                // column i, lanes 1, 3 column i + 8.
                Store(ref target, tp, features, 0, Avx512F.Shuffle4x128(c0, c8, 0x88));
                Store(ref target, tp, features, 8, Avx512F.Shuffle4x128(c0, c8, 0xDD));
                Store(ref target, tp, features, 1, Avx512F.Shuffle4x128(c1, c9, 0x88));
                Store(ref target, tp, features, 9, Avx512F.Shuffle4x128(c1, c9, 0xDD));
                Store(ref target, tp, features, 2, Avx512F.Shuffle4x128(c2, c10, 0x88));
                Store(ref target, tp, features, 10, Avx512F.Shuffle4x128(c2, c10, 0xDD));
                Store(ref target, tp, features, 3, Avx512F.Shuffle4x128(c3, c11, 0x88));
                Store(ref target, tp, features, 11, Avx512F.Shuffle4x128(c3, c11, 0xDD));
                Store(ref target, tp, features, 4, Avx512F.Shuffle4x128(c4, c12, 0x88));
                Store(ref target, tp, features, 12, Avx512F.Shuffle4x128(c4, c12, 0xDD));
                Store(ref target, tp, features, 5, Avx512F.Shuffle4x128(c5, c13, 0x88));
                Store(ref target, tp, features, 13, Avx512F.Shuffle4x128(c5, c13, 0xDD));
                Store(ref target, tp, features, 6, Avx512F.Shuffle4x128(c6, c14, 0x88));
                Store(ref target, tp, features, 14, Avx512F.Shuffle4x128(c6, c14, 0xDD));
                Store(ref target, tp, features, 7, Avx512F.Shuffle4x128(c7, c15, 0x88));
                Store(ref target, tp, features, 15, Avx512F.Shuffle4x128(c7, c15, 0xDD));
            }
        }
    }

    /// <summary>
    /// The first three stages for eight rows a … h (16 features each): c_i (i &lt; 8) holds, in its four 128-bit lanes,
    /// feature i of rows a–d, feature i + 8 of rows a–d, feature i of rows e–h, feature i + 8 of rows e–h.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>)
        Quarter512(ref float row, int dp)
    {
        var (u0, u1, u2, u3) = Four512(ref row, dp);
        var (u4, u5, u6, u7) = Four512(ref Unsafe.Add(ref row, 4 * dp), dp);
        // u_i lanes: feature i, i + 4, i + 8, i + 12 of four rows; pick lanes 0, 2 (features i, i + 8) or 1, 3 (i + 4, i + 12).
        return (Avx512F.Shuffle4x128(u0, u4, 0x88), Avx512F.Shuffle4x128(u1, u5, 0x88), Avx512F.Shuffle4x128(u2, u6, 0x88), Avx512F.Shuffle4x128(u3, u7, 0x88),
            Avx512F.Shuffle4x128(u0, u4, 0xDD), Avx512F.Shuffle4x128(u1, u5, 0xDD), Avx512F.Shuffle4x128(u2, u6, 0xDD), Avx512F.Shuffle4x128(u3, u7, 0xDD));
    }

    /// <summary>Four rows a … d: u_i (i &lt; 4) holds (a, b, c, d) of features i, i + 4, i + 8, i + 12 in its four 128-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) Four512(ref float row, int dp)
    {
        var r0 = Vector512.LoadUnsafe(ref row);
        var r1 = Vector512.LoadUnsafe(ref row, (nuint)dp);
        var r2 = Vector512.LoadUnsafe(ref row, (nuint)(2 * dp));
        var r3 = Vector512.LoadUnsafe(ref row, (nuint)(3 * dp));
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble(); // a0 b0 a1 b1 per 128-bit lane
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble(); // a2 b2 a3 b3
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble(); // c0 d0 c1 d1
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble(); // c2 d2 c3 d3
        return (Avx512F.UnpackLow(t0, t2).AsSingle(), Avx512F.UnpackHigh(t0, t2).AsSingle(), Avx512F.UnpackLow(t1, t3).AsSingle(), Avx512F.UnpackHigh(t1, t3).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float target, int tp, int features, int feature, Vector512<float> column)
    {
        if (feature < features) column.StoreUnsafe(ref target, (nuint)(feature * tp));
    }

    /// <summary>
    /// <see cref="Float512"/> in 256-bit registers: blockedRows a multiple of 8, dp a multiple of 8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Float256(ref float x, int blockedRows, int d, int dp, ref float xT, int tp)
    {
        for (int j0 = 0; j0 < d; j0 += 8)
        {
            int features = Math.Min(8, d - j0);
            for (int b0 = 0; b0 < blockedRows; b0 += 8)
            {
                ref float source = ref Unsafe.Add(ref x, b0 * dp + j0);
                var (u0, u1, u2, u3) = Four256(ref source, dp);
                var (u4, u5, u6, u7) = Four256(ref Unsafe.Add(ref source, 4 * dp), dp);
                ref float target = ref Unsafe.Add(ref xT, j0 * tp + b0);
                // u_i: features i and i + 4 of rows a–d in its two 128-bit lanes; the lower or upper lanes of u_i and u_{i+4} are one column.
                Store(ref target, tp, features, 0, Avx.Permute2x128(u0, u4, 0x20));
                Store(ref target, tp, features, 4, Avx.Permute2x128(u0, u4, 0x31));
                Store(ref target, tp, features, 1, Avx.Permute2x128(u1, u5, 0x20));
                Store(ref target, tp, features, 5, Avx.Permute2x128(u1, u5, 0x31));
                Store(ref target, tp, features, 2, Avx.Permute2x128(u2, u6, 0x20));
                Store(ref target, tp, features, 6, Avx.Permute2x128(u2, u6, 0x31));
                Store(ref target, tp, features, 3, Avx.Permute2x128(u3, u7, 0x20));
                Store(ref target, tp, features, 7, Avx.Permute2x128(u3, u7, 0x31));
            }
        }
    }

    /// <summary>Four rows a … d of 8 features: u_i (i &lt; 4) holds (a, b, c, d) of features i and i + 4 in its two 128-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Four256(ref float row, int dp)
    {
        var r0 = Vector256.LoadUnsafe(ref row);
        var r1 = Vector256.LoadUnsafe(ref row, (nuint)dp);
        var r2 = Vector256.LoadUnsafe(ref row, (nuint)(2 * dp));
        var r3 = Vector256.LoadUnsafe(ref row, (nuint)(3 * dp));
        var t0 = Avx.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx.UnpackHigh(r2, r3).AsDouble();
        return (Avx.UnpackLow(t0, t2).AsSingle(), Avx.UnpackHigh(t0, t2).AsSingle(), Avx.UnpackLow(t1, t3).AsSingle(), Avx.UnpackHigh(t1, t3).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float target, int tp, int features, int feature, Vector256<float> column)
    {
        if (feature < features) column.StoreUnsafe(ref target, (nuint)(feature * tp));
    }
}
