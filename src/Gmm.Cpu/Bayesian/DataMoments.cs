namespace Gmm;

/// <summary>
/// The weighted mean of the points and their scatter about it, shaped by a covariance type: the data moments behind
/// scikit-learn's default mean_prior and covariance_prior (<see cref="BayesianPriors"/>). Two passes over the points a
/// row at a time, in order: Σ w and Σ w x, then the statistics of one component that holds every point with
/// responsibility 1 about the mean (Σ w, Σ w (x − x̄) and the second-order sums of x − x̄: per feature for diag, their
/// sum for spherical, the d×d matrix for full and tied).
/// <para>
/// Plain float64 loops, not generic over the points' type: ReadyToRun compiles them ahead of time, so the one call a
/// fit makes runs optimised code without compiling anything (a generic pass over T runs as first-tier code until
/// on-stack replacement, and compiles twice). float32 points are widened a chunk at a time into a float64 buffer
/// (exact), so their moments are those of the same points given in float64, bit for bit, without the generic
/// conversion code (<see cref="ConvertingDataSource{TFrom, TTo}"/> over float, a few tens of methods for the JIT) that a
/// float32 file's fit, and the variational kernel warm-up's synthetic float32 points, would otherwise compile.
/// </para>
/// </summary>
internal static class DataMoments
{
    /// <summary>Σ w x / Σ w (d), summed in the points' order.</summary>
    public static double[] WeightedMean(IDataSource<double> data)
    {
        var sums = new MeanSums(data.Dimension);
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(data.Dimension, sizeof(double))))
            sums.Add(chunk.Values.Span, chunk.Weights.Span, chunk.Count);
        return sums.Mean();
    }

    /// <summary>Σ w x / Σ w (d) of float32 points: the same as of those points in float64.</summary>
    public static double[] WeightedMean(IDataSource<float> data)
    {
        var sums = new MeanSums(data.Dimension);
        var widened = new Widened();
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(data.Dimension, sizeof(double))))
            sums.Add(widened.Values(chunk.Values.Span), widened.Weights(chunk.Weights.Span), chunk.Count);
        return sums.Mean();
    }

    /// <summary>
    /// The statistics of one <paramref name="type"/> component that holds every point (responsibility 1), taken about
    /// <paramref name="mean"/> (d): ZerothOrder[0] = WeightSum = Σ w (compensated: as exact as float64 holds it), FirstOrder = Σ w (x − mean), SecondOrder the
    /// type's second-order sums of x − mean (matrices complete, both triangles).
    /// </summary>
    public static SufficientStatistics Scatter(IDataSource<double> data, CovarianceType type, double[] mean)
    {
        var sums = new ScatterSums(type, mean);
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(data.Dimension, sizeof(double))))
            sums.Add(chunk.Values.Span, chunk.Weights.Span, chunk.Count);
        return sums.Finish();
    }

    /// <summary><see cref="Scatter(IDataSource{double}, CovarianceType, double[])"/> of float32 points: the same as of those points in float64.</summary>
    public static SufficientStatistics Scatter(IDataSource<float> data, CovarianceType type, double[] mean)
    {
        var sums = new ScatterSums(type, mean);
        var widened = new Widened();
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(data.Dimension, sizeof(double))))
            sums.Add(widened.Values(chunk.Values.Span), widened.Weights(chunk.Weights.Span), chunk.Count);
        return sums.Finish();
    }

    /// <summary>A chunk's float32 values and weights in float64 (exact), in buffers reused from chunk to chunk.</summary>
    private sealed class Widened
    {
        private double[] _values = [], _weights = [];

        public ReadOnlySpan<double> Values(ReadOnlySpan<float> values) => Widen(values, ref _values);

        /// <summary>Empty for a chunk without weights.</summary>
        public ReadOnlySpan<double> Weights(ReadOnlySpan<float> weights) => weights.IsEmpty ? default : Widen(weights, ref _weights);

        private static ReadOnlySpan<double> Widen(ReadOnlySpan<float> from, ref double[] buffer)
        {
            if (buffer.Length < from.Length) buffer = new double[from.Length];
            var to = buffer.AsSpan(0, from.Length);
            for (int i = 0; i < from.Length; i++) to[i] = from[i];
            return to;
        }
    }

    /// <summary>Σ w and Σ w x over the rows given, in order.</summary>
    private sealed class MeanSums(int d)
    {
        private readonly double[] _sum = new double[d];
        private double _total;

        /// <summary>Adds <paramref name="count"/> rows of <paramref name="values"/> (count×d), with <paramref name="weights"/> (count, or empty: all 1).</summary>
        public void Add(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, int count)
        {
            var sum = _sum;
            for (int i = 0; i < count; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                _total += w;
                var row = values.Slice(i * d, d);
                for (int j = 0; j < d; j++) sum[j] += w * row[j];
            }
        }

        /// <summary>Σ w x / Σ w.</summary>
        public double[] Mean()
        {
            for (int j = 0; j < d; j++) _sum[j] /= _total;
            return _sum;
        }
    }

    /// <summary>The statistics of one component holding every row given, about a fixed mean.</summary>
    private sealed class ScatterSums
    {
        private readonly CovarianceType _type;
        private readonly double[] _mean;
        private readonly SufficientStatistics _statistics;
        private readonly double[] _difference;
        private double _total, _compensation;
        private long _count;

        public ScatterSums(CovarianceType type, double[] mean)
        {
            _type = type;
            _mean = mean;
            _statistics = SufficientStatistics.AboutPoint(1, type, mean);
            _difference = new double[mean.Length];
        }

        /// <summary>Adds <paramref name="count"/> rows of <paramref name="values"/> (count×d), with <paramref name="weights"/> (count, or empty: all 1).</summary>
        public void Add(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, int count)
        {
            int d = _mean.Length;
            var mean = _mean;
            var diff = _difference;
            var first = _statistics.FirstOrder;
            var second = _statistics.SecondOrder;
            bool matrix = _type is CovarianceType.Full or CovarianceType.Tied;
            double total = _total, compensation = _compensation;
            for (int i = 0; i < count; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                var row = values.Slice(i * d, d);
                for (int j = 0; j < d; j++) diff[j] = row[j] - mean[j];
                // Σ w compensated (Neumaier): the prior divides by Σ w − 1, so weights that add up to 1 must give 1 (or
                // less), whatever the order they are added in.
                double sum = total + w;
                compensation += Math.Abs(total) >= Math.Abs(w) ? total - sum + w : w - sum + total;
                total = sum;
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
                else if (_type == CovarianceType.Diagonal)
                {
                    for (int j = 0; j < d; j++) second[j] += w * diff[j] * diff[j];
                }
                else
                {
                    for (int j = 0; j < d; j++) second[0] += w * diff[j] * diff[j];
                }
            }
            _total = total;
            _compensation = compensation;
            _count += count;
        }

        /// <summary>The statistics: the matrices' lower triangles mirrored, Σ w with its compensation.</summary>
        public SufficientStatistics Finish()
        {
            int d = _mean.Length;
            var second = _statistics.SecondOrder;
            if (_type is CovarianceType.Full or CovarianceType.Tied)
                for (int a = 0; a < d; a++)
                    for (int b = a + 1; b < d; b++) second[b * d + a] = second[a * d + b];
            double total = _total + _compensation;
            _statistics.ZerothOrder[0] = total;
            _statistics.WeightSum = total;
            _statistics.PointCount = _count;
            return _statistics;
        }
    }
}
