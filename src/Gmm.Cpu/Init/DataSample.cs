using System.Numerics;

namespace Gmm;

/// <summary>A uniform random subset of a source's points, without replacement, in float64 (m×d row-major).</summary>
internal sealed class DataSample
{
    /// <summary>Initialisation works on at most this many points; smaller data is used whole, as scikit-learn does.</summary>
    public const int MaxPoints = 100_000;

    private DataSample(double[] values, double[] weights, int dimension)
    {
        Values = values;
        Weights = weights;
        Dimension = dimension;
    }

    public double[] Values { get; }
    public double[] Weights { get; }
    public int Dimension { get; }
    public int Count => Weights.Length;

    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Dimension, Dimension);

    /// <summary>Weighted mean of the sample (d).</summary>
    public double[] Mean()
    {
        var mean = new double[Dimension];
        double total = 0;
        for (int i = 0; i < Count; i++)
        {
            total += Weights[i];
            for (int j = 0; j < Dimension; j++) mean[j] += Weights[i] * Values[i * Dimension + j];
        }
        for (int j = 0; j < Dimension; j++) mean[j] /= total;
        return mean;
    }

    /// <summary>Draws min(n, <see cref="MaxPoints"/>) points in source order (all points when n is small).</summary>
    public static DataSample Draw<T>(IDataSource<T> data, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = data.Dimension;
        long n = data.Count;
        int m = (int)Math.Min(n, MaxPoints);
        long[] picks;
        if (m == n)
        {
            picks = new long[m];
            for (int i = 0; i < m; i++) picks[i] = i;
        }
        else
        {
            // Floyd's algorithm: m distinct indices out of n.
            var chosen = new HashSet<long>(m);
            for (long j = n - m; j < n; j++)
            {
                long t = random.NextInt64(j + 1);
                if (!chosen.Add(t)) chosen.Add(j);
            }
            picks = [.. chosen];
            Array.Sort(picks);
        }
        var values = new double[m * d];
        var weights = new double[m];
        int next = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            var v = chunk.Values.Span;
            var w = chunk.Weights.Span;
            while (next < m && picks[next] < chunk.Start + chunk.Count)
            {
                int local = (int)(picks[next] - chunk.Start);
                for (int j = 0; j < d; j++) values[next * d + j] = double.CreateTruncating(v[local * d + j]);
                weights[next] = w.IsEmpty ? 1 : double.CreateTruncating(w[local]);
                next++;
            }
            if (next == m) break;
        }
        return new DataSample(values, weights, d);
    }
}
