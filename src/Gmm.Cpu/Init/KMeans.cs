using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm;

/// <summary>Weighted k-means on an in-memory sample: scikit-learn's greedy k-means++ seeding and Lloyd iterations.</summary>
internal static class KMeans
{
    public const int MaxIterations = 300;
    public const double RelativeTolerance = 1e-4;

    /// <summary>Indices of k seeds chosen by greedy k-means++ (see <see cref="KMeansPlusPlus"/>).</summary>
    public static int[] PlusPlusSeeds(DataSample sample, int k, Random random) => KMeansPlusPlus.Seeds(sample, k, random);

    /// <summary>
    /// k-means++ seeding then Lloyd iterations until the squared centre shift falls below tol·mean variance.
    /// Points are assigned in parallel (<see cref="BoundedAssignment"/>: float32 about the sample mean, most points settled
    /// by Hamerly's bounds, exactly the labels of a full <see cref="NearestCenter"/> search); each cluster's
    /// weighted sum is taken over its points in index order (<see cref="ClusterSums"/>: only the clusters whose members
    /// changed are summed again), so the centres are those of a serial loop, whatever the thread count. With <paramref name="device"/> the assignments run on that device instead,
    /// with the same labels, so the centres are the same.
    /// </summary>
    public static double[] Fit<T>(DataSample sample, int k, Random random, IKMeansDevice<T>? device)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = sample.Dimension;
        var origin = sample.Mean();
        // The screen's float32 panels are free once the seeds are drawn: Lloyd's float32 rows reuse their mapped pages.
        var seeds = KMeansPlusPlus.Seeds(sample, k, random, out var spare);
        var centers = new double[k * d];
        for (int c = 0; c < k; c++) sample.Row(seeds[c]).CopyTo(centers.AsSpan(c * d, d));
        double tolerance = RelativeTolerance * MeanVariance(sample);
        using ICenterAssignment assignment = device is null
            ? new BoundedAssignment(sample, origin, k, rows: spare)
            : device.CreateAssignment(sample.Values, sample.Dimension, origin, k);
        var clusters = new ClusterSums(sample, k);
        var sums = clusters.Sums;
        var totals = clusters.Totals;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            assignment.Assign(centers);
            clusters.Update(assignment.Labels);
            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                // An empty cluster keeps its centre; one whose members did not change has the same sums, so the same centre.
                if (totals[c] <= 0 || !clusters.Changed(c)) continue;
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

    /// <summary>k-means on the host (<see cref="Fit{T}"/> without a device).</summary>
    public static double[] Fit(DataSample sample, int k, Random random) => Fit<float>(sample, k, random, null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double MeanVariance(DataSample sample)
    {
        int d = sample.Dimension;
        var mean = sample.Mean();
        double total = System.Numerics.Tensors.TensorPrimitives.Sum(sample.Weights), variance = 0;
        for (int i = 0; i < sample.Count; i++)
            for (int j = 0; j < d; j++)
            {
                double diff = sample.Values[i * d + j] - mean[j];
                variance += sample.Weights[i] * diff * diff;
            }
        return variance / total / d;
    }
}
