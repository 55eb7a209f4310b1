using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// scikit-learn's greedy k-means++ seeding (_kmeans_plusplus), weighted by sample weight: the first seed is drawn in
/// proportion to weight; each later step draws 2 + ⌊ln k⌋ candidates in proportion to w·D² (D² the squared distance to
/// the nearest seed so far, via the first index whose cumulative sum reaches u·potential) and keeps the candidate that
/// leaves the smallest potential Σ w·min(D², ‖x − candidate‖²).
/// <para>
/// Every distance kept is bit for bit the naive float64 loop's Σ_j (x_j − c_j)² (features in order, no fused
/// multiply-adds, from the sample's own values, no origin): float32 distances, or the expanded ‖x‖² − 2x·c + ‖c‖²
/// form, would collapse clusters tighter than their resolution at their offset to D² = 0, and a zero potential makes
/// every later draw pick index 0. <see cref="CandidateScreen{TV, TP}"/> gives those values while computing the naive
/// loop only for the pairs where a candidate may come nearer than the point's seed (a cheaper screen with a rigorous
/// rounding bound settles the rest), so the seeds are exactly those of the plain algorithm.
/// </para>
/// <para>
/// Work is split into fixed blocks of <see cref="PointPanels.BlockPoints"/> points, in parallel. Each candidate's
/// potential is summed per block over its kept distances in index order (Vector&lt;double&gt; lanes with fused
/// multiply-adds), then over blocks in order, so the seeds depend only on the random draws, never on the thread count
/// or the screen's register width. The per-block sums of the kept candidate also serve the next step's draws: a draw
/// walks the block sums, then only the one block it lands in, so no cumulative array over the sample is built.
/// </para>
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>Number of candidates per step: 2 + ⌊ln k⌋, as scikit-learn.</summary>
    public static int Trials(int k) => 2 + (int)Math.Log(k);

    /// <summary>Indices of k seeds.</summary>
    public static int[] Seeds(DataSample sample, int k, Random random) => Seeds(sample, k, random, out _);

    /// <summary>
    /// Indices of k seeds; <paramref name="spare"/> is the screen's float32 panel array (at least
    /// <see cref="PointPanels.BlockPoints"/>-padded m·d long), which nothing reads after the seeding, for the caller to
    /// reuse as working memory instead of touching fresh pages (null where the panels were float64).
    /// </summary>
    public static int[] Seeds(DataSample sample, int k, Random random, out float[]? spare)
    {
        if (SingleValued(sample.Values))
        {
            float[] panels;
            int[] seeds = SimdWidth.Preferred switch
            {
                512 => Seeds<Simd512<float>, float>(sample, k, random, out panels),
                256 => Seeds<Simd256<float>, float>(sample, k, random, out panels),
                _ => Seeds<Simd128<float>, float>(sample, k, random, out panels),
            };
            spare = panels;
            return seeds;
        }
        spare = null;
        return SimdWidth.Preferred switch
        {
            512 => Seeds<Simd512<double>, double>(sample, k, random, out _),
            256 => Seeds<Simd256<double>, double>(sample, k, random, out _),
            _ => Seeds<Simd128<double>, double>(sample, k, random, out _),
        };
    }

    /// <summary>
    /// Indices of k seeds, the screen's panels in <typeparamref name="TP"/> (which must hold every sample value exactly);
    /// <paramref name="gatheredCorrections"/>: see <see cref="CandidateScreen{TV, TP}.GatheredCorrections"/> (the seeds are the same).
    /// </summary>
    internal static int[] Seeds<TV, TP>(DataSample sample, int k, Random random, bool gatheredCorrections = true)
        where TV : struct, ISimd<TV, TP>
        where TP : unmanaged, IFloatingPointIeee754<TP> => Seeds<TV, TP>(sample, k, random, out _, gatheredCorrections);

    /// <summary>
    /// <see cref="Seeds{TV, TP}(DataSample, int, Random, bool)"/>, giving back the screen's panel array as
    /// <paramref name="panels"/> (nothing reads it after the seeding).
    /// </summary>
    internal static int[] Seeds<TV, TP>(DataSample sample, int k, Random random, out TP[] panels, bool gatheredCorrections = true)
        where TV : struct, ISimd<TV, TP>
        where TP : unmanaged, IFloatingPointIeee754<TP>
    {
        int trials = Trials(k);
        var screen = new CandidateScreen<TV, TP>(sample, trials, gatheredCorrections);
        int m = sample.Count, blocks = screen.BlockCount;
        var weights = new double[screen.PaddedCount]; // padding points weigh nothing (and keep D² = 0)
        sample.Weights.CopyTo(weights, 0);
        var seeds = new int[k];
        seeds[0] = FirstSeed(sample.Weights, random.NextDouble() * TensorSum(sample.Weights));

        var closest = new double[screen.PaddedCount];
        var closestBlocks = new double[blocks];
        var seedRow = screen.Rows([seeds[0]]);
        Parallel.For(0, blocks, () => new double[TV.Count], (b, _, lanes) =>
        {
            screen.DistancesToPoint(b, seedRow, closest, lanes);
            int start = b * PointPanels.BlockPoints;
            closestBlocks[b] = BlockPotentials.Single(closest.AsSpan(start, PointPanels.BlockPoints), weights.AsSpan(start, PointPanels.BlockPoints));
            return lanes;
        }, _ => { });
        double potential = SumInOrder(closestBlocks);

        var blockPotentials = new double[trials][];
        for (int t = 0; t < trials; t++) blockPotentials[t] = new double[blocks];
        var potentials = new double[trials];
        // Per-thread buffers kept from step to step: a fresh set per task and step allocated ≈ 4 MB per default fit,
        // each set on fresh pages (every buffer is written before it is read, so a kept one serves as a new one).
        var pool = new System.Collections.Concurrent.ConcurrentBag<CandidateScreen<TV, TP>.Scratch>();
        // The kept candidate's corrections reach closest block by block at the start of the next step's evaluation
        // (in parallel), and before a draw reads a block (Keep is idempotent); -1: none yet.
        int keptSlot = -1;
        for (int c = 1; c < k; c++)
        {
            var candidates = new int[trials];
            for (int t = 0; t < trials; t++)
                candidates[t] = Draw(random.NextDouble() * potential, weights, closest, closestBlocks, m, screen, keptSlot);
            var rows = screen.Rows(candidates);
            var blockSums = closestBlocks;
            int slot = keptSlot;
            Parallel.For(0, blocks, () => pool.TryTake(out var kept) ? kept : new CandidateScreen<TV, TP>.Scratch(trials), (b, _, scratch) =>
            {
                screen.Evaluate(candidates, rows, b, slot, closest, blockSums[b], weights, blockPotentials, scratch);
                return scratch;
            }, pool.Add);
            for (int t = 0; t < trials; t++) potentials[t] = SumInOrder(blockPotentials[t]);
            int best = 0;
            for (int t = 1; t < trials; t++) if (potentials[t] < potentials[best]) best = t;
            seeds[c] = candidates[best];
            potential = potentials[best];
            keptSlot = best;
            (closestBlocks, blockPotentials[best]) = (blockPotentials[best], closestBlocks);
        }
        panels = screen.Panels;
        return seeds;
    }

    /// <summary>
    /// The first index whose cumulative w·D² reaches <paramref name="target"/> (numpy's searchsorted, left side): the
    /// block from the per-block sums, then a running sum inside it. Rounding (the block sums are not the running sum)
    /// can leave the walk short; then it picks the last point at or before the block's end with w·D² &gt; 0, so never a
    /// point of zero weight or one already at a seed (index 0 only if there is none, i.e. a zero potential). The blocks
    /// it reads get the kept candidate's corrections first (<paramref name="keptSlot"/>; see <see cref="CandidateScreen{TV, TP}.Keep"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its loop over a block ran as tier-0 code in every step
    private static int Draw<TV, TP>(double target, double[] weights, double[] closest, double[] blockSums, int m, CandidateScreen<TV, TP> screen, int keptSlot)
        where TV : struct, ISimd<TV, TP>
        where TP : unmanaged, IFloatingPointIeee754<TP>
    {
        int b = 0;
        double prefix = 0;
        for (; b < blockSums.Length - 1; b++)
        {
            if (prefix + blockSums[b] >= target) break;
            prefix += blockSums[b];
        }
        int start = b * PointPanels.BlockPoints, end = Math.Min(m, start + PointPanels.BlockPoints);
        screen.Keep(keptSlot, b, closest);
        double running = prefix;
        for (int i = start; i < end; i++)
        {
            running += weights[i] * closest[i];
            if (running >= target) return i;
        }
        for (int before = 0; before < b; before++) screen.Keep(keptSlot, before, closest);
        for (int i = end - 1; i >= 0; i--)
            if (weights[i] * closest[i] > 0) return i;
        return 0;
    }

    /// <summary>The first seed: the first index whose cumulative weight passes <paramref name="target"/>, skipping zero weights.</summary>
    private static int FirstSeed(double[] weights, double target)
    {
        double running = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            if (running > target && weights[i] > 0) return i;
        }
        return weights.Length - 1;
    }

    private static double SumInOrder(double[] values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum;
    }

    /// <summary>Whether every value is a float32 value (then float32 panels hold the sample exactly); NaN never is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SingleValued(double[] values)
    {
        int i = 0, step = 2 * Vector<double>.Count;
        for (; i + step <= values.Length; i += step)
        {
            var low = new Vector<double>(values, i);
            var high = new Vector<double>(values, i + Vector<double>.Count);
            Vector.Widen(Vector.Narrow(low, high), out var backLow, out var backHigh);
            if (!Vector.EqualsAll(low, backLow) || !Vector.EqualsAll(high, backHigh)) return false;
        }
        for (; i < values.Length; i++)
            if ((double)(float)values[i] != values[i]) return false;
        return true;
    }

    private static double TensorSum(double[] values) => System.Numerics.Tensors.TensorPrimitives.Sum(values);
}
