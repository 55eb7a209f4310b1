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
/// The E-step is <see cref="DiagonalLogDensities{T, TLayout, TV}"/> (4 points × 4 registers of components per pass over
/// the features); the statistics are here. Diag statistics: one component register at a
/// time, 4 features per pass (8 chains, F and S), over only the tile's points whose responsibilities in that register
/// are not all exactly 0 — the components (in a kernel loaded for the statistics; a query kernel keeps them in order)
/// are ordered along the means' principal axis (<see cref="ComponentOrder"/>),
/// so a register holds nearby components and is all 0 for the points far from them (about half the (point, register)
/// pairs of issue 19's 200k × 39, K = 64 case); each skipped term would add exactly 0. Spherical: the E-step keeps
/// Σ_j (x_j − μ_kj)² per point and component (lane scratch), so S_k is one multiply-add per point and component and only
/// F is summed per feature, two features × 4 registers per pass (8 chains, so the multiply-add latency is covered and
/// each responsibility register is loaded once for two features); the registers left over (all of them when kp &lt; 4
/// registers) go one at a time over the rows not all exactly 0, as diag's. Spherical keeps its components in their
/// order (a register holds consecutive components; still all 0 for most points in a Dirichlet-process fit's emptied ones),
/// except that float32 with kp = 64 at 512 bits sums F in the principal axis' order (<see cref="SortsFirstMoments"/>).
/// </summary>
internal sealed class DiagonalKernel<T, TLayout, TV> : SimdKernel<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLayout : struct, IVarianceLayout
    where TV : struct, ISimd<TV, T>
{
    private readonly T[] _means;
    private readonly T[] _precisions;

    /// <summary>Spherical F in its own order (<see cref="SortsFirstMoments"/>): the means in that order (d×kp), and the gather into it.</summary>
    private readonly T[] _firstMeans;
    private readonly ResponsibilityGather<T>? _gather;

    public DiagonalKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _means = new T[d * Kp];
        _precisions = new T[TLayout.Spherical ? Kp : d * Kp];
        _firstMeans = SortsFirstMoments ? new T[d * Kp] : [];
        _gather = SortsFirstMoments ? new ResponsibilityGather<T>(k, Kp, TV.Count) : null;
    }

    /// <summary>
    /// Spherical F of float32, kp = 64 at 512 bits (<see cref="ResponsibilityGather{T}.Sorts"/>): the E-step, N and S
    /// keep the model's order (the log-sum-exp's sums depend on it), which mixes near and far components in every
    /// register; F alone is summed along the means' principal axis (<see cref="ComponentOrder"/>): each tile's
    /// responsibilities are reordered in place and each register's rows listed in one pass, and each register summed
    /// over its rows not all exactly 0 (a row left out adds 0·(x − μ) = 0 for finite x − μ, and a component's F is the
    /// same sequence of operations in any lane, so the sums equal the model order's bit for bit). Every other spherical
    /// shape runs the four-register pairs and the listed rows in the model's order.
    /// </summary>
    private bool SortsFirstMoments => TLayout.Spherical && ResponsibilityGather<T>.Sorts(Kp, TV.Count);

    /// <inheritdoc />
    /// <remarks>
    /// The per-register loops that <see cref="AccumulateTile"/> calls on this problem, which its own compilation does
    /// not compile (each is compiled at its first call): the narrow last register's (256-bit), the full registers', and
    /// spherical's four-register pairs when there are four registers (in F's own order, <see cref="SortsFirstMoments"/>,
    /// the listed rows' loop and the gather instead). The warm-up's precompilation then compiles them
    /// instead of the synthetic iteration's thread after the E-step.
    /// </remarks>
    protected override IEnumerable<System.Reflection.MethodInfo> StatisticsHelpers
    {
        get
        {
            int w = TV.Count, grouped = TLayout.Spherical ? Kp / (4 * w) * (4 * w) : 0, wide = NarrowLastRegister ? Kp - w : Kp;
            var methods = new List<System.Reflection.MethodInfo>();
            if (SortsFirstMoments)
            {
                methods.Add(((Action<CpuLane<T>, int, int, T[], int>)MomentsOfListedRows<TV>).Method);
                methods.Add(ResponsibilityGather<T>.Method);
                return methods;
            }
            if (Math.Max(grouped, wide) < Kp)
            {
                methods.Add(((Action<CpuLane<T>, int, int, T[], int>)MomentsOfListedRows<Simd256<T>>).Method);
                methods.Add(((Func<CpuLane<T>, int, int, int>)ListRowsAndAddSums<Simd256<T>>).Method);
            }
            if (grouped < wide)
            {
                methods.Add(((Action<CpuLane<T>, int, int, T[], int>)MomentsOfListedRows<TV>).Method);
                methods.Add(((Func<CpuLane<T>, int, int, int>)ListRowsAndAddSums<TV>).Method);
            }
            if (grouped > 0) methods.Add(((Func<CpuLane<T>, int, int, int>)FirstMomentsInPairs).Method);
            return methods;
        }
    }

    public override CpuLane<T> CreateLane(int tileRows) =>
        new(this, tileRows, D * Kp, TLayout.Spherical ? Kp : D * Kp, TLayout.Spherical ? tileRows * Kp : 0,
            _gather is null ? 1 : ResponsibilityGather<T>.ListedRegisters);

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        Array.Clear(_means);
        Array.Clear(_precisions);
        var pc = model.PrecisionsCholeskyArray;
        // Diag orders its components along the means' principal axis, so that the statistics can skip a point's
        // registers of far components (all r exactly 0) more often; spherical keeps the identity (another order would
        // change the order of its log-sum-exp's sums, and so its results). Log-probabilities alone (the model's queries)
        // need no order: each component's arithmetic is the same in any lane, and in order they are copied out row by row.
        if (!TLayout.Spherical && OrdersComponents)
        {
            ComponentOrder.AlongPrincipalAxis(model.MeansArray, K, D, Slots);
            var constants = model.LogDensityConstants;
            for (int c = 0; c < K; c++) Constants[Slots[c]] = T.CreateTruncating(constants[c]);
        }
        else
        {
            for (int c = 0; c < K; c++) Slots[c] = c;
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
        if (_gather is null) return;
        // F's own order (SortsFirstMoments): along the principal axis for the statistics, else as is.
        var firstSlots = _gather.Slots;
        if (OrdersComponents) ComponentOrder.AlongPrincipalAxis(model.MeansArray, K, D, firstSlots);
        else for (int c = 0; c < K; c++) firstSlots[c] = c;
        _gather.Prepare();
        Array.Clear(_firstMeans);
        for (int c = 0; c < K; c++)
            for (int j = 0; j < D; j++) _firstMeans[j * Kp + firstSlots[c]] = _means[j * Kp + c];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void LogProbabilities(CpuLane<T> lane, int rows) =>
        DiagonalLogDensities<T, TLayout, TV>.Compute(_means, _precisions, Constants, lane, RoundUp(rows, RowBlock), K, Kp, D, Dp, NarrowLastRegister,
            fourRegisters: !MinimalVariants);

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
        // Spherical N and S (S from the E-step's distances) of the registers done four at a time below, a register at a
        // time; the other registers sum theirs where they list their rows (ListRowsAndAddSums), in the same order.
        int grouped = TLayout.Spherical ? kp / (4 * w) * (4 * w) : 0;
        for (int v = 0; v < grouped; v += w)
        {
            var n = TV.Load(ref tileN, (nuint)v);
            var s = TV.Load(ref second, (nuint)v);
            for (int b = 0; b < rows; b++)
            {
                nuint o = (nuint)(b * kp + v);
                var r = TV.Load(ref resp, o);
                n += r;
                s = TV.MultiplyAdd(r, TV.Load(ref distances, o), s);
            }
            n.Store(ref tileN, (nuint)v);
            s.Store(ref second, (nuint)v);
        }
        if (_gather is not null)
        {
            // F in its own order (SortsFirstMoments; kp = 4 registers, so N and S are all done above, in the model's
            // order): the tile's responsibilities reordered and listed in one pass (register v's rows in lane.Rows from
            // (v / w)·tile rows on), then F of each register over its listed rows.
            Span<int> counts = stackalloc int[ResponsibilityGather<T>.ListedRegisters];
            _gather.ApplyAndList(lane.Lp, rows, lane.Rows, lane.TileRows, counts);
            for (int v = 0; v < kp; v += w)
                if (counts[v / w] > 0) MomentsOfListedRows<TV>(lane, counts[v / w], v, _firstMeans, v / w * lane.TileRows);
            return;
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
        // One component register at a time over the rows listed for it: the rows whose responsibilities in the register
        // are not all exactly 0 (a row left out would add exactly 0 to every sum: r·(x − μ) = 0 and, spherical,
        // r·Σ(x − μ)² = 0). Spherical registers past the last group of four, and every diag register.
        // A last register whose real components fit in its lower half (NarrowLastRegister) goes at 256 bits: each real
        // lane's sums are the same sequence of operations, and the padding lanes are never published.
        int wide = NarrowLastRegister ? kp - w : kp;
        for (; v0 < wide; v0 += w)
        {
            int count = ListRowsAndAddSums<TV>(lane, rows, v0);
            if (count > 0) MomentsOfListedRows<TV>(lane, count, v0, _means, 0);
        }
        if (v0 < kp)
        {
            int count = ListRowsAndAddSums<Simd256<T>>(lane, rows, v0);
            if (count > 0) MomentsOfListedRows<Simd256<T>>(lane, count, v0, _means, 0);
        }
    }

    /// <summary>
    /// Adds the tile's responsibilities in the component register at <paramref name="v0"/> into lane.TileN (spherical:
    /// and r times the E-step's distances into lane.TileSecond), rows in order, as a separate pass would, and lists in
    /// lane.Rows the rows whose responsibilities there are not all exactly 0; returns how many. One load of each
    /// responsibility register for all three. <typeparamref name="TR"/>: <typeparamref name="TV"/>, or its lower half for a
    /// narrow last register (its upper half is padding, never published; a row whose padding lanes were not 0 is NaN in
    /// every real lane too, so the rows listed are the same).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ListRowsAndAddSums<TR>(CpuLane<T> lane, int rows, int v0) where TR : struct, ISimd<TR, T>
    {
        int kp = Kp, count = 0;
        ref T resp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.Lp), v0);
        ref T distances = ref TLayout.Spherical ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.Scratch), v0) : ref Unsafe.NullRef<T>();
        ref T tileN = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.TileN), v0);
        ref T second = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.TileSecond), v0);
        ref int listed = ref MemoryMarshal.GetArrayDataReference(lane.Rows);
        var n = TR.Load(ref tileN, 0);
        var s = TLayout.Spherical ? TR.Load(ref second, 0) : default;
        for (int b = 0; b < rows; b++)
        {
            nuint o = (nuint)(b * kp);
            var r = TR.Load(ref resp, o);
            n += r;
            if (TLayout.Spherical) s = TR.MultiplyAdd(r, TR.Load(ref distances, o), s);
            // Without a branch (a point's register is all 0 about half the time, in no pattern a predictor learns):
            // (m | −m) >> 63 is 1 for a mask m ≠ 0.
            ulong owned = TR.NonZeroLanes(r);
            Unsafe.Add(ref listed, count) = b;
            count += (int)((owned | (0 - owned)) >> 63);
        }
        n.Store(ref tileN, 0);
        if (TLayout.Spherical) s.Store(ref second, 0);
        return count;
    }

    /// <summary>
    /// F (diag: and S) of the component register at <paramref name="v0"/> (means from <paramref name="meanArray"/>, d×kp)
    /// over the first <paramref name="count"/> rows listed in lane.Rows from <paramref name="listStart"/> on (in row
    /// order): four features per pass over the rows (independent accumulator chains), the last d mod 4 in one more pass.
    /// <typeparamref name="TR"/>: <typeparamref name="TV"/>, or its lower half for a narrow last register.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void MomentsOfListedRows<TR>(CpuLane<T> lane, int count, int v0, T[] meanArray, int listStart) where TR : struct, ISimd<TR, T>
    {
        int kp = Kp, d = D, dp = Dp, j = 0;
        ref T means = ref MemoryMarshal.GetArrayDataReference(meanArray);
        ref T resp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T second = ref MemoryMarshal.GetArrayDataReference(lane.TileSecond);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref int listed = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.Rows), listStart);
        for (; j + 4 <= d; j += 4)
        {
            nuint o = (nuint)(j * kp + v0), o1 = o + (nuint)kp, o2 = o + (nuint)(2 * kp), o3 = o + (nuint)(3 * kp);
            TR m0 = TR.Load(ref means, o), m1 = TR.Load(ref means, o1), m2 = TR.Load(ref means, o2), m3 = TR.Load(ref means, o3);
            TR f0 = TR.Load(ref first, o), f1 = TR.Load(ref first, o1), f2 = TR.Load(ref first, o2), f3 = TR.Load(ref first, o3);
            TR s0 = default, s1 = default, s2 = default, s3 = default;
            if (!TLayout.Spherical) { s0 = TR.Load(ref second, o); s1 = TR.Load(ref second, o1); s2 = TR.Load(ref second, o2); s3 = TR.Load(ref second, o3); }
            for (int q = 0; q < count; q++)
            {
                int b = Unsafe.Add(ref listed, q);
                var rv = TR.Load(ref resp, (nuint)(b * kp + v0));
                ref T xj = ref Unsafe.Add(ref x, b * dp + j);
                Moments<TR>(TR.Create(xj), m0, rv, ref f0, ref s0);
                Moments<TR>(TR.Create(Unsafe.Add(ref xj, 1)), m1, rv, ref f1, ref s1);
                Moments<TR>(TR.Create(Unsafe.Add(ref xj, 2)), m2, rv, ref f2, ref s2);
                Moments<TR>(TR.Create(Unsafe.Add(ref xj, 3)), m3, rv, ref f3, ref s3);
            }
            f0.Store(ref first, o); f1.Store(ref first, o1); f2.Store(ref first, o2); f3.Store(ref first, o3);
            if (!TLayout.Spherical) { s0.Store(ref second, o); s1.Store(ref second, o1); s2.Store(ref second, o2); s3.Store(ref second, o3); }
        }
        // The last d mod 4 features in one pass as well (a pass per feature would run one chain of each sum at a time).
        int rest = d - j;
        if (rest == 0) return;
        nuint p = (nuint)(j * kp + v0), p1 = p + (nuint)kp, p2 = p + (nuint)(2 * kp);
        TR n0 = TR.Load(ref means, p), g0 = TR.Load(ref first, p), t0 = TLayout.Spherical ? default : TR.Load(ref second, p);
        TR n1 = default, n2 = default, g1 = default, g2 = default, t1 = default, t2 = default;
        if (rest > 1) { n1 = TR.Load(ref means, p1); g1 = TR.Load(ref first, p1); if (!TLayout.Spherical) t1 = TR.Load(ref second, p1); }
        if (rest > 2) { n2 = TR.Load(ref means, p2); g2 = TR.Load(ref first, p2); if (!TLayout.Spherical) t2 = TR.Load(ref second, p2); }
        for (int q = 0; q < count; q++)
        {
            int b = Unsafe.Add(ref listed, q);
            var rv = TR.Load(ref resp, (nuint)(b * kp + v0));
            ref T xj = ref Unsafe.Add(ref x, b * dp + j);
            Moments<TR>(TR.Create(xj), n0, rv, ref g0, ref t0);
            if (rest > 1) Moments<TR>(TR.Create(Unsafe.Add(ref xj, 1)), n1, rv, ref g1, ref t1);
            if (rest > 2) Moments<TR>(TR.Create(Unsafe.Add(ref xj, 2)), n2, rv, ref g2, ref t2);
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
    private static void Moments<TR>(TR x, TR mean, TR responsibility, ref TR first, ref TR second) where TR : struct, ISimd<TR, T>
    {
        var e = x - mean;
        if (TLayout.Spherical) first = TR.MultiplyAdd(responsibility, e, first);
        else
        {
            var g = responsibility * e;
            first += g;
            second = TR.MultiplyAdd(g, e, second);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Publish(CpuLane<T> lane)
    {
        int d = D, kp = Kp;
        for (int c = 0; c < K; c++)
        {
            int slot = Slots[c], firstSlot = _gather is null ? slot : _gather.Slots[c];
            lane.N[c] += lane.WideN[slot];
            for (int j = 0; j < d; j++)
            {
                lane.F[c * d + j] += lane.WideFirst[j * kp + firstSlot];
                if (!TLayout.Spherical) lane.S[c * d + j] += lane.WideSecond[j * kp + slot];
            }
            if (TLayout.Spherical) lane.S[c] += lane.WideSecond[slot];
        }
        Array.Clear(lane.WideN);
        Array.Clear(lane.WideFirst);
        Array.Clear(lane.WideSecond);
    }
}
