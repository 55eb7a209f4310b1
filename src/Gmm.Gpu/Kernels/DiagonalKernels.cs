// Diagonal-family E-step and statistics kernels (diag; spherical with p broadcast over features; tied's
// component pass on projected points). Shapes: x n×d row-major (raw, the kernel subtracts `center`);
// means, precisions d×kp (feature-major, so a chunk of features × 64 components loads coalesced);
// constants kp (log π_k + log det U_k − ½ d log 2π); lse n (per-point log-sum-exp, the only per-point output);
// N k, F k×d, S k×d float64 accumulators; scalars [Σ w log p(x), Σ w].
// Work is GEMM-like: a group of 256 threads (16×16) owns a tile of 64 points × 64 components, each thread a
// 4×4 register tile, features streamed through shared memory 8 at a time.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace Gmm.Gpu.Kernels;

/// <summary>The two passes of the diagonal family: per-point log-sum-exp, then responsibilities fused with statistics.</summary>
internal static class DiagonalKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    public const int GroupSize = 256;
    public const int TilePoints = 64;
    public const int TileComponents = 64;
    public const int DimChunk = 8;
    public const int StatDims = 16;
    public const int DimGroup = 64;
    private const int Chunk = DimChunk * TilePoints; // 512: one staged array of the E-step

    /// <summary>
    /// Pass 1: lse[p] = log Σ_k exp(log π_k + log N(x_p | k)) for every point, and Σ w lse, Σ w into scalars.
    /// Grid: any number of groups, striding over point tiles.
    /// </summary>
    public static void LogSumExp(DiagonalArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse, ArrayView<double> scalars)
    {
        var work = SharedMemory.Allocate<T>(3 * Chunk);
        var partMax = SharedMemory.Allocate<T>(TilePoints * 16);
        var partSum = SharedMemory.Allocate<T>(TilePoints * 16);
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
                Distances(a, x, means, precisions, center, work, p0, kb, tx, ty, ref acc);
                Quad<T> c;
                c.V0 = Constant(a, constants, kb + tx);
                c.V1 = Constant(a, constants, kb + 16 + tx);
                c.V2 = Constant(a, constants, kb + 32 + tx);
                c.V3 = Constant(a, constants, kb + 48 + tx);
                Update(ref max.V0, ref sum.V0, acc.R0, c, half);
                Update(ref max.V1, ref sum.V1, acc.R1, c, half);
                Update(ref max.V2, ref sum.V2, acc.R2, c, half);
                Update(ref max.V3, ref sum.V3, acc.R3, c, half);
            }
            partMax[ty * 16 + tx] = max.V0; partSum[ty * 16 + tx] = sum.V0;
            partMax[(16 + ty) * 16 + tx] = max.V1; partSum[(16 + ty) * 16 + tx] = sum.V1;
            partMax[(32 + ty) * 16 + tx] = max.V2; partSum[(32 + ty) * 16 + tx] = sum.V2;
            partMax[(48 + ty) * 16 + tx] = max.V3; partSum[(48 + ty) * 16 + tx] = sum.V3;
            Group.Barrier();
            if (t < TilePoints && p0 + t < a.N)
            {
                T m = negInf;
                for (int l = 0; l < 16; l++) m = Max(m, partMax[t * 16 + l]);
                T s = T.Zero;
                for (int l = 0; l < 16; l++)
                {
                    T pm = partMax[t * 16 + l];
                    if (pm != negInf) s += partSum[t * 16 + l] * ops.Exp(pm - m);
                }
                T value = m + ops.Log(s);
                lse[p0 + t] = value;
                double w = a.HasWeights != 0 ? ops.ToDouble(weights[p0 + t]) : 1.0;
                logLikelihood += w * ops.ToDouble(value);
                weightSum += w;
            }
        }
        double groupLl = GroupExtensions.Reduce<double, AddDouble>(logLikelihood);
        double groupW = GroupExtensions.Reduce<double, AddDouble>(weightSum);
        if (t == 0)
        {
            Atomic.Add(ref scalars[0], groupLl);
            Atomic.Add(ref scalars[1], groupW);
        }
    }

    /// <summary>
    /// Pass 2: recomputes the log-densities of component tile Grid.IdxY % tiles, turns them into w·r with lse, and adds
    /// N_k, F_k = Σ w r (x − μ'_k), S_k = Σ w r (x − μ'_k)² for the 64 features of dimension group Grid.IdxY / tiles.
    /// `ex`/`ecenter` feed the E-step, `sx`/`scenter`/`smeans` the statistics (the same arrays except for tied).
    /// </summary>
    public static void Statistics(DiagonalArgs a, ArrayView<T> ex, ArrayView<T> sx, ArrayView<T> weights,
        ArrayView<T> means, ArrayView<T> precisions, ArrayView<T> constants, ArrayView<T> ecenter, ArrayView<T> scenter,
        ArrayView<T> smeans, ArrayView<T> lse, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s)
    {
        var work = SharedMemory.Allocate<T>(3 * Chunk);
        var resp = SharedMemory.Allocate<T>(TilePoints * TileComponents); // [p][c]
        var tileLse = SharedMemory.Allocate<T>(TilePoints);
        var tileW = SharedMemory.Allocate<T>(TilePoints);
        int t = Group.IdxX, tx = t % 16, ty = t / 16;
        int componentTile = Grid.IdxY % a.ComponentTiles, dimGroup = Grid.IdxY / a.ComponentTiles;
        int kb = componentTile * TileComponents, jg = dimGroup * DimGroup;
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        T n0 = T.Zero;
        bool fused = a.FusedLse != 0;
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
                tileW[t] = !valid ? T.Zero : a.HasWeights != 0 ? weights[p0 + t] : T.One;
            }
            Tile<T> acc = default;
            Distances(a, ex, means, precisions, ecenter, work, p0, kb, tx, ty, ref acc); // barriers inside
            Quad<T> c;
            c.V0 = Constant(a, constants, kb + tx);
            c.V1 = Constant(a, constants, kb + 16 + tx);
            c.V2 = Constant(a, constants, kb + 32 + tx);
            c.V3 = Constant(a, constants, kb + 48 + tx);
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
            StoreResponsibilities(resp, tileLse, tileW, acc.R0, c, ty, tx, half);
            StoreResponsibilities(resp, tileLse, tileW, acc.R1, c, 16 + ty, tx, half);
            StoreResponsibilities(resp, tileLse, tileW, acc.R2, c, 32 + ty, tx, half);
            StoreResponsibilities(resp, tileLse, tileW, acc.R3, c, 48 + ty, tx, half);
            Group.Barrier();
            if (dimGroup == 0 && t < TileComponents)
            {
                T sum = T.Zero;
                for (int p = 0; p < TilePoints; p++) sum += resp[p * TileComponents + t];
                n0 += sum;
            }
            if (jg < a.D) Moments(a, sx, scenter, smeans, work, resp, p0, kb, jg, tx, ty, ref f0, ref s0);
            if (jg + StatDims < a.D) Moments(a, sx, scenter, smeans, work, resp, p0, kb, jg + StatDims, tx, ty, ref f1, ref s1);
            if (jg + 2 * StatDims < a.D) Moments(a, sx, scenter, smeans, work, resp, p0, kb, jg + 2 * StatDims, tx, ty, ref f2, ref s2);
            if (jg + 3 * StatDims < a.D) Moments(a, sx, scenter, smeans, work, resp, p0, kb, jg + 3 * StatDims, tx, ty, ref f3, ref s3);
            if (++pending == a.FlushTiles)
            {
                Flush(a, n, f, s, kb, jg, dimGroup, t, tx, ty, ref n0, ref f0, ref f1, ref f2, ref f3, ref s0, ref s1, ref s2, ref s3);
                pending = 0;
            }
        }
        Flush(a, n, f, s, kb, jg, dimGroup, t, tx, ty, ref n0, ref f0, ref f1, ref f2, ref f3, ref s0, ref s1, ref s2, ref s3);
        if (fused)
        {
            double groupLl = GroupExtensions.Reduce<double, AddDouble>(logLikelihood);
            double groupW = GroupExtensions.Reduce<double, AddDouble>(weightSum);
            if (t == 0 && dimGroup == 0)
            {
                Atomic.Add(ref n[a.K], groupLl);
                Atomic.Add(ref n[a.K + 1], groupW);
            }
        }
    }

    /// <summary>
    /// Log-sum-exp over all k ≤ 64 components of the tile's points, from the thread's 4×4 distances: partial maxima and
    /// sums go through <paramref name="scratch"/> (the responsibility tile, not yet in use); threads t &lt; 64 return
    /// point t's value. Every thread must call it.
    /// </summary>
    private static T TileLogSumExp(in DiagonalArgs a, ArrayView<T> scratch, in Tile<T> acc, in Quad<T> c, T half, int p0, int t, int tx, int ty)
    {
        var ops = default(TOps);
        T negInf = T.NegativeInfinity;
        Quad<T> max = default, sum = default;
        max.V0 = negInf; max.V1 = negInf; max.V2 = negInf; max.V3 = negInf;
        Update(ref max.V0, ref sum.V0, acc.R0, c, half);
        Update(ref max.V1, ref sum.V1, acc.R1, c, half);
        Update(ref max.V2, ref sum.V2, acc.R2, c, half);
        Update(ref max.V3, ref sum.V3, acc.R3, c, half);
        const int Sums = TilePoints * 16;
        scratch[ty * 16 + tx] = max.V0; scratch[Sums + ty * 16 + tx] = sum.V0;
        scratch[(16 + ty) * 16 + tx] = max.V1; scratch[Sums + (16 + ty) * 16 + tx] = sum.V1;
        scratch[(32 + ty) * 16 + tx] = max.V2; scratch[Sums + (32 + ty) * 16 + tx] = sum.V2;
        scratch[(48 + ty) * 16 + tx] = max.V3; scratch[Sums + (48 + ty) * 16 + tx] = sum.V3;
        Group.Barrier();
        T value = T.Zero;
        if (t < TilePoints && p0 + t < a.N)
        {
            T m = negInf;
            for (int l = 0; l < 16; l++) m = Max(m, scratch[t * 16 + l]);
            T s = T.Zero;
            for (int l = 0; l < 16; l++)
            {
                T pm = scratch[t * 16 + l];
                if (pm != negInf) s += scratch[Sums + t * 16 + l] * ops.Exp(pm - m);
            }
            value = m + ops.Log(s);
        }
        Group.Barrier(); // the scratch (responsibility tile) is rewritten next
        return value;
    }

    private static T Max(T a, T b) => a > b ? a : b;

    private static T Constant(in DiagonalArgs a, ArrayView<T> constants, int c) =>
        c < a.K ? constants[c] : T.NegativeInfinity;

    /// <summary>acc[q][c] = Σ_j (x_{p0+q·16+ty, j} − μ_{kb+c·16+tx, j})² p_{kb+c·16+tx, j}; every thread must call it.</summary>
    private static void Distances(in DiagonalArgs a, ArrayView<T> x, ArrayView<T> means, ArrayView<T> precisions,
        ArrayView<T> center, ArrayView<T> work, int p0, int kb, int tx, int ty, ref Tile<T> acc)
    {
        int t = Group.IdxX;
        for (int j0 = 0; j0 < a.D; j0 += DimChunk)
        {
            Group.Barrier();
            for (int e = t; e < Chunk; e += GroupSize)
            {
                int pp = e / DimChunk, jj = e % DimChunk, p = p0 + pp, j = j0 + jj;
                T v = T.Zero;
                if (p < a.N && j < a.D) v = x[(long)p * a.D + j] - center[j];
                work[jj * TilePoints + pp] = v;
            }
            for (int e = t; e < Chunk; e += GroupSize)
            {
                int jj = e / TileComponents, cc = e % TileComponents, j = j0 + jj;
                T m = T.Zero, q = T.Zero;
                if (j < a.D)
                {
                    long o = (long)j * a.Kp + kb + cc;
                    m = means[o];
                    q = precisions[o];
                }
                work[Chunk + e] = m;
                work[2 * Chunk + e] = q;
            }
            Group.Barrier();
            int jn = XMath.Min(DimChunk, a.D - j0);
            if (jn == DimChunk) DistanceChunk(work, DimChunk, tx, ty, ref acc); // constant trip count: unrolled
            else DistanceChunk(work, jn, tx, ty, ref acc);
        }
    }

    /// <summary>The inner product of <see cref="Distances"/> over <paramref name="count"/> staged features.</summary>
    private static void DistanceChunk(ArrayView<T> work, int count, int tx, int ty, ref Tile<T> acc)
    {
        for (int jj = 0; jj < count; jj++)
        {
            // Views at the thread's first element, so the other three are constant offsets (folded into the loads).
            var xr = work.SubView(jj * TilePoints + ty, 49);
            var mr = work.SubView(Chunk + jj * TileComponents + tx, 49);
            var qr = work.SubView(2 * Chunk + jj * TileComponents + tx, 49);
            Quad<T> m, q;
            m.V0 = mr[0]; m.V1 = mr[16]; m.V2 = mr[32]; m.V3 = mr[48];
            q.V0 = qr[0]; q.V1 = qr[16]; q.V2 = qr[32]; q.V3 = qr[48];
            Row(ref acc.R0, xr[0], m, q);
            Row(ref acc.R1, xr[16], m, q);
            Row(ref acc.R2, xr[32], m, q);
            Row(ref acc.R3, xr[48], m, q);
        }
    }

    private static void Row(ref Quad<T> r, T x, in Quad<T> m, in Quad<T> q)
    {
        T d0 = x - m.V0, d1 = x - m.V1, d2 = x - m.V2, d3 = x - m.V3;
        r.V0 += d0 * q.V0 * d0;
        r.V1 += d1 * q.V1 * d1;
        r.V2 += d2 * q.V2 * d2;
        r.V3 += d3 * q.V3 * d3;
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

    private static void StoreResponsibilities(ArrayView<T> resp, ArrayView<T> tileLse, ArrayView<T> tileW,
        in Quad<T> distances, in Quad<T> c, int p, int tx, T half)
    {
        var ops = default(TOps);
        T w = tileW[p], l = tileLse[p];
        int o = p * TileComponents + tx;
        resp[o] = w * ops.Exp(c.V0 - half * distances.V0 - l);
        resp[o + 16] = w * ops.Exp(c.V1 - half * distances.V1 - l);
        resp[o + 32] = w * ops.Exp(c.V2 - half * distances.V2 - l);
        resp[o + 48] = w * ops.Exp(c.V3 - half * distances.V3 - l);
    }

    /// <summary>F, S of features j0..j0+15 (thread: feature j0+ty, components kb+q·16+tx) over the tile.</summary>
    private static void Moments(in DiagonalArgs a, ArrayView<T> sx, ArrayView<T> scenter, ArrayView<T> smeans,
        ArrayView<T> work, ArrayView<T> resp, int p0, int kb, int j0, int tx, int ty, ref Quad<T> f, ref Quad<T> s)
    {
        int t = Group.IdxX;
        Group.Barrier();
        for (int e = t; e < StatDims * TilePoints; e += GroupSize)
        {
            int pp = e / StatDims, jj = e % StatDims, p = p0 + pp, j = j0 + jj;
            T v = T.Zero;
            if (p < a.N && j < a.D) v = sx[(long)p * a.D + j] - scenter[j];
            work[jj * TilePoints + pp] = v;
        }
        Group.Barrier();
        int jt = j0 + ty;
        if (jt >= a.D) return;
        long mo = (long)jt * a.Kp + kb + tx;
        T m0 = smeans[mo], m1 = smeans[mo + 16], m2 = smeans[mo + 32], m3 = smeans[mo + 48];
        bool second = a.SecondOrder != 0;
        var xrow = work.SubView(ty * TilePoints, TilePoints);
        for (int p = 0; p < TilePoints; p++)
        {
            T xv = xrow[p];
            var rr = resp.SubView(p * TileComponents + tx, 49);
            T d0 = xv - m0, d1 = xv - m1, d2 = xv - m2, d3 = xv - m3;
            T r0 = rr[0] * d0, r1 = rr[16] * d1, r2 = rr[32] * d2, r3 = rr[48] * d3;
            f.V0 += r0; f.V1 += r1; f.V2 += r2; f.V3 += r3;
            if (second)
            {
                s.V0 += r0 * d0; s.V1 += r1 * d1; s.V2 += r2 * d2; s.V3 += r3 * d3;
            }
        }
    }

    private static void Flush(in DiagonalArgs a, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s,
        int kb, int jg, int dimGroup, int t, int tx, int ty, ref T n0,
        ref Quad<T> f0, ref Quad<T> f1, ref Quad<T> f2, ref Quad<T> f3,
        ref Quad<T> s0, ref Quad<T> s1, ref Quad<T> s2, ref Quad<T> s3)
    {
        if (dimGroup == 0 && t < TileComponents && kb + t < a.K) Atomic.Add(ref n[kb + t], default(TOps).ToDouble(n0));
        n0 = T.Zero;
        FlushQuad(a, f, s, kb, jg + ty, tx, ref f0, ref s0);
        FlushQuad(a, f, s, kb, jg + StatDims + ty, tx, ref f1, ref s1);
        FlushQuad(a, f, s, kb, jg + 2 * StatDims + ty, tx, ref f2, ref s2);
        FlushQuad(a, f, s, kb, jg + 3 * StatDims + ty, tx, ref f3, ref s3);
    }

    private static void FlushQuad(in DiagonalArgs a, ArrayView<double> f, ArrayView<double> s, int kb, int j, int tx,
        ref Quad<T> fq, ref Quad<T> sq)
    {
        if (j < a.D)
        {
            FlushOne(a, f, s, kb + tx, j, fq.V0, sq.V0);
            FlushOne(a, f, s, kb + 16 + tx, j, fq.V1, sq.V1);
            FlushOne(a, f, s, kb + 32 + tx, j, fq.V2, sq.V2);
            FlushOne(a, f, s, kb + 48 + tx, j, fq.V3, sq.V3);
        }
        fq = default;
        sq = default;
    }

    private static void FlushOne(in DiagonalArgs a, ArrayView<double> f, ArrayView<double> s, int c, int j, T fv, T sv)
    {
        if (c >= a.K) return;
        var ops = default(TOps);
        long o = (long)c * a.D + j;
        Atomic.Add(ref f[o], ops.ToDouble(fv));
        if (a.SecondOrder != 0) Atomic.Add(ref s[o], ops.ToDouble(sv));
    }
}
