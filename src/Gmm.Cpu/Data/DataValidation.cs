using System.Numerics;

namespace Gmm;

/// <summary>
/// One pass over a source that rejects what EM cannot use, with errors that name the point (by the chunk's
/// <see cref="DataChunk{T}.Start"/>, so a shard whose chunks start at its offset in the whole data names points as a
/// local fit of the whole would). A fit of data spread over shards validates each shard with
/// <see cref="ValidatePoints{T}"/> and the total with <see cref="CheckWeightTotal"/>.
/// </summary>
public static class DataValidation
{
    /// <summary>
    /// Checks every value is finite and every weight finite and ≥ 0 with a positive total; returns Σ w. With
    /// <paramref name="inFloat32"/> (a fit in <see cref="ComputePrecision.Single"/>) values must stay within
    /// <see cref="Float32Limit"/> and weights finite, with a positive total, after rounding to float32. With
    /// <paramref name="kMeansStart"/> (a k-means initialisation, whose nearest-centre searches are in float32) values
    /// must stay within <see cref="KMeansLimit"/>.
    /// </summary>
    /// <param name="data">The points (n×d) and their optional weights.</param>
    /// <param name="parameterName">The parameter the errors about values name (errors about weights name sampleWeights).</param>
    /// <param name="expectedDimension">The model's d, or −1 for no check.</param>
    /// <param name="inFloat32">Also check the float32 range (float64 data that a float32 fit converts).</param>
    /// <param name="kMeansStart">Also check the k-means range (the fit starts with k-means).</param>
    /// <exception cref="ArgumentException">Empty data, a dimension other than expected, a non-finite value, a value out of range, a bad weight, or weights that are all zero.</exception>
    public static double Validate<T>(IDataSource<T> data, string parameterName, int expectedDimension = -1, bool inFloat32 = false, bool kMeansStart = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = ValidatePoints(data, parameterName, expectedDimension, inFloat32, kMeansStart);
        CheckWeightTotal(total, inFloat32);
        return total;
    }

    /// <summary>
    /// <see cref="Validate{T}"/> without the check that the weights' total is positive (one shard of several may hold
    /// only zero weights): returns Σ w, summed in float32 when <paramref name="inFloat32"/>.
    /// </summary>
    /// <param name="data">The points (n×d) and their optional weights.</param>
    /// <param name="parameterName">The parameter the errors about values name.</param>
    /// <param name="expectedDimension">The model's d, or −1 for no check.</param>
    /// <param name="inFloat32">Also check the float32 range.</param>
    /// <param name="kMeansStart">Also check the k-means range (the fit starts with k-means).</param>
    /// <exception cref="ArgumentException">Empty data, a dimension other than expected, a non-finite value, a value out of range or a bad weight.</exception>
    public static double ValidatePoints<T>(IDataSource<T> data, string parameterName, int expectedDimension = -1, bool inFloat32 = false, bool kMeansStart = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ValidatePointsCore(data, parameterName, expectedDimension, inFloat32, kMeansStart, allowMissing: false);

    /// <summary>
    /// <see cref="Validate{T}"/> where NaN marks a missing value (<see cref="MissingValues.Marginalize"/>): NaN is
    /// accepted, ±∞ is not, and a point with every value missing is an error naming it.
    /// </summary>
    internal static double ValidateAllowingMissing<T>(IDataSource<T> data, string parameterName, int expectedDimension = -1, bool inFloat32 = false, bool kMeansStart = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = ValidatePointsCore(data, parameterName, expectedDimension, inFloat32, kMeansStart, allowMissing: true);
        CheckWeightTotal(total, inFloat32);
        return total;
    }

    private static double ValidatePointsCore<T>(IDataSource<T> data, string parameterName, int expectedDimension, bool inFloat32, bool kMeansStart, bool allowMissing)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data, parameterName);
        if (data.Count < 1) throw new ArgumentException("data is empty: at least one point is needed.", parameterName);
        if (expectedDimension > 0 && data.Dimension != expectedDimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {expectedDimension}.", parameterName);
        double total = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            var values = chunk.Values.Span;
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values) && allowMissing)
                CheckMissing(values, chunk.Start, data.Dimension, parameterName);
            else if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values))
            {
                int bad = 0;
                while (T.IsFinite(values[bad])) bad++;
                throw new ArgumentException($"data holds a non-finite value ({values[bad]}) at point {chunk.Start + bad / data.Dimension}, feature {bad % data.Dimension}.", parameterName);
            }
            if (inFloat32 || kMeansStart) CheckRange(values, chunk.Start, data.Dimension, parameterName, inFloat32, kMeansStart);
            if (chunk.Weights.IsEmpty) { total += chunk.Count; continue; }
            var weights = chunk.Weights.Span;
            for (int i = 0; i < weights.Length; i++)
            {
                if (!T.IsFinite(weights[i]) || weights[i] < T.Zero)
                    throw new ArgumentException($"sample weight {weights[i]} at point {chunk.Start + i} must be finite and ≥ 0.", "sampleWeights");
                if (inFloat32 && !float.IsFinite(float.CreateTruncating(weights[i])))
                    throw new ArgumentException($"sample weight {weights[i]} at point {chunk.Start + i} exceeds float32's range (±3.4e38); rescale the weights or fit with Precision = Double.", "sampleWeights");
                total += inFloat32 ? float.CreateTruncating(weights[i]) : double.CreateTruncating(weights[i]);
            }
        }
        return total;
    }

    /// <summary>Rejects a total weight Σ w that is not positive (every weight zero), as <see cref="Validate{T}"/> does.</summary>
    /// <param name="total">Σ w over every point of the fit.</param>
    /// <param name="inFloat32">Whether the total was summed from float32-rounded weights (names the float32 cause).</param>
    /// <exception cref="ArgumentException">The total is not positive.</exception>
    public static void CheckWeightTotal(double total, bool inFloat32)
    {
        if (!(total > 0))
            throw new ArgumentException(inFloat32
                ? "sample weights are all zero in float32 (below 1.4e-45 or 0): at least one point must have a positive weight; rescale the weights or fit with Precision = Double."
                : "sample weights are all zero: at least one point must have a positive weight.", "sampleWeights");
    }

    /// <summary>
    /// The largest magnitude a float32 fit accepts with d features: sqrt(float.MaxValue / d) / 1024 (1.8e16 for d = 1,
    /// 2.9e15 for d = 39). Squared differences of such values, summed over the d features and over the up to 2^18
    /// points that the backends add in float32 before they accumulate in float64 (a CPU tile, a GPU group), stay below
    /// float32's largest value; beyond it they overflow to infinity and the fit fails in ways that name other causes.
    /// </summary>
    public static double Float32Limit(int d) => Math.Sqrt(float.MaxValue / (double)d) / 1024;

    /// <summary>
    /// The largest magnitude k-means initialisation accepts with d features: sqrt(float.MaxValue / d) / 4. Its
    /// nearest-centre scores ‖c‖² − 2 x·c are taken in float32 about the sample mean, so they stay finite while every
    /// point and centre lies within twice that of the mean (the factor 2 is a margin).
    /// </summary>
    public static double KMeansLimit(int d) => Math.Sqrt(float.MaxValue / (double)d) / 4;

    /// <summary>NaN (missing) is accepted; ±∞ and a point with every value missing are errors naming the point.</summary>
    private static void CheckMissing<T>(ReadOnlySpan<T> values, long start, int d, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length / d; i++)
        {
            int missing = 0;
            for (int j = 0; j < d; j++)
            {
                var v = values[i * d + j];
                if (T.IsNaN(v)) missing++;
                else if (!T.IsFinite(v))
                    throw new ArgumentException($"data holds a non-finite value ({v}) at point {start + i}, feature {j}; NaN marks a missing value, infinity cannot.", parameterName);
            }
            if (missing == d)
                throw new ArgumentException($"point {start + i} has every value missing (NaN): the marginal density of no observed coordinate is defined; remove the point.", parameterName);
        }
    }

    private static void CheckRange<T>(ReadOnlySpan<T> values, long start, int d, string parameterName, bool inFloat32, bool kMeansStart)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double limit = inFloat32 ? Float32Limit(d) : KMeansLimit(d);
        if (double.CreateTruncating(T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values))) <= limit) return;
        int i = 0;
        while (i < values.Length && !(double.CreateTruncating(T.Abs(values[i])) > limit)) i++;
        if (i == values.Length) return; // only missing values (NaN) made the largest magnitude NaN
        double magnitude = double.CreateTruncating(T.Abs(values[i]));
        string at = $"data value {values[i]} at point {start + i / d}, feature {i % d}";
        string kMeans = kMeansStart && magnitude > KMeansLimit(d) ? " and Initialization = KMeansPlusPlus (k-means compares squared distances in float32)" : "";
        throw new ArgumentException(
            !inFloat32 ? $"{at} is too large for k-means initialisation, which compares squared distances in float32: beyond {limit:G2} (with {d} features) they overflow; start with Initialization = KMeansPlusPlus, or rescale the data."
            : magnitude > float.MaxValue ? $"{at} exceeds float32's range (±3.4e38); fit with Precision = Double{kMeans}, or rescale the data."
            : $"{at} is too large for a float32 fit: beyond {limit:G2} (with {d} features) its squares overflow float32's sums; fit with Precision = Double{kMeans}, or rescale the data.", parameterName);
    }
}
