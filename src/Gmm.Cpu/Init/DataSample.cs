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
        var picks = Picks(n, m, random);
        var values = LargeArrays.Uninitialized<double>(m * d); // every row is written below
        var weights = new double[m];
        int next = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            next = Gather(chunk, picks, next, values, weights);
            if (next == m) break;
        }
        return new DataSample(values, weights, d);
    }

    /// <summary>
    /// m distinct indices out of n in increasing order (all of them when m = n), by Floyd's algorithm: for j from n − m
    /// to n − 1, t uniform in [0, j], t taken unless it was taken already, then j. The set of a bitmap over the n
    /// indices when that is small (<see cref="BitmapIndices"/>; read out in order, so no sort), else of a hash set: the
    /// same draws, so the same indices.
    /// </summary>
    internal static long[] Picks(long n, int m, Random random)
    {
        if (m == n)
        {
            var all = new long[m];
            for (int i = 0; i < m; i++) all[i] = i;
            return all;
        }
        return n <= BitmapIndices ? PicksByBitmap(n, m, random) : PicksByHashSet(n, m, random);
    }

    /// <summary>Largest n whose draw marks its picks in a bitmap (n bits, 4 MiB at most) instead of a hash set.</summary>
    internal const long BitmapIndices = 1L << 25;

    /// <summary><see cref="Picks"/> marking the taken indices in a bitmap of n bits.</summary>
    internal static long[] PicksByBitmap(long n, int m, Random random)
    {
        var taken = new ulong[(n + 63) >> 6];
        for (long j = n - m; j < n; j++)
        {
            long t = random.NextInt64(j + 1);
            ref ulong word = ref taken[t >> 6];
            ulong bit = 1UL << (int)(t & 63);
            if ((word & bit) == 0) word |= bit;
            else taken[j >> 6] |= 1UL << (int)(j & 63); // j > every index taken so far: never taken yet
        }
        var picks = new long[m];
        int next = 0;
        for (int w = 0; w < taken.Length; w++)
            for (ulong bits = taken[w]; bits != 0; bits &= bits - 1)
                picks[next++] = ((long)w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
        return picks;
    }

    /// <summary><see cref="Picks"/> keeping the taken indices in a hash set, then sorting them.</summary>
    internal static long[] PicksByHashSet(long n, int m, Random random)
    {
        var chosen = new HashSet<long>(m);
        for (long j = n - m; j < n; j++)
        {
            long t = random.NextInt64(j + 1);
            if (!chosen.Add(t)) chosen.Add(j);
        }
        long[] picks = [.. chosen];
        Array.Sort(picks);
        return picks;
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
