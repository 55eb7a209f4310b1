using System.Numerics;

namespace Gmm;

// The host's evaluation for BackendQueries (HostPointEvaluator): several outputs from one pass, and top-C scoring.
// Same blocks and float64 arithmetic as the model's queries; destinations are sized by the caller.
public sealed partial class GaussianMixtureModel
{
    /// <summary>
    /// log p(x) of every point of <paramref name="data"/> (n×d) into <paramref name="logDensities"/> (n), and when not
    /// empty the most probable component into <paramref name="labels"/> (n) and the posteriors into
    /// <paramref name="probabilities"/> (n×k), from one evaluation of the log-probabilities. The data must be finite.
    /// </summary>
    internal unsafe void EvaluatePoints<T>(ReadOnlySpan<T> data, Span<double> logDensities, Span<int> labels, Span<double> probabilities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = ComponentCount;
        bool wantLabels = !labels.IsEmpty, wantProbabilities = !probabilities.IsEmpty;
        fixed (double* densityOut = logDensities)
        fixed (int* labelOut = labels)
        fixed (double* probabilityOut = probabilities)
        {
            nint densities = (nint)densityOut, labelAddress = (nint)labelOut, probabilityAddress = (nint)probabilityOut;
            Evaluate(data, (start, rows, logProb) =>
            {
                for (int r = 0; r < rows; r++)
                {
                    var row = logProb.AsSpan(r * k, k);
                    double norm = LogSumExp(row);
                    ((double*)densities)[start + r] = norm;
                    if (wantLabels)
                    {
                        int best = 0;
                        for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
                        ((int*)labelAddress)[start + r] = best;
                    }
                    if (wantProbabilities)
                    {
                        var target = new Span<double>((double*)probabilityAddress + (long)(start + r) * k, k);
                        for (int c = 0; c < k; c++) target[c] = Math.Exp(row[c] - norm);
                    }
                }
            });
        }
    }

    /// <summary>
    /// Top-C scoring on the host (see <see cref="IPointEvaluator{T}"/>): per point of <paramref name="data"/> (n×d, finite)
    /// the <paramref name="shortlistLength"/> components of this model with the largest weighted log-density, then this
    /// model's and each of <paramref name="models"/>' log Σ over those components into
    /// <paramref name="logDensities"/> ((1 + m)×n, row-major). The models have this model's k and d.
    /// </summary>
    internal unsafe void EvaluateShortlistedPoints<T>(IReadOnlyList<GaussianMixtureModel> models, int shortlistLength, ReadOnlySpan<T> data,
        Span<double> logDensities) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = ComponentCount, d = Dimension, n = data.Length / d;
        int count = shortlistLength == 0 || shortlistLength >= k ? k : shortlistLength; // (HostPointEvaluator takes every component another way)
        var scored = models.ToArray();
        fixed (T* input = data)
        fixed (double* output = logDensities)
        {
            nint points = (nint)input, outputs = (nint)output;
            Evaluate(data, (start, rows, logProb) =>
            {
                var indices = new int[count];
                var values = new double[count];
                var point = new double[d];
                var difference = new double[d];
                for (int r = 0; r < rows; r++)
                {
                    int index = start + r;
                    var row = logProb.AsSpan(r * k, k);
                    if (count == k) for (int c = 0; c < k; c++) indices[c] = c;
                    else Shortlist(row, indices);
                    for (int i = 0; i < count; i++) values[i] = row[indices[i]];
                    ((double*)outputs)[index] = LogSumExp(values);
                    var source = new ReadOnlySpan<T>((T*)points + (long)index * d, d);
                    for (int j = 0; j < d; j++) point[j] = double.CreateTruncating(source[j]);
                    for (int m = 0; m < scored.Length; m++)
                    {
                        for (int i = 0; i < count; i++) values[i] = scored[m].WeightedComponentLogDensity(indices[i], point, difference);
                        ((double*)outputs)[(long)(m + 1) * n + index] = LogSumExp(values);
                    }
                }
            });
        }
    }

    /// <summary>log π_c + log N(x | c) for one component from its precision factor (<paramref name="scratch"/>: d values).</summary>
    internal double WeightedComponentLogDensity(int component, ReadOnlySpan<double> point, Span<double> scratch)
    {
        int d = Dimension;
        var mean = MeansArray.AsSpan(component * d, d);
        for (int j = 0; j < d; j++) scratch[j] = point[j] - mean[j];
        return LogDensityConstantsArray[component] - 0.5 * Definition.SquaredMahalanobis(PrecisionsCholeskyArray, component, scratch[..d]);
    }

    /// <summary>
    /// The indices of the <paramref name="indices"/>.Length largest values of <paramref name="row"/>, largest first, equal
    /// values in index order (a sorted insertion: O(k) for a short list).
    /// </summary>
    internal static void Shortlist(ReadOnlySpan<double> row, Span<int> indices)
    {
        int count = indices.Length, filled = 0;
        Span<double> best = count <= 64 ? stackalloc double[count] : new double[count];
        for (int c = 0; c < row.Length; c++)
        {
            double v = row[c];
            if (filled == count && !(v > best[count - 1])) continue;
            int position = filled < count ? filled : count - 1; // the slot freed (or the last, dropped)
            while (position > 0 && v > best[position - 1])
            {
                best[position] = best[position - 1];
                indices[position] = indices[position - 1];
                position--;
            }
            best[position] = v;
            indices[position] = c;
            if (filled < count) filled++;
        }
    }
}
