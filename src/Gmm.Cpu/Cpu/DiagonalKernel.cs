using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Diagonal and spherical covariances, vectorised across components; <typeparamref name="TLayout"/> says at compile time
/// whether the second-order sums are per feature (diag) or summed over the features (spherical).
/// Layout: means d×kp (feature-major, so one register holds one feature of W components); diag precisions d×kp,
/// spherical −½ p kp; tile accumulators F_t, S_t d×kp (spherical S_t: kp).
/// log N = c_k − ½ Σ_j (x_j − μ_kj)² p_kj with p = 1/σ², in the direct form: the expanded x²·a + x·b form needs the
/// same number of multiplies (2 per point, feature and register in the E-step, 2 in the statistics; the direct form's
/// subtractions and additions run on the adder pipes beside them), was measured no faster for diag, and cancels in
/// float32 away from the center (docs/architecture.md, "CPU kernels: the direct form").
/// Register blocking: the E-step computes 4 points × 4 registers of components per pass over the features (16
/// independent accumulators; 8 points × 1 register for the remainder). Diag statistics: one component register at a
/// time, 4 features per pass (8 chains, F and S), over only the tile's points whose responsibilities in that register
/// are not all exactly 0 — the components are ordered along the means' principal axis (<see cref="ComponentOrder"/>),
/// so a register holds nearby components and is all 0 for the points far from them (about half the (point, register)
/// pairs of issue 19's 200k × 39, K = 64 case); each skipped term would add exactly 0. Spherical: the E-step keeps
/// Σ_j (x_j − μ_kj)² per point and component (lane scratch), so S_k is one multiply-add per point and component and only
/// F is summed per feature, two features × 4 registers per pass (8 chains, so the multiply-add latency is covered and
/// each responsibility register is loaded once for two features).
/// </summary>
internal sealed class DiagonalKernel<T, TLayout, TV> : SimdKernel<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLayout : struct, IVarianceLayout
    where TV : struct, ISimd<TV, T>
{
    private readonly T[] _means;
    private readonly T[] _precisions;

    public DiagonalKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _means = new T[d * Kp];
        _precisions = new T[TLayout.Spherical ? Kp : d * Kp];
    }

    public override CpuLane<T> CreateLane(int tileRows) =>
        new(this, tileRows, D * Kp, TLayout.Spherical ? Kp : D * Kp, TLayout.Spherical ? tileRows * Kp : 0);

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        Array.Clear(_means);
        Array.Clear(_precisions);
        var pc = model.PrecisionsCholeskyArray;
        // Diag orders its components along the means' principal axis, so that the statistics can skip a point's
        // registers of far components (all r exactly 0); spherical keeps the identity (its statistics do not skip).
        if (!TLayout.Spherical)
        {
            ComponentOrder.AlongPrincipalAxis(model.MeansArray, K, D, Slots);
            var constants = model.LogDensityConstants;
            for (int c = 0; c < K; c++) Constants[Slots[c]] = T.CreateTruncating(constants[c]);
        }
        for (int c = 0; c < K; c++)
        {
            int slot = Slots[c];
            if (TLayout.Spherical) _precisions[slot] = T.CreateTruncating(-0.5 * pc[c] * pc[c]);
            for (int j = 0; j < D; j++)
            {
                _means[j * Kp + slot] = ShiftedMean(model, statistics, c, j);
                if (!TLayout.Spherical) _precisions[j * Kp + slot] = T.CreateTruncating(pc[c * D + j] * pc[c * D + j]);
            }
        }
    }

    /// <remarks>
    /// The two loops are separate methods so that each gets the JIT's whole inlining budget: in one method the JIT
    /// stopped inlining <see cref="Term"/> and <see cref="Finish"/> in the second loop (the only one that runs when
    /// kp &lt; 4 registers, e.g. d = 16, K = 20), which then ran as calls, first in tier-0 code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        int blocked = RoundUp(rows, RowBlock);
        int v0 = LogProbabilitiesFourRegisters(lane, blocked);
        if (v0 < Kp) LogProbabilitiesOneRegister(lane, blocked, v0);
    }

    /// <summary>4 points × 4 component registers per pass over the features, for every whole group of 4 registers; returns the first register not done.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private int LogProbabilitiesFourRegisters(CpuLane<T> lane, int blocked)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count;
        ref T means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref T precisions = ref MemoryMarshal.GetArrayDataReference(_precisions);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(Constants);
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

    /// <summary>8 points × 1 component register per pass over the features, for the registers from <paramref name="v0"/> on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void LogProbabilitiesOneRegister(CpuLane<T> lane, int blocked, int v0)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count;
        ref T means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref T precisions = ref MemoryMarshal.GetArrayDataReference(_precisions);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(Constants);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T distances = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        for (; v0 < kp; v0 += w)
        {
            var c = TV.Load(ref constants, (nuint)v0);
            var q = TLayout.Spherical ? TV.Load(ref precisions, (nuint)v0) : default;
            for (int b = 0; b < blocked; b += RowBlock)
            {
                TV a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                ref T x0 = ref Unsafe.Add(ref x, b * dp);
                for (int j = 0; j < d; j++)
                {
                    nuint o = (nuint)(j * kp + v0);
                    var m = TV.Load(ref means, o);
                    var p = TLayout.Spherical ? default : TV.Load(ref precisions, o);
                    ref T xj = ref Unsafe.Add(ref x0, j);
                    Term(TV.Create(xj), m, p, ref a0);
                    Term(TV.Create(Unsafe.Add(ref xj, dp)), m, p, ref a1);
                    Term(TV.Create(Unsafe.Add(ref xj, 2 * dp)), m, p, ref a2);
                    Term(TV.Create(Unsafe.Add(ref xj, 3 * dp)), m, p, ref a3);
                    Term(TV.Create(Unsafe.Add(ref xj, 4 * dp)), m, p, ref a4);
                    Term(TV.Create(Unsafe.Add(ref xj, 5 * dp)), m, p, ref a5);
                    Term(TV.Create(Unsafe.Add(ref xj, 6 * dp)), m, p, ref a6);
                    Term(TV.Create(Unsafe.Add(ref xj, 7 * dp)), m, p, ref a7);
                }
                nuint o0 = (nuint)(b * kp + v0), step = (nuint)kp;
                Finish(a0, c, q, ref lp, ref distances, o0);
                Finish(a1, c, q, ref lp, ref distances, o0 + step);
                Finish(a2, c, q, ref lp, ref distances, o0 + 2 * step);
                Finish(a3, c, q, ref lp, ref distances, o0 + 3 * step);
                Finish(a4, c, q, ref lp, ref distances, o0 + 4 * step);
                Finish(a5, c, q, ref lp, ref distances, o0 + 5 * step);
                Finish(a6, c, q, ref lp, ref distances, o0 + 6 * step);
                Finish(a7, c, q, ref lp, ref distances, o0 + 7 * step);
            }
        }
    }

    /// <summary>One feature's term: diag a += (x − μ)·p·(x − μ); spherical a += (x − μ)² (p applied once in <see cref="Finish"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Term(TV x, TV mean, TV precision, ref TV accumulator)
    {
        var e = x - mean;
        accumulator = TLayout.Spherical ? TV.MultiplyAdd(e, e, accumulator) : TV.MultiplyAdd(e * precision, e, accumulator);
    }

    /// <summary>lp = c − ½·a (diag), or c + (−½p)·a with a kept as the point's squared distance (spherical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(TV accumulator, TV constant, TV negativeHalfPrecision, ref T lp, ref T distances, nuint offset)
    {
        if (TLayout.Spherical)
        {
            accumulator.Store(ref distances, offset);
            TV.MultiplyAdd(accumulator, negativeHalfPrecision, constant).Store(ref lp, offset);
        }
        else TV.MultiplyAdd(accumulator, TV.Create(T.CreateTruncating(-0.5)), constant).Store(ref lp, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count;
        ref T means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref T resp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T second = ref MemoryMarshal.GetArrayDataReference(lane.TileSecond);
        ref T tileN = ref MemoryMarshal.GetArrayDataReference(lane.TileN);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T distances = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        for (int v = 0; v < kp; v += w)
        {
            var n = TV.Load(ref tileN, (nuint)v);
            var s = TLayout.Spherical ? TV.Load(ref second, (nuint)v) : default;
            for (int b = 0; b < rows; b++)
            {
                nuint o = (nuint)(b * kp + v);
                var r = TV.Load(ref resp, o);
                n += r;
                if (TLayout.Spherical) s = TV.MultiplyAdd(r, TV.Load(ref distances, o), s);
            }
            n.Store(ref tileN, (nuint)v);
            if (TLayout.Spherical) s.Store(ref second, (nuint)v);
        }
        // Spherical: four component registers at a time, two features per pass over the tile's points, and an odd last
        // feature one at a time.
        int v0 = 0;
        if (TLayout.Spherical)
        {
            for (; v0 + 4 * w <= kp; v0 += 4 * w)
            {
                int j = FirstMomentsInPairs(lane, rows, v0);
                if (j == d) continue;
                nuint o = (nuint)(j * kp + v0), o1 = o + (nuint)w, o2 = o + (nuint)(2 * w), o3 = o + (nuint)(3 * w);
                TV m0 = TV.Load(ref means, o), m1 = TV.Load(ref means, o1), m2 = TV.Load(ref means, o2), m3 = TV.Load(ref means, o3);
                TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o1), f2 = TV.Load(ref first, o2), f3 = TV.Load(ref first, o3);
                TV unused = default;
                ref T xj = ref Unsafe.Add(ref x, j);
                ref T r = ref Unsafe.Add(ref resp, v0);
                for (int b = 0; b < rows; b++)
                {
                    var xv = TV.Create(xj);
                    Moments(xv, m0, TV.Load(ref r, 0), ref f0, ref unused);
                    Moments(xv, m1, TV.Load(ref r, (nuint)w), ref f1, ref unused);
                    Moments(xv, m2, TV.Load(ref r, (nuint)(2 * w)), ref f2, ref unused);
                    Moments(xv, m3, TV.Load(ref r, (nuint)(3 * w)), ref f3, ref unused);
                    xj = ref Unsafe.Add(ref xj, dp);
                    r = ref Unsafe.Add(ref r, kp);
                }
                f0.Store(ref first, o); f1.Store(ref first, o1); f2.Store(ref first, o2); f3.Store(ref first, o3);
            }
        }
        // One component register at a time over the rows listed for it: diag, the rows whose responsibilities in the
        // register are not all exactly 0 (a row left out would add exactly 0 to every sum: r·(x − μ) = 0); spherical's
        // remaining registers, every row.
        ref int listed = ref MemoryMarshal.GetArrayDataReference(lane.Rows);
        for (; v0 < kp; v0 += w)
        {
            int count = 0;
            for (int b = 0; b < rows; b++)
            {
                // Without a branch (a point's register is all 0 about half the time, in no pattern a predictor learns):
                // (m | −m) >> 63 is 1 for a mask m ≠ 0.
                ulong owned = TLayout.Spherical ? 1 : TV.NonZeroLanes(TV.Load(ref resp, (nuint)(b * kp + v0)));
                Unsafe.Add(ref listed, count) = b;
                count += (int)((owned | (0 - owned)) >> 63);
            }
            if (count > 0) MomentsOfListedRows(lane, count, v0);
        }
    }

    /// <summary>
    /// F (diag: and S) of the component register at <paramref name="v0"/> over the first <paramref name="count"/> rows
    /// listed in lane.Rows (in row order): four features per pass over the rows (independent accumulator chains), the
    /// last d mod 4 in one more pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void MomentsOfListedRows(CpuLane<T> lane, int count, int v0)
    {
        int kp = Kp, d = D, dp = Dp, j = 0;
        ref T means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref T resp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T second = ref MemoryMarshal.GetArrayDataReference(lane.TileSecond);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref int listed = ref MemoryMarshal.GetArrayDataReference(lane.Rows);
        for (; j + 4 <= d; j += 4)
        {
            nuint o = (nuint)(j * kp + v0), o1 = o + (nuint)kp, o2 = o + (nuint)(2 * kp), o3 = o + (nuint)(3 * kp);
            TV m0 = TV.Load(ref means, o), m1 = TV.Load(ref means, o1), m2 = TV.Load(ref means, o2), m3 = TV.Load(ref means, o3);
            TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o1), f2 = TV.Load(ref first, o2), f3 = TV.Load(ref first, o3);
            TV s0 = default, s1 = default, s2 = default, s3 = default;
            if (!TLayout.Spherical) { s0 = TV.Load(ref second, o); s1 = TV.Load(ref second, o1); s2 = TV.Load(ref second, o2); s3 = TV.Load(ref second, o3); }
            for (int q = 0; q < count; q++)
            {
                int b = Unsafe.Add(ref listed, q);
                var rv = TV.Load(ref resp, (nuint)(b * kp + v0));
                ref T xj = ref Unsafe.Add(ref x, b * dp + j);
                Moments(TV.Create(xj), m0, rv, ref f0, ref s0);
                Moments(TV.Create(Unsafe.Add(ref xj, 1)), m1, rv, ref f1, ref s1);
                Moments(TV.Create(Unsafe.Add(ref xj, 2)), m2, rv, ref f2, ref s2);
                Moments(TV.Create(Unsafe.Add(ref xj, 3)), m3, rv, ref f3, ref s3);
            }
            f0.Store(ref first, o); f1.Store(ref first, o1); f2.Store(ref first, o2); f3.Store(ref first, o3);
            if (!TLayout.Spherical) { s0.Store(ref second, o); s1.Store(ref second, o1); s2.Store(ref second, o2); s3.Store(ref second, o3); }
        }
        // The last d mod 4 features in one pass as well (a pass per feature would run one chain of each sum at a time).
        int rest = d - j;
        if (rest == 0) return;
        nuint p = (nuint)(j * kp + v0), p1 = p + (nuint)kp, p2 = p + (nuint)(2 * kp);
        TV n0 = TV.Load(ref means, p), g0 = TV.Load(ref first, p), t0 = TLayout.Spherical ? default : TV.Load(ref second, p);
        TV n1 = default, n2 = default, g1 = default, g2 = default, t1 = default, t2 = default;
        if (rest > 1) { n1 = TV.Load(ref means, p1); g1 = TV.Load(ref first, p1); if (!TLayout.Spherical) t1 = TV.Load(ref second, p1); }
        if (rest > 2) { n2 = TV.Load(ref means, p2); g2 = TV.Load(ref first, p2); if (!TLayout.Spherical) t2 = TV.Load(ref second, p2); }
        for (int q = 0; q < count; q++)
        {
            int b = Unsafe.Add(ref listed, q);
            var rv = TV.Load(ref resp, (nuint)(b * kp + v0));
            ref T xj = ref Unsafe.Add(ref x, b * dp + j);
            Moments(TV.Create(xj), n0, rv, ref g0, ref t0);
            if (rest > 1) Moments(TV.Create(Unsafe.Add(ref xj, 1)), n1, rv, ref g1, ref t1);
            if (rest > 2) Moments(TV.Create(Unsafe.Add(ref xj, 2)), n2, rv, ref g2, ref t2);
        }
        g0.Store(ref first, p);
        if (rest > 1) g1.Store(ref first, p1);
        if (rest > 2) g2.Store(ref first, p2);
        if (TLayout.Spherical) return;
        t0.Store(ref second, p);
        if (rest > 1) t1.Store(ref second, p1);
        if (rest > 2) t2.Store(ref second, p2);
    }

    /// <summary>
    /// Spherical F for the four component registers at <paramref name="v0"/>, two features per pass over the tile's
    /// points (eight independent accumulator chains, each point's four responsibility registers loaded once for both);
    /// returns the first feature not done (d − 1 for odd d, else d).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FirstMomentsInPairs(CpuLane<T> lane, int rows, int v0)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count, j = 0;
        ref T means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref T resp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        TV unused = default;
        for (; j + 2 <= d; j += 2)
        {
            nuint o = (nuint)(j * kp + v0), o1 = o + (nuint)w, o2 = o + (nuint)(2 * w), o3 = o + (nuint)(3 * w), next = (nuint)kp;
            TV m0 = TV.Load(ref means, o), m1 = TV.Load(ref means, o1), m2 = TV.Load(ref means, o2), m3 = TV.Load(ref means, o3);
            TV n0 = TV.Load(ref means, o + next), n1 = TV.Load(ref means, o1 + next), n2 = TV.Load(ref means, o2 + next), n3 = TV.Load(ref means, o3 + next);
            TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o1), f2 = TV.Load(ref first, o2), f3 = TV.Load(ref first, o3);
            TV g0 = TV.Load(ref first, o + next), g1 = TV.Load(ref first, o1 + next), g2 = TV.Load(ref first, o2 + next), g3 = TV.Load(ref first, o3 + next);
            ref T xj = ref Unsafe.Add(ref x, j);
            ref T r = ref Unsafe.Add(ref resp, v0);
            for (int b = 0; b < rows; b++)
            {
                TV xv = TV.Create(xj), yv = TV.Create(Unsafe.Add(ref xj, 1));
                TV r0 = TV.Load(ref r, 0), r1 = TV.Load(ref r, (nuint)w), r2 = TV.Load(ref r, (nuint)(2 * w)), r3 = TV.Load(ref r, (nuint)(3 * w));
                Moments(xv, m0, r0, ref f0, ref unused); Moments(xv, m1, r1, ref f1, ref unused);
                Moments(xv, m2, r2, ref f2, ref unused); Moments(xv, m3, r3, ref f3, ref unused);
                Moments(yv, n0, r0, ref g0, ref unused); Moments(yv, n1, r1, ref g1, ref unused);
                Moments(yv, n2, r2, ref g2, ref unused); Moments(yv, n3, r3, ref g3, ref unused);
                xj = ref Unsafe.Add(ref xj, dp);
                r = ref Unsafe.Add(ref r, kp);
            }
            f0.Store(ref first, o); f1.Store(ref first, o1); f2.Store(ref first, o2); f3.Store(ref first, o3);
            g0.Store(ref first, o + next); g1.Store(ref first, o1 + next); g2.Store(ref first, o2 + next); g3.Store(ref first, o3 + next);
        }
        return j;
    }

    /// <summary>F += r·(x − μ); diag also S += r·(x − μ)² (spherical S comes from the E-step's distances).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Moments(TV x, TV mean, TV responsibility, ref TV first, ref TV second)
    {
        var e = x - mean;
        if (TLayout.Spherical) first = TV.MultiplyAdd(responsibility, e, first);
        else
        {
            var g = responsibility * e;
            first += g;
            second = TV.MultiplyAdd(g, e, second);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Publish(CpuLane<T> lane)
    {
        int d = D, kp = Kp;
        for (int c = 0; c < K; c++)
        {
            int slot = Slots[c];
            lane.N[c] += lane.WideN[slot];
            for (int j = 0; j < d; j++)
            {
                lane.F[c * d + j] += lane.WideFirst[j * kp + slot];
                if (!TLayout.Spherical) lane.S[c * d + j] += lane.WideSecond[j * kp + slot];
            }
            if (TLayout.Spherical) lane.S[c] += lane.WideSecond[slot];
        }
        Array.Clear(lane.WideN);
        Array.Clear(lane.WideFirst);
        Array.Clear(lane.WideSecond);
    }
}
