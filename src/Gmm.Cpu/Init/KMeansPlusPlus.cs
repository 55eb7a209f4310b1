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
/// Distances are float64 throughout, from the sample's own values (not about the mean): float32 would collapse
/// clusters tighter than its resolution at their offset to D² = 0 (and overflow past ~1.8e19), and a zero potential
/// makes every later draw pick index 0. Each squared distance is Σ_j (x_j − c_j)², summed over j in order without fused
/// multiply-adds, so it is bit for bit the naive float64 loop's (no cancellation, unlike the ‖x‖² − 2x·c + ‖c‖² form).
/// </para>
/// <para>
/// Each step is one pass over the sample in <see cref="Panels"/> (float64, vectorised across points), parallel over
/// fixed blocks of <see cref="PointPanels.BlockPoints"/> points, all candidates at once: four candidates × two panels at
/// a time, and a last pair of candidates × four panels (so 2 + ⌊ln 64⌋ = 6 candidates cost six slots, not eight). Potentials are summed in float64 per block, then over blocks in order, so the seeds depend only on the
/// random draws, never on the thread count. The per-block sums of the kept candidate also serve the next step's draws:
/// a draw walks the block sums, then only the one block it lands in, so no cumulative array over the sample is built.
/// </para>
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>Candidates per group (one accumulator chain each per panel).</summary>
    private const int Group = 4;

    /// <summary>
    /// Candidate slots for <paramref name="trials"/> candidates: whole groups of four, and a last pair when one or two
    /// are left (the unused slot of a pair, or of a last group when three are left, repeats the last candidate).
    /// </summary>
    private static int Slots(int trials) => trials % Group is 1 or 2 ? trials / Group * Group + 2 : (trials + Group - 1) / Group * Group;

    /// <summary>Number of candidates per step: 2 + ⌊ln k⌋, as scikit-learn.</summary>
    public static int Trials(int k) => 2 + (int)Math.Log(k);

    /// <summary>Indices of k seeds.</summary>
    public static int[] Seeds(DataSample sample, int k, Random random)
    {
        var panels = new Panels(sample);
        int m = sample.Count, padded = panels.PaddedCount, blocks = panels.BlockCount;
        int trials = Trials(k), slots = Slots(trials);
        var weights = new double[padded]; // padding points weigh nothing
        sample.Weights.CopyTo(weights, 0);
        var seeds = new int[k];
        seeds[0] = FirstSeed(sample.Weights, random.NextDouble() * TensorSum(sample.Weights));

        // Scratch per candidate slot: its min(D², distance) per point and its potential per block.
        var distances = new double[slots][];
        var blockPotentials = new double[slots][];
        for (int s = 0; s < slots; s++)
        {
            distances[s] = new double[padded];
            blockPotentials[s] = new double[blocks];
        }
        var closest = new double[padded];
        Array.Fill(closest, double.PositiveInfinity);
        var candidates = new int[slots];
        Evaluate(panels, weights, closest, [seeds[0], seeds[0]], distances[..2], blockPotentials[..2]); // one pair: the first seed
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
    private static void Evaluate(Panels panels, double[] weights, double[] closest, int[] candidates, double[][] distances, double[][] blockPotentials)
    {
        int d = panels.Dimension, w = Panels.Width, slots = candidates.Length;
        var rows = new double[slots * d];
        for (int s = 0; s < slots; s++)
        {
            int p = candidates[s] / w, lane = candidates[s] % w;
            for (int j = 0; j < d; j++) rows[s * d + j] = panels.Values[(p * d + j) * w + lane];
        }
        Parallel.For(0, panels.BlockCount, b => EvaluateBlock(panels, b, weights, closest, rows, distances, blockPotentials));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EvaluateBlock(Panels panels, int block, double[] weights, double[] closest, double[] rows,
        double[][] distances, double[][] blockPotentials)
    {
        int d = panels.Dimension, w = Panels.Width, slots = distances.Length, fours = slots / Group * Group;
        int first = block * PointPanels.BlockPoints, panelCount = PointPanels.BlockPoints / w;
        var x = MemoryMarshal.Cast<double, Vector<double>>(panels.Block(block));
        Span<Vector<double>> potential = stackalloc Vector<double>[slots];
        potential.Clear();
        // Four panels at a time: groups of four candidates take them two by two, a last pair of candidates all four
        // (eight accumulator chains either way). Each slot still meets the panels in order, so its sums do not depend on
        // the grouping.
        for (int p = 0; p < panelCount; p += 4)
        {
            ref Vector<double> x0 = ref Unsafe.AsRef(in x[p * d]);
            int point = first + p * w;
            var closest0 = new Vector<double>(closest.AsSpan(point, w));
            var closest1 = new Vector<double>(closest.AsSpan(point + w, w));
            var closest2 = new Vector<double>(closest.AsSpan(point + 2 * w, w));
            var closest3 = new Vector<double>(closest.AsSpan(point + 3 * w, w));
            for (int g = 0; g < fours; g += Group)
            {
                ref double r = ref rows[g * d];
                for (int half = 0; half < 2; half++)
                {
                    int at = point + 2 * half * w;
                    FourByTwo(ref Unsafe.Add(ref x0, 2 * half * d), ref r, d, out var a0, out var a1, out var a2, out var a3,
                        out var b0, out var b1, out var b2, out var b3);
                    var c0 = half == 0 ? closest0 : closest2;
                    var c1 = half == 0 ? closest1 : closest3;
                    Keep(a0, c0, distances[g], weights, at, ref potential[g]);
                    Keep(b0, c1, distances[g], weights, at + w, ref potential[g]);
                    Keep(a1, c0, distances[g + 1], weights, at, ref potential[g + 1]);
                    Keep(b1, c1, distances[g + 1], weights, at + w, ref potential[g + 1]);
                    Keep(a2, c0, distances[g + 2], weights, at, ref potential[g + 2]);
                    Keep(b2, c1, distances[g + 2], weights, at + w, ref potential[g + 2]);
                    Keep(a3, c0, distances[g + 3], weights, at, ref potential[g + 3]);
                    Keep(b3, c1, distances[g + 3], weights, at + w, ref potential[g + 3]);
                }
            }
            if (fours < slots)
            {
                int g = fours;
                TwoByFour(ref x0, ref rows[g * d], d, out var a0, out var a1, out var a2, out var a3,
                    out var b0, out var b1, out var b2, out var b3);
                Keep(a0, closest0, distances[g], weights, point, ref potential[g]);
                Keep(a1, closest1, distances[g], weights, point + w, ref potential[g]);
                Keep(a2, closest2, distances[g], weights, point + 2 * w, ref potential[g]);
                Keep(a3, closest3, distances[g], weights, point + 3 * w, ref potential[g]);
                Keep(b0, closest0, distances[g + 1], weights, point, ref potential[g + 1]);
                Keep(b1, closest1, distances[g + 1], weights, point + w, ref potential[g + 1]);
                Keep(b2, closest2, distances[g + 1], weights, point + 2 * w, ref potential[g + 1]);
                Keep(b3, closest3, distances[g + 1], weights, point + 3 * w, ref potential[g + 1]);
            }
        }
        for (int s = 0; s < slots; s++) blockPotentials[s][block] = Vector.Sum(potential[s]);
    }

    /// <summary>
    /// Squared distances of two panels (x0 and the next, <paramref name="d"/> vectors apart) to four candidate rows
    /// (<paramref name="r0"/> and the next three, d apart): a_q for the first panel, b_q for the second. Plain multiply
    /// then add (no FMA), features in order: the naive loop's rounding exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourByTwo(ref Vector<double> x0, ref double r0, int d,
        out Vector<double> a0, out Vector<double> a1, out Vector<double> a2, out Vector<double> a3,
        out Vector<double> b0, out Vector<double> b1, out Vector<double> b2, out Vector<double> b3)
    {
        a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = Vector<double>.Zero;
        ref Vector<double> x1 = ref Unsafe.Add(ref x0, d);
        ref double r1 = ref Unsafe.Add(ref r0, d);
        ref double r2 = ref Unsafe.Add(ref r0, 2 * d);
        ref double r3 = ref Unsafe.Add(ref r0, 3 * d);
        for (int j = 0; j < d; j++)
        {
            var u = Unsafe.Add(ref x0, j);
            var v = Unsafe.Add(ref x1, j);
            var c = new Vector<double>(Unsafe.Add(ref r0, j));
            var e = u - c; a0 += e * e;
            e = v - c; b0 += e * e;
            c = new Vector<double>(Unsafe.Add(ref r1, j));
            e = u - c; a1 += e * e;
            e = v - c; b1 += e * e;
            c = new Vector<double>(Unsafe.Add(ref r2, j));
            e = u - c; a2 += e * e;
            e = v - c; b2 += e * e;
            c = new Vector<double>(Unsafe.Add(ref r3, j));
            e = u - c; a3 += e * e;
            e = v - c; b3 += e * e;
        }
    }

    /// <summary>
    /// Squared distances of four panels (x0 and the next three, <paramref name="d"/> vectors apart) to two candidate
    /// rows (<paramref name="r0"/> and the next): a_p to the first row, b_p to the second; the same arithmetic as
    /// <see cref="FourByTwo"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoByFour(ref Vector<double> x0, ref double r0, int d,
        out Vector<double> a0, out Vector<double> a1, out Vector<double> a2, out Vector<double> a3,
        out Vector<double> b0, out Vector<double> b1, out Vector<double> b2, out Vector<double> b3)
    {
        a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = Vector<double>.Zero;
        ref Vector<double> x1 = ref Unsafe.Add(ref x0, d);
        ref Vector<double> x2 = ref Unsafe.Add(ref x0, 2 * d);
        ref Vector<double> x3 = ref Unsafe.Add(ref x0, 3 * d);
        ref double r1 = ref Unsafe.Add(ref r0, d);
        for (int j = 0; j < d; j++)
        {
            var c = new Vector<double>(Unsafe.Add(ref r0, j));
            var g = new Vector<double>(Unsafe.Add(ref r1, j));
            var u = Unsafe.Add(ref x0, j);
            var e = u - c; a0 += e * e;
            e = u - g; b0 += e * e;
            u = Unsafe.Add(ref x1, j);
            e = u - c; a1 += e * e;
            e = u - g; b1 += e * e;
            u = Unsafe.Add(ref x2, j);
            e = u - c; a2 += e * e;
            e = u - g; b2 += e * e;
            u = Unsafe.Add(ref x3, j);
            e = u - c; a3 += e * e;
            e = u - g; b3 += e * e;
        }
    }

    /// <summary>Stores min(closest, distance) for W points from <paramref name="point"/> and adds their w·D².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(Vector<double> distance, Vector<double> closest, double[] target, double[] weights, int point, ref Vector<double> potential)
    {
        var kept = Vector.Min(closest, distance);
        kept.CopyTo(target.AsSpan(point));
        potential = Vector.FusedMultiplyAdd(kept, new Vector<double>(weights.AsSpan(point)), potential);
    }

    /// <summary>
    /// The first index whose cumulative w·D² reaches <paramref name="target"/> (numpy's searchsorted, left side): the
    /// block from the per-block sums, then a running sum inside it. Rounding (the block sums are not the running sum)
    /// can leave the walk short; then it picks the last point at or before the block's end with w·D² &gt; 0, so never a
    /// point of zero weight or one already at a seed (index 0 only if there is none, i.e. a zero potential).
    /// </summary>
    private static int Draw(double target, double[] weights, double[] closest, double[] blockSums, int m)
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

    private static double TensorSum(double[] values) => System.Numerics.Tensors.TensorPrimitives.Sum(values);

    /// <summary>
    /// The sample's points in float64, as they are (no origin), laid out for kernels that vectorise across points:
    /// panels of W = Vector&lt;double&gt;.Count points, each panel feature-major, so point p·W + l, feature j is at
    /// (p·d + j)·W + l. The point count is padded to whole blocks of <see cref="PointPanels.BlockPoints"/> with zero
    /// rows (weight zero), the same blocks as <see cref="PointPanels"/>.
    /// </summary>
    private sealed class Panels
    {
        public Panels(DataSample sample)
        {
            int m = sample.Count, d = sample.Dimension;
            Dimension = d;
            BlockCount = Math.Max(1, (m + PointPanels.BlockPoints - 1) / PointPanels.BlockPoints);
            long length = (long)BlockCount * PointPanels.BlockPoints * d;
            if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(sample), m, "Too many points for one panel array.");
            var values = new double[length];
            Parallel.For(0, BlockCount, b => Fill(sample, b, values));
            Values = values;
        }

        /// <summary>Writes block b's points into <paramref name="values"/> (the padding rows stay zero).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Fill(DataSample sample, int block, double[] values)
        {
            int m = sample.Count, d = sample.Dimension, w = Width;
            var source = sample.Values;
            int end = Math.Min(m, (block + 1) * PointPanels.BlockPoints);
            for (int i = block * PointPanels.BlockPoints; i < end; i++)
            {
                int panel = i / w * d * w + i % w;
                for (int j = 0; j < d; j++) values[panel + j * w] = source[i * d + j];
            }
        }

        /// <summary>Points per panel (the vector width W).</summary>
        public static int Width => Vector<double>.Count;

        public int Dimension { get; }

        public int BlockCount { get; }

        public int PaddedCount => BlockCount * PointPanels.BlockPoints;

        /// <summary>The panel data: PaddedCount × d doubles.</summary>
        public double[] Values { get; }

        /// <summary>The panels of block b.</summary>
        public ReadOnlySpan<double> Block(int b) => Values.AsSpan(b * PointPanels.BlockPoints * Dimension, PointPanels.BlockPoints * Dimension);
    }
}
