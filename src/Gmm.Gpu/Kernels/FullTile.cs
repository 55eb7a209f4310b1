// The 64-point tile of the full-family kernels (d ≤ 64, FullKernels): staging, the triangular product Y = (X − μ) U
// and the rank update S += Σ_p r_p d_p d_pᵀ, all on Quads (float32: ld/st.shared.v4; float64: two .v2.f64 halves).
// Shared layout: xs[j][p] at j·68 + p, feature-major, rows of 68 T = 17 Quads so that every row starts 16-byte (float64:
// 32-byte) aligned; rows [d, 64) are zeroed once per kernel (ZeroRows) and never written again. us[j][i] at j·64 + i: rows
// of the zero-padded 64×64 factor (rows ≥ d are zeros in the device buffer). mus[j]: 64 (zero beyond d). rs[p]: 64.
// The product runs over rows up to d4 = 4⌈d/4⌉ (float32 4 per trip, float64 1): the padding rows of xs, U and μ are
// zeros, so they add exact +0s.
//
// Ownership (t = 16·tx + ty, 256 threads):
//  - Project: points 4·ty + q and columns 4·tx + c (q, c < 4); per row j one Quad of x (xs[j][4ty..]) and one of U
//    (us[j][4tx..]), the thread stops at row 4·tx + 3 (U is upper triangular), so a warp (two tx) skips the zero part.
//  - RankUpdate: a 4×4 block (bi ≤ bj) of S and a range of points (FullKernels.BlockOf), read 4 points at a time:
//    rows 4·bi + q and 4·bj + c as Quads over the 4 points, one Quad of r.
//  - FirstMoment: feature j = t mod 64 over points 16·(t / 64) .. + 15 (F_k; no first-moment work in the 4×4 blocks).
//  - LoadPoints: feature j = t mod L (L = 16, 32 or 64 ≥ d), point Quads t / L + m·(256 / L): for each of its 4 points one
//    global load (a warp reads 16–32 consecutive features of one point: coalesced), then one st.shared.v4.
//
// Bank conflicts (32 banks of 4 bytes; a warp's 128-bit accesses are served in quarter-warp phases of 8 lanes, and a
// wavefront serves distinct Quads only if they sit in distinct 16-byte bank groups, (word / 4) mod 8):
//  - LoadPoints stores: a phase is 8 consecutive j, same Quad m: word 68·j + 4·m, bank group (17·j + m) mod 8, 8 distinct:
//    conflict-free.
//  - Project: all lanes of a warp read the same row j: x at Quads ty = 0..15 (256 contiguous bytes, 2 wavefronts, the
//    minimum), U at two adjacent Quads, μ one broadcast Quad: conflict-free.
//  - RankUpdate: the lanes of a warp read rows 4·bj + c at the same point Quad m: bank group (68·bj + 17·c + m) mod 8 =
//    (4·bj + c + m) mod 8 depends on bj only through its parity, so a warp holding n distinct bj needs ⌈n/2⌉ wavefronts
//    (d = 39: n ≤ 10, 5; d = 64: n = 16, 8) for 4 values per lane. The former scalar layout (rows of 65) needed ⌈n/8⌉
//    wavefronts per value, 4·⌈n/8⌉ for the same 4 values (8 and 8): never fewer than ⌈n/2⌉, with 4× the instructions.
//    Same for the rows 4·bi + q (n ≤ 4 distinct bi per warp); r is a broadcast. No stride multiple of 4 does better:
//    rows 4 apart always differ by 4 bank groups (a swizzle would, at the cost of conflicting staging stores).
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Tile staging, triangular product and rank update of the full-family kernels, 4 × 4 Quads per thread.</summary>
internal static class FullTile<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    /// <summary>T per staged feature row (17 Quads: 16 of points, one of padding that keeps rows Quad-aligned).</summary>
    public const int Stride = 68;
    private const int RowQuads = Stride / 4;
    private const int PointQuads = TilePoints / 4;   // 16
    private const int UQuads = BlockFeatures / 4;     // 16 Quads per factor row

    /// <summary>Zeros every staged row (the rows ≥ d stay zero: LoadPoints writes rows &lt; d only). Every thread must call it.</summary>
    public static void ZeroRows(ArrayView<Quad<T>> xq)
    {
        for (int e = Group.IdxX; e < BlockFeatures * RowQuads; e += GroupSize) xq[e] = default;
    }

    /// <summary>log2 of the staging's feature lanes L: the smallest of 16, 32, 64 that covers d.</summary>
    public static int LaneShift(int d) => d <= 16 ? 4 : d <= 32 ? 5 : 6;

    /// <summary>
    /// Stages x − c (− μ when <paramref name="subtractMean"/>, rounded in that order) of points p0.. for the thread's
    /// feature j = t mod L (L = 2^<paramref name="shift"/>) into row j of <paramref name="xq"/>; zeros for points ≥ n. <paramref name="center"/> and
    /// <paramref name="mean"/> are the thread's c_j, μ_j (loaded once by the caller). Starts with a barrier.
    /// </summary>
    public static void LoadPoints(in FullArgs a, ArrayView<T> x, ArrayView<Quad<T>> xq, int p0, int shift, T center,
        T mean, bool subtractMean)
    {
        Group.Barrier();
        int t = Group.IdxX, j = t & ((1 << shift) - 1), d = a.D;
        if (j >= d) return;
        int step = GroupSize >> shift;
        var row = xq.SubView(j * RowQuads, PointQuads);
        // The tile's points from p0 on; 32-bit offsets inside it (64·64 at most).
        var tile = x.SubView((long)p0 * d);
        if (p0 + TilePoints <= a.N)
        {
            for (int m = t >> shift; m < PointQuads; m += step)
            {
                var src = tile.SubView(4 * m * d + j);
                Quad<T> v;
                v.V0 = Centre(src[0], center, mean, subtractMean);
                v.V1 = Centre(src[d], center, mean, subtractMean);
                v.V2 = Centre(src[2 * d], center, mean, subtractMean);
                v.V3 = Centre(src[3 * d], center, mean, subtractMean);
                row[m] = v;
            }
        }
        else
        {
            int rest = a.N - p0; // points of this last tile, 1..63
            for (int m = t >> shift; m < PointQuads; m += step)
            {
                int pp = 4 * m;
                Quad<T> v = default;
                if (pp < rest) v.V0 = Centre(tile[pp * d + j], center, mean, subtractMean);
                if (pp + 1 < rest) v.V1 = Centre(tile[(pp + 1) * d + j], center, mean, subtractMean);
                if (pp + 2 < rest) v.V2 = Centre(tile[(pp + 2) * d + j], center, mean, subtractMean);
                if (pp + 3 < rest) v.V3 = Centre(tile[(pp + 3) * d + j], center, mean, subtractMean);
                row[m] = v;
            }
        }
    }

    private static T Centre(T x, T center, T mean, bool subtractMean)
    {
        T v = x - center;
        return subtractMean ? v - mean : v;
    }

    /// <summary>
    /// acc[q][c] = Σ_{j ≤ i} (xs[j][4·ty+q] − μ_j) U[j][i], i = 4·tx + c (μ_j = 0 when <paramref name="centered"/>).
    /// Every thread must call it. With <paramref name="staged"/> the caller already holds all 64 rows of U in
    /// <paramref name="uq"/>; otherwise rows are copied from <paramref name="chol"/> (factor at <paramref name="offset"/>)
    /// CholeskyRows at a time.
    /// </summary>
    public static void Project(in FullArgs a, ArrayView<T> chol, long offset, ArrayView<Quad<T>> xq,
        ArrayView<Quad<T>> uq, ArrayView<Quad<T>> mq, int tx, int ty, bool staged, bool centered, ref Tile<T> acc)
    {
        int t = Group.IdxX, rows = staged ? BlockFeatures : default(TOps).CholeskyRows, i0 = tx * 4;
        int d4 = (a.D + 3) & ~3;
        for (int j0 = 0; j0 < d4; j0 += rows)
        {
            Group.Barrier();
            if (!staged)
            {
                // Rows j0.. of the zero-padded 64×64 factor as Quads, stopping at row d4.
                int count = XMath.Min(rows, d4 - j0) * UQuads;
                var src = chol.SubView(offset + j0 * BlockFeatures).AsAligned(16).Cast<Quad<T>>(); // factor rows: 256-byte aligned
                for (int e = t; e < count; e += GroupSize) uq[e] = src[e];
                Group.Barrier();
            }
            if (i0 >= a.D) continue;
            int end = XMath.Min(d4, XMath.Min(j0 + rows, i0 + 4));
            // Views at the thread's Quads of row j0, moved on 4 rows (float64: 1) per trip; the rows of a trip are
            // constant offsets, which fold into the loads ([reg+imm]).
            var xv = xq.SubView(j0 * RowQuads + ty);
            var uv = uq.SubView(tx);
            if (default(TOps).FullProductRows == 4)
                FourRows(xv, uv, mq.SubView(j0 / 4), (end - j0) / 4, centered, ref acc);
            else
                OneRow(xv, uv, mq.Cast<T>().SubView(j0), end - j0, centered, ref acc);
        }
    }

    // The loops below peel their last trip: a view moves on only while another trip follows, since ILGPU asserts that a
    // sub-view's offset lies inside its view (the CPU accelerator checks it); the bumps then cost one add per view.

    /// <summary>float32: 4 rows per trip, one Quad of x and of U per row and (uncentred) one Quad of μ per trip.</summary>
    private static void FourRows(ArrayView<Quad<T>> xv, ArrayView<Quad<T>> uv, ArrayView<Quad<T>> mv, int trips,
        bool centered, ref Tile<T> acc)
    {
        if (trips <= 0) return;
        for (int s = trips - 1; s > 0; s--)
        {
            FourRowTrip(xv, uv, mv, centered, ref acc);
            xv = xv.SubView(4 * RowQuads);
            uv = uv.SubView(4 * UQuads);
            if (!centered) mv = mv.SubView(1);
        }
        FourRowTrip(xv, uv, mv, centered, ref acc);
    }

    private static void FourRowTrip(ArrayView<Quad<T>> xv, ArrayView<Quad<T>> uv, ArrayView<Quad<T>> mv, bool centered,
        ref Tile<T> acc)
    {
        // Whole-Quad copies into locals: ILGPU then emits one ld.shared.v4 each.
        Quad<T> x0 = xv[0], x1 = xv[RowQuads], x2 = xv[2 * RowQuads], x3 = xv[3 * RowQuads];
        Quad<T> u0 = uv[0], u1 = uv[UQuads], u2 = uv[2 * UQuads], u3 = uv[3 * UQuads];
        if (centered)
        {
            Row(ref acc, x0, u0);
            Row(ref acc, x1, u1);
            Row(ref acc, x2, u2);
            Row(ref acc, x3, u3);
        }
        else
        {
            Quad<T> mu = mv[0];
            Row(ref acc, Minus(x0, mu.V0), u0);
            Row(ref acc, Minus(x1, mu.V1), u1);
            Row(ref acc, Minus(x2, mu.V2), u2);
            Row(ref acc, Minus(x3, mu.V3), u3);
        }
    }

    /// <summary>float64: one row per trip (4 rows of double Quads in flight would cost ~30 more registers).</summary>
    private static void OneRow(ArrayView<Quad<T>> xv, ArrayView<Quad<T>> uv, ArrayView<T> mv, int rows, bool centered,
        ref Tile<T> acc)
    {
        if (rows <= 0) return;
        for (int s = rows - 1; s > 0; s--)
        {
            OneRowTrip(xv, uv, mv, centered, ref acc);
            xv = xv.SubView(RowQuads);
            uv = uv.SubView(UQuads);
            if (!centered) mv = mv.SubView(1);
        }
        OneRowTrip(xv, uv, mv, centered, ref acc);
    }

    private static void OneRowTrip(ArrayView<Quad<T>> xv, ArrayView<Quad<T>> uv, ArrayView<T> mv, bool centered,
        ref Tile<T> acc)
    {
        Quad<T> x = xv[0], u = uv[0];
        Row(ref acc, centered ? x : Minus(x, mv[0]), u);
    }

    private static Quad<T> Minus(Quad<T> x, T mu)
    {
        Quad<T> r;
        r.V0 = x.V0 - mu; r.V1 = x.V1 - mu; r.V2 = x.V2 - mu; r.V3 = x.V3 - mu;
        return r;
    }

    /// <summary>One row j: acc[q] += x_q · U[j][4·tx..4·tx+3] for the thread's 4 points.</summary>
    private static void Row(ref Tile<T> acc, Quad<T> x, Quad<T> u)
    {
        Axpy(ref acc.R0, x.V0, u);
        Axpy(ref acc.R1, x.V1, u);
        Axpy(ref acc.R2, x.V2, u);
        Axpy(ref acc.R3, x.V3, u);
    }

    private static void Axpy(ref Quad<T> r, T d, Quad<T> u)
    {
        r.V0 += d * u.V0;
        r.V1 += d * u.V1;
        r.V2 += d * u.V2;
        r.V3 += d * u.V3;
    }

    /// <summary>‖y‖² partials of the thread's 4 points: part[tx][4·ty..4·ty+3] (rows of 64 points), one Quad store.</summary>
    public static void StoreNorms(ArrayView<Quad<T>> part, in Tile<T> acc, int tx, int ty)
    {
        Quad<T> v;
        v.V0 = SumOfSquares(acc.R0);
        v.V1 = SumOfSquares(acc.R1);
        v.V2 = SumOfSquares(acc.R2);
        v.V3 = SumOfSquares(acc.R3);
        part[tx * PointQuads + ty] = v;
    }

    private static T SumOfSquares(in Quad<T> q) => q.V0 * q.V0 + q.V1 * q.V1 + q.V2 * q.V2 + q.V3 * q.V3;

    /// <summary>‖y_t‖² of point t from its 16 partials (part[l][t], l = 0..15, summed in order), written out.</summary>
    public static T Norm(ArrayView<T> part, int t)
    {
        var v = part.SubView(t, 15 * TilePoints + 1);
        T norm = T.Zero;
        norm += v[0]; norm += v[TilePoints]; norm += v[2 * TilePoints]; norm += v[3 * TilePoints];
        norm += v[4 * TilePoints]; norm += v[5 * TilePoints]; norm += v[6 * TilePoints]; norm += v[7 * TilePoints];
        norm += v[8 * TilePoints]; norm += v[9 * TilePoints]; norm += v[10 * TilePoints]; norm += v[11 * TilePoints];
        norm += v[12 * TilePoints]; norm += v[13 * TilePoints]; norm += v[14 * TilePoints]; norm += v[15 * TilePoints];
        return norm;
    }

    /// <summary>
    /// second[q][c] += Σ_p r_p d_p[4·bi+q] d_p[4·bj+c] over the <paramref name="quads"/>·4 points from
    /// <paramref name="p0"/> (a multiple of 4), d = the staged (centred) tile; points in order, as one at a time.
    /// </summary>
    public static void RankUpdate(ArrayView<Quad<T>> xq, ArrayView<Quad<T>> rq, int bi, int bj, int p0, int quads,
        ref Tile<T> second)
    {
        var xi = xq.SubView(4 * bi * RowQuads + p0 / 4);
        var xj = xq.SubView(4 * bj * RowQuads + p0 / 4);
        var rv = rq.SubView(p0 / 4);
        for (int m = quads - 1; m > 0; m--) // quads ≥ 4; the last trip is peeled (see FourRows)
        {
            FourPoints(xi, xj, rv, ref second);
            xi = xi.SubView(1);
            xj = xj.SubView(1);
            rv = rv.SubView(1);
        }
        FourPoints(xi, xj, rv, ref second);
    }

    private static void FourPoints(ArrayView<Quad<T>> xi, ArrayView<Quad<T>> xj, ArrayView<Quad<T>> rv, ref Tile<T> second)
    {
        Quad<T> r = rv[0];
        Quad<T> j0 = xj[0], j1 = xj[RowQuads], j2 = xj[2 * RowQuads], j3 = xj[3 * RowQuads];
        Quad<T> i0 = xi[0], i1 = xi[RowQuads], i2 = xi[2 * RowQuads], i3 = xi[3 * RowQuads];
        Point(ref second, r.V0, i0.V0, i1.V0, i2.V0, i3.V0, Column(j0.V0, j1.V0, j2.V0, j3.V0));
        Point(ref second, r.V1, i0.V1, i1.V1, i2.V1, i3.V1, Column(j0.V1, j1.V1, j2.V1, j3.V1));
        Point(ref second, r.V2, i0.V2, i1.V2, i2.V2, i3.V2, Column(j0.V2, j1.V2, j2.V2, j3.V2));
        Point(ref second, r.V3, i0.V3, i1.V3, i2.V3, i3.V3, Column(j0.V3, j1.V3, j2.V3, j3.V3));
    }

    private static Quad<T> Column(T v0, T v1, T v2, T v3)
    {
        Quad<T> q;
        q.V0 = v0; q.V1 = v1; q.V2 = v2; q.V3 = v3;
        return q;
    }

    private static void Point(ref Tile<T> second, T r, T x0, T x1, T x2, T x3, Quad<T> dj)
    {
        T a0 = r * x0, a1 = r * x1, a2 = r * x2, a3 = r * x3;
        Axpy(ref second.R0, a0, dj);
        Axpy(ref second.R1, a1, dj);
        Axpy(ref second.R2, a2, dj);
        Axpy(ref second.R3, a3, dj);
    }

    /// <summary>
    /// first += Σ_p r_p d_p[j] over points 16·<paramref name="part"/> .. + 15 of the staged tile, in order (F_k of the
    /// thread's feature j and point quarter; FullKernels.Statistics gives every (j &lt; d, quarter) one thread).
    /// </summary>
    public static void FirstMoment(ArrayView<Quad<T>> xq, ArrayView<Quad<T>> rq, int j, int part, ref T first)
    {
        var xv = xq.SubView(j * RowQuads + 4 * part, 4);
        var rv = rq.SubView(4 * part, 4);
        FirstMoment(xv[0], rv[0], ref first);
        FirstMoment(xv[1], rv[1], ref first);
        FirstMoment(xv[2], rv[2], ref first);
        FirstMoment(xv[3], rv[3], ref first);
    }

    private static void FirstMoment(Quad<T> x, Quad<T> r, ref T first)
    {
        first += r.V0 * x.V0;
        first += r.V1 * x.V1;
        first += r.V2 * x.V2;
        first += r.V3 * x.V3;
    }
}
