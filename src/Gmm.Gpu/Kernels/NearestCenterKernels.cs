// Nearest-centre labels for k-means initialisation (Init/DeviceCenterSearch), the device side of the host's
// NearestCenter. Shapes: x n×d row-major (T, raw values); origin d (float64); centers d×kp float32, feature-major,
// −2(c − origin) at j·kp + c; norms kp float32, ‖c − origin‖²; labels n (int).
// Score of point x and centre c: norms[c] + Σ_j x̃_j·centers[j·kp + c] in feature order, x̃_j = fl32(x_j − origin_j)
// rounded from float64 — the host's inputs and order exactly. Whether the device fuses the multiply-adds or not, each
// score is within E = γ_{d+1}·(1 + u)·(‖x̃‖ + R)² + (d + 1)·2⁻¹²⁵ of the exact value on those inputs (u = 2⁻²⁴,
// γ_m = m·u/(1 − m·u), R = max ‖c − origin‖: |norm| + Σ|x̃_j·c̃_j| ≤ (1 + u)(R² + 2‖x̃‖R); the last term covers
// underflow, even flushed to zero), and so is the host's; when the best and second-best scores are more than 4E apart
// the host's argmin is the same centre, and the label is written. Otherwise (near-ties, exact ties, non-finite scores)
// the kernel writes −1 and the host searches that point itself, so the labels always equal the host's.
// Work: a group of 256 threads (t = 16·ty + tx) owns 64 points; per tile of 64 centres each thread keeps the scores of
// points p0 + 4·ty + q and centres kb + 4·tx + i (a 4×4 register tile), features staged 32 at a time: x̃ point-major
// xs[pp·33 + jj] (the staging warp writes 32 features of one point: banks (pp + jj) mod 32, distinct; the product
// reads two points per warp: broadcasts), centres feature-major cs[jj·64 + cc] (read as one Quad per thread: the 8
// lanes of a quarter-warp cover 128 contiguous bytes). Each thread keeps its best and second-best per point; the 16
// threads of a point then merge theirs through shared memory.
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>The nearest-centre search of k-means initialisation, labels equal to the host's.</summary>
internal static class NearestCenterKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    private const int XRow = CenterSlab + 1;
    private const int MergeRow = 17;

    /// <summary>
    /// labels[p] = the centre nearest point p, or −1 where the host must decide (see the file header).
    /// Grid: any number of groups, striding over point tiles.
    /// </summary>
    public static void Labels(NearestCenterArgs a, ArrayView<T> x, ArrayView<double> origin, ArrayView<float> centers,
        ArrayView<float> norms, ArrayView<int> labels)
    {
        var xs = SharedMemory.Allocate<float>(TilePoints * XRow);
        var cs = SharedMemory.Allocate<float>(CenterSlab * TileComponents);
        var mergeBest = SharedMemory.Allocate<float>(TilePoints * MergeRow);
        var mergeSecond = SharedMemory.Allocate<float>(TilePoints * MergeRow);
        var mergeLabel = SharedMemory.Allocate<int>(TilePoints * MergeRow);
        var csq = cs.Cast<Quad<float>>();
        int t = Group.IdxX, tx = t % 16, ty = t / 16;
        var ops = default(TOps);
        for (int tile = Grid.IdxX; tile < a.PointTiles; tile += Grid.DimX)
        {
            int p0 = tile * TilePoints;
            Track b0 = Track.Empty, b1 = Track.Empty, b2 = Track.Empty, b3 = Track.Empty;
            for (int kb = 0; kb < a.Kp; kb += TileComponents)
            {
                int c0 = kb + 4 * tx;
                Quad<float> n;
                n.V0 = norms[c0]; n.V1 = norms[c0 + 1]; n.V2 = norms[c0 + 2]; n.V3 = norms[c0 + 3];
                Tile<float> acc;
                acc.R0 = n; acc.R1 = n; acc.R2 = n; acc.R3 = n;
                for (int j0 = 0; j0 < a.D; j0 += CenterSlab)
                {
                    int jn = XMath.Min(CenterSlab, a.D - j0);
                    Group.Barrier();
                    for (int e = t; e < TilePoints * CenterSlab; e += GroupSize)
                    {
                        int pp = e / CenterSlab, jj = e % CenterSlab, p = p0 + pp;
                        float v = 0;
                        if (jj < jn && p < a.N) v = (float)(ops.ToDouble(x[(long)p * a.D + j0 + jj]) - origin[j0 + jj]);
                        xs[pp * XRow + jj] = v;
                        int cc = e % TileComponents, cj = e / TileComponents;
                        cs[e] = cj < jn ? centers[(long)(j0 + cj) * a.Kp + kb + cc] : 0f;
                    }
                    Group.Barrier();
                    int xr = 4 * ty * XRow;
                    for (int jj = 0; jj < jn; jj++)
                    {
                        var c = csq[jj * 16 + tx];
                        Fma(ref acc.R0, xs[xr + jj], c);
                        Fma(ref acc.R1, xs[xr + XRow + jj], c);
                        Fma(ref acc.R2, xs[xr + 2 * XRow + jj], c);
                        Fma(ref acc.R3, xs[xr + 3 * XRow + jj], c);
                    }
                }
                Keep(ref b0, acc.R0, c0, a.K);
                Keep(ref b1, acc.R1, c0, a.K);
                Keep(ref b2, acc.R2, c0, a.K);
                Keep(ref b3, acc.R3, c0, a.K);
            }
            Store(mergeBest, mergeSecond, mergeLabel, (4 * ty) * MergeRow + tx, b0);
            Store(mergeBest, mergeSecond, mergeLabel, (4 * ty + 1) * MergeRow + tx, b1);
            Store(mergeBest, mergeSecond, mergeLabel, (4 * ty + 2) * MergeRow + tx, b2);
            Store(mergeBest, mergeSecond, mergeLabel, (4 * ty + 3) * MergeRow + tx, b3);
            Group.Barrier();
            if (t < TilePoints && p0 + t < a.N)
            {
                var merged = Track.Empty;
                for (int l = 0; l < 16; l++)
                {
                    int o = t * MergeRow + l;
                    Merge(ref merged, mergeBest[o], mergeSecond[o], mergeLabel[o]);
                }
                int p = p0 + t;
                double norm = 0;
                for (int j = 0; j < a.D; j++)
                {
                    double v = (float)(ops.ToDouble(x[(long)p * a.D + j]) - origin[j]);
                    norm += v * v;
                }
                double reach = XMath.Sqrt(norm) + a.Radius;
                double gap = (double)merged.Second - merged.Best;
                bool certain = merged.Label >= 0 && gap > a.Margin * reach * reach + a.Floor;
                labels[p] = certain ? merged.Label : -1;
            }
            Group.Barrier(); // the merge buffers are rewritten by the next tile
        }
    }

    /// <summary>acc[i] += x·c[i] for the four centres (a multiply and an add; ptxas contracts them).</summary>
    private static void Fma(ref Quad<float> acc, float x, Quad<float> c)
    {
        acc.V0 += x * c.V0;
        acc.V1 += x * c.V1;
        acc.V2 += x * c.V2;
        acc.V3 += x * c.V3;
    }

    /// <summary>Adds the four scores of one point (centres c0..c0+3, those ≥ k skipped) to its running best.</summary>
    private static void Keep(ref Track track, Quad<float> scores, int c0, int k)
    {
        if (c0 < k) track.Add(scores.V0, c0);
        if (c0 + 1 < k) track.Add(scores.V1, c0 + 1);
        if (c0 + 2 < k) track.Add(scores.V2, c0 + 2);
        if (c0 + 3 < k) track.Add(scores.V3, c0 + 3);
    }

    private static void Store(ArrayView<float> best, ArrayView<float> second, ArrayView<int> label, int o, Track track)
    {
        best[o] = track.Best;
        second[o] = track.Second;
        label[o] = track.Label;
    }

    /// <summary>Merges one thread's (best, second, label) into a point's: label −1 (a non-finite score) sticks.</summary>
    private static void Merge(ref Track merged, float best, float second, int label)
    {
        if (label == -1 || merged.Label == -1)
        {
            merged.Label = -1;
            return;
        }
        if (best < merged.Best)
        {
            merged.Second = XMath.Min(merged.Best, second);
            merged.Best = best;
            merged.Label = label;
        }
        else merged.Second = XMath.Min(merged.Second, best);
    }

    /// <summary>The smallest and second-smallest score seen for one point and the centre of the smallest (−1: a non-finite score).</summary>
    private struct Track
    {
        public float Best, Second;
        public int Label;

        /// <summary>No centre seen yet: scores +∞, label 0 (k ≥ 1, so some centre replaces it).</summary>
        public static Track Empty => new() { Best = float.PositiveInfinity, Second = float.PositiveInfinity, Label = 0 };

        public void Add(float score, int center)
        {
            if (Label == -1) return;
            if (!float.IsFinite(score)) Label = -1;
            else if (score < Best)
            {
                Second = Best;
                Best = score;
                Label = center;
            }
            else if (score < Second) Second = score;
        }
    }
}
