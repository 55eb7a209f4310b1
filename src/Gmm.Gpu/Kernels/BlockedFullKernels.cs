// Full-family kernels for any d (the backend uses them for d > 64; FullKernels keeps the tuned d ≤ 64 path).
// Shapes and layouts: see BlockedFullTiles. lse n; constants k; N k, F k×d, S k×d×d (tied: d×d) float64; y n×d.
// The features are cut into B = ⌈d/64⌉ blocks of 64; a group of 256 threads owns 64 points at a time.
// Work per point and component (full), with d² counted in multiply-adds:
// - pass 1 (log-sum-exp) and the E-step of pass 2: Y = (X − μ_k) U_k over the B(B+1)/2 blocks (J ≤ I) of U, ≈ d²/2
//   each (plus zero padding up to 64·B); every block pair re-stages its 64 features of the tile from global memory
//   (L1/L2-resident: the same 64 points), so a point's d features are loaded ≈ (B+1)/2 times per component.
// - pass 2's rank update: the B(B+1)/2 64×64 blocks (I ≤ J) of S_k, ≈ d²/2 (diagonal blocks compute 10 of each
//   thread's 16 products; both feature blocks are re-staged per block, ≈ B+1 loads of the features), skipped for a
//   whole tile whose responsibilities are all zero (common once clusters separate) and for a whole batch.
// So ≈ 1.5·d² multiply-adds per point and component, as for d ≤ 64. What limits it: each multiply-add pair of the
// 4×4 register tiles costs one shared-memory load (the inner loops issue 8 loads per 16 FMAs), every block pair
// costs two barriers (float64: 2·⌈64/32⌉), and the factor blocks come from L2 once per tile and component (64
// multiply-adds per value loaded). No n×k matrix: pass 2 keeps a batch's responsibilities (16 tiles × 64) in shared
// memory, computed once per tile and reused by every block of S before one float64 atomic flush per batch.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Blocked (64-feature) kernels of the full and tied covariances: any dimension.</summary>
internal static class BlockedFullKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{

    /// <summary>Pass 1 (full): lse[p] over all components, Σ w lse and Σ w into scalars. Grid strides over point tiles.</summary>
    public static void LogSumExp<TWeights>(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse, ArrayView<double> scalars)
        where TWeights : struct, IWeightMode
    {
        var xs = SharedMemory.Allocate<T>(BlockFeatures * (default(TOps).BlockedRows + 1));
        var us = SharedMemory.Allocate<T>(BlockFeatures * (default(TOps).BlockedRows + 1));
        int t = Group.IdxX, tx = t / 16, ty = t % 16;
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        long block = (long)a.CholeskyStride * a.CholeskyStride;
        double logLikelihood = 0, weightSum = 0;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            T max = T.NegativeInfinity, sum = T.Zero;
            for (int k = 0; k < a.K; k++)
            {
                var norm = BlockedFullTiles<T, TOps>.Norms(a, x, means, chol, center, xs, us, k * block, k, true, p0, tx, ty);
                T squared = BlockedFullTiles<T, TOps>.ReduceNorms(us, norm, tx, ty);
                if (t < TilePoints)
                {
                    T value = constants[k] - half * squared;
                    if (value > max)
                    {
                        sum = max == T.NegativeInfinity ? T.One : sum * ops.Exp(max - value) + T.One;
                        max = value;
                    }
                    else sum += ops.Exp(value - max);
                }
            }
            if (t < TilePoints && p0 + t < a.N)
            {
                PointTotals<T, TOps>.Add<TWeights>(weights, lse, p0 + t, max + ops.Log(sum), ref logLikelihood, ref weightSum);
            }
        }
        PointTotals<T, TOps>.Flush(logLikelihood, weightSum, scalars);
    }

    /// <summary>
    /// Pass 2 (full): component k = a.FirstComponent + Grid.IdxY; per batch of up to 16 of the group's tiles, the
    /// responsibilities w·r (recomputed, normalised by lse) go to shared memory, then every 64×64 block (I ≤ J) of S_k
    /// sums them over the batch in registers and flushes once (mirrored), with F_k on the diagonal blocks and N_k at the end.
    /// </summary>
    public static void Statistics<TWeights>(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s)
        where TWeights : struct, IWeightMode =>
        StatisticsPass<TWeights>(a, x, weights, means, chol, constants, center, lse, n, f, s, tied: false);

    /// <summary>Tied's scatter S += Σ w (x − c)(x − c)ᵀ (no E-step): the rank update of <see cref="Statistics{TWeights}"/> with r = w.</summary>
    public static void TiedScatter<TWeights>(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> center, ArrayView<double> s)
        where TWeights : struct, IWeightMode =>
        StatisticsPass<TWeights>(a, x, weights, default, default, default, center, default, default, default, s, tied: true);

    /// <summary>Pass 2 of full, or (<paramref name="tied"/>) tied's scatter: only x, weights, center and s are read then.</summary>
    private static void StatisticsPass<TWeights>(in FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, bool tied)
        where TWeights : struct, IWeightMode
    {
        var sa = SharedMemory.Allocate<T>(BlockFeatures * (default(TOps).BlockedRows + 1));
        var sb = SharedMemory.Allocate<T>(BlockFeatures * (default(TOps).BlockedRows + 1));
        var rs = SharedMemory.Allocate<T>(BatchTiles * TilePoints);
        int t = Group.IdxX, tx = t / 16, ty = t % 16, rx = t % 16, ry = t / 16;
        int rows = default(TOps).BlockedRows;
        bool full = !tied, weighted = default(TWeights).HasWeights;
        int k = full ? a.FirstComponent + Grid.IdxY : 0;
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        long factor = (long)k * a.CholeskyStride * a.CholeskyStride, offset = full ? (long)k * a.D * a.D : 0;
        double count = 0;
        var vote = GroupVote.Create();
        for (int start = Grid.IdxX; start < a.PointTiles; start += Grid.DimX * BatchTiles)
        {
            int tiles = XMath.Min(BatchTiles, (a.PointTiles - start + Grid.DimX - 1) / Grid.DimX);
            int live = 0; // bit b: some point of the batch's tile b has w·r ≠ 0
            T batchCount = T.Zero;
            for (int b = 0; b < tiles; b++)
            {
                int p0 = (start + b * Grid.DimX) * TilePoints;
                T r = T.Zero;
                if (full)
                {
                    var norm = BlockedFullTiles<T, TOps>.Norms(a, x, means, chol, center, sa, sb, factor, k, true, p0, tx, ty);
                    T squared = BlockedFullTiles<T, TOps>.ReduceNorms(sb, norm, tx, ty);
                    if (t < TilePoints && p0 + t < a.N)
                    {
                        T w = weighted ? weights[p0 + t] : T.One;
                        r = w * ops.Exp(constants[k] - half * squared - lse[p0 + t]);
                    }
                }
                else if (t < TilePoints && p0 + t < a.N) r = weighted ? weights[p0 + t] : T.One;
                if (t < TilePoints)
                {
                    rs[b * TilePoints + t] = r;
                    batchCount += r;
                }
                if (vote.Any(r != T.Zero)) live |= 1 << b;
            }
            count += ops.ToDouble(batchCount);
            if (live == 0) continue; // nothing to add: no rank updates, no flush of zeros (far components, large k)
            for (int bi = 0; bi < a.Blocks; bi++)
            {
                for (int bj = bi; bj < a.Blocks; bj++)
                {
                    Tile<T> acc = default;
                    T firstOrder = T.Zero;
                    for (int b = 0; b < tiles; b++)
                    {
                        if ((live & (1 << b)) == 0) continue;
                        int p0 = (start + b * Grid.DimX) * TilePoints;
                        for (int q0 = 0; q0 < TilePoints; q0 += rows)
                        {
                            BlockedFullTiles<T, TOps>.StageRank(a, x, means, center, rs.SubView(b * TilePoints + q0, rows),
                                sa, sb, k, full, p0 + q0, bi, bj);
                            if (bi != bj) BlockedFullTiles<T, TOps>.RankUpdate(sa, sb, rx, ry, ref acc);
                            else
                            {
                                BlockedFullTiles<T, TOps>.RankUpdateDiagonal(sa, sb, rx, ry, ref acc);
                                if (t < BlockFeatures) firstOrder += BlockedFullTiles<T, TOps>.RowSum(sa, t);
                            }
                        }
                    }
                    BlockedFullTiles<T, TOps>.FlushBlock(a, s, offset, bi, bj, rx, ry, acc);
                    int j = bi * BlockFeatures + t;
                    if (full && bi == bj && t < BlockFeatures && j < a.D) Atomic.Add(ref f[(long)k * a.D + j], ops.ToDouble(firstOrder));
                }
            }
        }
        if (full)
        {
            double total = GroupSum.Pair(count, 0).A;
            if (t == 0) Atomic.Add(ref n[k], total);
        }
    }

    /// <summary>Tied pass 0: y = (x − c) U for every point (n×d), the coordinates of the diagonal-family E-step.</summary>
    public static void Projection(FullArgs a, ArrayView<T> x, ArrayView<T> chol, ArrayView<T> center, ArrayView<T> y)
    {
        var xs = SharedMemory.Allocate<T>(BlockFeatures * (default(TOps).BlockedRows + 1));
        var us = SharedMemory.Allocate<T>(BlockFeatures * (default(TOps).BlockedRows + 1));
        int t = Group.IdxX, tx = t / 16, ty = t % 16;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            for (int bi = 0; bi < a.Blocks; bi++)
            {
                Tile<T> acc = default;
                for (int bj = 0; bj <= bi; bj++)
                    BlockedFullTiles<T, TOps>.ProjectBlock(a, x, default, chol, center, xs, us, 0, 0, false, p0, bi, bj, tx, ty, ref acc);
                BlockedFullTiles<T, TOps>.StoreRow(a, y, p0 + ty, bi, tx, acc.R0);
                BlockedFullTiles<T, TOps>.StoreRow(a, y, p0 + 16 + ty, bi, tx, acc.R1);
                BlockedFullTiles<T, TOps>.StoreRow(a, y, p0 + 32 + ty, bi, tx, acc.R2);
                BlockedFullTiles<T, TOps>.StoreRow(a, y, p0 + 48 + ty, bi, tx, acc.R3);
            }
        }
    }
}
