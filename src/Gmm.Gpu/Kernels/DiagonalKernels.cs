// Diagonal-family E-step and statistics kernels: diag and spherical (p broadcast over features), and tied's component
// pass on projected points y = (x − c) U (TiedLogSumExp, TiedStatistics). Shapes: x n×d row-major (raw, the kernels
// subtract `center`); projected n×d (already centred); means, precisions d×kp (feature-major, so a chunk of features ×
// 64 components loads coalesced; tied: projected means, precisions 1); constants kp (log π_k + log det U_k − ½ d log 2π);
// lse n (per-point log-sum-exp, the only per-point output); N k, F k×d, S k×d float64 accumulators; scalars
// [Σ w log p(x), Σ w]. Compile-time modes: TWeights (per-point weights or all 1), TLse (k ≤ 64: the statistics pass
// takes the log-sum-exp itself).
// Work is GEMM-like: a group of 256 threads (t = 16·ty + tx) owns a tile of 64 points × 64 components, each thread a
// 4×4 register tile of contiguous points p0 + 4·ty + q and components kb + 4·tx + i (DiagonalProduct), features
// streamed through shared memory 8 at a time. Shared responsibility tile resp[p][c] (64 × 64, row-major): a thread
// stores its 4 components of a point as one Quad (the 8 lanes of a quarter-warp write 128 contiguous bytes: no bank
// conflict), and Moments reads them back the same way. Log-sum-exp partials [point][tx] use rows of 17 so that the
// 64 reducing threads (one point each) hit distinct banks.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>The two passes of the diagonal family: per-point log-sum-exp, then responsibilities fused with statistics.</summary>
internal static class DiagonalKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    private const int PartStride = 17; // log-sum-exp partials of one point (16 component groups + 1 pad)

    /// <summary>
    /// Pass 1 (diag, spherical; k &gt; 64): lse[p] = log Σ_k exp(log π_k + log N(x_p | k)) for every point, and Σ w lse,
    /// Σ w into scalars. Grid: any number of groups, striding over point tiles.
    /// </summary>
    public static void LogSumExp<TWeights>(DiagonalArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse, ArrayView<double> scalars)
        where TWeights : struct, IWeightMode =>
        LogSumExpPass<TWeights>(a, x, center, centered: false, weights, means, precisions, constants, lse, scalars);

    /// <summary>Pass 1 of tied (k &gt; 64) on the projected points: <see cref="LogSumExp{TWeights}"/> with unit precisions and no centre.</summary>
    public static void TiedLogSumExp<TWeights>(DiagonalArgs a, ArrayView<T> projected, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> lse, ArrayView<double> scalars)
        where TWeights : struct, IWeightMode =>
        LogSumExpPass<TWeights>(a, projected, default, centered: true, weights, means, precisions, constants, lse, scalars);

    /// <summary>Pass 1 over points <paramref name="x"/>, minus <paramref name="center"/> unless <paramref name="centered"/>.</summary>
    private static void LogSumExpPass<TWeights>(in DiagonalArgs a, ArrayView<T> x, ArrayView<T> center, bool centered,
        ArrayView<T> weights, ArrayView<T> means, ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> lse,
        ArrayView<double> scalars)
        where TWeights : struct, IWeightMode
    {
        var work = SharedMemory.Allocate<T>(DiagonalProduct<T, TOps>.WorkLength);
        var partMax = SharedMemory.Allocate<T>(TilePoints * PartStride);
        var partSum = SharedMemory.Allocate<T>(TilePoints * PartStride);
        int t = Group.IdxX, tx = t % 16, ty = t / 16;
        var ops = default(TOps);
        T negInf = T.NegativeInfinity, half = ops.FromDouble(0.5);
        double logLikelihood = 0, weightSum = 0;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            Quad<T> max = default, sum = default;
            max.V0 = negInf; max.V1 = negInf; max.V2 = negInf; max.V3 = negInf;
            for (int kb = 0; kb < a.K; kb += TileComponents)
            {
                Tile<T> acc = default;
                DiagonalProduct<T, TOps>.Distances(a, x, means, precisions, center, centered, work, p0, kb, tx, ty, writtenOut: false, ref acc);
                var c = Constants(a, constants, kb + 4 * tx);
                Update(ref max.V0, ref sum.V0, acc.R0, c, half);
                Update(ref max.V1, ref sum.V1, acc.R1, c, half);
                Update(ref max.V2, ref sum.V2, acc.R2, c, half);
                Update(ref max.V3, ref sum.V3, acc.R3, c, half);
            }
            StorePartials(partMax, partSum, max, sum, tx, ty);
            Group.Barrier();
            if (t < TilePoints && p0 + t < a.N)
                PointTotals<T, TOps>.Add<TWeights>(weights, lse, p0 + t, MergePartials(partMax, partSum, t), ref logLikelihood, ref weightSum);
        }
        PointTotals<T, TOps>.Flush(logLikelihood, weightSum, scalars);
    }

    /// <summary>
    /// Pass 2 (diag, spherical): recomputes the log-densities of component tile y % tiles (y = a.FirstGroup + Grid.IdxY),
    /// turns them into w·r with lse, and adds N_k, F_k = Σ w r (x − μ'_k), S_k = Σ w r (x − μ'_k)² for the 64 features
    /// of dimension group y / tiles (μ' = μ − c, the shifted means).
    /// </summary>
    public static void Statistics<TWeights, TLse>(DiagonalArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s)
        where TWeights : struct, IWeightMode
        where TLse : struct, ILseMode =>
        StatisticsPass<TWeights, TLse>(a, x, x, weights, means, precisions, constants, center, lse, n, f, s, tied: false);

    /// <summary>
    /// Pass 2 of tied: the E-step on the projected points (unit precisions, no centre), and N_k, F_k = Σ w r (x − c)
    /// about the centre from the raw points (tied's S is the scatter, a separate pass).
    /// </summary>
    public static void TiedStatistics<TWeights, TLse>(DiagonalArgs a, ArrayView<T> projected, ArrayView<T> x, ArrayView<T> weights,
        ArrayView<T> means, ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f)
        where TWeights : struct, IWeightMode
        where TLse : struct, ILseMode =>
        StatisticsPass<TWeights, TLse>(a, projected, x, weights, means, precisions, constants, center, lse, n, f, default, tied: true);

    /// <summary>
    /// Pass 2 with the E-step on <paramref name="ex"/> and the statistics of <paramref name="x"/> − c. Not
    /// <paramref name="tied"/>: ex = x, the E-step subtracts the centre too, and the statistics are taken about the
    /// shifted means, second order included; <paramref name="tied"/>: ex is already centred and the statistics are
    /// first order about the centre.
    /// </summary>
    private static void StatisticsPass<TWeights, TLse>(in DiagonalArgs a, ArrayView<T> ex, ArrayView<T> x, ArrayView<T> weights,
        ArrayView<T> means, ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, bool tied)
        where TWeights : struct, IWeightMode
        where TLse : struct, ILseMode
    {
        var work = SharedMemory.Allocate<T>(DiagonalProduct<T, TOps>.WorkLength);
        var resp = SharedMemory.Allocate<T>(TilePoints * TileComponents); // [p][c]
        var tileLse = SharedMemory.Allocate<T>(TilePoints);
        var tileW = SharedMemory.Allocate<T>(TilePoints);
        int t = Group.IdxX, tx = t % 16, ty = t / 16;
        int y = a.FirstGroup + Grid.IdxY;
        int componentTile = y % a.ComponentTiles, dimGroup = y / a.ComponentTiles;
        int kb = componentTile * TileComponents, jg = dimGroup * FeatureGroup;
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        T n0 = T.Zero;
        bool fused = default(TLse).Fused, weighted = default(TWeights).HasWeights;
        double logLikelihood = 0, weightSum = 0;
        Quad<T> f0 = default, f1 = default, f2 = default, f3 = default;
        Quad<T> s0 = default, s1 = default, s2 = default, s3 = default;
        int pending = 0;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            if (t < TilePoints)
            {
                bool valid = p0 + t < a.N;
                if (!fused) tileLse[t] = valid ? lse[p0 + t] : T.PositiveInfinity; // exp(· − ∞) = 0 for padding
                tileW[t] = !valid ? T.Zero : weighted ? weights[p0 + t] : T.One;
            }
            Tile<T> acc = default;
            DiagonalProduct<T, TOps>.Distances(a, ex, means, precisions, center, centered: tied, work, p0, kb, tx, ty, writtenOut: true, ref acc);
            var c = Constants(a, constants, kb + 4 * tx);
            if (fused)
            {
                T value = TileLogSumExp(a, resp, acc, c, half, p0, t, tx, ty);
                if (t < TilePoints)
                {
                    bool valid = p0 + t < a.N;
                    tileLse[t] = valid ? value : T.PositiveInfinity;
                    if (valid && dimGroup == 0)
                    {
                        double w = ops.ToDouble(tileW[t]);
                        logLikelihood += w * ops.ToDouble(value);
                        weightSum += w;
                    }
                }
                Group.Barrier();
            }
            StoreResponsibilities(resp, tileLse, tileW, acc, c, tx, ty, half);
            Group.Barrier();
            if (dimGroup == 0 && t < TileComponents)
            {
                T sum = T.Zero;
                for (int p = 0; p < TilePoints; p++) sum += resp[p * TileComponents + t];
                n0 += sum;
            }
            if (jg < a.D) Moments(a, x, center, means, tied, work, resp, p0, kb, jg, tx, ty, ref f0, ref s0);
            if (jg + MomentFeatures < a.D) Moments(a, x, center, means, tied, work, resp, p0, kb, jg + MomentFeatures, tx, ty, ref f1, ref s1);
            if (jg + 2 * MomentFeatures < a.D) Moments(a, x, center, means, tied, work, resp, p0, kb, jg + 2 * MomentFeatures, tx, ty, ref f2, ref s2);
            if (jg + 3 * MomentFeatures < a.D) Moments(a, x, center, means, tied, work, resp, p0, kb, jg + 3 * MomentFeatures, tx, ty, ref f3, ref s3);
            if (++pending == FlushTiles)
            {
                Flush(a, n, f, s, !tied, kb, jg, dimGroup, t, tx, ty, ref n0, ref f0, ref f1, ref f2, ref f3, ref s0, ref s1, ref s2, ref s3);
                pending = 0;
            }
        }
        Flush(a, n, f, s, !tied, kb, jg, dimGroup, t, tx, ty, ref n0, ref f0, ref f1, ref f2, ref f3, ref s0, ref s1, ref s2, ref s3);
        if (fused) PointTotals<T, TOps>.Flush(logLikelihood, weightSum, n.SubView(a.K, 2)); // zeros from groups with dimGroup > 0
    }

    /// <summary>
    /// Log-sum-exp over all k ≤ 64 components of the tile's points, from the thread's 4×4 distances: partial maxima and
    /// sums go through <paramref name="scratch"/> (the responsibility tile, not yet in use); threads t &lt; 64 return
    /// point t's value. Every thread must call it.
    /// </summary>
    private static T TileLogSumExp(in DiagonalArgs a, ArrayView<T> scratch, in Tile<T> acc, in Quad<T> c, T half, int p0, int t, int tx, int ty)
    {
        T negInf = T.NegativeInfinity;
        Quad<T> max = default, sum = default;
        max.V0 = negInf; max.V1 = negInf; max.V2 = negInf; max.V3 = negInf;
        Update(ref max.V0, ref sum.V0, acc.R0, c, half);
        Update(ref max.V1, ref sum.V1, acc.R1, c, half);
        Update(ref max.V2, ref sum.V2, acc.R2, c, half);
        Update(ref max.V3, ref sum.V3, acc.R3, c, half);
        const int Sums = TilePoints * PartStride;
        StorePartials(scratch, scratch.SubView(Sums, Sums), max, sum, tx, ty);
        Group.Barrier();
        T value = t < TilePoints && p0 + t < a.N ? MergePartials(scratch, scratch.SubView(Sums, Sums), t) : T.Zero;
        Group.Barrier(); // the scratch (responsibility tile) is rewritten next
        return value;
    }

    /// <summary>Point t's log-sum-exp from its 16 partial maxima and sums (<see cref="StorePartials"/>'s layout), in order.</summary>
    private static T MergePartials(ArrayView<T> partMax, ArrayView<T> partSum, int t)
    {
        var ops = default(TOps);
        T negInf = T.NegativeInfinity, m = negInf;
        for (int l = 0; l < 16; l++) m = Max(m, partMax[t * PartStride + l]);
        T s = T.Zero;
        for (int l = 0; l < 16; l++)
        {
            T pm = partMax[t * PartStride + l];
            if (pm != negInf) s += partSum[t * PartStride + l] * ops.Exp(pm - m);
        }
        return m + ops.Log(s);
    }

    private static T Max(T a, T b) => a > b ? a : b;

    /// <summary>The constants of components c0..c0+3 (−∞ beyond k, so that padding gets no responsibility).</summary>
    private static Quad<T> Constants(in DiagonalArgs a, ArrayView<T> constants, int c0)
    {
        Quad<T> c;
        c.V0 = Constant(a, constants, c0);
        c.V1 = Constant(a, constants, c0 + 1);
        c.V2 = Constant(a, constants, c0 + 2);
        c.V3 = Constant(a, constants, c0 + 3);
        return c;
    }

    private static T Constant(in DiagonalArgs a, ArrayView<T> constants, int c) =>
        c < a.K ? constants[c] : T.NegativeInfinity;

    /// <summary>
    /// The thread's partial maxima and sums of points 4·ty + q (component group tx) at [point·17 + tx]: a warp's stores
    /// are 2-way conflicted (ty and ty + 1 are 68 floats apart), the reduction's reads ([t·17 + l]) conflict-free.
    /// </summary>
    private static void StorePartials(ArrayView<T> partMax, ArrayView<T> partSum, in Quad<T> max, in Quad<T> sum, int tx, int ty)
    {
        int o = 4 * ty * PartStride + tx;
        partMax[o] = max.V0; partSum[o] = sum.V0;
        partMax[o + PartStride] = max.V1; partSum[o + PartStride] = sum.V1;
        partMax[o + 2 * PartStride] = max.V2; partSum[o + 2 * PartStride] = sum.V2;
        partMax[o + 3 * PartStride] = max.V3; partSum[o + 3 * PartStride] = sum.V3;
    }

    /// <summary>Online log-sum-exp of one point over the thread's four components.</summary>
    private static void Update(ref T max, ref T sum, in Quad<T> distances, in Quad<T> c, T half)
    {
        var ops = default(TOps);
        T l0 = c.V0 - half * distances.V0, l1 = c.V1 - half * distances.V1;
        T l2 = c.V2 - half * distances.V2, l3 = c.V3 - half * distances.V3;
        T top = Max(Max(l0, l1), Max(l2, l3));
        if (top == T.NegativeInfinity) return;
        if (top > max)
        {
            if (max != T.NegativeInfinity) sum *= ops.Exp(max - top);
            max = top;
        }
        sum += ops.Exp(l0 - max) + ops.Exp(l1 - max) + ops.Exp(l2 - max) + ops.Exp(l3 - max);
    }

    /// <summary>resp[4·ty + q][4·tx + i] = w·exp(log π + log N − lse): one 16-byte store per point.</summary>
    private static void StoreResponsibilities(ArrayView<T> resp, ArrayView<T> tileLse, ArrayView<T> tileW,
        in Tile<T> acc, in Quad<T> c, int tx, int ty, T half)
    {
        Quad<T> w = tileW.Cast<Quad<T>>()[ty], l = tileLse.Cast<Quad<T>>()[ty];
        var rows = resp.Cast<Quad<T>>().SubView(4 * ty * (TileComponents / 4) + tx, 3 * (TileComponents / 4) + 1);
        rows[0] = Responsibilities(acc.R0, c, w.V0, l.V0, half);
        rows[TileComponents / 4] = Responsibilities(acc.R1, c, w.V1, l.V1, half);
        rows[2 * (TileComponents / 4)] = Responsibilities(acc.R2, c, w.V2, l.V2, half);
        rows[3 * (TileComponents / 4)] = Responsibilities(acc.R3, c, w.V3, l.V3, half);
    }

    private static Quad<T> Responsibilities(in Quad<T> distances, in Quad<T> c, T w, T l, T half)
    {
        var ops = default(TOps);
        Quad<T> r;
        r.V0 = w * ops.Exp(c.V0 - half * distances.V0 - l);
        r.V1 = w * ops.Exp(c.V1 - half * distances.V1 - l);
        r.V2 = w * ops.Exp(c.V2 - half * distances.V2 - l);
        r.V3 = w * ops.Exp(c.V3 - half * distances.V3 - l);
        return r;
    }

    /// <summary>
    /// F, S of features j0..j0+15 (thread: feature j0+ty, components kb+4·tx+i) over the tile, about the shifted means
    /// (tied: F only, about the centre). Per 4 points: the thread's x as one Quad (a broadcast: the 8 lanes of a
    /// quarter-warp share ty) and its 4 components' responsibilities of each point as one Quad (8 lanes: 128
    /// contiguous bytes of a resp row, conflict-free).
    /// </summary>
    private static void Moments(in DiagonalArgs a, ArrayView<T> x, ArrayView<T> center, ArrayView<T> means, bool tied,
        ArrayView<T> work, ArrayView<T> resp, int p0, int kb, int j0, int tx, int ty, ref Quad<T> f, ref Quad<T> s)
    {
        int t = Group.IdxX;
        Group.Barrier();
        for (int e = t; e < MomentFeatures * TilePoints; e += GroupSize)
        {
            int pp = e / MomentFeatures, jj = e % MomentFeatures, p = p0 + pp, j = j0 + jj;
            T v = T.Zero;
            if (p < a.N && j < a.D) v = x[(long)p * a.D + j] - center[j];
            work[jj * TilePoints + pp] = v;
        }
        Group.Barrier();
        int jt = j0 + ty;
        if (jt >= a.D) return;
        const int Row = TileComponents / 4; // quads per resp row
        var xrow = work.Cast<Quad<T>>().SubView(ty * (TilePoints / 4), TilePoints / 4);
        var rq = resp.Cast<Quad<T>>().SubView(tx, (TilePoints - 1) * Row + 1);
        if (!tied)
        {
            long mo = (long)jt * a.Kp + kb + 4 * tx;
            Quad<T> m;
            m.V0 = means[mo]; m.V1 = means[mo + 1]; m.V2 = means[mo + 2]; m.V3 = means[mo + 3];
            for (int p4 = 0; p4 < TilePoints / 4; p4++)
            {
                Quad<T> xv = xrow[p4];
                var rr = rq.SubView(p4 * 4 * Row, 3 * Row + 1);
                Quad<T> r0 = rr[0], r1 = rr[Row], r2 = rr[2 * Row], r3 = rr[3 * Row]; // whole copies: ld.shared.v4
                Second(ref f, ref s, xv.V0, m, r0);
                Second(ref f, ref s, xv.V1, m, r1);
                Second(ref f, ref s, xv.V2, m, r2);
                Second(ref f, ref s, xv.V3, m, r3);
            }
        }
        else
        {
            for (int p4 = 0; p4 < TilePoints / 4; p4++)
            {
                Quad<T> xv = xrow[p4];
                var rr = rq.SubView(p4 * 4 * Row, 3 * Row + 1);
                Quad<T> r0 = rr[0], r1 = rr[Row], r2 = rr[2 * Row], r3 = rr[3 * Row]; // whole copies: ld.shared.v4
                First(ref f, xv.V0, r0);
                First(ref f, xv.V1, r1);
                First(ref f, xv.V2, r2);
                First(ref f, xv.V3, r3);
            }
        }
    }

    /// <summary>f += r·x for the thread's 4 components at one point (x already about the centre: tied).</summary>
    private static void First(ref Quad<T> f, T x, Quad<T> r)
    {
        f.V0 += r.V0 * x; f.V1 += r.V1 * x;
        f.V2 += r.V2 * x; f.V3 += r.V3 * x;
    }

    /// <summary>f += r·(x − μ), s += r·(x − μ)² for the thread's 4 components at one point.</summary>
    private static void Second(ref Quad<T> f, ref Quad<T> s, T x, Quad<T> m, Quad<T> r)
    {
        T d0 = x - m.V0, d1 = x - m.V1, d2 = x - m.V2, d3 = x - m.V3;
        T r0 = r.V0 * d0, r1 = r.V1 * d1, r2 = r.V2 * d2, r3 = r.V3 * d3;
        f.V0 += r0; f.V1 += r1; f.V2 += r2; f.V3 += r3;
        s.V0 += r0 * d0; s.V1 += r1 * d1; s.V2 += r2 * d2; s.V3 += r3 * d3;
    }

    private static void Flush(in DiagonalArgs a, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, bool secondOrder,
        int kb, int jg, int dimGroup, int t, int tx, int ty, ref T n0,
        ref Quad<T> f0, ref Quad<T> f1, ref Quad<T> f2, ref Quad<T> f3,
        ref Quad<T> s0, ref Quad<T> s1, ref Quad<T> s2, ref Quad<T> s3)
    {
        if (dimGroup == 0 && t < TileComponents && kb + t < a.K) Atomic.Add(ref n[kb + t], default(TOps).ToDouble(n0));
        n0 = T.Zero;
        FlushQuad(a, f, s, secondOrder, kb + 4 * tx, jg + ty, ref f0, ref s0);
        FlushQuad(a, f, s, secondOrder, kb + 4 * tx, jg + MomentFeatures + ty, ref f1, ref s1);
        FlushQuad(a, f, s, secondOrder, kb + 4 * tx, jg + 2 * MomentFeatures + ty, ref f2, ref s2);
        FlushQuad(a, f, s, secondOrder, kb + 4 * tx, jg + 3 * MomentFeatures + ty, ref f3, ref s3);
    }

    /// <summary>Adds the thread's F, S of components c0..c0+3 at feature j into the float64 accumulators.</summary>
    private static void FlushQuad(in DiagonalArgs a, ArrayView<double> f, ArrayView<double> s, bool secondOrder, int c0, int j,
        ref Quad<T> fq, ref Quad<T> sq)
    {
        if (j < a.D)
        {
            FlushOne(a, f, s, secondOrder, c0, j, fq.V0, sq.V0);
            FlushOne(a, f, s, secondOrder, c0 + 1, j, fq.V1, sq.V1);
            FlushOne(a, f, s, secondOrder, c0 + 2, j, fq.V2, sq.V2);
            FlushOne(a, f, s, secondOrder, c0 + 3, j, fq.V3, sq.V3);
        }
        fq = default;
        sq = default;
    }

    private static void FlushOne(in DiagonalArgs a, ArrayView<double> f, ArrayView<double> s, bool secondOrder, int c, int j, T fv, T sv)
    {
        if (c >= a.K) return;
        var ops = default(TOps);
        long o = (long)c * a.D + j;
        Atomic.Add(ref f[o], ops.ToDouble(fv));
        if (secondOrder) Atomic.Add(ref s[o], ops.ToDouble(sv));
    }
}
