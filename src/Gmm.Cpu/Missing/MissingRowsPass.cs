using System.Numerics;

namespace Gmm;

/// <summary>
/// The E-step of points with missing entries, on the host in float64: per point the marginal log-density of its
/// observed coordinates (the log-likelihood added is the observed-data one), the posteriors from it, and the expected
/// sufficient statistics (<see cref="MarginalGaussians.AddStatistics"/>). Blocks of points run in parallel; their sums
/// are added in block order, so a pass is deterministic.
/// </summary>
internal static class MissingRowsPass
{
    private const int ChunkRows = 1 << 14;
    private const int BlockRows = 512;

    /// <summary>Adds the statistics of every point of <paramref name="data"/> (n×d; NaN = missing) under <paramref name="model"/>.</summary>
    public static void Accumulate<T>(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = model.Dimension, k = model.ComponentCount;
        foreach (var chunk in data.GetChunks(ChunkRows))
        {
            int blocks = (chunk.Count + BlockRows - 1) / BlockRows;
            var partials = new SufficientStatistics[blocks];
            Parallel.For(0, blocks,
                () => (Marginals: MarginalGaussians.For(model), Row: new double[d], Posteriors: new double[k]),
                (block, _, lane) =>
                {
                    var partial = statistics.CreateEmptyLike();
                    var values = chunk.Values.Span;
                    var weights = chunk.Weights.Span;
                    int end = Math.Min(chunk.Count, (block + 1) * BlockRows);
                    for (int i = block * BlockRows; i < end; i++)
                    {
                        for (int j = 0; j < d; j++) lane.Row[j] = double.CreateTruncating(values[i * d + j]);
                        double weight = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
                        lane.Marginals.LogProbabilities(lane.Row, lane.Posteriors);
                        double logDensity = MarginalGaussians.Normalize(lane.Posteriors);
                        partial.PointCount++;
                        partial.WeightSum += weight;
                        if (weight == 0) continue;
                        partial.LogLikelihood += weight * logDensity;
                        lane.Marginals.AddStatistics(lane.Row, lane.Posteriors, weight, partial);
                    }
                    partials[block] = partial;
                    return lane;
                }, _ => { });
            foreach (var partial in partials) statistics.Add(partial);
        }
    }
}
