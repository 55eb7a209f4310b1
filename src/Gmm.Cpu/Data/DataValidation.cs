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
        var validation = new ChunkValidation(data.Count, data.Dimension, parameterName, expectedDimension, inFloat32, kMeansStart, allowMissing);
        foreach (var chunk in data.GetChunks(ChunkValidation.ScanRows(data.Dimension, System.Runtime.CompilerServices.Unsafe.SizeOf<T>())))
            validation.Check(chunk);
        return validation.Total;
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

    /// <summary>
    /// Checks points where NaN marks a missing value (<see cref="MissingValues.Marginalize"/>): NaN is accepted; ±∞ and a
    /// point with every value missing are errors naming the point by its index in the whole data.
    /// </summary>
    /// <param name="values">Points, row-major: (values.Length / dimension)×dimension.</param>
    /// <param name="start">The index of the first of these points in the whole data (0 for all of it).</param>
    /// <param name="dimension">d, the values per point.</param>
    /// <param name="parameterName">The parameter the errors name.</param>
    /// <exception cref="ArgumentException">A value that is ±∞ ("... non-finite value (v) at point i, feature j; ..."), or
    /// a point whose every value is NaN ("point i has every value missing ...").</exception>
    public static void CheckMissing<T>(ReadOnlySpan<T> values, long start, int dimension, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        int d = dimension;
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
}
