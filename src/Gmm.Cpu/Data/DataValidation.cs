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
    /// <paramref name="inFloat32"/> (float64 data a float32 fit will convert) values and weights must also stay finite
    /// and the weights positive in total after rounding to float32.
    /// </summary>
    /// <param name="data">The points (n×d) and their optional weights.</param>
    /// <param name="parameterName">The parameter the errors about values name (errors about weights name sampleWeights).</param>
    /// <param name="expectedDimension">The model's d, or −1 for no check.</param>
    /// <param name="inFloat32">Also check the float32 range (float64 data that a float32 fit converts).</param>
    /// <exception cref="ArgumentException">Empty data, a dimension other than expected, a non-finite value, a bad weight, or weights that are all zero.</exception>
    public static double Validate<T>(IDataSource<T> data, string parameterName, int expectedDimension = -1, bool inFloat32 = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = ValidatePoints(data, parameterName, expectedDimension, inFloat32);
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
    /// <exception cref="ArgumentException">Empty data, a dimension other than expected, a non-finite value or a bad weight.</exception>
    public static double ValidatePoints<T>(IDataSource<T> data, string parameterName, int expectedDimension = -1, bool inFloat32 = false)
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
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values))
            {
                int bad = 0;
                while (T.IsFinite(values[bad])) bad++;
                throw new ArgumentException($"data holds a non-finite value ({values[bad]}) at point {chunk.Start + bad / data.Dimension}, feature {bad % data.Dimension}.", parameterName);
            }
            if (inFloat32) CheckFloat32Range(values, chunk.Start, data.Dimension, parameterName);
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

    private static void CheckFloat32Range<T>(ReadOnlySpan<T> values, long start, int d, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T limit = T.CreateTruncating(float.MaxValue);
        for (int i = 0; i < values.Length; i++)
            if (T.Abs(values[i]) > limit)
                throw new ArgumentException($"data value {values[i]} at point {start + i / d}, feature {i % d} exceeds float32's range (±3.4e38); fit with Precision = Double.", parameterName);
    }
}
