using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// The E-step of <see cref="DiagonalKernel{T, TLayout, TV}"/>: lp[b, k] = c_k − ½ Σ_j (x_bj − μ_kj)² p_kj for a tile's
/// points (b×kp, components in the lanes) in the direct form, and for spherical (<typeparamref name="TLayout"/>) also the
/// point's squared distance Σ_j (x_bj − μ_kj)² per component into the lane's scratch (b×kp), which its statistics use.
/// Layout of the arguments: means and diag precisions d×kp (feature-major: one register holds one feature of W
/// components), spherical precisions −½ p (kp), constants kp. Register blocking: 4 points × 4 registers of components
/// per pass over the features (16 independent accumulators), 8 points × 1 register for the registers left over.
/// </summary>
internal static class DiagonalLogDensities<T, TLayout, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLayout : struct, IVarianceLayout
    where TV : struct, ISimd<TV, T>
{
    /// <summary>
    /// Log-probabilities of the first <paramref name="blocked"/> rows (a multiple of
    /// <see cref="SimdKernel{T, TV}.RowBlock"/>) of lane.X into lane.Lp (spherical: distances into lane.Scratch); kp, d,
    /// dp as in <see cref="CpuKernel{T}"/>.
    /// </summary>
    /// <remarks>
    /// The two loops are separate methods so that each gets the JIT's whole inlining budget: in one method the JIT
    /// stopped inlining <see cref="Term"/> and <see cref="Finish"/> in the second loop (the only one that runs when
    /// kp &lt; 4 registers, e.g. d = 16, K = 20), which then ran as calls, first in tier-0 code.
    /// When <paramref name="narrow"/> (<see cref="SimdKernel{T, TV}.NarrowLastRegister"/>: 512-bit registers, and the last
    /// register's real components, slots <paramref name="k"/> on being padding, fit in its lower half), that half is
    /// computed with 256-bit operations (cheaper where a 512-bit operation costs two 256-bit ones, docs/benchmarks.md),
    /// in one pass with the register before it where there is one, and the upper half is not written: the log-sum-exp
    /// of four rows and the statistics then read only the lower half, the single-row log-sum-exp sets the padding lanes
    /// of lane.Lp to −∞ itself before it reads them (<see cref="ISimd{TSelf, T}.ReplaceFrom"/>), and spherical's padding
    /// distances stay the 0 of the lane's new scratch. Each real lane's arithmetic is the same, so the results are
    /// identical.
    /// <para><see cref="FourRegisters"/> is called only when there is a whole group of four registers (kp ≥ 4w): called
    /// with fewer it does nothing, but its first call still compiles it (fully optimised), which a fit of fewer
    /// components (e.g. K = 20) would pay for nothing. With <paramref name="fourRegisters"/> false (a kernel of
    /// <see cref="CpuKernel{T}.MinimalVariants"/>) every register goes through <see cref="OneRegister"/>: each point and
    /// register's sum over the features is the same sequence of operations in either loop, so the values are the same.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(T[] meanArray, T[] precisionArray, T[] constantArray, CpuLane<T> lane, int blocked, int k, int kp, int d, int dp, bool narrow,
        bool fourRegisters = true)
    {
        int w = TV.Count, half = Simd256<T>.Count;
        int v0 = fourRegisters && kp >= 4 * w ? FourRegisters(meanArray, precisionArray, constantArray, lane, blocked, kp, d, dp) : 0;
        if (v0 >= kp) return;
        if (narrow)
        {
            int last = kp - w;
            if (v0 < last - w) OneRegister<TV>(meanArray, precisionArray, constantArray, lane, blocked, kp, d, dp, v0, last - w);
            if (v0 < last) RegisterAndHalf(meanArray, precisionArray, constantArray, lane, blocked, kp, d, dp, last - w);
            else OneRegister<Simd256<T>>(meanArray, precisionArray, constantArray, lane, blocked, kp, d, dp, last, last + half);
        }
        else OneRegister<TV>(meanArray, precisionArray, constantArray, lane, blocked, kp, d, dp, v0, kp);
    }

    /// <summary>4 points × 4 component registers per pass over the features, for every whole group of 4 registers; returns the first register not done.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int FourRegisters(T[] meanArray, T[] precisionArray, T[] constantArray, CpuLane<T> lane, int blocked, int kp, int d, int dp)
    {
        int w = TV.Count;
        ref T means = ref MemoryMarshal.GetArrayDataReference(meanArray);
        ref T precisions = ref MemoryMarshal.GetArrayDataReference(precisionArray);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(constantArray);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T distances = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        int v0 = 0;
        for (; v0 + 4 * w <= kp; v0 += 4 * w)
        {
            for (int b = 0; b < blocked; b += 4)
            {
                TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                ref T x0 = ref Unsafe.Add(ref x, b * dp);
                ref T m = ref Unsafe.Add(ref means, v0);
                ref T p = ref Unsafe.Add(ref precisions, v0);
                for (int j = 0; j < d; j++)
                {
                    TV m0 = TV.Load(ref m, 0), m1 = TV.Load(ref m, (nuint)w), m2 = TV.Load(ref m, (nuint)(2 * w)), m3 = TV.Load(ref m, (nuint)(3 * w));
                    TV p0, p1, p2, p3;
                    if (TLayout.Spherical) p0 = p1 = p2 = p3 = default;
                    else { p0 = TV.Load(ref p, 0); p1 = TV.Load(ref p, (nuint)w); p2 = TV.Load(ref p, (nuint)(2 * w)); p3 = TV.Load(ref p, (nuint)(3 * w)); }
                    var xv = TV.Create(x0);
                    Term(xv, m0, p0, ref a00); Term(xv, m1, p1, ref a01); Term(xv, m2, p2, ref a02); Term(xv, m3, p3, ref a03);
                    xv = TV.Create(Unsafe.Add(ref x0, dp));
                    Term(xv, m0, p0, ref a10); Term(xv, m1, p1, ref a11); Term(xv, m2, p2, ref a12); Term(xv, m3, p3, ref a13);
                    xv = TV.Create(Unsafe.Add(ref x0, 2 * dp));
                    Term(xv, m0, p0, ref a20); Term(xv, m1, p1, ref a21); Term(xv, m2, p2, ref a22); Term(xv, m3, p3, ref a23);
                    xv = TV.Create(Unsafe.Add(ref x0, 3 * dp));
                    Term(xv, m0, p0, ref a30); Term(xv, m1, p1, ref a31); Term(xv, m2, p2, ref a32); Term(xv, m3, p3, ref a33);
                    x0 = ref Unsafe.Add(ref x0, 1);
                    m = ref Unsafe.Add(ref m, kp);
                    if (!TLayout.Spherical) p = ref Unsafe.Add(ref p, kp);
                }
                ref T cv = ref Unsafe.Add(ref constants, v0);
                TV c0 = TV.Load(ref cv, 0), c1 = TV.Load(ref cv, (nuint)w), c2 = TV.Load(ref cv, (nuint)(2 * w)), c3 = TV.Load(ref cv, (nuint)(3 * w));
                TV q0 = default, q1 = default, q2 = default, q3 = default;
                if (TLayout.Spherical)
                {
                    ref T qv = ref Unsafe.Add(ref precisions, v0);
                    q0 = TV.Load(ref qv, 0); q1 = TV.Load(ref qv, (nuint)w); q2 = TV.Load(ref qv, (nuint)(2 * w)); q3 = TV.Load(ref qv, (nuint)(3 * w));
                }
                nuint o = (nuint)(b * kp + v0), row = (nuint)kp, w1 = (nuint)w, w2 = (nuint)(2 * w), w3 = (nuint)(3 * w);
                Finish(a00, c0, q0, ref lp, ref distances, o); Finish(a01, c1, q1, ref lp, ref distances, o + w1);
                Finish(a02, c2, q2, ref lp, ref distances, o + w2); Finish(a03, c3, q3, ref lp, ref distances, o + w3);
                o += row;
                Finish(a10, c0, q0, ref lp, ref distances, o); Finish(a11, c1, q1, ref lp, ref distances, o + w1);
                Finish(a12, c2, q2, ref lp, ref distances, o + w2); Finish(a13, c3, q3, ref lp, ref distances, o + w3);
                o += row;
                Finish(a20, c0, q0, ref lp, ref distances, o); Finish(a21, c1, q1, ref lp, ref distances, o + w1);
                Finish(a22, c2, q2, ref lp, ref distances, o + w2); Finish(a23, c3, q3, ref lp, ref distances, o + w3);
                o += row;
                Finish(a30, c0, q0, ref lp, ref distances, o); Finish(a31, c1, q1, ref lp, ref distances, o + w1);
                Finish(a32, c2, q2, ref lp, ref distances, o + w2); Finish(a33, c3, q3, ref lp, ref distances, o + w3);
            }
        }
        return v0;
    }

    /// <summary>
    /// 8 points × 1 component register (<typeparamref name="TR"/>: <typeparamref name="TV"/> or a narrower one) per pass
    /// over the features, for the components from <paramref name="v0"/> to <paramref name="end"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void OneRegister<TR>(T[] meanArray, T[] precisionArray, T[] constantArray, CpuLane<T> lane, int blocked, int kp, int d, int dp, int v0, int end)
        where TR : struct, ISimd<TR, T>
    {
        int w = TR.Count;
        ref T means = ref MemoryMarshal.GetArrayDataReference(meanArray);
        ref T precisions = ref MemoryMarshal.GetArrayDataReference(precisionArray);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(constantArray);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T distances = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        for (; v0 < end; v0 += w)
        {
            var c = TR.Load(ref constants, (nuint)v0);
            var q = TLayout.Spherical ? TR.Load(ref precisions, (nuint)v0) : default;
            for (int b = 0; b < blocked; b += SimdKernel<T, TV>.RowBlock)
            {
                TR a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                ref T x0 = ref Unsafe.Add(ref x, b * dp);
                for (int j = 0; j < d; j++)
                {
                    nuint o = (nuint)(j * kp + v0);
                    var m = TR.Load(ref means, o);
                    var p = TLayout.Spherical ? default : TR.Load(ref precisions, o);
                    ref T xj = ref Unsafe.Add(ref x0, j);
                    Term<TR>(TR.Create(xj), m, p, ref a0);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, dp)), m, p, ref a1);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, 2 * dp)), m, p, ref a2);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, 3 * dp)), m, p, ref a3);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, 4 * dp)), m, p, ref a4);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, 5 * dp)), m, p, ref a5);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, 6 * dp)), m, p, ref a6);
                    Term<TR>(TR.Create(Unsafe.Add(ref xj, 7 * dp)), m, p, ref a7);
                }
                nuint o0 = (nuint)(b * kp + v0), step = (nuint)kp;
                Finish<TR>(a0, c, q, ref lp, ref distances, o0);
                Finish<TR>(a1, c, q, ref lp, ref distances, o0 + step);
                Finish<TR>(a2, c, q, ref lp, ref distances, o0 + 2 * step);
                Finish<TR>(a3, c, q, ref lp, ref distances, o0 + 3 * step);
                Finish<TR>(a4, c, q, ref lp, ref distances, o0 + 4 * step);
                Finish<TR>(a5, c, q, ref lp, ref distances, o0 + 5 * step);
                Finish<TR>(a6, c, q, ref lp, ref distances, o0 + 6 * step);
                Finish<TR>(a7, c, q, ref lp, ref distances, o0 + 7 * step);
            }
        }
    }

    /// <summary>
    /// 8 points × (the register at <paramref name="v0"/> and the lower half of the next, in 256 bits) per pass over the
    /// features, so that both share each point's broadcast: the last two registers when the last one's real components
    /// fit in its lower half (the upper half is left as it is, see <see cref="Compute"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RegisterAndHalf(T[] meanArray, T[] precisionArray, T[] constantArray, CpuLane<T> lane, int blocked, int kp, int d, int dp, int v0)
    {
        int w = TV.Count, v1 = v0 + w;
        ref T means = ref MemoryMarshal.GetArrayDataReference(meanArray);
        ref T precisions = ref MemoryMarshal.GetArrayDataReference(precisionArray);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(constantArray);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T distances = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        var c = TV.Load(ref constants, (nuint)v0);
        var ch = Simd256<T>.Load(ref constants, (nuint)v1);
        var q = TLayout.Spherical ? TV.Load(ref precisions, (nuint)v0) : default;
        var qh = TLayout.Spherical ? Simd256<T>.Load(ref precisions, (nuint)v1) : default;
        for (int b = 0; b < blocked; b += SimdKernel<T, TV>.RowBlock)
        {
            TV a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Simd256<T> h0 = default, h1 = default, h2 = default, h3 = default, h4 = default, h5 = default, h6 = default, h7 = default;
            ref T x0 = ref Unsafe.Add(ref x, b * dp);
            for (int j = 0; j < d; j++)
            {
                nuint o = (nuint)(j * kp + v0), oh = o + (nuint)w;
                var m = TV.Load(ref means, o);
                var p = TLayout.Spherical ? default : TV.Load(ref precisions, o);
                var mh = Simd256<T>.Load(ref means, oh);
                var ph = TLayout.Spherical ? default : Simd256<T>.Load(ref precisions, oh);
                ref T xj = ref Unsafe.Add(ref x0, j);
                Term(TV.Create(xj), m, p, ref a0); Term(Simd256<T>.Create(xj), mh, ph, ref h0);
                T xs = Unsafe.Add(ref xj, dp);
                Term(TV.Create(xs), m, p, ref a1); Term(Simd256<T>.Create(xs), mh, ph, ref h1);
                xs = Unsafe.Add(ref xj, 2 * dp);
                Term(TV.Create(xs), m, p, ref a2); Term(Simd256<T>.Create(xs), mh, ph, ref h2);
                xs = Unsafe.Add(ref xj, 3 * dp);
                Term(TV.Create(xs), m, p, ref a3); Term(Simd256<T>.Create(xs), mh, ph, ref h3);
                xs = Unsafe.Add(ref xj, 4 * dp);
                Term(TV.Create(xs), m, p, ref a4); Term(Simd256<T>.Create(xs), mh, ph, ref h4);
                xs = Unsafe.Add(ref xj, 5 * dp);
                Term(TV.Create(xs), m, p, ref a5); Term(Simd256<T>.Create(xs), mh, ph, ref h5);
                xs = Unsafe.Add(ref xj, 6 * dp);
                Term(TV.Create(xs), m, p, ref a6); Term(Simd256<T>.Create(xs), mh, ph, ref h6);
                xs = Unsafe.Add(ref xj, 7 * dp);
                Term(TV.Create(xs), m, p, ref a7); Term(Simd256<T>.Create(xs), mh, ph, ref h7);
            }
            nuint o0 = (nuint)(b * kp + v0), step = (nuint)kp, wn = (nuint)w;
            Finish(a0, c, q, ref lp, ref distances, o0); Finish(h0, ch, qh, ref lp, ref distances, o0 + wn);
            Finish(a1, c, q, ref lp, ref distances, o0 + step); Finish(h1, ch, qh, ref lp, ref distances, o0 + step + wn);
            Finish(a2, c, q, ref lp, ref distances, o0 + 2 * step); Finish(h2, ch, qh, ref lp, ref distances, o0 + 2 * step + wn);
            Finish(a3, c, q, ref lp, ref distances, o0 + 3 * step); Finish(h3, ch, qh, ref lp, ref distances, o0 + 3 * step + wn);
            Finish(a4, c, q, ref lp, ref distances, o0 + 4 * step); Finish(h4, ch, qh, ref lp, ref distances, o0 + 4 * step + wn);
            Finish(a5, c, q, ref lp, ref distances, o0 + 5 * step); Finish(h5, ch, qh, ref lp, ref distances, o0 + 5 * step + wn);
            Finish(a6, c, q, ref lp, ref distances, o0 + 6 * step); Finish(h6, ch, qh, ref lp, ref distances, o0 + 6 * step + wn);
            Finish(a7, c, q, ref lp, ref distances, o0 + 7 * step); Finish(h7, ch, qh, ref lp, ref distances, o0 + 7 * step + wn);
        }
    }

    /// <summary>One feature's term: diag a += (x − μ)·p·(x − μ); spherical a += (x − μ)² (p applied once in <see cref="Finish"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Term<TR>(TR x, TR mean, TR precision, ref TR accumulator) where TR : struct, ISimd<TR, T>
    {
        var e = x - mean;
        accumulator = TLayout.Spherical ? TR.MultiplyAdd(e, e, accumulator) : TR.MultiplyAdd(e * precision, e, accumulator);
    }

    /// <summary>lp = c − ½·a (diag), or c + (−½p)·a with a kept as the point's squared distance (spherical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TR>(TR accumulator, TR constant, TR negativeHalfPrecision, ref T lp, ref T distances, nuint offset)
        where TR : struct, ISimd<TR, T>
    {
        if (TLayout.Spherical)
        {
            accumulator.Store(ref distances, offset);
            TR.MultiplyAdd(accumulator, negativeHalfPrecision, constant).Store(ref lp, offset);
        }
        else TR.MultiplyAdd(accumulator, TR.Create(T.CreateTruncating(-0.5)), constant).Store(ref lp, offset);
    }
}
