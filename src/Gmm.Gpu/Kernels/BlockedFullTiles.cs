// Building blocks of the blocked full-family kernels (BlockedFullKernels): the features are cut into 64-wide blocks
// so that any d fits the shared memory of a group. Shapes: x n×d row-major (raw; `center` is subtracted here);
// means k×d shifted by the center; chol k×P×P upper precision Cholesky factors, zero-padded, entry (j, i) of factor c
// at c·P² + j·P + i (P = CholeskyStride, a multiple of 64 ≥ d); S k×d×d (tied: d×d) float64.
// Two staging arrays of 64 × (R + 1) values (R = TOps.BlockedRows: 64 float32, 32 float64; R divides 256) serve
// both phases:
// - E-step (triangular product Y = (X − μ) U, 64 points): R feature rows of X (feature-major, stride 65) and the R
//   matching rows of U's 64-column block. Thread (tx = t / 16, ty = t % 16) holds points ty + 16q and columns 4·tx..+3.
// - Rank update of S's 64×64 block (bi, bj ≥ bi): R points of r·(x − μ) in block bi and of (x − μ) in block bj
//   (feature-major, stride R + 1). Thread (rx = t % 16, ry = t / 16) holds rows 16q + ry and columns 16c + rx, so a
//   warp reads 16 distinct banks of the second array and broadcasts the first: no bank conflicts.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Staging, block products, rank updates and flushes of the blocked full kernels.</summary>
internal static class BlockedFullTiles<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    /// <summary>Row stride of the E-step's staged points (64 points + 1: the product's column reads hit distinct banks).</summary>
    private const int Stride = TilePoints + 1;

    /// <summary>
    /// Per-thread partial squared norms ‖(x − c − μ_k) U_k‖² of points p0 + ty + 16q (q = 0..3), summed over the
    /// thread's four columns of every column block: Y_I = Σ_{J ≤ I} (X − μ)_J U_{J,I}. Without
    /// <paramref name="subtractMean"/> μ = 0 (tied). Every thread must call it; it starts with a barrier.
    /// </summary>
    public static Quad<T> Norms(in FullArgs a, ArrayView<T> x, ArrayView<T> means, ArrayView<T> chol, ArrayView<T> center,
        ArrayView<T> xs, ArrayView<T> us, long factor, int k, bool subtractMean, int p0, int tx, int ty)
    {
        Quad<T> norm = default;
        for (int bi = 0; bi < a.Blocks; bi++)
        {
            Tile<T> acc = default;
            for (int bj = 0; bj <= bi; bj++)
                ProjectBlock(a, x, means, chol, center, xs, us, factor, k, subtractMean, p0, bi, bj, tx, ty, ref acc);
            norm.V0 += SumOfSquares(acc.R0);
            norm.V1 += SumOfSquares(acc.R1);
            norm.V2 += SumOfSquares(acc.R2);
            norm.V3 += SumOfSquares(acc.R3);
        }
        return norm;
    }

    /// <summary>
    /// Sums the 16 partial norms of each point through <paramref name="part"/> (a staging array, free after a barrier):
    /// threads t &lt; 64 return point t's ‖y‖². Every thread must call it.
    /// </summary>
    public static T ReduceNorms(ArrayView<T> part, in Quad<T> norm, int tx, int ty)
    {
        int t = Group.IdxX, o = tx * TilePoints + ty;
        Group.Barrier(); // the last block product may still read the staging arrays
        part[o] = norm.V0;
        part[o + 16] = norm.V1;
        part[o + 32] = norm.V2;
        part[o + 48] = norm.V3;
        Group.Barrier();
        T total = T.Zero;
        if (t < TilePoints)
            for (int l = 0; l < 16; l++) total += part[l * TilePoints + t];
        return total;
    }

    /// <summary>
    /// acc[q][c] += Σ_{j in block bj} (x − c − μ)[p0 + ty + 16q, j] U[j, 64·bi + 4·tx + c], R rows at a time. Block
    /// (bj, bi) of U is dense for bj &lt; bi; on the diagonal block column i needs rows j ≤ i only. Every thread must call it.
    /// </summary>
    public static void ProjectBlock(in FullArgs a, ArrayView<T> x, ArrayView<T> means, ArrayView<T> chol, ArrayView<T> center,
        ArrayView<T> xs, ArrayView<T> us, long factor, int k, bool subtractMean, int p0, int bi, int bj, int tx, int ty,
        ref Tile<T> acc)
    {
        int t = Group.IdxX, rows = default(TOps).BlockedRows, i0 = tx * 4;
        int rowBase = bj * BlockFeatures, colBase = bi * BlockFeatures, blockRows = XMath.Min(BlockFeatures, a.D - rowBase);
        bool live = colBase + i0 < a.D; // columns beyond d are zero padding
        for (int r0 = 0; r0 < blockRows; r0 += rows)
        {
            int count = XMath.Min(rows, blockRows - r0);
            Group.Barrier();
            // Features rowBase + r0 .. of the 64 points, feature-major (xs[jj·65 + p]); zero beyond the chunk. A thread
            // keeps one feature (rows divides 256), so its center and mean load once: (x − c) − μ, μ = 0 for tied.
            int row = t % rows, j = rowBase + r0 + row;
            bool inside = row < count;
            T cj = inside ? center[j] : T.Zero, mj = inside && subtractMean ? means[(long)k * a.D + j] : T.Zero;
            for (int pp = t / rows; pp < TilePoints; pp += GroupSize / rows)
            {
                int p = p0 + pp;
                xs[row * Stride + pp] = p < a.N && inside ? x[(long)p * a.D + j] - cj - mj : T.Zero;
            }
            // The matching rows of U's 64-column block: contiguous in the padded factor.
            for (int e = t; e < count * BlockFeatures; e += GroupSize)
                us[e] = chol[factor + (long)(rowBase + r0 + e / BlockFeatures) * a.CholeskyStride + colBase + e % BlockFeatures];
            Group.Barrier();
            if (!live) continue;
            int end = bi == bj ? XMath.Min(count, i0 + 4 - r0) : count;
            for (int jj = 0; jj < end; jj++)
            {
                var xr = xs.SubView(jj * Stride + ty, 49); // constant offsets from here fold into the loads
                var ur = us.SubView(jj * BlockFeatures + i0, 4);
                Quad<T> u;
                u.V0 = ur[0]; u.V1 = ur[1]; u.V2 = ur[2]; u.V3 = ur[3];
                Axpy(ref acc.R0, xr[0], u);
                Axpy(ref acc.R1, xr[16], u);
                Axpy(ref acc.R2, xr[32], u);
                Axpy(ref acc.R3, xr[48], u);
            }
        }
    }

    /// <summary>
    /// Stages R points from <paramref name="p"/> for the rank update of S's block (bi, bj): sa[f·(R+1) + q] =
    /// r_q (x − c − μ)[p + q, 64·bi + f] and sb[f·(R+1) + q] = (x − c − μ)[p + q, 64·bj + f] (zero outside the chunk),
    /// rounded in the CPU backend's order. Starts and ends with a barrier.
    /// </summary>
    public static void StageRank(in FullArgs a, ArrayView<T> x, ArrayView<T> means, ArrayView<T> center, ArrayView<T> r,
        ArrayView<T> sa, ArrayView<T> sb, int k, bool subtractMean, int p, int bi, int bj)
    {
        int t = Group.IdxX, rows = default(TOps).BlockedRows, stride = rows + 1;
        // A thread keeps one feature f of each block, so its centers and means load once.
        int f = t % BlockFeatures, ja = bi * BlockFeatures + f, jb = bj * BlockFeatures + f;
        bool inA = ja < a.D, inB = jb < a.D;
        long mean = (long)k * a.D;
        T ca = inA ? center[ja] : T.Zero, ma = inA && subtractMean ? means[mean + ja] : T.Zero;
        T cb = inB ? center[jb] : T.Zero, mb = inB && subtractMean ? means[mean + jb] : T.Zero;
        Group.Barrier();
        for (int q = t / BlockFeatures; q < rows; q += GroupSize / BlockFeatures)
        {
            int point = p + q;
            T va = T.Zero, vb = T.Zero;
            if (point < a.N)
            {
                long row = (long)point * a.D;
                if (inA) va = r[q] * (x[row + ja] - ca - ma);
                if (inB) vb = x[row + jb] - cb - mb;
            }
            sa[f * stride + q] = va;
            sb[f * stride + q] = vb;
        }
        Group.Barrier();
    }

    /// <summary>acc[q][c] += Σ_p sa[16q + ry, p] sb[16c + rx, p] over the R staged points (an off-diagonal block of S).</summary>
    public static void RankUpdate(ArrayView<T> sa, ArrayView<T> sb, int rx, int ry, ref Tile<T> acc)
    {
        int rows = default(TOps).BlockedRows, stride = rows + 1;
        for (int p = 0; p < rows; p++)
        {
            // Views at the point's first element, so the other three are constant offsets (folded into the loads).
            var ar = sa.SubView(ry * stride + p, 48 * stride + 1);
            var br = sb.SubView(rx * stride + p, 48 * stride + 1);
            Quad<T> b;
            b.V0 = br[0]; b.V1 = br[16 * stride]; b.V2 = br[32 * stride]; b.V3 = br[48 * stride];
            Axpy(ref acc.R0, ar[0], b);
            Axpy(ref acc.R1, ar[16 * stride], b);
            Axpy(ref acc.R2, ar[32 * stride], b);
            Axpy(ref acc.R3, ar[48 * stride], b);
        }
    }

    /// <summary>
    /// <see cref="RankUpdate"/> on a diagonal block of S: only the entries c ≥ q, the ones that can lie on or above the
    /// diagonal (row 16q + ry ≤ column 16c + rx); 10 of 16 products, the same on every thread (no divergence).
    /// </summary>
    public static void RankUpdateDiagonal(ArrayView<T> sa, ArrayView<T> sb, int rx, int ry, ref Tile<T> acc)
    {
        int rows = default(TOps).BlockedRows, stride = rows + 1;
        for (int p = 0; p < rows; p++)
        {
            var ar = sa.SubView(ry * stride + p, 48 * stride + 1);
            var br = sb.SubView(rx * stride + p, 48 * stride + 1);
            T b0 = br[0], b1 = br[16 * stride], b2 = br[32 * stride], b3 = br[48 * stride];
            T a0 = ar[0], a1 = ar[16 * stride], a2 = ar[32 * stride], a3 = ar[48 * stride];
            acc.R0.V0 += a0 * b0; acc.R0.V1 += a0 * b1; acc.R0.V2 += a0 * b2; acc.R0.V3 += a0 * b3;
            acc.R1.V1 += a1 * b1; acc.R1.V2 += a1 * b2; acc.R1.V3 += a1 * b3;
            acc.R2.V2 += a2 * b2; acc.R2.V3 += a2 * b3;
            acc.R3.V3 += a3 * b3;
        }
    }

    /// <summary>Σ_p sa[f, p] over the R staged points: feature f's share of F on a diagonal block.</summary>
    public static T RowSum(ArrayView<T> sa, int f)
    {
        int rows = default(TOps).BlockedRows;
        var row = sa.SubView(f * (rows + 1), rows);
        T sum = T.Zero;
        for (int p = 0; p < rows; p++) sum += row[p];
        return sum;
    }

    /// <summary>Adds the thread's entries of S's block (bi, bj) on or above the diagonal into s (at offset), mirrored.</summary>
    public static void FlushBlock(in FullArgs a, ArrayView<double> s, long offset, int bi, int bj, int rx, int ry, in Tile<T> acc)
    {
        int i = bi * BlockFeatures + ry, j = bj * BlockFeatures + rx;
        FlushRow(a, s, offset, i, j, acc.R0);
        FlushRow(a, s, offset, i + 16, j, acc.R1);
        FlushRow(a, s, offset, i + 32, j, acc.R2);
        FlushRow(a, s, offset, i + 48, j, acc.R3);
    }

    private static void FlushRow(in FullArgs a, ArrayView<double> s, long offset, int i, int j, in Quad<T> row)
    {
        FlushEntry(a, s, offset, i, j, row.V0);
        FlushEntry(a, s, offset, i, j + 16, row.V1);
        FlushEntry(a, s, offset, i, j + 32, row.V2);
        FlushEntry(a, s, offset, i, j + 48, row.V3);
    }

    private static void FlushEntry(in FullArgs a, ArrayView<double> s, long offset, int i, int j, T value)
    {
        if (i >= a.D || j >= a.D || j < i) return; // below the diagonal: not accumulated (or the mirror of another entry)
        double v = default(TOps).ToDouble(value);
        Atomic.Add(ref s[offset + (long)i * a.D + j], v);
        if (j != i) Atomic.Add(ref s[offset + (long)j * a.D + i], v);
    }

    /// <summary>Writes the thread's four columns 4·tx + c of column block bi for point p into y (n×d), inside the chunk.</summary>
    public static void StoreRow(in FullArgs a, ArrayView<T> y, int p, int bi, int tx, in Quad<T> v)
    {
        int i0 = bi * BlockFeatures + tx * 4;
        if (p >= a.N) return;
        long o = (long)p * a.D + i0;
        if (i0 < a.D) y[o] = v.V0;
        if (i0 + 1 < a.D) y[o + 1] = v.V1;
        if (i0 + 2 < a.D) y[o + 2] = v.V2;
        if (i0 + 3 < a.D) y[o + 3] = v.V3;
    }

    private static void Axpy(ref Quad<T> r, T d, in Quad<T> u)
    {
        r.V0 += d * u.V0;
        r.V1 += d * u.V1;
        r.V2 += d * u.V2;
        r.V3 += d * u.V3;
    }

    private static T SumOfSquares(in Quad<T> q) => q.V0 * q.V0 + q.V1 * q.V1 + q.V2 * q.V2 + q.V3 * q.V3;
}
