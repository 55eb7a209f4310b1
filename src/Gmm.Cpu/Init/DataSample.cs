using System.Numerics;
using System.Runtime.CompilerServices;

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

    private double[]? _mean;

    /// <summary>Weighted mean of the sample (d): a new array each call, computed once.</summary>
    public double[] Mean() => (double[])(_mean ??= ComputeMean()).Clone();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] ComputeMean()
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
        var values = GC.AllocateUninitializedArray<double>(m * d); // every row is written below
        var weights = new double[m];
        int next = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            next = Gather(chunk, picks, next, values, weights);
            if (next == m) break;
        }
        return new DataSample(values, weights, d);
    }

    /// <summary>Copies the picked rows that lie in <paramref name="chunk"/>, from pick <paramref name="next"/> on; returns the next pick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Gather<T>(DataChunk<T> chunk, long[] picks, int next, double[] values, double[] weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension, m = picks.Length;
        var v = chunk.Values.Span;
        var w = chunk.Weights.Span;
        long end = chunk.Start + chunk.Count;
        for (; next < m && picks[next] < end; next++)
        {
            int local = (int)(picks[next] - chunk.Start);
            var row = v.Slice(local * d, d);
            var target = values.AsSpan(next * d, d);
            for (int j = 0; j < d; j++) target[j] = double.CreateTruncating(row[j]);
            weights[next] = w.IsEmpty ? 1 : double.CreateTruncating(w[local]);
        }
        return next;
    }
}
