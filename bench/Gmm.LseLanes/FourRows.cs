using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// A copy of SimdKernel.ResponsibilitiesOfFourRowsInRegisterAndHalf (main 9840041) for float32 512-bit registers
/// (kp = 32, K = 17 … 24): the reference form.
/// </summary>
internal static class FourRows
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int Run(float[] lpArray, float[] weightArray, float[] rowMaxArray, float[] rowSumArray, int k, int rows)
    {
        int w = Simd512<float>.Count, kp = 2 * w, realInLast = k - w, b = 0;
        bool padded = realInLast < Simd256<float>.Count;
        var below = Simd256<float>.Create(float.NegativeInfinity);
        ref float lp = ref MemoryMarshal.GetArrayDataReference(lpArray);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(weightArray);
        ref float rowMax = ref MemoryMarshal.GetArrayDataReference(rowMaxArray);
        ref float rowSum = ref MemoryMarshal.GetArrayDataReference(rowSumArray);
        for (; b + 4 <= rows; b += 4)
        {
            ref float r0 = ref Unsafe.Add(ref lp, b * kp);
            ref float r1 = ref Unsafe.Add(ref r0, kp);
            ref float r2 = ref Unsafe.Add(ref r1, kp);
            ref float r3 = ref Unsafe.Add(ref r2, kp);
            Simd512<float> a0 = Simd512<float>.Load(ref r0, 0), a1 = Simd512<float>.Load(ref r1, 0), a2 = Simd512<float>.Load(ref r2, 0), a3 = Simd512<float>.Load(ref r3, 0);
            Simd256<float> z0 = Simd256<float>.Load(ref r0, (nuint)w), z1 = Simd256<float>.Load(ref r1, (nuint)w);
            Simd256<float> z2 = Simd256<float>.Load(ref r2, (nuint)w), z3 = Simd256<float>.Load(ref r3, (nuint)w);
            if (padded)
            {
                z0 = Simd256<float>.ReplaceFrom(z0, realInLast, float.NegativeInfinity);
                z1 = Simd256<float>.ReplaceFrom(z1, realInLast, float.NegativeInfinity);
                z2 = Simd256<float>.ReplaceFrom(z2, realInLast, float.NegativeInfinity);
                z3 = Simd256<float>.ReplaceFrom(z3, realInLast, float.NegativeInfinity);
            }
            float max0 = MaxOfRegisterAndHalf(a0, z0, below), max1 = MaxOfRegisterAndHalf(a1, z1, below);
            float max2 = MaxOfRegisterAndHalf(a2, z2, below), max3 = MaxOfRegisterAndHalf(a3, z3, below);
            var e0 = Simd512<float>.ExpBelowOverflow(a0 - Simd512<float>.Create(max0)); var e1 = Simd512<float>.ExpBelowOverflow(a1 - Simd512<float>.Create(max1));
            var e2 = Simd512<float>.ExpBelowOverflow(a2 - Simd512<float>.Create(max2)); var e3 = Simd512<float>.ExpBelowOverflow(a3 - Simd512<float>.Create(max3));
            var f01 = Simd512<float>.ExpBelowOverflow(Simd512<float>.Join(z0 - Simd256<float>.Create(max0), z1 - Simd256<float>.Create(max1)));
            var f23 = Simd512<float>.ExpBelowOverflow(Simd512<float>.Join(z2 - Simd256<float>.Create(max2), z3 - Simd256<float>.Create(max3)));
            Simd256<float> f0 = f01.Lower, f1 = f01.Upper, f2 = f23.Lower, f3 = f23.Upper;
            float sum0 = SumOfRegisterAndHalf(e0, f0), sum1 = SumOfRegisterAndHalf(e1, f1);
            float sum2 = SumOfRegisterAndHalf(e2, f2), sum3 = SumOfRegisterAndHalf(e3, f3);
            ref float weight = ref Unsafe.Add(ref weights, b);
            float q0 = weight / sum0, q1 = Unsafe.Add(ref weight, 1) / sum1, q2 = Unsafe.Add(ref weight, 2) / sum2, q3 = Unsafe.Add(ref weight, 3) / sum3;
            (e0 * Simd512<float>.Create(q0)).Store(ref r0, 0);
            (f0 * Simd256<float>.Create(q0)).Store(ref r0, (nuint)w);
            (e1 * Simd512<float>.Create(q1)).Store(ref r1, 0);
            (f1 * Simd256<float>.Create(q1)).Store(ref r1, (nuint)w);
            (e2 * Simd512<float>.Create(q2)).Store(ref r2, 0);
            (f2 * Simd256<float>.Create(q2)).Store(ref r2, (nuint)w);
            (e3 * Simd512<float>.Create(q3)).Store(ref r3, 0);
            (f3 * Simd256<float>.Create(q3)).Store(ref r3, (nuint)w);
            ref float maxima = ref Unsafe.Add(ref rowMax, b);
            maxima = max0;
            Unsafe.Add(ref maxima, 1) = max1;
            Unsafe.Add(ref maxima, 2) = max2;
            Unsafe.Add(ref maxima, 3) = max3;
            ref float sums = ref Unsafe.Add(ref rowSum, b);
            sums = sum0;
            Unsafe.Add(ref sums, 1) = sum1;
            Unsafe.Add(ref sums, 2) = sum2;
            Unsafe.Add(ref sums, 3) = sum3;
        }
        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxOfRegisterAndHalf(Simd512<float> whole, Simd256<float> half, Simd256<float> below) =>
        Simd256<float>.MaxAcross(Simd256<float>.MaxNative(Simd256<float>.MaxNative(whole.Lower, half), Simd256<float>.MaxNative(whole.Upper, below)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumOfRegisterAndHalf(Simd512<float> whole, Simd256<float> half)
    {
        var s = default(Simd512<float>) + whole;
        return Simd256<float>.Sum(s.Lower + half + s.Upper);
    }
}
