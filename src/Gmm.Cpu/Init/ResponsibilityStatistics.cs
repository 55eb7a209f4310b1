using System.Numerics;

namespace Gmm;

/// <summary>
/// Statistics from given (not computed) responsibilities, in float64, for initialisation: a streamed pass over the
/// data that asks a callback for each point's responsibilities, split across cores in fixed ranges.
/// </summary>
internal static class ResponsibilityStatistics
{
    /// <summary>Fills responsibilities (k) of the point with global index <c>index</c> and values <c>x</c>.</summary>
    public delegate void Responsibilities(long index, ReadOnlySpan<double> x, Span<double> resp);

    public static SufficientStatistics Accumulate<T>(IDataSource<T> data, int k, CovarianceType type, double[] center, Responsibilities responsibilities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = SufficientStatistics.AboutPoint(k, type, center);
        int lanes = Environment.ProcessorCount;
        var partial = new SufficientStatistics[lanes];
        for (int l = 0; l < lanes; l++) partial[l] = total.CreateEmptyLike();
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            int perLane = (chunk.Count + lanes - 1) / lanes;
            var current = chunk;
            Parallel.For(0, lanes, l =>
            {
                int start = l * perLane, end = Math.Min(current.Count, start + perLane);
                var x = new double[current.Dimension];
                var resp = new double[k];
                for (int i = start; i < end; i++)
                {
                    var row = current.Values.Span.Slice(i * current.Dimension, current.Dimension);
                    for (int j = 0; j < x.Length; j++) x[j] = double.CreateTruncating(row[j]);
                    double w = current.Weights.IsEmpty ? 1 : double.CreateTruncating(current.Weights.Span[i]);
                    Array.Clear(resp);
                    responsibilities(current.Start + i, x, resp);
                    AddPoint(partial[l], x, w, resp);
                }
            });
        }
        foreach (var p in partial) total.Add(p);
        return total;
    }

    /// <summary>Adds one point with weight w and responsibilities resp (k) about the statistics' center.</summary>
    public static void AddPoint(SufficientStatistics stats, ReadOnlySpan<double> x, double w, ReadOnlySpan<double> resp)
    {
        int d = stats.Dimension;
        Span<double> diff = stackalloc double[d];
        for (int j = 0; j < d; j++) diff[j] = x[j] - stats.CenterArray[j];
        stats.WeightSum += w;
        stats.PointCount++;
        var definition = CovarianceDefinition.For(stats.CovarianceType);
        if (definition.SharedSecondOrder)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) stats.SecondOrder[a * d + b] += w * diff[a] * diff[b];
        for (int c = 0; c < stats.ComponentCount; c++)
        {
            double r = w * resp[c];
            if (r == 0) continue;
            stats.ZerothOrder[c] += r;
            for (int j = 0; j < d; j++) stats.FirstOrder[c * d + j] += r * diff[j];
            definition.AddComponentSecondOrder(stats, c, r, diff);
        }
    }
}
