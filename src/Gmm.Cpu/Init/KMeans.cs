namespace Gmm;

/// <summary>Weighted k-means on an in-memory sample: scikit-learn's greedy k-means++ seeding and Lloyd iterations.</summary>
internal static class KMeans
{
    public const int MaxIterations = 300;
    public const double RelativeTolerance = 1e-4;

    /// <summary>Indices of k seeds chosen by greedy k-means++ (2 + ⌊ln k⌋ candidates per step), weighted by sample weight.</summary>
    public static int[] PlusPlusSeeds(DataSample sample, int k, Random random)
    {
        int m = sample.Count;
        int trials = 2 + (int)Math.Log(k);
        var seeds = new int[k];
        seeds[0] = SampleIndex(sample.Weights, random.NextDouble() * Sum(sample.Weights));
        var closest = new double[m];
        Parallel.For(0, m, i => closest[i] = Distance(sample.Row(i), sample.Row(seeds[0])));
        double potential = WeightedSum(sample.Weights, closest);
        var candidateDistances = new double[trials][];
        for (int t = 0; t < trials; t++) candidateDistances[t] = new double[m];
        var cumulative = new double[m];
        for (int c = 1; c < k; c++)
        {
            double running = 0;
            for (int i = 0; i < m; i++) { running += sample.Weights[i] * closest[i]; cumulative[i] = running; }
            var candidates = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                int pick = Array.BinarySearch(cumulative, random.NextDouble() * potential);
                candidates[t] = Math.Min(pick < 0 ? ~pick : pick, m - 1);
            }
            var potentials = new double[trials];
            Parallel.For(0, trials, t =>
            {
                var row = sample.Row(candidates[t]).ToArray();
                var dist = candidateDistances[t];
                double pot = 0;
                for (int i = 0; i < m; i++)
                {
                    dist[i] = Math.Min(closest[i], Distance(sample.Row(i), row));
                    pot += sample.Weights[i] * dist[i];
                }
                potentials[t] = pot;
            });
            int best = 0;
            for (int t = 1; t < trials; t++) if (potentials[t] < potentials[best]) best = t;
            seeds[c] = candidates[best];
            potential = potentials[best];
            Array.Copy(candidateDistances[best], closest, m);
        }
        return seeds;
    }

    /// <summary>k-means++ seeding then Lloyd iterations until the squared centre shift falls below tol·mean variance.</summary>
    public static double[] Fit(DataSample sample, int k, Random random)
    {
        int m = sample.Count, d = sample.Dimension;
        var seeds = PlusPlusSeeds(sample, k, random);
        var centers = new double[k * d];
        for (int c = 0; c < k; c++) sample.Row(seeds[c]).CopyTo(centers.AsSpan(c * d, d));
        double tolerance = RelativeTolerance * MeanVariance(sample);
        var labels = new int[m];
        var origin = sample.Mean();
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Assign(sample, centers, k, labels, origin);
            var sums = new double[k * d];
            var totals = new double[k];
            for (int i = 0; i < m; i++)
            {
                double w = sample.Weights[i];
                totals[labels[i]] += w;
                for (int j = 0; j < d; j++) sums[labels[i] * d + j] += w * sample.Values[i * d + j];
            }
            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                if (totals[c] <= 0) continue; // an empty cluster keeps its centre
                for (int j = 0; j < d; j++)
                {
                    double updated = sums[c * d + j] / totals[c];
                    shift += (updated - centers[c * d + j]) * (updated - centers[c * d + j]);
                    centers[c * d + j] = updated;
                }
            }
            if (shift <= tolerance) break;
        }
        return centers;
    }

    /// <summary>labels[i] = index of the centre nearest sample point i.</summary>
    public static void Assign(DataSample sample, double[] centers, int k, int[] labels, double[] origin)
    {
        var search = new NearestCenter(centers, k, sample.Dimension, origin);
        Parallel.For(0, sample.Count, i => labels[i] = search.Nearest(sample.Row(i)));
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        System.Numerics.Tensors.TensorPrimitives.Distance(a, b) is var e ? e * e : 0;

    private static double MeanVariance(DataSample sample)
    {
        int d = sample.Dimension;
        var mean = sample.Mean();
        double total = Sum(sample.Weights), variance = 0;
        for (int i = 0; i < sample.Count; i++)
            for (int j = 0; j < d; j++)
            {
                double diff = sample.Values[i * d + j] - mean[j];
                variance += sample.Weights[i] * diff * diff;
            }
        return variance / total / d;
    }

    private static int SampleIndex(double[] weights, double target)
    {
        double running = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            if (running > target && weights[i] > 0) return i;
        }
        return weights.Length - 1;
    }

    private static double Sum(double[] values) => System.Numerics.Tensors.TensorPrimitives.Sum(values);

    private static double WeightedSum(double[] weights, double[] values) => System.Numerics.Tensors.TensorPrimitives.Dot(weights, values);
}
