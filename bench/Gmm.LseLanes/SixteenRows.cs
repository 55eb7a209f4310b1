using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// A hybrid of the two forms for kp = 32, K = 17 … 24 (float32, 512-bit): the exponentials stay in the rows' layout
/// (as the four-row form's), but the rows' maxima and sums are reduced sixteen rows at a time by transposing
/// reductions (each stage pairs registers of different rows, so 16 rows' reductions take 15 operations instead of 16
/// horizontal ones), one vector division gives the 16 scales, and the maxima and scales reach the rows as broadcasts
/// from memory. Each row's sum adds the same lanes in the same order as the four-row form's tree.
/// </summary>
internal static class SixteenRows
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int Run(float[] lpArray, float[] weightArray, float[] rowMaxArray, float[] rowSumArray, float[] scratchArray, int k, int rows)
    {
        const int kp = 32, w = 16;
        int realInLast = k - w, b = 0;
        var below = Vector256.Create(float.NegativeInfinity);
        var keep = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(realInLast)).AsSingle();
        var order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        ref float lp = ref MemoryMarshal.GetArrayDataReference(lpArray);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(weightArray);
        ref float rowMax = ref MemoryMarshal.GetArrayDataReference(rowMaxArray);
        ref float rowSum = ref MemoryMarshal.GetArrayDataReference(rowSumArray);
        ref float t = ref MemoryMarshal.GetArrayDataReference(scratchArray);
        for (; b + 16 <= rows; b += 16)
        {
            ref float block = ref Unsafe.Add(ref lp, b * kp);
            // Maxima: each row's 512 + 256 bits to 256 (any order is exact), then four rows to a register of four blocks.
            for (int g = 0; g < 4; g++) MaxOfFour(ref Unsafe.Add(ref block, 4 * g * kp), keep, below).StoreUnsafe(ref t, (nuint)(16 * g));
            var maxima = Avx512F.PermuteVar16x32(Final(
                Middle(Vector512.LoadUnsafe(ref t, 0), Vector512.LoadUnsafe(ref t, 16), true),
                Middle(Vector512.LoadUnsafe(ref t, 32), Vector512.LoadUnsafe(ref t, 48), true), true), order);
            maxima.StoreUnsafe(ref rowMax, (nuint)b);
            // Exponentials in the rows' layout, stored unscaled; the sums' first two steps as they come.
            for (int g = 0; g < 4; g++) ExpOfFour(ref Unsafe.Add(ref block, 4 * g * kp), ref Unsafe.Add(ref rowMax, b + 4 * g), keep).StoreUnsafe(ref t, (nuint)(64 + 16 * g));
            var sums = Avx512F.PermuteVar16x32(Final(
                Middle(Vector512.LoadUnsafe(ref t, 64), Vector512.LoadUnsafe(ref t, 80), false),
                Middle(Vector512.LoadUnsafe(ref t, 96), Vector512.LoadUnsafe(ref t, 112), false), false), order);
            sums.StoreUnsafe(ref rowSum, (nuint)b);
            (Vector512.LoadUnsafe(ref weights, (nuint)b) / sums).StoreUnsafe(ref t, 128);
            for (int r = 0; r < 16; r++)
            {
                ref float row = ref Unsafe.Add(ref block, r * kp);
                float q = Unsafe.Add(ref t, 128 + r);
                (Vector512.LoadUnsafe(ref row) * Vector512.Create(q)).StoreUnsafe(ref row);
                (Vector256.LoadUnsafe(ref row, w) * Vector256.Create(q)).StoreUnsafe(ref row, w);
            }
        }
        return b;
    }

    /// <summary>Four rows' maxima to 256 bits each, then (lower 128 + upper 128) side by side: a register whose block j is row j's four partial maxima.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MaxOfFour(ref float rows, Vector256<float> keep, Vector256<float> below)
    {
        var p01 = Vector512.Create(RowMax(ref rows, keep, below), RowMax(ref Unsafe.Add(ref rows, 32), keep, below));
        var p23 = Vector512.Create(RowMax(ref Unsafe.Add(ref rows, 64), keep, below), RowMax(ref Unsafe.Add(ref rows, 96), keep, below));
        return Vector512.MaxNative(Avx512F.Shuffle4x128(p01, p23, 0x88), Avx512F.Shuffle4x128(p01, p23, 0xDD));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowMax(ref float row, Vector256<float> keep, Vector256<float> below)
    {
        var a = Vector512.LoadUnsafe(ref row);
        var z = Vector256.ConditionalSelect(keep, Vector256.LoadUnsafe(ref row, 16), below);
        return Vector256.MaxNative(Vector256.MaxNative(a.GetLower(), z), Vector256.MaxNative(a.GetUpper(), below));
    }

    /// <summary>
    /// Four rows' exponentials (stored unscaled) and their sums' first two steps: u = (e.lower + f) + e.upper per row
    /// (the four-row form's SumOfRegisterAndHalf), then v = u.lower128 + u.upper128, the four rows' v side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpOfFour(ref float rows, ref float maxima, Vector256<float> keep)
    {
        var u0 = RowExp(ref rows, maxima, ref Unsafe.Add(ref rows, 32), Unsafe.Add(ref maxima, 1), keep, out var u1);
        var u2 = RowExp(ref Unsafe.Add(ref rows, 64), Unsafe.Add(ref maxima, 2), ref Unsafe.Add(ref rows, 96), Unsafe.Add(ref maxima, 3), keep, out var u3);
        var p01 = Vector512.Create(u0, u1);
        var p23 = Vector512.Create(u2, u3);
        return Avx512F.Shuffle4x128(p01, p23, 0x88) + Avx512F.Shuffle4x128(p01, p23, 0xDD);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowExp(ref float row0, float max0, ref float row1, float max1, Vector256<float> keep, out Vector256<float> u1)
    {
        var e0 = Exp(Vector512.LoadUnsafe(ref row0) - Vector512.Create(max0));
        var e1 = Exp(Vector512.LoadUnsafe(ref row1) - Vector512.Create(max1));
        var z0 = Vector256.ConditionalSelect(keep, Vector256.LoadUnsafe(ref row0, 16), Vector256.Create(float.NegativeInfinity));
        var z1 = Vector256.ConditionalSelect(keep, Vector256.LoadUnsafe(ref row1, 16), Vector256.Create(float.NegativeInfinity));
        var f = Exp(Vector512.Create(z0 - Vector256.Create(max0), z1 - Vector256.Create(max1)));
        e0.StoreUnsafe(ref row0);
        f.GetLower().StoreUnsafe(ref row0, 16);
        e1.StoreUnsafe(ref row1);
        f.GetUpper().StoreUnsafe(ref row1, 16);
        var s0 = Vector512<float>.Zero + e0;
        var s1 = Vector512<float>.Zero + e1;
        u1 = s1.GetLower() + f.GetUpper() + s1.GetUpper();
        return s0.GetLower() + f.GetLower() + s0.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x) =>
        Unsafe.BitCast<Simd512<float>, Vector512<float>>(Simd512<float>.ExpBelowOverflow(Unsafe.BitCast<Vector512<float>, Simd512<float>>(x)));

    /// <summary>Two registers of four rows' v (block j: row j's v₀ … v₃) to one of eight rows' (v₀ + v₂, v₁ + v₃).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Middle(Vector512<float> a, Vector512<float> c, bool max)
    {
        var low = Avx512F.UnpackLow(a.AsDouble(), c.AsDouble()).AsSingle();
        var high = Avx512F.UnpackHigh(a.AsDouble(), c.AsDouble()).AsSingle();
        return max ? Vector512.MaxNative(low, high) : low + high;
    }

    /// <summary>Two registers of eight rows' pairs to the 16 rows' results; lane 4j + t is row 4t + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Final(Vector512<float> a, Vector512<float> c, bool max)
    {
        var even = Avx512F.Shuffle(a, c, 0x88);
        var odd = Avx512F.Shuffle(a, c, 0xDD);
        return max ? Vector512.MaxNative(even, odd) : even + odd;
    }
}
