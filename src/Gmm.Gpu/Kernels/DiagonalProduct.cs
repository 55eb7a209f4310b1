// The log-density product of the diagonal-family kernels: acc[q][i] = Σ_j (x_{p,j} − μ_{c,j})² p_{c,j} for the
// thread's 4 points p = p0 + 4·ty + q and 4 components c = kb + 4·tx + i (t = 16·ty + tx, 256 threads per group;
// a group owns 64 points × 64 components), features streamed through shared memory 8 at a time.
// Shared `work` (3 × 512 T): x[jj][pp] at jj·64 + pp (x − center), μ[jj][cc] at 512 + jj·64 + cc, p[jj][cc] at
// 1024 + jj·64 + cc; zeros for points ≥ n and features ≥ d (they add exactly +0). Each thread's 4 points and 4
// components are contiguous, so one feature costs three Quad loads (float32: ld.shared.v4, ILGPU aligns a shared
// allocation read as Quad<T> to 16 bytes; float64: two ld.shared.v2.f64 each, 32-byte aligned) for 16 sub, mul, fma.
//
// Bank conflicts (32 banks of 4 bytes): a warp's 128-bit shared loads are served in quarter-warp phases of 8 lanes
// (128 bytes). A warp is t = 32w..32w+31, i.e. ty ∈ {2w, 2w+1} and tx = 0..15, so the 8 lanes of a phase share ty and
// have tx = 0..7 or 8..15. μ and p (float32): the lanes of a phase read quads 8h..8h+7 of one 64-float row, 128
// contiguous bytes covering every bank once: conflict-free. x: the 8 lanes read the same quad (jj·16 + ty): a
// broadcast. float64 Quads are 32 bytes apart, so lanes tx and tx + 4 of a phase share banks (2-way); the float64
// kernels are bound by their software exp/log, not by this.
//
// Written out or looped (ptxas 11.8 for sm_90, offline): the 8-feature chunk as straight-line code issues 51 SASS
// instructions per feature (48 FP32 + 3 LDS.128) against 57 for the one-feature loop and 70 for the former scalar
// loop, but ILGPU emits it accumulator by accumulator (all 24 Quads loaded first), and ptxas then allocates ~108
// registers. The statistics pass (already past 80 registers with its 32 F/S accumulators) takes the written-out chunk;
// the log-sum-exp pass (k > 64 only) keeps the loop at 54 registers (4 groups of 256 per SM instead of 2).
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Squared precision-weighted distances of a 64-point × 64-component tile, 4 × 4 per thread.</summary>
internal static class DiagonalProduct<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    /// <summary>Length of the shared `work` array a caller allocates: x, μ and p of the staged features (3 × 512).</summary>
    public const int WorkLength = 3 * Chunk;
    private const int Chunk = StagedFeatures * TilePoints; // 512: one staged array
    private const int Row = TilePoints / 4;          // 16 quads: one staged feature row
    private const int ViewLength = (StagedFeatures - 1) * Row + 1;

    /// <summary>
    /// acc[q][i] = Σ_j (x_{p0+4·ty+q, j} − c_j − μ_{kb+4·tx+i, j})² p_{kb+4·tx+i, j}; every thread must call it.
    /// <paramref name="centered"/>: x is already about the centre (tied's projected points) and c is not read.
    /// <paramref name="writtenOut"/>: full 8-feature chunks as straight-line code, else one feature per loop trip.
    /// Both are constants at each call site.
    /// </summary>
    public static void Distances(in DiagonalArgs a, ArrayView<T> x, ArrayView<T> means, ArrayView<T> precisions,
        ArrayView<T> center, bool centered, ArrayView<T> work, int p0, int kb, int tx, int ty, bool writtenOut, ref Tile<T> acc)
    {
        int t = Group.IdxX;
        // Views at the thread's quad of feature 0; feature jj is 16·jj quads further (a constant offset).
        var quads = work.Cast<Quad<T>>();
        var xq = quads.SubView(ty, ViewLength);
        var mq = quads.SubView(Chunk / 4 + tx, ViewLength);
        var pq = quads.SubView(2 * Chunk / 4 + tx, ViewLength);
        for (int j0 = 0; j0 < a.D; j0 += StagedFeatures)
        {
            Group.Barrier();
            for (int e = t; e < Chunk; e += GroupSize)
            {
                int pp = e / StagedFeatures, jj = e % StagedFeatures, p = p0 + pp, j = j0 + jj;
                T v = T.Zero;
                if (p < a.N && j < a.D) v = centered ? x[(long)p * a.D + j] : x[(long)p * a.D + j] - center[j];
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
            int jn = XMath.Min(StagedFeatures, a.D - j0);
            if (writtenOut && jn == StagedFeatures)
            {
                // Written out: ILGPU does not unroll a constant-trip loop; the offsets fold into the loads.
                Feature(ref acc, xq, mq, pq, 0);
                Feature(ref acc, xq, mq, pq, Row);
                Feature(ref acc, xq, mq, pq, 2 * Row);
                Feature(ref acc, xq, mq, pq, 3 * Row);
                Feature(ref acc, xq, mq, pq, 4 * Row);
                Feature(ref acc, xq, mq, pq, 5 * Row);
                Feature(ref acc, xq, mq, pq, 6 * Row);
                Feature(ref acc, xq, mq, pq, 7 * Row);
            }
            else
            {
                for (int o = 0; o < jn * Row; o += Row) Feature(ref acc, xq, mq, pq, o);
            }
        }
    }

    /// <summary>One feature (quad offset <paramref name="o"/>): x of the thread's 4 points against μ, p of its 4 components.</summary>
    private static void Feature(ref Tile<T> acc, ArrayView<Quad<T>> xq, ArrayView<Quad<T>> mq, ArrayView<Quad<T>> pq, int o)
    {
        // Whole-Quad copies into locals: ILGPU then emits one ld.shared.v4 each (an `in` reference into shared memory
        // would be read field by field).
        Quad<T> x = xq[o], m = mq[o], p = pq[o];
        Term(ref acc.R0, x.V0, m, p);
        Term(ref acc.R1, x.V1, m, p);
        Term(ref acc.R2, x.V2, m, p);
        Term(ref acc.R3, x.V3, m, p);
    }

    private static void Term(ref Quad<T> r, T x, Quad<T> m, Quad<T> p)
    {
        T d0 = x - m.V0, d1 = x - m.V1, d2 = x - m.V2, d3 = x - m.V3;
        r.V0 += d0 * p.V0 * d0;
        r.V1 += d1 * p.V1 * d1;
        r.V2 += d2 * p.V2 * d2;
        r.V3 += d3 * p.V3 * d3;
    }
}
