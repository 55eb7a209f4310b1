namespace Gmm.Gpu.Multi;

/// <summary>How n rows are cut into one contiguous slice per device, in device order, in proportion to weights.</summary>
internal static class SliceBounds
{
    /// <summary>
    /// The first row of each slice and, last, n (devices + 1 values): slice i is rows [bounds[i], bounds[i + 1]), of
    /// about n·w_i / Σw rows (cumulative rounding, so the sizes add up to n). A weight of 0 gives an empty slice.
    /// </summary>
    /// <exception cref="ArgumentException">A weight is negative or not finite, or they are all 0.</exception>
    public static long[] For(long n, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Check(weights, nameof(weights));
        double total = weights.Sum();
        var bounds = new long[weights.Count + 1];
        double cumulative = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i];
            bounds[i + 1] = i == weights.Count - 1 ? n : Math.Clamp((long)Math.Round(n * (cumulative / total)), bounds[i], n);
        }
        return bounds;
    }

    /// <summary>Throws unless the weights are finite, non-negative and not all 0.</summary>
    public static void Check(IReadOnlyList<double> weights, string parameter)
    {
        ArgumentNullException.ThrowIfNull(weights, parameter);
        if (weights.Count == 0) throw new ArgumentException("slice weights: one per device is needed; got none.", parameter);
        for (int i = 0; i < weights.Count; i++)
            if (!(weights[i] >= 0 && double.IsFinite(weights[i])))
                throw new ArgumentException($"slice weight {i} is {weights[i]}: every weight must be finite and ≥ 0.", parameter);
        if (weights.All(w => w == 0)) throw new ArgumentException("slice weights are all 0: at least one device must get rows.", parameter);
    }
}
