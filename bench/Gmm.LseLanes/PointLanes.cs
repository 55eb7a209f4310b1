using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// The points-in-lanes log-sum-exp of a point-major float32 tile (kp = 32, K = 17 … 24, the second register's real
/// components in its lower half), sixteen rows at a time: the block's K columns are transposed into a scratch of K
/// registers (register c = component c of the 16 rows), the maximum, exponentials, sum and scale are vertical, and the
/// scaled values are transposed back into the rows (components K … 23 written as +0, 24 … 31 untouched). Each row's sum
/// follows the four-row form's tree: u_j = (e_j + e_{16+j}) + e_{j+8} (j &lt; 8; the padding's +0 left out), v_j = u_j
/// + u_{j+4}, (v_0 + v_2) + (v_1 + v_3).
/// </summary>
internal static class PointLanes
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int Run(float[] lpArray, float[] weightArray, float[] rowMaxArray, float[] rowSumArray, float[] scratchArray, int k, int rows)
    {
        const int kp = 32;
        int b = 0, groups = (k + 3) >> 2;
        ref float lp = ref MemoryMarshal.GetArrayDataReference(lpArray);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(weightArray);
        ref float rowMax = ref MemoryMarshal.GetArrayDataReference(rowMaxArray);
        ref float rowSum = ref MemoryMarshal.GetArrayDataReference(rowSumArray);
        ref float t = ref MemoryMarshal.GetArrayDataReference(scratchArray);
        for (; b + 16 <= rows; b += 16)
        {
            ref float block = ref Unsafe.Add(ref lp, b * kp);
            for (int q = 0; q < groups; q++) TransposeIn(ref Unsafe.Add(ref block, 4 * q), ref Unsafe.Add(ref t, 64 * q));
            var max = Simd512<float>.Load(ref t, 0);
            for (int c = 1; c < k; c++) max = Simd512<float>.MaxNative(max, Simd512<float>.Load(ref t, (nuint)(16 * c)));
            for (int c = 0; c < k; c++) Simd512<float>.ExpBelowOverflow(Simd512<float>.Load(ref t, (nuint)(16 * c)) - max).Store(ref t, (nuint)(16 * c));
            // u_j for j < 8: (e_j + e_{16+j}) + e_{j+8}, without the +0 where 16 + j is padding.
            Simd512<float> u0 = default, u1 = default, u2 = default, u3 = default, u4 = default, u5 = default, u6 = default, u7 = default;
            U(ref t, k, 0, ref u0); U(ref t, k, 1, ref u1); U(ref t, k, 2, ref u2); U(ref t, k, 3, ref u3);
            U(ref t, k, 4, ref u4); U(ref t, k, 5, ref u5); U(ref t, k, 6, ref u6); U(ref t, k, 7, ref u7);
            Simd512<float> v0 = u0 + u4, v1 = u1 + u5, v2 = u2 + u6, v3 = u3 + u7;
            var sum = (v0 + v2) + (v1 + v3);
            var scale = Simd512<float>.Load(ref weights, (nuint)b) / sum;
            for (int q = 0; q < groups; q++) TransposeOut(ref Unsafe.Add(ref t, 64 * q), scale, k - 4 * q, ref Unsafe.Add(ref block, 4 * q));
            for (int q = groups; q < 6; q++) ZeroColumns(ref Unsafe.Add(ref block, 4 * q));
            max.Store(ref rowMax, (nuint)b);
            sum.Store(ref rowSum, (nuint)b);
        }
        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void U(ref float t, int k, int j, ref Simd512<float> u)
    {
        var e = Simd512<float>.Load(ref t, (nuint)(16 * j));
        if (16 + j < k) e += Simd512<float>.Load(ref t, (nuint)(16 * (16 + j)));
        u = e + Simd512<float>.Load(ref t, (nuint)(16 * (j + 8)));
    }

    /// <summary>Columns 0 … 3 of 16 rows (stride 32) at <paramref name="source"/> into four registers of 16 lanes at <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeIn(ref float source, ref float target)
    {
        // r_g: lane L (128 bits) = columns 0 … 3 of row 4L + g.
        var r0 = Row4(ref source, 0);
        var r1 = Row4(ref source, 1);
        var r2 = Row4(ref source, 2);
        var r3 = Row4(ref source, 3);
        var (c0, c1, c2, c3) = Transpose4(r0, r1, r2, r3);
        c0.StoreUnsafe(ref target, 0);
        c1.StoreUnsafe(ref target, 16);
        c2.StoreUnsafe(ref target, 32);
        c3.StoreUnsafe(ref target, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row4(ref float source, int g)
    {
        var r = Vector128.LoadUnsafe(ref source, (nuint)(32 * g)).ToVector256Unsafe().ToVector512Unsafe();
        r = Avx512F.InsertVector128(r, Vector128.LoadUnsafe(ref source, (nuint)(32 * (4 + g))), 1);
        r = Avx512F.InsertVector128(r, Vector128.LoadUnsafe(ref source, (nuint)(32 * (8 + g))), 2);
        return Avx512F.InsertVector128(r, Vector128.LoadUnsafe(ref source, (nuint)(32 * (12 + g))), 3);
    }

    /// <summary>A 4×4 transpose inside each 128-bit lane (its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) Transpose4(
        Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3)
    {
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        return (Avx512F.UnpackLow(t0, t2).AsSingle(), Avx512F.UnpackHigh(t0, t2).AsSingle(),
            Avx512F.UnpackLow(t1, t3).AsSingle(), Avx512F.UnpackHigh(t1, t3).AsSingle());
    }

    /// <summary>Four registers at <paramref name="source"/> times <paramref name="scale"/> (those at or past <paramref name="real"/>: +0) into columns 0 … 3 of 16 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeOut(ref float source, Simd512<float> scale, int real, ref float target)
    {
        var s = Unsafe.BitCast<Simd512<float>, Vector512<float>>(scale);
        var c0 = Vector512.LoadUnsafe(ref source, 0) * s;
        var c1 = real > 1 ? Vector512.LoadUnsafe(ref source, 16) * s : Vector512<float>.Zero;
        var c2 = real > 2 ? Vector512.LoadUnsafe(ref source, 32) * s : Vector512<float>.Zero;
        var c3 = real > 3 ? Vector512.LoadUnsafe(ref source, 48) * s : Vector512<float>.Zero;
        var (r0, r1, r2, r3) = Transpose4(c0, c1, c2, c3);
        Store4(r0, ref target, 0);
        Store4(r1, ref target, 1);
        Store4(r2, ref target, 2);
        Store4(r3, ref target, 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(Vector512<float> r, ref float target, int g)
    {
        r.GetLower().GetLower().StoreUnsafe(ref target, (nuint)(32 * g));
        Avx512F.ExtractVector128(r, 1).StoreUnsafe(ref target, (nuint)(32 * (4 + g)));
        Avx512F.ExtractVector128(r, 2).StoreUnsafe(ref target, (nuint)(32 * (8 + g)));
        Avx512F.ExtractVector128(r, 3).StoreUnsafe(ref target, (nuint)(32 * (12 + g)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ZeroColumns(ref float target)
    {
        for (int i = 0; i < 16; i++) Vector128<float>.Zero.StoreUnsafe(ref target, (nuint)(32 * i));
    }

    /// <summary>The two transposes alone (no arithmetic but the scale by 1), for their cost.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int TransposesOnly(float[] lpArray, float[] scratchArray, int k, int rows, bool back = true)
    {
        const int kp = 32;
        int b = 0, groups = (k + 3) >> 2;
        ref float lp = ref MemoryMarshal.GetArrayDataReference(lpArray);
        ref float t = ref MemoryMarshal.GetArrayDataReference(scratchArray);
        var one = Simd512<float>.Create(1f);
        for (; b + 16 <= rows; b += 16)
        {
            ref float block = ref Unsafe.Add(ref lp, b * kp);
            for (int q = 0; q < groups; q++) TransposeIn(ref Unsafe.Add(ref block, 4 * q), ref Unsafe.Add(ref t, 64 * q));
            if (!back) continue;
            for (int q = 0; q < groups; q++) TransposeOut(ref Unsafe.Add(ref t, 64 * q), one, k - 4 * q, ref Unsafe.Add(ref block, 4 * q));
            for (int q = groups; q < 6; q++) ZeroColumns(ref Unsafe.Add(ref block, 4 * q));
        }
        return b;
    }
}
