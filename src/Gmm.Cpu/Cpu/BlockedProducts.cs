using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gmm.Cpu;

/// <summary>
/// Register-blocked small matrix products for the full and tied kernels. Rows are points (dp-padded, so row r of a
/// matrix is values [r·dp, (r+1)·dp)); four rows share each loaded register so four FMA chains run side by side.
/// </summary>
internal static class BlockedProducts<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    /// <summary>
    /// Y = A·U for rows [0, rows4) of A (rows4 a multiple of 4), with U upper-triangular d×dp (row j; zero left of the
    /// diagonal). Only column blocks at or right of each row's diagonal block are touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpperTriangularProduct(ReadOnlySpan<T> a, ReadOnlySpan<T> u, int rows4, int d, int dp, Span<T> y)
    {
        int w = TV.Count;
        ref T a0 = ref MemoryMarshal.GetReference(a);
        ref T u0 = ref MemoryMarshal.GetReference(u);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        for (int b = 0; b < rows4; b += 4)
        {
            ref T r0 = ref Unsafe.Add(ref a0, b * dp);
            ref T r1 = ref Unsafe.Add(ref r0, dp);
            ref T r2 = ref Unsafe.Add(ref r1, dp);
            ref T r3 = ref Unsafe.Add(ref r2, dp);
            for (int v = 0; v < dp; v += w)
            {
                TV s0 = default, s1 = default, s2 = default, s3 = default;
                int end = Math.Min(d, v + w);
                for (int j = 0; j < end; j++)
                {
                    var uj = TV.Load(ref u0, (nuint)(j * dp + v));
                    s0 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r0, j)), uj, s0);
                    s1 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r1, j)), uj, s1);
                    s2 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r2, j)), uj, s2);
                    s3 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r3, j)), uj, s3);
                }
                s0.Store(ref y0, (nuint)(b * dp + v));
                s1.Store(ref y0, (nuint)((b + 1) * dp + v));
                s2.Store(ref y0, (nuint)((b + 2) * dp + v));
                s3.Store(ref y0, (nuint)((b + 3) * dp + v));
            }
        }
    }

    /// <summary>
    /// S += Σ_q left[q]ᵀ ⊗ right[q] over rows q &lt; count, upper blocks only: S is d4×dp (d4 = d rounded up to 4),
    /// S[i, block v] += Σ_q left[q, i]·right[q, block v] for v ≥ ⌊i/W⌋ (float32 in 512-bit registers: for rows whose
    /// diagonal is in a register's upper half, that half only, in a 256-bit register). Eight rows of S per pass over the
    /// rows q (eight independent multiply-add chains, enough to keep both FMA pipes busy through their latency; one
    /// register of right loaded per eight), four for the last rows when d4 is not a multiple of 8. Each element's sum
    /// runs over q in order whatever the blocking, so the result does not depend on it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RankUpdate(ReadOnlySpan<T> left, ReadOnlySpan<T> right, int count, int d, int dp, Span<T> s)
    {
        int w = TV.Count, d4 = RoundUp4(d), i = 0;
        ref T l0 = ref MemoryMarshal.GetReference(left);
        ref T r0 = ref MemoryMarshal.GetReference(right);
        ref T s0r = ref MemoryMarshal.GetReference(s);
        if (TakesSixteenRows(d4))
        {
            SixteenRows(ref Unsafe.As<T, float>(ref l0), ref Unsafe.As<T, float>(ref r0), count, dp, ref Unsafe.As<T, float>(ref s0r));
            return;
        }
        for (; i + 8 <= d4; i += 8)
        {
            // Rows i + 4 … i + 7 start at the same register as row i: the extra blocks left of their diagonal are
            // below the upper triangle, which is all that is read back.
            int v = i / w * w;
            if (SkipsLowerHalf(i - v))
            {
                BlockedProducts<T, Simd256<T>>.EightRows(ref l0, ref r0, count, i, v + w / 2, dp, ref s0r);
                v += w;
            }
            for (; v < dp; v += w) EightRows(ref l0, ref r0, count, i, v, dp, ref s0r);
        }
        if (i < d4)
        {
            int v = i / w * w;
            if (SkipsLowerHalf(i - v))
            {
                BlockedProducts<T, Simd256<T>>.FourRows(ref l0, ref r0, count, i, v + w / 2, dp, ref s0r);
                v += w;
            }
            for (; v < dp; v += w) FourRows(ref l0, ref r0, count, i, v, dp, ref s0r);
        }
    }

    /// <summary>
    /// Whether rows that start <paramref name="offset"/> columns into a register leave its lower half wholly below the
    /// diagonal, so that the register's upper half is done in a half-width register instead (float32 in 512-bit
    /// registers: on cores that run a 512-bit operation as two 256-bit halves, half the work; elsewhere the same).
    /// </summary>
    private static bool SkipsLowerHalf(int offset) => typeof(TV) == typeof(Simd512<T>) && offset >= TV.Count / 2;

    /// <summary>Rows [i, i + 8) of <see cref="RankUpdate"/>, the register of columns at <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void EightRows(ref T l0, ref T r0, int count, int i, int v, int dp, ref T s0r)
    {
        nuint o0 = (nuint)(i * dp + v), step = (nuint)dp;
        TV s0 = TV.Load(ref s0r, o0), s1 = TV.Load(ref s0r, o0 + step), s2 = TV.Load(ref s0r, o0 + 2 * step), s3 = TV.Load(ref s0r, o0 + 3 * step);
        TV s4 = TV.Load(ref s0r, o0 + 4 * step), s5 = TV.Load(ref s0r, o0 + 5 * step), s6 = TV.Load(ref s0r, o0 + 6 * step), s7 = TV.Load(ref s0r, o0 + 7 * step);
        for (int q = 0; q < count; q++)
        {
            var r = TV.Load(ref r0, (nuint)(q * dp + v));
            ref T l = ref Unsafe.Add(ref l0, q * dp + i);
            s0 = TV.MultiplyAdd(TV.Create(l), r, s0);
            s1 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 1)), r, s1);
            s2 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 2)), r, s2);
            s3 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 3)), r, s3);
            s4 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 4)), r, s4);
            s5 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 5)), r, s5);
            s6 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 6)), r, s6);
            s7 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 7)), r, s7);
        }
        s0.Store(ref s0r, o0); s1.Store(ref s0r, o0 + step); s2.Store(ref s0r, o0 + 2 * step); s3.Store(ref s0r, o0 + 3 * step);
        s4.Store(ref s0r, o0 + 4 * step); s5.Store(ref s0r, o0 + 5 * step); s6.Store(ref s0r, o0 + 6 * step); s7.Store(ref s0r, o0 + 7 * step);
    }

    /// <summary>Whether <see cref="RankUpdate"/> of rows padded to <paramref name="d4"/> runs <see cref="SixteenRows"/>.</summary>
    internal static bool TakesSixteenRows(int d4) => typeof(TV) == typeof(Simd512<float>) && d4 == 16;

    /// <summary>
    /// <see cref="RankUpdate"/> for float32 in 512-bit registers and d4 = 16 in one pass over the rows q: rows 0 … 7 of
    /// S in full registers, rows 8 … 15 in the upper halves only (what <see cref="EightRows"/> does in two passes, the
    /// same multiply-adds in the same order per element, with one load of right per row instead of two).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SixteenRows(ref float l0, ref float r0, int count, int dp, ref float s0r)
    {
        nuint step = (nuint)dp, h = 8 * step + 8;
        Vector512<float> s0 = Vector512.LoadUnsafe(ref s0r, 0), s1 = Vector512.LoadUnsafe(ref s0r, step), s2 = Vector512.LoadUnsafe(ref s0r, 2 * step), s3 = Vector512.LoadUnsafe(ref s0r, 3 * step);
        Vector512<float> s4 = Vector512.LoadUnsafe(ref s0r, 4 * step), s5 = Vector512.LoadUnsafe(ref s0r, 5 * step), s6 = Vector512.LoadUnsafe(ref s0r, 6 * step), s7 = Vector512.LoadUnsafe(ref s0r, 7 * step);
        Vector256<float> t0 = Vector256.LoadUnsafe(ref s0r, h), t1 = Vector256.LoadUnsafe(ref s0r, h + step), t2 = Vector256.LoadUnsafe(ref s0r, h + 2 * step), t3 = Vector256.LoadUnsafe(ref s0r, h + 3 * step);
        Vector256<float> t4 = Vector256.LoadUnsafe(ref s0r, h + 4 * step), t5 = Vector256.LoadUnsafe(ref s0r, h + 5 * step), t6 = Vector256.LoadUnsafe(ref s0r, h + 6 * step), t7 = Vector256.LoadUnsafe(ref s0r, h + 7 * step);
        for (int q = 0; q < count; q++)
        {
            var r = Vector512.LoadUnsafe(ref r0, (nuint)(q * dp));
            var upper = r.GetUpper();
            ref float l = ref Unsafe.Add(ref l0, q * dp);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Create(l), r, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 1)), r, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 2)), r, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 3)), r, s3);
            s4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 4)), r, s4);
            s5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 5)), r, s5);
            s6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 6)), r, s6);
            s7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref l, 7)), r, s7);
            t0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 8)), upper, t0);
            t1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 9)), upper, t1);
            t2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 10)), upper, t2);
            t3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 11)), upper, t3);
            t4 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 12)), upper, t4);
            t5 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 13)), upper, t5);
            t6 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 14)), upper, t6);
            t7 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref l, 15)), upper, t7);
        }
        s0.StoreUnsafe(ref s0r, 0); s1.StoreUnsafe(ref s0r, step); s2.StoreUnsafe(ref s0r, 2 * step); s3.StoreUnsafe(ref s0r, 3 * step);
        s4.StoreUnsafe(ref s0r, 4 * step); s5.StoreUnsafe(ref s0r, 5 * step); s6.StoreUnsafe(ref s0r, 6 * step); s7.StoreUnsafe(ref s0r, 7 * step);
        t0.StoreUnsafe(ref s0r, h); t1.StoreUnsafe(ref s0r, h + step); t2.StoreUnsafe(ref s0r, h + 2 * step); t3.StoreUnsafe(ref s0r, h + 3 * step);
        t4.StoreUnsafe(ref s0r, h + 4 * step); t5.StoreUnsafe(ref s0r, h + 5 * step); t6.StoreUnsafe(ref s0r, h + 6 * step); t7.StoreUnsafe(ref s0r, h + 7 * step);
    }

    /// <summary>The last four rows [i, i + 4) of <see cref="RankUpdate"/>, the register of columns at <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void FourRows(ref T l0, ref T r0, int count, int i, int v, int dp, ref T s0r)
    {
        nuint o0 = (nuint)(i * dp + v), o1 = o0 + (nuint)dp, o2 = o1 + (nuint)dp, o3 = o2 + (nuint)dp;
        TV s0 = TV.Load(ref s0r, o0), s1 = TV.Load(ref s0r, o1), s2 = TV.Load(ref s0r, o2), s3 = TV.Load(ref s0r, o3);
        for (int q = 0; q < count; q++)
        {
            var r = TV.Load(ref r0, (nuint)(q * dp + v));
            ref T l = ref Unsafe.Add(ref l0, q * dp + i);
            s0 = TV.MultiplyAdd(TV.Create(l), r, s0);
            s1 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 1)), r, s1);
            s2 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 2)), r, s2);
            s3 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref l, 3)), r, s3);
        }
        s0.Store(ref s0r, o0); s1.Store(ref s0r, o1); s2.Store(ref s0r, o2); s3.Store(ref s0r, o3);
    }

    /// <summary>Adds the upper triangle of a rank-update accumulator (d4×dp) into a full symmetric d×d matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddUpperMirrored(ReadOnlySpan<double> tile, int d, int dp, Span<double> target)
    {
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
            {
                double value = tile[i * dp + j];
                target[i * d + j] += value;
                if (j != i) target[j * d + i] += value;
            }
    }

    /// <summary>d rounded up to a multiple of 4 (the row count of a rank-update accumulator).</summary>
    public static int RoundUp4(int d) => (d + 3) & ~3;
}
