// Full-family kernels (full covariance; tied's projection y = (x − c) U and scatter Σ w (x − c)(x − c)ᵀ), d ≤ 64
// (the backend sends d > 64 to BlockedFullKernels). Compile-time mode: TWeights (per-point weights or all 1).
// Shapes: x n×d row-major (raw; kernels subtract `center`); means k×d shifted by the center; chol k×64×64 upper
// precision Cholesky factors U_k, zero-padded (row j holds U[j, j..d), rows ≥ d are zeros); constants k; lse n;
// N k, F k×d, S k×d×d float64.
// A group of 256 threads owns 64 points staged feature-major in shared memory (FullTile: layout, ownership, banks).
// The E-step of one component is the triangular product Y = (X − μ_k) U_k: thread (tx = t / 16, ty = t % 16) holds
// points 4·ty..4·ty+3 and columns 4·tx..4·tx+3 and stops at row 4·tx + 3, so a warp (two tx) skips the zero part of U.
// The statistics are the rank update S_k += Σ_p r_p d_p d_pᵀ over 4×4 blocks on or above the diagonal, and
// F_k += Σ_p r_p d_p with one thread per (feature, quarter of the points).
// Launch bounds (LaunchBoundsAttribute; ptxas 11.8 for sm_90, offline): float32 LogSumExp 48 registers (5 groups of
// 256 per SM, as shared memory allows), Statistics 64 (4), Projection 48 (5); float64 LogSumExp 64 (4), the others
// unbounded (Statistics 118: 2 groups, Projection 61: 4). The bounds cost a few spilled registers per tile, none in loops.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Triangular-product kernels for full and tied covariances.</summary>
internal static class FullKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    private const int Block = BlockFeatures * BlockFeatures; // one zero-padded factor

    /// <summary>Pass 1 (full): lse[p] over all components, Σ w lse and Σ w into scalars. Grid strides over point tiles.</summary>
    [LaunchBounds(GroupSize, floatGroups: 5, doubleGroups: 4)]
    public static void LogSumExp<TWeights>(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse, ArrayView<double> scalars)
        where TWeights : struct, IWeightMode
    {
        var xq = SharedMemory.Allocate<Quad<T>>(BlockFeatures * FullTile<T, TOps>.Stride / 4);
        var uq = SharedMemory.Allocate<Quad<T>>(default(TOps).CholeskyRows * BlockFeatures / 4);
        // float32: means and partial norms are double-buffered by component parity, so component k's norms are reduced
        // while k+1 is projected (a component costs the two barriers of its staging, no idle reduction step).
        // float64 lacks the shared memory for a second norm buffer and reduces each component before the next.
        int buffers = default(TOps).NormBuffers;
        var mus = SharedMemory.Allocate<Quad<T>>(2 * BlockFeatures / 4);
        var part = SharedMemory.Allocate<Quad<T>>(default(TOps).NormBuffers * 16 * TilePoints / 4);
        int t = Group.IdxX, tx = t >> 4, ty = t & 15;
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        int shift = FullTile<T, TOps>.LaneShift(a.D), j = t & ((1 << shift) - 1);
        T c = j < a.D ? center[j] : T.Zero;
        var mf = mus.Cast<T>();
        double logLikelihood = 0, weightSum = 0;
        FullTile<T, TOps>.ZeroRows(xq);
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            FullTile<T, TOps>.LoadPoints(a, x, xq, p0, shift, c, T.Zero, false);
            T max = T.NegativeInfinity, sum = T.Zero;
            for (int k = 0; k < a.K; k++)
            {
                int buffer = buffers == 2 ? k & 1 : 0;
                if (t < BlockFeatures) mf[buffer * BlockFeatures + t] = t < a.D ? means[k * a.D + t] : T.Zero;
                Tile<T> acc = default;
                // Barriers first: all of k − 1 is stored.
                FullTile<T, TOps>.Project(a, chol, (long)k * Block, xq, uq, mus.SubView(buffer * BlockFeatures / 4), tx, ty,
                    false, false, ref acc);
                FullTile<T, TOps>.StoreNorms(part.SubView(buffer * 4 * TilePoints), acc, tx, ty);
                if (buffers == 1)
                {
                    Group.Barrier();
                    if (t < TilePoints) Accumulate(part.Cast<T>(), constants[k], half, t, ref max, ref sum);
                }
                else if (k > 0 && t < TilePoints)
                    Accumulate(part.SubView((1 - buffer) * 4 * TilePoints).Cast<T>(), constants[k - 1], half, t, ref max, ref sum);
            }
            if (buffers == 2)
            {
                Group.Barrier();
                if (t < TilePoints)
                    Accumulate(part.SubView(((a.K - 1) & 1) * 4 * TilePoints).Cast<T>(), constants[a.K - 1], half, t, ref max, ref sum);
            }
            if (t < TilePoints && p0 + t < a.N)
            {
                PointTotals<T, TOps>.Add<TWeights>(weights, lse, p0 + t, max + ops.Log(sum), ref logLikelihood, ref weightSum);
            }
        }
        PointTotals<T, TOps>.Flush(logLikelihood, weightSum, scalars);
    }

    /// <summary>Online log-sum-exp step for point t: log-density constant − ½‖y‖² from the 16 partial norms.</summary>
    private static void Accumulate(ArrayView<T> part, T constant, T half, int t, ref T max, ref T sum)
    {
        var ops = default(TOps);
        T value = constant - half * FullTile<T, TOps>.Norm(part, t);
        if (value > max)
        {
            sum = max == T.NegativeInfinity ? T.One : sum * ops.Exp(max - value) + T.One;
            max = value;
        }
        else sum += ops.Exp(value - max);
    }

    /// <summary>
    /// Pass 2 (full): responsibilities of component a.FirstComponent + Grid.IdxY (recomputed, normalised by lse) fused
    /// with N_k, F_k and the upper triangle of S_k (mirrored on flush).
    /// </summary>
    [LaunchBounds(GroupSize, floatGroups: 4, doubleGroups: 0)]
    public static void Statistics<TWeights>(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s)
        where TWeights : struct, IWeightMode =>
        StatisticsPass<TWeights>(a, x, weights, means, chol, constants, center, lse, n, f, s, tied: false);

    /// <summary>Tied's scatter S += Σ w (x − c)(x − c)ᵀ (no E-step): the rank update of <see cref="Statistics{TWeights}"/> with r = w.</summary>
    [LaunchBounds(GroupSize, floatGroups: 4, doubleGroups: 0)]
    public static void TiedScatter<TWeights>(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> center, ArrayView<double> s)
        where TWeights : struct, IWeightMode =>
        StatisticsPass<TWeights>(a, x, weights, default, default, default, center, default, default, default, s, tied: true);

    /// <summary>Pass 2 of full, or (<paramref name="tied"/>) tied's scatter: only x, weights, center and s are read then.</summary>
    private static void StatisticsPass<TWeights>(in FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, bool tied)
        where TWeights : struct, IWeightMode
    {
        var xq = SharedMemory.Allocate<Quad<T>>(BlockFeatures * FullTile<T, TOps>.Stride / 4);
        var uq = SharedMemory.Allocate<Quad<T>>(default(TOps).CholeskyRows * BlockFeatures / 4);
        var mus = SharedMemory.Allocate<Quad<T>>(BlockFeatures / 4);
        var part = SharedMemory.Allocate<Quad<T>>(16 * TilePoints / 4);
        var rs = SharedMemory.Allocate<Quad<T>>(TilePoints / 4);
        int t = Group.IdxX, tx = t >> 4, ty = t & 15;
        int k = tied ? 0 : a.FirstComponent + Grid.IdxY;
        var (bi, bj, pBegin, quads, active) = BlockOf(a.D, t);
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        Tile<T> second = default;
        T first = T.Zero; // F_k of feature t mod 64 over point quarter t / 64
        T count = T.Zero;
        int pending = 0;
        // The group's component is fixed: when its whole factor fits the staging buffer (float32), stage it once here
        // instead of once per tile. The tile is staged already centred on μ_k (x − c − μ'_k, rounded in the CPU
        // backend's order), so neither the product nor the rank update subtracts the mean again; the thread's c_j and
        // μ_j are loaded once.
        bool staged = !tied && default(TOps).CholeskyRows >= BlockFeatures;
        if (staged)
        {
            var src = chol.SubView((long)k * Block, Block).AsAligned(16).Cast<Quad<T>>();
            for (int e = t; e < Block / 4; e += GroupSize) uq[e] = src[e];
        }
        int shift = FullTile<T, TOps>.LaneShift(a.D), j = t & ((1 << shift) - 1);
        T c = j < a.D ? center[j] : T.Zero;
        T mu = !tied && j < a.D ? means[k * a.D + j] : T.Zero;
        FullTile<T, TOps>.ZeroRows(xq);
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            FullTile<T, TOps>.LoadPoints(a, x, xq, p0, shift, c, mu, true); // tied: μ = 0, (x − c) − 0 is x − c exactly
            bool valid = t < TilePoints && p0 + t < a.N;
            T w = !valid ? T.Zero : default(TWeights).HasWeights ? weights[p0 + t] : T.One;
            if (!tied)
            {
                Tile<T> acc = default;
                FullTile<T, TOps>.Project(a, chol, (long)k * Block, xq, uq, mus, tx, ty, staged, true, ref acc);
                FullTile<T, TOps>.StoreNorms(part, acc, tx, ty);
                Group.Barrier();
                if (t < TilePoints)
                {
                    T norm = FullTile<T, TOps>.Norm(part.Cast<T>(), t);
                    T r = valid ? w * ops.Exp(constants[k] - half * norm - lse[p0 + t]) : T.Zero;
                    rs.Cast<T>()[t] = r;
                    count += r;
                }
            }
            else if (t < TilePoints) rs.Cast<T>()[t] = w;
            Group.Barrier();
            if (active) FullTile<T, TOps>.RankUpdate(xq, rs, bi, bj, pBegin, quads, ref second);
            if (!tied && (t & (BlockFeatures - 1)) < a.D) FullTile<T, TOps>.FirstMoment(xq, rs, t & (BlockFeatures - 1), t / BlockFeatures, ref first);
            if (++pending == FlushTiles)
            {
                Flush(a, n, f, s, tied, k, t, bi, bj, active, ref count, ref first, ref second);
                pending = 0;
            }
        }
        Flush(a, n, f, s, tied, k, t, bi, bj, active, ref count, ref first, ref second);
    }

    /// <summary>Tied pass 0: y = (x − c) U for every point (n×d), the coordinates of the diagonal-family E-step.</summary>
    [LaunchBounds(GroupSize, floatGroups: 5, doubleGroups: 0)]
    public static void Projection(FullArgs a, ArrayView<T> x, ArrayView<T> chol, ArrayView<T> center, ArrayView<T> y)
    {
        var xq = SharedMemory.Allocate<Quad<T>>(BlockFeatures * FullTile<T, TOps>.Stride / 4);
        var uq = SharedMemory.Allocate<Quad<T>>(default(TOps).CholeskyRows * BlockFeatures / 4);
        int t = Group.IdxX, tx = t >> 4, ty = t & 15;
        // One factor for every tile: staged once when it fits (float32).
        bool staged = default(TOps).CholeskyRows >= BlockFeatures;
        if (staged)
        {
            var src = chol.SubView(0, Block).AsAligned(16).Cast<Quad<T>>();
            for (int e = t; e < Block / 4; e += GroupSize) uq[e] = src[e];
        }
        int shift = FullTile<T, TOps>.LaneShift(a.D), j = t & ((1 << shift) - 1);
        T c = j < a.D ? center[j] : T.Zero;
        FullTile<T, TOps>.ZeroRows(xq);
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            FullTile<T, TOps>.LoadPoints(a, x, xq, p0, shift, c, T.Zero, false);
            Tile<T> acc = default;
            FullTile<T, TOps>.Project(a, chol, 0, xq, uq, uq, tx, ty, staged, true, ref acc); // centred: no μ (uq unread)
            int p = p0 + 4 * ty;
            StoreRow(a, y, p, tx * 4, acc.R0);
            StoreRow(a, y, p + 1, tx * 4, acc.R1);
            StoreRow(a, y, p + 2, tx * 4, acc.R2);
            StoreRow(a, y, p + 3, tx * 4, acc.R3);
        }
    }

    private static void StoreRow(in FullArgs a, ArrayView<T> y, int p, int i0, in Quad<T> v)
    {
        if (p >= a.N) return;
        long o = (long)p * a.D + i0;
        if (i0 < a.D) y[o] = v.V0;
        if (i0 + 1 < a.D) y[o + 1] = v.V1;
        if (i0 + 2 < a.D) y[o + 2] = v.V2;
        if (i0 + 3 < a.D) y[o + 3] = v.V3;
    }

    /// <summary>
    /// Maps thread t to a 4×4 block (bi ≤ bj) of S's upper triangle and a share of the tile's points (P0, Quads·4 points):
    /// the ⌈d/4⌉(⌈d/4⌉+1)/2 blocks are spread over 64, 128 or 256 lanes, and the remaining factor splits the 64 points,
    /// so most threads work even for small d (d = 39: 55 blocks × 4 point quarters). Shifts only: ILGPU places these
    /// next to their use, i.e. in the rank update's loop header.
    /// </summary>
    private static (int Bi, int Bj, int P0, int Quads, bool Active) BlockOf(int d, int t)
    {
        int nb = (d + 3) / 4, blocks = nb * (nb + 1) / 2;
        int shift = blocks <= 64 ? 6 : blocks <= 128 ? 7 : 8; // lanes = 2^shift; points per lane: 2^shift / 4
        int b = t & ((1 << shift) - 1), part = t >> shift;
        bool active = b < blocks;
        int bi = 0, row = nb;
        while (active && b >= row)
        {
            b -= row;
            bi++;
            row--;
        }
        return (bi, bi + b, part << (shift - 2), 1 << (shift - 4), active);
    }

    private static void Flush(in FullArgs a, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, bool tied, int k, int t,
        int bi, int bj, bool active, ref T count, ref T first, ref Tile<T> second)
    {
        var ops = default(TOps);
        if (!tied && t < TilePoints) Atomic.Add(ref n[k], ops.ToDouble(count));
        count = T.Zero;
        // F_k: thread t holds feature t mod 64 over point quarter t / 64 (first stays 0 beyond d).
        if (!tied && (t & (BlockFeatures - 1)) < a.D) Atomic.Add(ref f[(long)k * a.D + (t & (BlockFeatures - 1))], ops.ToDouble(first));
        first = T.Zero;
        if (active)
        {
            long so = tied ? 0 : (long)k * a.D * a.D;
            FlushRow(a, s, so, bi * 4, bj * 4, second.R0);
            FlushRow(a, s, so, bi * 4 + 1, bj * 4, second.R1);
            FlushRow(a, s, so, bi * 4 + 2, bj * 4, second.R2);
            FlushRow(a, s, so, bi * 4 + 3, bj * 4, second.R3);
        }
        second = default;
    }

    private static void FlushRow(in FullArgs a, ArrayView<double> s, long offset, int i, int j0, in Quad<T> row)
    {
        FlushEntry(a, s, offset, i, j0, row.V0);
        FlushEntry(a, s, offset, i, j0 + 1, row.V1);
        FlushEntry(a, s, offset, i, j0 + 2, row.V2);
        FlushEntry(a, s, offset, i, j0 + 3, row.V3);
    }

    private static void FlushEntry(in FullArgs a, ArrayView<double> s, long offset, int i, int j, T value)
    {
        if (i >= a.D || j >= a.D || j < i) return;
        double v = default(TOps).ToDouble(value);
        Atomic.Add(ref s[offset + i * a.D + j], v);
        if (j != i) Atomic.Add(ref s[offset + j * a.D + i], v);
    }
}
