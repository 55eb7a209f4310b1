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
/// Each step is one pass over the sample in <see cref="PointPanels"/> (float32 about the sample mean), parallel over
/// fixed blocks of points, vectorised across points: every candidate's squared distances are taken in the direct form
/// Σ (x − c)², which has no cancellation, four candidates × two panels at a time. Potentials are summed in float64 per
/// block, then over blocks in order, so the seeds depend only on the random draws, never on the thread count. The
/// per-block sums of the kept candidate also serve the next step's draws: a draw walks the block sums, then only the one
/// block it lands in, so no cumulative array over the sample is built.
/// </para>
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>Candidates per group (one FMA chain each per panel).</summary>
    private const int Group = 4;

    /// <summary>Number of candidates per step: 2 + ⌊ln k⌋, as scikit-learn.</summary>
    public static int Trials(int k) => 2 + (int)Math.Log(k);

    /// <summary>Indices of k seeds, with the sample's points taken about its mean.</summary>
    public static int[] Seeds(DataSample sample, int k, Random random) =>
        Seeds(sample, PointPanels.FromSample(sample, sample.Mean()), k, random);

    /// <summary>Indices of k seeds; <paramref name="panels"/> holds the sample's points (about any origin).</summary>
    public static int[] Seeds(DataSample sample, PointPanels panels, int k, Random random)
    {
        int m = sample.Count, padded = panels.PaddedCount, blocks = panels.BlockCount;
        int trials = Trials(k), slots = (trials + Group - 1) / Group * Group;
        var weights = new double[padded]; // padding points weigh nothing
        sample.Weights.CopyTo(weights, 0);
        var seeds = new int[k];
        seeds[0] = FirstSeed(sample.Weights, random.NextDouble() * TensorSum(sample.Weights));

        // Scratch per candidate slot: its min(D², distance) per point and its potential per block.
        var distances = new float[slots][];
        var blockPotentials = new double[slots][];
        for (int s = 0; s < slots; s++)
        {
            distances[s] = new float[padded];
            blockPotentials[s] = new double[blocks];
        }
        var closest = new float[padded];
        Array.Fill(closest, float.PositiveInfinity);
        var candidates = new int[slots];
        Array.Fill(candidates, seeds[0]);
        Evaluate(panels, weights, closest, candidates, distances, blockPotentials);
        (closest, distances[0]) = (distances[0], closest);
        var closestBlocks = blockPotentials[0];
        blockPotentials[0] = new double[blocks];
        double potential = SumInOrder(closestBlocks);

        var potentials = new double[trials];
        for (int c = 1; c < k; c++)
        {
            for (int t = 0; t < trials; t++)
                candidates[t] = Draw(random.NextDouble() * potential, weights, closest, closestBlocks, m);
            for (int t = trials; t < slots; t++) candidates[t] = candidates[trials - 1]; // padding, ignored
            Evaluate(panels, weights, closest, candidates, distances, blockPotentials);
            for (int t = 0; t < trials; t++) potentials[t] = SumInOrder(blockPotentials[t]);
            int best = 0;
            for (int t = 1; t < trials; t++) if (potentials[t] < potentials[best]) best = t;
            seeds[c] = candidates[best];
            potential = potentials[best];
            (closest, distances[best]) = (distances[best], closest);
            (closestBlocks, blockPotentials[best]) = (blockPotentials[best], closestBlocks);
        }
        return seeds;
    }

    /// <summary>
    /// For every candidate slot s: distances[s][i] = min(closest[i], ‖x_i − x_candidate‖²) and
    /// blockPotentials[s][b] = Σ_{i in block b} w_i distances[s][i].
    /// </summary>
    private static void Evaluate(PointPanels panels, double[] weights, float[] closest, int[] candidates, float[][] distances, double[][] blockPotentials)
    {
        int d = panels.Dimension, w = PointPanels.Width, slots = candidates.Length;
        var rows = new float[slots * d];
        for (int s = 0; s < slots; s++)
        {
            int p = candidates[s] / w, lane = candidates[s] % w;
            for (int j = 0; j < d; j++) rows[s * d + j] = panels.Values[(p * d + j) * w + lane];
        }
        Parallel.For(0, panels.BlockCount, b => EvaluateBlock(panels, b, weights, closest, rows, distances, blockPotentials));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EvaluateBlock(PointPanels panels, int block, double[] weights, float[] closest, float[] rows,
        float[][] distances, double[][] blockPotentials)
    {
        int d = panels.Dimension, w = PointPanels.Width, slots = distances.Length;
        int first = block * PointPanels.BlockPoints, panelCount = PointPanels.BlockPoints / w;
        var x = MemoryMarshal.Cast<float, Vector<float>>(panels.Block(block));
        Span<Vector<double>> potential = stackalloc Vector<double>[slots];
        potential.Clear();
        for (int p = 0; p < panelCount; p += 2)
        {
            ref Vector<float> x0 = ref Unsafe.AsRef(in x[p * d]);
            ref Vector<float> x1 = ref Unsafe.Add(ref x0, d);
            int point = first + p * w;
            var closest0 = new Vector<float>(closest.AsSpan(point, w));
            var closest1 = new Vector<float>(closest.AsSpan(point + w, w));
            for (int g = 0; g < slots; g += Group)
            {
                Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
                Vector<float> b0 = Vector<float>.Zero, b1 = Vector<float>.Zero, b2 = Vector<float>.Zero, b3 = Vector<float>.Zero;
                ref float r0 = ref rows[g * d];
                ref float r1 = ref Unsafe.Add(ref r0, d);
                ref float r2 = ref Unsafe.Add(ref r0, 2 * d);
                ref float r3 = ref Unsafe.Add(ref r0, 3 * d);
                for (int j = 0; j < d; j++)
                {
                    var u = Unsafe.Add(ref x0, j);
                    var v = Unsafe.Add(ref x1, j);
                    var c = new Vector<float>(Unsafe.Add(ref r0, j));
                    var e = u - c; a0 = VectorMath.MultiplyAdd(e, e, a0);
                    e = v - c; b0 = VectorMath.MultiplyAdd(e, e, b0);
                    c = new Vector<float>(Unsafe.Add(ref r1, j));
                    e = u - c; a1 = VectorMath.MultiplyAdd(e, e, a1);
                    e = v - c; b1 = VectorMath.MultiplyAdd(e, e, b1);
                    c = new Vector<float>(Unsafe.Add(ref r2, j));
                    e = u - c; a2 = VectorMath.MultiplyAdd(e, e, a2);
                    e = v - c; b2 = VectorMath.MultiplyAdd(e, e, b2);
                    c = new Vector<float>(Unsafe.Add(ref r3, j));
                    e = u - c; a3 = VectorMath.MultiplyAdd(e, e, a3);
                    e = v - c; b3 = VectorMath.MultiplyAdd(e, e, b3);
                }
                Keep(a0, closest0, distances[g], weights, point, ref potential[g]);
                Keep(b0, closest1, distances[g], weights, point + w, ref potential[g]);
                Keep(a1, closest0, distances[g + 1], weights, point, ref potential[g + 1]);
                Keep(b1, closest1, distances[g + 1], weights, point + w, ref potential[g + 1]);
                Keep(a2, closest0, distances[g + 2], weights, point, ref potential[g + 2]);
                Keep(b2, closest1, distances[g + 2], weights, point + w, ref potential[g + 2]);
                Keep(a3, closest0, distances[g + 3], weights, point, ref potential[g + 3]);
                Keep(b3, closest1, distances[g + 3], weights, point + w, ref potential[g + 3]);
            }
        }
        for (int s = 0; s < slots; s++) blockPotentials[s][block] = Vector.Sum(potential[s]);
    }

    /// <summary>Stores min(closest, distance) for W points from <paramref name="point"/> and adds their w·D² (float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(Vector<float> distance, Vector<float> closest, float[] target, double[] weights, int point, ref Vector<double> potential)
    {
        var kept = Vector.Min(closest, distance);
        kept.CopyTo(target.AsSpan(point));
        Vector.Widen(kept, out var low, out var high);
        potential = VectorMath.MultiplyAdd(low, new Vector<double>(weights.AsSpan(point)), potential);
        potential = VectorMath.MultiplyAdd(high, new Vector<double>(weights.AsSpan(point + Vector<double>.Count)), potential);
    }

    /// <summary>
    /// The first index whose cumulative w·D² reaches <paramref name="target"/> (numpy's searchsorted, left side): the
    /// block from the per-block sums, then a running sum inside it; rounding that leaves the block short picks its last point.
    /// </summary>
    private static int Draw(double target, double[] weights, float[] closest, double[] blockSums, int m)
    {
        int b = 0;
        double prefix = 0;
        for (; b < blockSums.Length - 1; b++)
        {
            if (prefix + blockSums[b] >= target) break;
            prefix += blockSums[b];
        }
        int start = b * PointPanels.BlockPoints, end = Math.Min(m, start + PointPanels.BlockPoints);
        double running = prefix;
        for (int i = start; i < end; i++)
        {
            running += weights[i] * closest[i];
            if (running >= target) return i;
        }
        return Math.Max(start, end - 1);
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

    private static double TensorSum(double[] values) => System.Numerics.Tensors.TensorPrimitives.Sum(values);
}
