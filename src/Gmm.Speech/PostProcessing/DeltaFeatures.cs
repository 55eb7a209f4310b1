namespace Gmm.Speech.PostProcessing;

/// <summary>
/// Kaldi's add-deltas (feature-functions.cc, DeltaFeatures): order i's filter is order (i−1)'s convolved with
/// j/Σj² for j = −window..window; frames before the first and after the last are the first and last frame (clamped).
/// Output: frames × d·(order + 1), the static features first.
/// </summary>
public static class DeltaFeatures
{
    /// <summary>The filter of each order (order + 1 arrays; order i has 2·i·window + 1 taps, centred).</summary>
    internal static float[][] Scales(DeltaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var scales = new float[options.Order + 1][];
        scales[0] = [1f];
        for (int i = 1; i <= options.Order; i++)
        {
            var previous = scales[i - 1];
            int previousOffset = (previous.Length - 1) / 2, offset = previousOffset + options.Window;
            var current = new float[previous.Length + 2 * options.Window];
            float normalizer = 0;
            for (int j = -options.Window; j <= options.Window; j++)
            {
                normalizer += j * j;
                for (int k = -previousOffset; k <= previousOffset; k++)
                    current[j + k + offset] += j * previous[k + previousOffset];
            }
            for (int k = 0; k < current.Length; k++) current[k] *= 1f / normalizer;
            scales[i] = current;
        }
        return scales;
    }

    /// <summary>Static features followed by their deltas up to <see cref="DeltaOptions.Order"/>.</summary>
    public static FeatureMatrix Compute(FeatureMatrix input, DeltaOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scales = Scales(options);
        int rows = input.Rows, d = input.Columns;
        var output = new FeatureMatrix(rows, d * scales.Length);
        for (int t = 0; t < rows; t++)
        {
            var row = output.Row(t);
            for (int i = 0; i < scales.Length; i++)
            {
                var destination = row.Slice(i * d, d);
                var scale = scales[i];
                int maxOffset = (scale.Length - 1) / 2;
                for (int j = -maxOffset; j <= maxOffset; j++)
                {
                    float s = scale[j + maxOffset];
                    if (s == 0) continue;
                    int source = Math.Clamp(t + j, 0, rows - 1);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(input.Row(source), s, destination, destination);
                }
            }
        }
        return output;
    }
}
