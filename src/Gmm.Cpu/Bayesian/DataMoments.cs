namespace Gmm;

/// <summary>
/// The weighted mean of float64 points and their scatter about it, shaped by a covariance type: the data moments
/// behind scikit-learn's default mean_prior and covariance_prior (<see cref="BayesianPriors"/>). Two passes over the
/// points a row at a time, in order: Σ w and Σ w x, then the statistics of one component that holds every point with
/// responsibility 1 about the mean (Σ w, Σ w (x − x̄) and the second-order sums of x − x̄: per feature for diag, their
/// sum for spherical, the d×d matrix for full and tied).
/// <para>
/// Plain float64 loops, not generic over the points' type: ReadyToRun compiles them ahead of time, so the one call a
/// fit makes runs optimised code without compiling anything (a generic pass over T runs as first-tier code until
/// on-stack replacement, and compiles twice). Points of another type are converted chunk by chunk by the caller.
/// </para>
/// </summary>
internal static class DataMoments
{
    /// <summary>Σ w x / Σ w (d), summed in the points' order.</summary>
    public static double[] WeightedMean(IDataSource<double> data)
    {
        int d = data.Dimension;
        var sum = new double[d];
        double total = 0;
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(d, sizeof(double))))
        {
            var values = chunk.Values.Span;
            var weights = chunk.Weights.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                total += w;
                var row = values.Slice(i * d, d);
                for (int j = 0; j < d; j++) sum[j] += w * row[j];
            }
        }
        for (int j = 0; j < d; j++) sum[j] /= total;
        return sum;
    }

    /// <summary>
    /// The statistics of one <paramref name="type"/> component that holds every point (responsibility 1), taken about
    /// <paramref name="mean"/> (d): ZerothOrder[0] = WeightSum = Σ w (compensated: as exact as float64 holds it), FirstOrder = Σ w (x − mean), SecondOrder the
    /// type's second-order sums of x − mean (matrices complete, both triangles).
    /// </summary>
    public static SufficientStatistics Scatter(IDataSource<double> data, CovarianceType type, double[] mean)
    {
        int d = data.Dimension;
        var statistics = SufficientStatistics.AboutPoint(1, type, mean);
        var first = statistics.FirstOrder;
        var second = statistics.SecondOrder;
        bool matrix = type is CovarianceType.Full or CovarianceType.Tied;
        var diff = new double[d];
        double total = 0, compensation = 0;
        long count = 0;
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(d, sizeof(double))))
        {
            var values = chunk.Values.Span;
            var weights = chunk.Weights.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                var row = values.Slice(i * d, d);
                for (int j = 0; j < d; j++) diff[j] = row[j] - mean[j];
                // Σ w compensated (Neumaier): the prior divides by Σ w − 1, so weights that add up to 1 must give 1 (or
                // less), whatever the order they are added in.
                double sum = total + w;
                compensation += Math.Abs(total) >= Math.Abs(w) ? total - sum + w : w - sum + total;
                total = sum;
                count++;
                for (int j = 0; j < d; j++) first[j] += w * diff[j];
                if (matrix)
                {
                    for (int a = 0; a < d; a++)
                    {
                        double scaled = w * diff[a];
                        int offset = a * d;
                        for (int b = a; b < d; b++) second[offset + b] += scaled * diff[b];
                    }
                }
                else if (type == CovarianceType.Diagonal)
                {
                    for (int j = 0; j < d; j++) second[j] += w * diff[j] * diff[j];
                }
                else
                {
                    for (int j = 0; j < d; j++) second[0] += w * diff[j] * diff[j];
                }
            }
        }
        if (matrix)
            for (int a = 0; a < d; a++)
                for (int b = a + 1; b < d; b++) second[b * d + a] = second[a * d + b];
        total += compensation;
        statistics.ZerothOrder[0] = total;
        statistics.WeightSum = total;
        statistics.PointCount = count;
        return statistics;
    }
}
