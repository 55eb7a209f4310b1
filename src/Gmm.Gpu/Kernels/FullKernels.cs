// Full-family kernels (full covariance; tied's projection y = (x − c) U and scatter Σ w (x − c)(x − c)ᵀ), d ≤ 64
// (the backend sends d > 64 to BlockedFullKernels).
// Shapes: x n×d row-major (raw; kernels subtract `center`); means k×d shifted by the center; chol k×64×64 upper
// precision Cholesky factors U_k, zero-padded (row j holds U[j, j..d)); constants k; lse n; N k, F k×d, S k×d×d float64.
// A group of 256 threads owns 64 points staged feature-major in shared memory. The E-step of one component is
// the triangular product Y = (X − μ_k) U_k: thread (tx = t / 16, ty = t % 16) holds points q·16 + ty and columns
// 4·tx..4·tx+3 and stops at row j = 4·tx + 3, so a warp (two tx) skips the zero part of U. The statistics are
// the rank update S_k += Σ_p r_p d_p d_pᵀ over 4×4 blocks on or above the diagonal.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace Gmm.Gpu.Kernels;

/// <summary>Triangular-product kernels for full and tied covariances.</summary>
internal static class FullKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    public const int GroupSize = 256;
    public const int TilePoints = 64;
    public const int MaxDimension = 64;
    private const int Stride = 65; // feature rows of the staged tile; 65 keeps the rank update's row reads on distinct banks
    private const int Block = MaxDimension * MaxDimension; // one zero-padded factor

    /// <summary>Pass 1 (full): lse[p] over all components, Σ w lse and Σ w into scalars. Grid strides over point tiles.</summary>
    public static void LogSumExp(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse, ArrayView<double> scalars)
    {
        var xs = SharedMemory.Allocate<T>(MaxDimension * Stride);
        var us = SharedMemory.Allocate<T>(default(TOps).CholeskyRows * MaxDimension);
        // float32: means and partial norms are double-buffered by component parity, so component k's norms are reduced
        // while k+1 is projected (a component costs the two barriers of its staging, no idle reduction step).
        // float64 lacks the shared memory for a second norm buffer and reduces each component before the next.
        int buffers = default(TOps).NormBuffers;
        var mus = SharedMemory.Allocate<T>(2 * MaxDimension);
        var part = SharedMemory.Allocate<T>(default(TOps).NormBuffers * 16 * TilePoints);
        int t = Group.IdxX, tx = t / 16, ty = t % 16;
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        double logLikelihood = 0, weightSum = 0;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            LoadPoints(a, x, center, xs, p0, center, false);
            T max = T.NegativeInfinity, sum = T.Zero;
            for (int k = 0; k < a.K; k++)
            {
                int buffer = buffers == 2 ? k & 1 : 0;
                var mu = mus.SubView(buffer * MaxDimension, MaxDimension);
                if (t < MaxDimension) mu[t] = t < a.D ? means[k * a.D + t] : T.Zero;
                Tile<T> acc = default;
                Project(a, chol, (long)k * Block, xs, us, mu, tx, ty, false, false, ref acc); // barriers: all of k−1 is stored
                StoreNorms(part.SubView(buffer * 16 * TilePoints, 16 * TilePoints), acc, tx, ty);
                if (buffers == 1)
                {
                    Group.Barrier();
                    if (t < TilePoints) Accumulate(part, constants[k], half, t, ref max, ref sum);
                }
                else if (k > 0 && t < TilePoints)
                    Accumulate(part.SubView((1 - buffer) * 16 * TilePoints, 16 * TilePoints), constants[k - 1], half, t, ref max, ref sum);
            }
            if (buffers == 2)
            {
                Group.Barrier();
                if (t < TilePoints)
                    Accumulate(part.SubView(((a.K - 1) & 1) * 16 * TilePoints, 16 * TilePoints), constants[a.K - 1], half, t, ref max, ref sum);
            }
            if (t < TilePoints && p0 + t < a.N)
            {
                T value = max + ops.Log(sum);
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

    /// <summary>Online log-sum-exp step for point t: log-density constant − ½‖y‖² from the 16 partial norms.</summary>
    private static void Accumulate(ArrayView<T> part, T constant, T half, int t, ref T max, ref T sum)
    {
        var ops = default(TOps);
        T norm = T.Zero;
        for (int l = 0; l < 16; l++) norm += part[l * TilePoints + t];
        T value = constant - half * norm;
        if (value > max)
        {
            sum = max == T.NegativeInfinity ? T.One : sum * ops.Exp(max - value) + T.One;
            max = value;
        }
        else sum += ops.Exp(value - max);
    }

    /// <summary>
    /// Pass 2. Mode 0: responsibilities of component Grid.IdxY (recomputed, normalised by lse) fused with N_k, F_k and
    /// the upper triangle of S_k (mirrored on flush). Mode 1 (tied): S += Σ w (x − c)(x − c)ᵀ, no E-step.
    /// </summary>
    public static void Statistics(FullArgs a, ArrayView<T> x, ArrayView<T> weights, ArrayView<T> means,
        ArrayView<T> chol, ArrayView<T> constants, ArrayView<T> center, ArrayView<T> lse,
        ArrayView<double> n, ArrayView<double> f, ArrayView<double> s)
    {
        var xs = SharedMemory.Allocate<T>(MaxDimension * Stride);
        var us = SharedMemory.Allocate<T>(default(TOps).CholeskyRows * MaxDimension);
        var mus = SharedMemory.Allocate<T>(MaxDimension);
        var part = SharedMemory.Allocate<T>(16 * TilePoints);
        var rs = SharedMemory.Allocate<T>(TilePoints);
        int t = Group.IdxX, tx = t / 16, ty = t % 16;
        int k = a.Mode == 0 ? Grid.IdxY : 0;
        var (bi, bj, pBegin, pEnd, active) = BlockOf(a.D, t);
        var ops = default(TOps);
        T half = ops.FromDouble(0.5);
        Tile<T> second = default;
        Quad<T> first = default;
        T count = T.Zero;
        int pending = 0;
        // The group's component is fixed: when its whole factor fits the staging buffer (float32), stage it and the
        // mean once here instead of once per tile.
        // The tile is staged already centred on μ_k (x − c − μ'_k, rounded in the CPU backend's order), so neither the
        // product nor the rank update subtracts the mean again.
        bool staged = a.Mode == 0 && default(TOps).CholeskyRows >= MaxDimension;
        if (staged)
            for (int e = t; e < Block; e += GroupSize) us[e] = chol[(long)k * Block + e];
        if (t < MaxDimension) mus[t] = a.Mode == 0 && t < a.D ? means[k * a.D + t] : T.Zero;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            LoadPoints(a, x, center, xs, p0, mus, a.Mode == 0);
            bool valid = t < TilePoints && p0 + t < a.N;
            T w = !valid ? T.Zero : a.HasWeights != 0 ? weights[p0 + t] : T.One;
            if (a.Mode == 0)
            {
                Tile<T> acc = default;
                Project(a, chol, (long)k * Block, xs, us, mus, tx, ty, staged, true, ref acc);
                StoreNorms(part, acc, tx, ty);
                Group.Barrier();
                if (t < TilePoints)
                {
                    T norm = T.Zero;
                    for (int l = 0; l < 16; l++) norm += part[l * TilePoints + t];
                    T r = valid ? w * ops.Exp(constants[k] - half * norm - lse[p0 + t]) : T.Zero;
                    rs[t] = r;
                    count += r;
                }
            }
            else if (t < TilePoints) rs[t] = w;
            Group.Barrier();
            if (active) RankUpdate(xs, rs, bi, bj, pBegin, pEnd, ref second, ref first);
            if (++pending == a.FlushTiles)
            {
                Flush(a, n, f, s, k, t, bi, bj, active, ref count, ref first, ref second);
                pending = 0;
            }
        }
        Flush(a, n, f, s, k, t, bi, bj, active, ref count, ref first, ref second);
    }

    /// <summary>Tied pass 0: y = (x − c) U for every point (n×d), the coordinates of the diagonal-family E-step.</summary>
    public static void Projection(FullArgs a, ArrayView<T> x, ArrayView<T> chol, ArrayView<T> center, ArrayView<T> y)
    {
        var xs = SharedMemory.Allocate<T>(MaxDimension * Stride);
        var us = SharedMemory.Allocate<T>(default(TOps).CholeskyRows * MaxDimension);
        var mus = SharedMemory.Allocate<T>(MaxDimension);
        int t = Group.IdxX, tx = t / 16, ty = t % 16;
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            LoadPoints(a, x, center, xs, p0, center, false);
            Tile<T> acc = default;
            Project(a, chol, 0, xs, us, mus, tx, ty, false, true, ref acc);
            StoreRow(a, y, p0 + ty, tx * 4, acc.R0);
            StoreRow(a, y, p0 + 16 + ty, tx * 4, acc.R1);
            StoreRow(a, y, p0 + 32 + ty, tx * 4, acc.R2);
            StoreRow(a, y, p0 + 48 + ty, tx * 4, acc.R3);
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
    /// Stages x − c (and − μ when <paramref name="subtractMean"/>) of 64 points feature-major (xs[j·65 + p]); zero outside
    /// the chunk. Starts with a barrier, so <paramref name="mean"/> may be written just before.
    /// </summary>
    private static void LoadPoints(in FullArgs a, ArrayView<T> x, ArrayView<T> center, ArrayView<T> xs, int p0,
        ArrayView<T> mean, bool subtractMean)
    {
        Group.Barrier();
        for (int e = Group.IdxX; e < TilePoints * MaxDimension; e += GroupSize)
        {
            int pp = e / MaxDimension, j = e % MaxDimension, p = p0 + pp;
            T v = T.Zero;
            if (p < a.N && j < a.D)
            {
                v = x[(long)p * a.D + j] - center[j];
                if (subtractMean) v -= mean[j];
            }
            xs[j * Stride + pp] = v;
        }
    }

    /// <summary>
    /// acc[q][c] = Σ_{j ≤ i} (xs[j, q·16+ty] − μ_j) U[j, i], i = 4·tx + c. Every thread must call it. With
    /// <paramref name="staged"/> the caller already holds all 64 rows of U in <paramref name="us"/>.
    /// </summary>
    private static void Project(in FullArgs a, ArrayView<T> chol, long offset, ArrayView<T> xs, ArrayView<T> us,
        ArrayView<T> mus, int tx, int ty, bool staged, bool centered, ref Tile<T> acc)
    {
        int t = Group.IdxX, rows = staged ? MaxDimension : default(TOps).CholeskyRows, i0 = tx * 4;
        for (int j0 = 0; j0 < a.D; j0 += rows)
        {
            Group.Barrier();
            if (!staged)
            {
                // Rows j0.. of the zero-padded 64×64 factor: a straight copy, stopping at row d.
                int count = XMath.Min(rows, a.D - j0) * MaxDimension;
                for (int e = t; e < count; e += GroupSize) us[e] = chol[offset + j0 * MaxDimension + e];
                Group.Barrier();
            }
            if (i0 >= a.D) continue;
            int end = XMath.Min(a.D, XMath.Min(j0 + rows, i0 + 4));
            for (int j = j0; j < end; j++)
            {
                T mu = centered ? T.Zero : mus[j];
                var xr = xs.SubView(j * Stride + ty, 49); // constant offsets from here fold into the loads
                var ur = us.SubView((j - j0) * MaxDimension + i0, 4);
                Quad<T> u;
                u.V0 = ur[0]; u.V1 = ur[1]; u.V2 = ur[2]; u.V3 = ur[3];
                Axpy(ref acc.R0, xr[0] - mu, u);
                Axpy(ref acc.R1, xr[16] - mu, u);
                Axpy(ref acc.R2, xr[32] - mu, u);
                Axpy(ref acc.R3, xr[48] - mu, u);
            }
        }
    }

    private static void Axpy(ref Quad<T> r, T d, in Quad<T> u)
    {
        r.V0 += d * u.V0;
        r.V1 += d * u.V1;
        r.V2 += d * u.V2;
        r.V3 += d * u.V3;
    }

    private static void StoreNorms(ArrayView<T> part, in Tile<T> acc, int tx, int ty)
    {
        int o = tx * TilePoints + ty;
        part[o] = SumOfSquares(acc.R0);
        part[o + 16] = SumOfSquares(acc.R1);
        part[o + 32] = SumOfSquares(acc.R2);
        part[o + 48] = SumOfSquares(acc.R3);
    }

    private static T SumOfSquares(in Quad<T> q) => q.V0 * q.V0 + q.V1 * q.V1 + q.V2 * q.V2 + q.V3 * q.V3;

    /// <summary>
    /// second[q][c] += Σ_p r_p d_p[4·bi+q] d_p[4·bj+c] over p in [p0, p1), d = the staged (centred) tile;
    /// first[q] += Σ_p r_p d_p[4·bi+q] on diagonal blocks.
    /// </summary>
    private static void RankUpdate(ArrayView<T> xs, ArrayView<T> rs, int bi, int bj, int p0, int p1,
        ref Tile<T> second, ref Quad<T> first)
    {
        int i0 = bi * 4, j0 = bj * 4;
        bool diagonal = bi == bj;
        for (int p = p0; p < p1; p++)
        {
            T r = rs[p];
            var xi = xs.SubView(i0 * Stride + p, 3 * Stride + 1);
            var xj = xs.SubView(j0 * Stride + p, 3 * Stride + 1);
            T a0 = r * xi[0], a1 = r * xi[Stride], a2 = r * xi[2 * Stride], a3 = r * xi[3 * Stride];
            Quad<T> dj;
            dj.V0 = xj[0]; dj.V1 = xj[Stride]; dj.V2 = xj[2 * Stride]; dj.V3 = xj[3 * Stride];
            Axpy(ref second.R0, a0, dj);
            Axpy(ref second.R1, a1, dj);
            Axpy(ref second.R2, a2, dj);
            Axpy(ref second.R3, a3, dj);
            if (diagonal)
            {
                first.V0 += a0; first.V1 += a1; first.V2 += a2; first.V3 += a3;
            }
        }
    }

    /// <summary>
    /// Maps thread t to a 4×4 block (bi ≤ bj) of S's upper triangle and a share of the tile's points: the ⌈d/4⌉(⌈d/4⌉+1)/2
    /// blocks are spread over 64, 128 or 256 lanes, and the remaining factor splits the 64 points, so most threads work
    /// even for small d (d = 39: 55 blocks × 4 point quarters).
    /// </summary>
    private static (int Bi, int Bj, int P0, int P1, bool Active) BlockOf(int d, int t)
    {
        int nb = (d + 3) / 4, blocks = nb * (nb + 1) / 2;
        int lanes = blocks <= 64 ? 64 : blocks <= 128 ? 128 : 256;
        int b = t % lanes, part = t / lanes, share = TilePoints / (GroupSize / lanes);
        bool active = b < blocks;
        int bi = 0, row = nb;
        while (active && b >= row)
        {
            b -= row;
            bi++;
            row--;
        }
        return (bi, bi + b, part * share, part * share + share, active);
    }

    private static void Flush(in FullArgs a, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s, int k, int t,
        int bi, int bj, bool active, ref T count, ref Quad<T> first, ref Tile<T> second)
    {
        var ops = default(TOps);
        if (a.Mode == 0 && t < TilePoints) Atomic.Add(ref n[k], ops.ToDouble(count));
        count = T.Zero;
        if (active)
        {
            long so = a.Mode == 0 ? (long)k * a.D * a.D : 0;
            FlushRow(a, s, so, bi * 4, bj * 4, second.R0);
            FlushRow(a, s, so, bi * 4 + 1, bj * 4, second.R1);
            FlushRow(a, s, so, bi * 4 + 2, bj * 4, second.R2);
            FlushRow(a, s, so, bi * 4 + 3, bj * 4, second.R3);
            if (a.Mode == 0 && bi == bj)
            {
                long fo = (long)k * a.D + bi * 4;
                if (bi * 4 < a.D) Atomic.Add(ref f[fo], ops.ToDouble(first.V0));
                if (bi * 4 + 1 < a.D) Atomic.Add(ref f[fo + 1], ops.ToDouble(first.V1));
                if (bi * 4 + 2 < a.D) Atomic.Add(ref f[fo + 2], ops.ToDouble(first.V2));
                if (bi * 4 + 3 < a.D) Atomic.Add(ref f[fo + 3], ops.ToDouble(first.V3));
            }
        }
        first = default;
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
