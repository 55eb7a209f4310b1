using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

internal abstract partial class SimdKernel<T, TV>
{
    /// <summary>
    /// The row loop of <see cref="Responsibilities"/> for rows 4q … 4q + 3 together, as long as four rows are left;
    /// returns the first row not done. Each row's chain (maximum, its horizontal reduction, exponentials, their sum,
    /// the scale) is a long sequence of dependent latencies with little work beside it; four independent chains in one
    /// stretch of code let the processor overlap them (docs/benchmarks.md, "The whole variational fit, part 2"). The
    /// operations and their order within a row are exactly those of the single-row loop. Both take e^(lp − max) with
    /// <see cref="ISimd{TSelf, T}.ExpBelowOverflow"/>: lp − max ≤ 0 wherever the row has no NaN (a row with one sums to
    /// NaN either way), so <see cref="ISimd{TSelf, T}.Exp"/>'s clamp above would change nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private int ResponsibilitiesOfFourRows(CpuLane<T> lane, int rows)
    {
        int kp = Kp, w = TV.Count, last = kp - w, realInLast = K - last, b = 0;
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T weights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(lane.RowMax);
        ref T rowSum = ref MemoryMarshal.GetArrayDataReference(lane.RowSum);
        for (; b + 4 <= rows; b += 4)
        {
            ref T r0 = ref Unsafe.Add(ref lp, b * kp);
            ref T r1 = ref Unsafe.Add(ref r0, kp);
            ref T r2 = ref Unsafe.Add(ref r1, kp);
            ref T r3 = ref Unsafe.Add(ref r2, kp);
            if (realInLast < w)
            {
                TV.ReplaceFrom(TV.Load(ref r0, (nuint)last), realInLast, T.NegativeInfinity).Store(ref r0, (nuint)last);
                TV.ReplaceFrom(TV.Load(ref r1, (nuint)last), realInLast, T.NegativeInfinity).Store(ref r1, (nuint)last);
                TV.ReplaceFrom(TV.Load(ref r2, (nuint)last), realInLast, T.NegativeInfinity).Store(ref r2, (nuint)last);
                TV.ReplaceFrom(TV.Load(ref r3, (nuint)last), realInLast, T.NegativeInfinity).Store(ref r3, (nuint)last);
            }
            TV m0 = TV.Load(ref r0, 0), m1 = TV.Load(ref r1, 0), m2 = TV.Load(ref r2, 0), m3 = TV.Load(ref r3, 0);
            for (int v = w; v < kp; v += w)
            {
                m0 = TV.Max(m0, TV.Load(ref r0, (nuint)v));
                m1 = TV.Max(m1, TV.Load(ref r1, (nuint)v));
                m2 = TV.Max(m2, TV.Load(ref r2, (nuint)v));
                m3 = TV.Max(m3, TV.Load(ref r3, (nuint)v));
            }
            T max0 = TV.MaxAcross(m0), max1 = TV.MaxAcross(m1), max2 = TV.MaxAcross(m2), max3 = TV.MaxAcross(m3);
            TV h0 = TV.Create(max0), h1 = TV.Create(max1), h2 = TV.Create(max2), h3 = TV.Create(max3);
            TV s0 = default, s1 = default, s2 = default, s3 = default;
            for (int v = 0; v < kp; v += w)
            {
                var e0 = TV.ExpBelowOverflow(TV.Load(ref r0, (nuint)v) - h0);
                var e1 = TV.ExpBelowOverflow(TV.Load(ref r1, (nuint)v) - h1);
                var e2 = TV.ExpBelowOverflow(TV.Load(ref r2, (nuint)v) - h2);
                var e3 = TV.ExpBelowOverflow(TV.Load(ref r3, (nuint)v) - h3);
                e0.Store(ref r0, (nuint)v);
                e1.Store(ref r1, (nuint)v);
                e2.Store(ref r2, (nuint)v);
                e3.Store(ref r3, (nuint)v);
                s0 += e0;
                s1 += e1;
                s2 += e2;
                s3 += e3;
            }
            T sum0 = TV.Sum(s0), sum1 = TV.Sum(s1), sum2 = TV.Sum(s2), sum3 = TV.Sum(s3);
            ref T weight = ref Unsafe.Add(ref weights, b);
            TV c0 = TV.Create(weight / sum0), c1 = TV.Create(Unsafe.Add(ref weight, 1) / sum1);
            TV c2 = TV.Create(Unsafe.Add(ref weight, 2) / sum2), c3 = TV.Create(Unsafe.Add(ref weight, 3) / sum3);
            for (int v = 0; v < kp; v += w)
            {
                (TV.Load(ref r0, (nuint)v) * c0).Store(ref r0, (nuint)v);
                (TV.Load(ref r1, (nuint)v) * c1).Store(ref r1, (nuint)v);
                (TV.Load(ref r2, (nuint)v) * c2).Store(ref r2, (nuint)v);
                (TV.Load(ref r3, (nuint)v) * c3).Store(ref r3, (nuint)v);
            }
            ref T maxima = ref Unsafe.Add(ref rowMax, b);
            maxima = max0;
            Unsafe.Add(ref maxima, 1) = max1;
            Unsafe.Add(ref maxima, 2) = max2;
            Unsafe.Add(ref maxima, 3) = max3;
            ref T sums = ref Unsafe.Add(ref rowSum, b);
            sums = sum0;
            Unsafe.Add(ref sums, 1) = sum1;
            Unsafe.Add(ref sums, 2) = sum2;
            Unsafe.Add(ref sums, 3) = sum3;
        }
        return b;
    }

    /// <summary>
    /// <see cref="ResponsibilitiesOfFourRows"/> when a row's log-probabilities fill two registers (kp = 2w: K = 17 … 32
    /// in float32 512-bit registers), four rows at a time; returns the first row not done. The eight registers stay in
    /// registers from their one load to their one store: the padded lanes are set to −∞ in the register instead of
    /// stored and loaded again (a 512-bit load right after a 512-bit store to the same place waits for the store), and
    /// the exponentials are scaled before they are stored instead of stored, loaded, scaled and stored again. The
    /// operations and their order within a row are those of <see cref="ResponsibilitiesOfFourRows"/> (the maximum of
    /// register 0 and register 1; the sum 0 + e₀ + e₁), but for that maximum: <see cref="ISimd{TSelf, T}.MaxNative"/>
    /// instead of <see cref="ISimd{TSelf, T}.Max"/>. They differ only where a lane is NaN or both are zeros: a row with a
    /// NaN sums to NaN either way (so every value stored and its log-likelihood are NaN; only the stored maximum may
    /// differ, and the log-likelihood it enters is NaN either way — <see cref="ISimd{TSelf, T}.MaxAcross"/> already
    /// drops NaN the same way), and a maximum of −0 or +0 shifts every value alike. So the results are bit for bit the
    /// same.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private int ResponsibilitiesOfFourRowsInTwoRegisters(CpuLane<T> lane, int rows)
    {
        int w = TV.Count, kp = 2 * w, realInLast = K - w, b = 0;
        bool padded = realInLast < w;
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T weights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(lane.RowMax);
        ref T rowSum = ref MemoryMarshal.GetArrayDataReference(lane.RowSum);
        for (; b + 4 <= rows; b += 4)
        {
            ref T r0 = ref Unsafe.Add(ref lp, b * kp);
            ref T r1 = ref Unsafe.Add(ref r0, kp);
            ref T r2 = ref Unsafe.Add(ref r1, kp);
            ref T r3 = ref Unsafe.Add(ref r2, kp);
            TV a0 = TV.Load(ref r0, 0), a1 = TV.Load(ref r1, 0), a2 = TV.Load(ref r2, 0), a3 = TV.Load(ref r3, 0);
            TV z0 = TV.Load(ref r0, (nuint)w), z1 = TV.Load(ref r1, (nuint)w);
            TV z2 = TV.Load(ref r2, (nuint)w), z3 = TV.Load(ref r3, (nuint)w);
            if (padded)
            {
                z0 = TV.ReplaceFrom(z0, realInLast, T.NegativeInfinity);
                z1 = TV.ReplaceFrom(z1, realInLast, T.NegativeInfinity);
                z2 = TV.ReplaceFrom(z2, realInLast, T.NegativeInfinity);
                z3 = TV.ReplaceFrom(z3, realInLast, T.NegativeInfinity);
            }
            T max0 = TV.MaxAcross(TV.MaxNative(a0, z0)), max1 = TV.MaxAcross(TV.MaxNative(a1, z1));
            T max2 = TV.MaxAcross(TV.MaxNative(a2, z2)), max3 = TV.MaxAcross(TV.MaxNative(a3, z3));
            TV h0 = TV.Create(max0), h1 = TV.Create(max1), h2 = TV.Create(max2), h3 = TV.Create(max3);
            TV e0 = TV.ExpBelowOverflow(a0 - h0), e1 = TV.ExpBelowOverflow(a1 - h1);
            TV e2 = TV.ExpBelowOverflow(a2 - h2), e3 = TV.ExpBelowOverflow(a3 - h3);
            TV f0 = TV.ExpBelowOverflow(z0 - h0), f1 = TV.ExpBelowOverflow(z1 - h1);
            TV f2 = TV.ExpBelowOverflow(z2 - h2), f3 = TV.ExpBelowOverflow(z3 - h3);
            T sum0 = TV.Sum(default(TV) + e0 + f0), sum1 = TV.Sum(default(TV) + e1 + f1);
            T sum2 = TV.Sum(default(TV) + e2 + f2), sum3 = TV.Sum(default(TV) + e3 + f3);
            ref T weight = ref Unsafe.Add(ref weights, b);
            TV c0 = TV.Create(weight / sum0), c1 = TV.Create(Unsafe.Add(ref weight, 1) / sum1);
            TV c2 = TV.Create(Unsafe.Add(ref weight, 2) / sum2), c3 = TV.Create(Unsafe.Add(ref weight, 3) / sum3);
            (e0 * c0).Store(ref r0, 0);
            (f0 * c0).Store(ref r0, (nuint)w);
            (e1 * c1).Store(ref r1, 0);
            (f1 * c1).Store(ref r1, (nuint)w);
            (e2 * c2).Store(ref r2, 0);
            (f2 * c2).Store(ref r2, (nuint)w);
            (e3 * c3).Store(ref r3, 0);
            (f3 * c3).Store(ref r3, (nuint)w);
            ref T maxima = ref Unsafe.Add(ref rowMax, b);
            maxima = max0;
            Unsafe.Add(ref maxima, 1) = max1;
            Unsafe.Add(ref maxima, 2) = max2;
            Unsafe.Add(ref maxima, 3) = max3;
            ref T sums = ref Unsafe.Add(ref rowSum, b);
            sums = sum0;
            Unsafe.Add(ref sums, 1) = sum1;
            Unsafe.Add(ref sums, 2) = sum2;
            Unsafe.Add(ref sums, 3) = sum3;
        }
        return b;
    }

    /// <summary>
    /// <see cref="ResponsibilitiesOfFourRowsInTwoRegisters"/> when the second register's real components fit in its lower
    /// half (<see cref="NarrowLastRegister"/>): that half is loaded, scaled and stored in 256 bits (exponentiated two
    /// rows' halves to a 512-bit register) and the upper half (padding) is neither read nor written. Bit for bit the
    /// same values: the maximum pairs the same lanes in the same order (the upper half's lanes against −∞, as the padded register's were), and the sum adds the same
    /// lanes in the same order but for the padding's e^(−∞ − max), +0 wherever the maximum is finite or +∞ (adding +0 to
    /// a sum that is not −0 changes nothing) and NaN only where every exponential of the row is NaN already (the sum is
    /// then the same NaN: x86 keeps the first operand's NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private int ResponsibilitiesOfFourRowsInRegisterAndHalf(CpuLane<T> lane, int rows)
    {
        int w = TV.Count, kp = 2 * w, realInLast = K - w, b = 0;
        bool padded = realInLast < Simd256<T>.Count;
        var below = Simd256<T>.Create(T.NegativeInfinity);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T weights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(lane.RowMax);
        ref T rowSum = ref MemoryMarshal.GetArrayDataReference(lane.RowSum);
        for (; b + 4 <= rows; b += 4)
        {
            ref T r0 = ref Unsafe.Add(ref lp, b * kp);
            ref T r1 = ref Unsafe.Add(ref r0, kp);
            ref T r2 = ref Unsafe.Add(ref r1, kp);
            ref T r3 = ref Unsafe.Add(ref r2, kp);
            TV a0 = TV.Load(ref r0, 0), a1 = TV.Load(ref r1, 0), a2 = TV.Load(ref r2, 0), a3 = TV.Load(ref r3, 0);
            Simd256<T> z0 = Simd256<T>.Load(ref r0, (nuint)w), z1 = Simd256<T>.Load(ref r1, (nuint)w);
            Simd256<T> z2 = Simd256<T>.Load(ref r2, (nuint)w), z3 = Simd256<T>.Load(ref r3, (nuint)w);
            if (padded)
            {
                z0 = Simd256<T>.ReplaceFrom(z0, realInLast, T.NegativeInfinity);
                z1 = Simd256<T>.ReplaceFrom(z1, realInLast, T.NegativeInfinity);
                z2 = Simd256<T>.ReplaceFrom(z2, realInLast, T.NegativeInfinity);
                z3 = Simd256<T>.ReplaceFrom(z3, realInLast, T.NegativeInfinity);
            }
            T max0 = MaxOfRegisterAndHalf(a0, z0, below), max1 = MaxOfRegisterAndHalf(a1, z1, below);
            T max2 = MaxOfRegisterAndHalf(a2, z2, below), max3 = MaxOfRegisterAndHalf(a3, z3, below);
            TV e0 = TV.ExpBelowOverflow(a0 - TV.Create(max0)), e1 = TV.ExpBelowOverflow(a1 - TV.Create(max1));
            TV e2 = TV.ExpBelowOverflow(a2 - TV.Create(max2)), e3 = TV.ExpBelowOverflow(a3 - TV.Create(max3));
            // Two rows' halves in one register per exponential (lane for lane the same values): half the code to inline.
            var f01 = Simd512<T>.ExpBelowOverflow(Simd512<T>.Join(z0 - Simd256<T>.Create(max0), z1 - Simd256<T>.Create(max1)));
            var f23 = Simd512<T>.ExpBelowOverflow(Simd512<T>.Join(z2 - Simd256<T>.Create(max2), z3 - Simd256<T>.Create(max3)));
            Simd256<T> f0 = f01.Lower, f1 = f01.Upper, f2 = f23.Lower, f3 = f23.Upper;
            T sum0 = SumOfRegisterAndHalf(e0, f0), sum1 = SumOfRegisterAndHalf(e1, f1);
            T sum2 = SumOfRegisterAndHalf(e2, f2), sum3 = SumOfRegisterAndHalf(e3, f3);
            ref T weight = ref Unsafe.Add(ref weights, b);
            T q0 = weight / sum0, q1 = Unsafe.Add(ref weight, 1) / sum1, q2 = Unsafe.Add(ref weight, 2) / sum2, q3 = Unsafe.Add(ref weight, 3) / sum3;
            (e0 * TV.Create(q0)).Store(ref r0, 0);
            (f0 * Simd256<T>.Create(q0)).Store(ref r0, (nuint)w);
            (e1 * TV.Create(q1)).Store(ref r1, 0);
            (f1 * Simd256<T>.Create(q1)).Store(ref r1, (nuint)w);
            (e2 * TV.Create(q2)).Store(ref r2, 0);
            (f2 * Simd256<T>.Create(q2)).Store(ref r2, (nuint)w);
            (e3 * TV.Create(q3)).Store(ref r3, 0);
            (f3 * Simd256<T>.Create(q3)).Store(ref r3, (nuint)w);
            ref T maxima = ref Unsafe.Add(ref rowMax, b);
            maxima = max0;
            Unsafe.Add(ref maxima, 1) = max1;
            Unsafe.Add(ref maxima, 2) = max2;
            Unsafe.Add(ref maxima, 3) = max3;
            ref T sums = ref Unsafe.Add(ref rowSum, b);
            sums = sum0;
            Unsafe.Add(ref sums, 1) = sum1;
            Unsafe.Add(ref sums, 2) = sum2;
            Unsafe.Add(ref sums, 3) = sum3;
        }
        return b;
    }

    /// <summary>
    /// TV.MaxAcross(TV.MaxNative(a, z)) for z = <paramref name="half"/> widened with −∞ lanes, in the same lane pairs
    /// and order: (a's lower half against z, a's upper half against −∞), then the two against each other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MaxOfRegisterAndHalf(TV whole, Simd256<T> half, Simd256<T> below)
    {
        var a = Unsafe.BitCast<TV, Simd512<T>>(whole);
        return Simd256<T>.MaxAcross(Simd256<T>.MaxNative(Simd256<T>.MaxNative(a.Lower, half), Simd256<T>.MaxNative(a.Upper, below)));
    }

    /// <summary>
    /// TV.Sum(0 + e + f) for f = <paramref name="half"/> widened with the padding's exponentials (see
    /// <see cref="ResponsibilitiesOfFourRowsInRegisterAndHalf"/>): TV.Sum adds the upper half to the lower, so this is
    /// ((0 + e)'s lower half + f) + (0 + e)'s upper half, then the 256-bit sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SumOfRegisterAndHalf(TV whole, Simd256<T> half)
    {
        var s = Unsafe.BitCast<TV, Simd512<T>>(default(TV) + whole);
        return Simd256<T>.Sum(s.Lower + half + s.Upper);
    }
}
