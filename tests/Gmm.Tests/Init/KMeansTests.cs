using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>The fast k-means pieces against plain reference implementations.</summary>
public class KMeansTests
{
    /// <summary>Rows 0, stride, 2·stride, … of the sample as k starting centres (k×d, row-major).</summary>
    private static double[] RowsAsCenters(DataSample sample, int k, int stride)
    {
        int d = sample.Dimension;
        var centers = new double[k * d];
        for (int c = 0; c < k; c++) sample.Row(c * stride).CopyTo(centers.AsSpan(c * d, d));
        return centers;
    }

    private static DataSample Sample(double[] values, int d, double[]? weights = null) =>
        DataSample.Draw(new InMemoryDataSource<double>(values, d, weights), new Random(0)); // n ≤ MaxPoints: every point, no draws

    private static double[] RandomWeights(int n, int seed)
    {
        var random = new Random(seed);
        var weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = i % 7 == 3 ? 0 : 0.25 + 2 * random.NextDouble();
        return weights;
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(5, 2, false)]
    [InlineData(12, 3, true)]
    [InlineData(40, 5, true)]
    public void PlusPlusSeeds_EqualTheGreedyAlgorithmDoneNaively(int k, int d, bool weighted)
    {
        int n = 1500; // two panel blocks and a part, so draws cross block boundaries
        var values = TestData.Blobs(n, d, 6, seed: k);
        var sample = Sample(values, d, weighted ? RandomWeights(n, k) : null);
        var fast = KMeans.PlusPlusSeeds(sample, k, new Random(42));
        var reference = ReferenceSeeds(sample, k, new Random(42));
        Assert.Equal(reference, fast);
    }

    [Fact]
    public void PlusPlusSeeds_AreDistinctAndRepeatable()
    {
        var sample = Sample(TestData.Blobs(3000, 4, 8), 4);
        var first = KMeans.PlusPlusSeeds(sample, 64, new Random(7));
        Assert.Equal(first, KMeans.PlusPlusSeeds(sample, 64, new Random(7)));
        Assert.Equal(64, first.Distinct().Count());
    }

    /// <summary>
    /// Two clusters 1e4 apart, each 1e-5 wide: in float32 about the mean every cluster collapses to one value, D² to 0,
    /// and the seeds repeat; float64 distances keep them apart.
    /// </summary>
    [Fact]
    public void PlusPlusSeeds_TightClustersFarApart_AreDistinctAndEqualTheReference()
    {
        int n = 2000;
        var values = new double[n];
        var random = new Random(5);
        for (int i = 0; i < n; i++) values[i] = (i % 2 == 0 ? 0 : 1e4) + 1e-5 * random.NextDouble();
        var sample = Sample(values, 1);
        var reference = ReferenceSeeds(sample, 4, new Random(9));
        Assert.Equal(4, reference.Distinct().Count());
        Assert.Equal(reference, KMeans.PlusPlusSeeds(sample, 4, new Random(9)));
    }

    /// <summary>
    /// A draw that lands exactly on a cumulative sum takes that index (searchsorted, left side), within a block and at
    /// a block's end: all points at 0 except +2 at <paramref name="plus"/> and −2 at <paramref name="minus"/>; the first
    /// seed is point 0, so w·D² is 4 at both, the potential 8, and the draw u = 0.5 aims at exactly 4.
    /// </summary>
    [Theory]
    [InlineData(3, 1, 2)]
    [InlineData(2048, 1023, 1029)] // the target is block 0's sum: the walk must stop in block 0
    public void PlusPlusSeeds_DrawOnACumulativeSumTakesThatIndex(int n, int plus, int minus)
    {
        var values = new double[n];
        values[plus] = 2;
        values[minus] = -2;
        var sample = Sample(values, 1);
        var seeds = KMeans.PlusPlusSeeds(sample, 2, new ScriptedRandom(0, 0.5, 0.5));
        Assert.Equal([0, plus], seeds);
        Assert.Equal(ReferenceSeeds(sample, 2, new ScriptedRandom(0, 0.5, 0.5)), seeds);
    }

    /// <summary>
    /// A point far from the origin (p ≈ 1000) nearly halfway between two centres (p − 3(1 − ε), p + 3(1 + ε)): the
    /// float32 kernel's rounding decides its label (in dozens of the variants it picks the farther centre), so the
    /// bounds, carried over from a first step, must not settle it without the rounding margin.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BoundedAssignment_NearTieFarFromOrigin_GivesTheFullSearchLabel(bool vectorised)
    {
        int roundingDecides = 0;
        for (int variant = 0; variant < 400; variant++)
        {
            double p = 1000.3 + variant * 0.0137, eps = 1e-5 * (1 + variant % 7);
            var sample = Sample([-p, p], 1);
            var origin = sample.Mean();
            var panels = PointPanels.FromSample(sample, origin);
            var bounded = new BoundedAssignment(sample, origin, 2, vectorised);
            bounded.Assign([p - 1, p + 5]);
            double[] centers = [p - 3 * (1 - eps), p + 3 * (1 + eps)];
            bounded.Assign(centers);
            var full = FullSearch(panels, new NearestCenter(centers, 2, 1, origin));
            if (full[1] != 0) roundingDecides++;
            Assert.True(full.SequenceEqual(bounded.Labels), $"variant {variant}: full search {string.Join(",", full)}, bounded {string.Join(",", bounded.Labels)}");
        }
        Assert.True(roundingDecides > 0, "no variant where the kernel's rounding decides");
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 2)]
    [InlineData(13, 5)]
    [InlineData(37, 9)]
    public void NearestCenter_FindsTheTrueNearestUpToRounding(int k, int d)
    {
        int n = 2100;
        var values = TestData.Blobs(n, d, 5, seed: 3, offset: 100);
        var sample = Sample(values, d);
        var origin = sample.Mean();
        var random = new Random(k);
        var centers = new double[k * d];
        for (int i = 0; i < centers.Length; i++) centers[i] = values[random.Next(values.Length)] + random.NextDouble();
        var panels = PointPanels.FromSample(sample, origin);
        var labels = FullSearch(panels, new NearestCenter(centers, k, d, origin));
        for (int i = 0; i < n; i++)
        {
            double chosen = SquaredDistance(sample.Row(i), centers.AsSpan(labels[i] * d, d)), best = double.MaxValue;
            for (int c = 0; c < k; c++) best = Math.Min(best, SquaredDistance(sample.Row(i), centers.AsSpan(c * d, d)));
            Assert.True(chosen <= best + 1e-4 * (1 + best), $"point {i}: chose {chosen}, nearest {best}");
        }
    }

    /// <summary>Both bound updates (four points per vector, one by one), n not a multiple of four or of a block.</summary>
    [Theory]
    [InlineData(2, 2, true)]
    [InlineData(9, 3, true)]
    [InlineData(30, 6, true)]
    [InlineData(9, 3, false)]
    [InlineData(30, 6, false)]
    public void BoundedAssignment_GivesTheFullSearchLabelsAtEveryLloydStep(int k, int d, bool vectorised)
    {
        int n = 2503;
        var sample = Sample(TestData.Blobs(n, d, 4, seed: 5, offset: -20, separation: 2), d, RandomWeights(n, 1));
        var origin = sample.Mean();
        var panels = PointPanels.FromSample(sample, origin);
        var centers = RowsAsCenters(sample, k, stride: 17);
        var bounded = new BoundedAssignment(sample, origin, k, vectorised);
        int settled = 0;
        for (int step = 0; step < 25; step++)
        {
            bounded.Assign(centers);
            settled += n - bounded.Searched;
            Assert.Equal(FullSearch(panels, new NearestCenter(centers, k, d, origin)), bounded.Labels);
            centers = ReferenceUpdate(sample, bounded.Labels, centers, k);
        }
        Assert.True(settled > 0, "the bounds never settled a point");
    }

    /// <summary>
    /// Lloyd's sums brought up to date cluster by cluster equal sums taken afresh, bit for bit, at every step of a run
    /// in which fewer and fewer clusters change.
    /// </summary>
    [Theory]
    [InlineData(6, 2, false)]
    [InlineData(20, 5, true)]
    public void ClusterSums_RecomputingOnlyChangedClusters_EqualsSummingAfresh(int k, int d, bool weighted)
    {
        int n = 3001;
        var sample = Sample(TestData.Blobs(n, d, 8, seed: 4, offset: 3), d, weighted ? RandomWeights(n, 3) : null);
        var origin = sample.Mean();
        var centers = RowsAsCenters(sample, k, stride: 41);
        var assignment = new BoundedAssignment(sample, origin, k);
        var sums = new ClusterSums(sample, k);
        int partial = 0;
        for (int step = 0; step < 30; step++)
        {
            assignment.Assign(centers);
            sums.Update(assignment.Labels);
            var fresh = new ClusterSums(sample, k);
            fresh.Update(assignment.Labels);
            Assert.Equal(fresh.Sums, sums.Sums);
            Assert.Equal(fresh.Totals, sums.Totals);
            if (step > 0 && sums.Recomputed < k) partial++;
            centers = ReferenceUpdate(sample, assignment.Labels, centers, k);
        }
        Assert.True(partial > 0, "every step recomputed every cluster");
    }

    /// <summary>
    /// An assignment given a used array for its float32 rows (longer than m·d and full of NaN, as k-means++'s panels are
    /// full of other values) labels every point as one with a fresh array, step after step: every row it reads is one it
    /// wrote.
    /// </summary>
    [Theory]
    [InlineData(7, 3)]
    [InlineData(16, 9)]
    public void ARowsArrayGivenByTheCallerLabelsAsAFreshOne(int k, int d)
    {
        int n = 5_000;
        var sample = Sample(TestData.Blobs(n, d, 6, seed: 9, offset: 2), d);
        var origin = sample.Mean();
        var centers = RowsAsCenters(sample, k, stride: 307);
        var used = Enumerable.Repeat(float.NaN, n * d + 333).ToArray();
        using var reused = new BoundedAssignment(sample, origin, k, rows: used);
        using var fresh = new BoundedAssignment(sample, origin, k);
        for (int step = 0; step < 8; step++)
        {
            reused.Assign(centers);
            fresh.Assign(centers);
            Assert.Equal(fresh.Labels, reused.Labels);
            centers = ReferenceUpdate(sample, fresh.Labels, centers, k);
        }
        Assert.DoesNotContain(used.Take(n * d), float.IsNaN);
    }

    /// <summary>
    /// Sums brought up to date (a larger sample than the test above) equal each cluster's plain serial sum over its
    /// points in index order, bit for bit, at every step: the full first one and the later partial ones.
    /// </summary>
    [Theory]
    [InlineData(7, 3, false)]
    [InlineData(16, 9, true)]
    public void ClusterSums_EqualTheSerialSumOverEachClustersPointsInIndexOrder(int k, int d, bool weighted)
    {
        int n = 24_000;
        var sample = Sample(TestData.Blobs(n, d, 6, seed: 8, offset: 2), d, weighted ? RandomWeights(n, 5) : null);
        var origin = sample.Mean();
        var centers = RowsAsCenters(sample, k, stride: 997);
        var assignment = new BoundedAssignment(sample, origin, k);
        var sums = new ClusterSums(sample, k);
        for (int step = 0; step < 12; step++)
        {
            assignment.Assign(centers);
            sums.Update(assignment.Labels);
            var expectedSums = new double[k * d];
            var expectedTotals = new double[k];
            for (int i = 0; i < n; i++)
            {
                int c = assignment.Labels[i];
                double w = sample.Weights[i];
                expectedTotals[c] += w;
                for (int j = 0; j < d; j++) expectedSums[c * d + j] += w * sample.Values[i * d + j];
            }
            Assert.Equal(expectedTotals, sums.Totals);
            Assert.Equal(expectedSums, sums.Sums);
            centers = ReferenceUpdate(sample, assignment.Labels, centers, k);
        }
    }

    [Theory]
    [InlineData(4, 3, false, 9)]
    [InlineData(25, 4, true, 9)]
    [InlineData(64, 39, false, 2)] // the default problem's shape: 64 overlapping clusters, many Lloyd steps
    [InlineData(64, 39, true, 5)]
    public void Fit_EqualsPlainLloydBitForBit(int k, int d, bool weighted, int seed)
    {
        int n = 3000;
        var sample = Sample(TestData.Blobs(n, d, 7, seed: seed, offset: 5), d, weighted ? RandomWeights(n, 2) : null);
        var fast = KMeans.Fit(sample, k, new Random(11));

        // Reference: the same seeds, a full search each step and serial sums in point order.
        var seeds = KMeans.PlusPlusSeeds(sample, k, new Random(11));
        var origin = sample.Mean();
        var panels = PointPanels.FromSample(sample, origin);
        var centers = new double[k * d];
        for (int c = 0; c < k; c++) sample.Row(seeds[c]).CopyTo(centers.AsSpan(c * d, d));
        double tolerance = KMeans.RelativeTolerance * MeanVariance(sample);
        for (int iteration = 0; iteration < KMeans.MaxIterations; iteration++)
        {
            var labels = FullSearch(panels, new NearestCenter(centers, k, d, origin));
            var updated = ReferenceUpdate(sample, labels, centers, k);
            double shift = 0;
            for (int i = 0; i < updated.Length; i++) shift += (updated[i] - centers[i]) * (updated[i] - centers[i]);
            centers = updated;
            if (shift <= tolerance) break;
        }
        Assert.Equal(centers, fast);
    }

    /// <summary>scikit-learn's _kmeans_plusplus, directly: float64 distances, a cumulative array, searchsorted.</summary>
    internal static int[] ReferenceSeeds(DataSample sample, int k, Random random)
    {
        int m = sample.Count, trials = 2 + (int)Math.Log(k);
        var w = sample.Weights;
        var seeds = new int[k];
        double total = 0;
        foreach (double x in w) total += x;
        double target = random.NextDouble() * total, running = 0;
        seeds[0] = m - 1;
        for (int i = 0; i < m; i++)
        {
            running += w[i];
            if (running > target && w[i] > 0) { seeds[0] = i; break; }
        }
        var closest = new double[m];
        for (int i = 0; i < m; i++) closest[i] = SquaredDistance(sample.Row(i), sample.Row(seeds[0]));
        var cumulative = new double[m];
        for (int c = 1; c < k; c++)
        {
            double sum = 0, potential = 0;
            for (int i = 0; i < m; i++) { sum += w[i] * closest[i]; cumulative[i] = sum; potential += w[i] * closest[i]; }
            var candidates = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                double draw = random.NextDouble() * potential;
                int pick = 0;
                while (pick < m - 1 && cumulative[pick] < draw) pick++;
                candidates[t] = pick;
            }
            int best = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                double p = 0;
                for (int i = 0; i < m; i++) p += w[i] * Math.Min(closest[i], SquaredDistance(sample.Row(i), sample.Row(candidates[t])));
                if (p < bestPotential) { bestPotential = p; best = t; }
            }
            seeds[c] = candidates[best];
            for (int i = 0; i < m; i++) closest[i] = Math.Min(closest[i], SquaredDistance(sample.Row(i), sample.Row(seeds[c])));
        }
        return seeds;
    }

    private static int[] FullSearch(PointPanels panels, NearestCenter search)
    {
        var labels = new int[panels.Count];
        for (int b = 0; b < panels.BlockCount; b++)
        {
            int start = b * PointPanels.BlockPoints;
            search.Assign(panels.Block(b), labels.AsSpan(start, Math.Min(PointPanels.BlockPoints, panels.Count - start)));
        }
        return labels;
    }

    /// <summary>New centres: weighted means of the labelled points, summed serially in point order; empty clusters stay.</summary>
    private static double[] ReferenceUpdate(DataSample sample, int[] labels, double[] centers, int k)
    {
        int d = sample.Dimension;
        var sums = new double[k * d];
        var totals = new double[k];
        for (int i = 0; i < sample.Count; i++)
        {
            double w = sample.Weights[i];
            totals[labels[i]] += w;
            for (int j = 0; j < d; j++) sums[labels[i] * d + j] += w * sample.Values[i * d + j];
        }
        var updated = (double[])centers.Clone();
        for (int c = 0; c < k; c++)
            if (totals[c] > 0)
                for (int j = 0; j < d; j++) updated[c * d + j] = sums[c * d + j] / totals[c];
        return updated;
    }

    private static double MeanVariance(DataSample sample)
    {
        int d = sample.Dimension;
        var mean = sample.Mean();
        double total = System.Numerics.Tensors.TensorPrimitives.Sum(sample.Weights), variance = 0;
        for (int i = 0; i < sample.Count; i++)
            for (int j = 0; j < d; j++)
                variance += sample.Weights[i] * (sample.Values[i * d + j] - mean[j]) * (sample.Values[i * d + j] - mean[j]);
        return variance / total / d;
    }

    /// <summary>A Random whose NextDouble returns the given values in turn (cycling).</summary>
    private sealed class ScriptedRandom(params double[] draws) : Random
    {
        private int _next;
        public override double NextDouble() => draws[_next++ % draws.Length];
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += (a[j] - b[j]) * (a[j] - b[j]);
        return sum;
    }
}
