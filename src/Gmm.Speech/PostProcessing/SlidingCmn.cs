namespace Gmm.Speech.PostProcessing;

/// <summary>
/// Kaldi's apply-cmvn-sliding (SlidingWindowCmnInternal), in float64 with running sums as Kaldi. The window for frame t:
/// centred, [t − W/2, t − W/2 + W); otherwise [t − W, t + 1), which at the start is [0, max(t + 1, min-window)) — it
/// reaches ahead of t until min-window frames exist. A window past either end is shifted back inside, then cut to the
/// utterance. With --norm-vars the variance is floored at 1e-10, and a one-frame window gives zeros.
/// </summary>
public static class SlidingCmn
{
    /// <summary>The frame window [start, end) that normalises frame <paramref name="t"/> of <paramref name="frames"/>.</summary>
    internal static (int Start, int End) Window(int t, int frames, SlidingCmnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int start, end;
        if (options.Center)
        {
            start = t - options.Window / 2;
            end = start + options.Window;
        }
        else
        {
            start = t - options.Window;
            end = t + 1;
        }
        if (start < 0)
        {
            end -= start;
            start = 0;
        }
        if (!options.Center && end > t) end = Math.Max(t + 1, options.MinWindow);
        if (end > frames)
        {
            start = Math.Max(0, start - (end - frames));
            end = frames;
        }
        return (start, end);
    }

    /// <summary>The normalised features (same shape).</summary>
    public static FeatureMatrix Apply(FeatureMatrix input, SlidingCmnOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int frames = input.Rows, d = input.Columns;
        var output = new FeatureMatrix(frames, d);
        var sum = new double[d];
        var sumSquares = new double[d];
        int lastStart = -1, lastEnd = -1;
        for (int t = 0; t < frames; t++)
        {
            var (start, end) = Window(t, frames, options);
            if (lastStart == -1)
            {
                for (int r = start; r < end; r++) Accumulate(input.Row(r), sum, sumSquares, +1, options.NormalizeVariance);
            }
            else
            {
                // The window moves by at most one frame at each end from one frame to the next.
                for (int r = lastStart; r < start; r++) Accumulate(input.Row(r), sum, sumSquares, -1, options.NormalizeVariance);
                for (int r = lastEnd; r < end; r++) Accumulate(input.Row(r), sum, sumSquares, +1, options.NormalizeVariance);
            }
            (lastStart, lastEnd) = (start, end);
            int count = end - start;
            var source = input.Row(t);
            var destination = output.Row(t);
            for (int j = 0; j < d; j++)
            {
                double value = source[j] - sum[j] / count;
                if (options.NormalizeVariance)
                {
                    if (count == 1) value = 0;
                    else
                    {
                        double variance = sumSquares[j] / count - sum[j] * sum[j] / ((double)count * count);
                        value *= 1 / Math.Sqrt(Math.Max(variance, 1e-10));
                    }
                }
                destination[j] = (float)value;
            }
        }
        return output;
    }

    private static void Accumulate(ReadOnlySpan<float> row, double[] sum, double[] sumSquares, int sign, bool squares)
    {
        for (int j = 0; j < row.Length; j++)
        {
            double x = row[j];
            sum[j] += sign * x;
            if (squares) sumSquares[j] += sign * x * x;
        }
    }
}
