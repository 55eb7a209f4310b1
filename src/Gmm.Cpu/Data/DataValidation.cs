using System.Numerics;

namespace Gmm;

/// <summary>One pass over a source that rejects what EM cannot use, with errors that name the point.</summary>
internal static class DataValidation
{
    /// <summary>Checks every value is finite and every weight finite and ≥ 0 with a positive total; returns Σ w.</summary>
    public static double Validate<T>(IDataSource<T> data, string parameterName, int expectedDimension = -1)
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
            if (chunk.Weights.IsEmpty) { total += chunk.Count; continue; }
            var weights = chunk.Weights.Span;
            for (int i = 0; i < weights.Length; i++)
            {
                if (!T.IsFinite(weights[i]) || weights[i] < T.Zero)
                    throw new ArgumentException($"sample weight {weights[i]} at point {chunk.Start + i} must be finite and ≥ 0.", "sampleWeights");
                total += double.CreateTruncating(weights[i]);
            }
        }
        if (!(total > 0)) throw new ArgumentException("sample weights are all zero: at least one point must have a positive weight.", "sampleWeights");
        return total;
    }
}
