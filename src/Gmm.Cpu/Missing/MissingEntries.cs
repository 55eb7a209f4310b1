using System.Numerics;

namespace Gmm;

/// <summary>How many points of a source have a missing entry (NaN), and each feature's observed mean.</summary>
/// <param name="IncompleteCount">Points with at least one NaN.</param>
/// <param name="CompleteCount">Points with none.</param>
/// <param name="FeatureMeans">Per feature (d), the unweighted mean of its observed values (NaN for a feature never observed, where the scan allows one).</param>
internal sealed record MissingEntries(long IncompleteCount, long CompleteCount, double[] FeatureMeans)
{
    /// <summary>Whether <paramref name="row"/> holds a NaN.</summary>
    public static bool HasMissing<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var v in row) if (T.IsNaN(v)) return true;
        return false;
    }

    /// <summary>
    /// One pass over <paramref name="data"/> (validated: NaN is the only non-finite value). A fit needs every feature
    /// observed somewhere; scoring a fitted model (<paramref name="everyFeatureObserved"/> false) does not.
    /// </summary>
    /// <exception cref="ArgumentException">A feature is missing in every point (named), when <paramref name="everyFeatureObserved"/>.</exception>
    public static MissingEntries Scan<T>(IDataSource<T> data, string parameterName, bool everyFeatureObserved = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = data.Dimension;
        var sums = new double[d];
        var counts = new long[d];
        long incomplete = 0, complete = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            var values = chunk.Values.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                bool missing = false;
                for (int j = 0; j < d; j++)
                {
                    var v = values[i * d + j];
                    if (T.IsNaN(v)) { missing = true; continue; }
                    sums[j] += double.CreateTruncating(v);
                    counts[j]++;
                }
                if (missing) incomplete++;
                else complete++;
            }
        }
        for (int j = 0; j < d; j++)
            if (counts[j] == 0 && everyFeatureObserved)
                throw new ArgumentException($"feature {j} is missing (NaN) in every point: nothing can be estimated for it; remove the feature.", parameterName);
        for (int j = 0; j < d; j++) sums[j] = counts[j] == 0 ? double.NaN : sums[j] / counts[j];
        return new MissingEntries(incomplete, complete, sums);
    }
}
