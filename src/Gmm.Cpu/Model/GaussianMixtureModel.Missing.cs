using System.Numerics;

namespace Gmm;

// Queries on data with missing entries (NaN, under MissingValues.Marginalize): each point is evaluated by the marginal
// density of its observed coordinates (points without a NaN exactly as the plain queries evaluate them), and Impute
// fills the missing entries with their conditional mean under the mixture. Computed in float64.
public sealed partial class GaussianMixtureModel
{
    /// <summary>
    /// Per-point log-density (n values, natural log) of <paramref name="data"/> (n×d, row-major); with
    /// <see cref="MissingValues.Marginalize"/> a NaN is a missing entry and the point's value is log p(x_o), the
    /// marginal density of its observed coordinates.
    /// </summary>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, ±∞, a NaN under <see cref="MissingValues.Reject"/>, or a point with every value missing.</exception>
    public double[] ScoreSamples<T>(ReadOnlySpan<T> data, MissingValues missingValues) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (missingValues == MissingValues.Reject) return ScoreSamples(data);
        var logProbabilities = MarginalLogProbabilities(data, out int n);
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = LogSumExp(logProbabilities.AsSpan(i * ComponentCount, ComponentCount));
        return result;
    }

    /// <summary>
    /// Mean log-likelihood per point over a (possibly streamed) source, weighted by its sample weights; with
    /// <see cref="MissingValues.Marginalize"/> each point contributes the marginal density of its observed coordinates.
    /// </summary>
    /// <exception cref="ArgumentException">Bad data (as <see cref="ScoreSamples{T}(ReadOnlySpan{T}, MissingValues)"/>), or bad weights.</exception>
    public double Score<T>(IDataSource<T> data, MissingValues missingValues) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (missingValues == MissingValues.Reject) return Score(data);
        double total = DataValidation.ValidateAllowingMissing(data, nameof(data), Dimension), sum = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            if (chunk.Count == 0) continue;
            var scores = ScoreSamples(chunk.Values.Span, missingValues);
            var weights = chunk.Weights.Span;
            for (int i = 0; i < scores.Length; i++) sum += (weights.IsEmpty ? 1 : double.CreateTruncating(weights[i])) * scores[i];
        }
        return sum / total;
    }

    /// <summary>Most probable component of each point of <paramref name="data"/> (n×d, row-major; NaN missing under <see cref="MissingValues.Marginalize"/>): n labels in 0..k−1.</summary>
    /// <exception cref="ArgumentException">Bad data (as <see cref="ScoreSamples{T}(ReadOnlySpan{T}, MissingValues)"/>).</exception>
    public int[] Predict<T>(ReadOnlySpan<T> data, MissingValues missingValues) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (missingValues == MissingValues.Reject) return Predict(data);
        int k = ComponentCount;
        var logProbabilities = MarginalLogProbabilities(data, out int n);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = logProbabilities.AsSpan(i * k, k);
            int best = 0;
            for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>
    /// Posterior probability of each component for each point of <paramref name="data"/> (n×d, row-major; NaN missing
    /// under <see cref="MissingValues.Marginalize"/>, the posteriors then those of the observed coordinates): n×k,
    /// row-major, rows sum to 1.
    /// </summary>
    /// <exception cref="ArgumentException">Bad data (as <see cref="ScoreSamples{T}(ReadOnlySpan{T}, MissingValues)"/>).</exception>
    public double[] PredictProbabilities<T>(ReadOnlySpan<T> data, MissingValues missingValues) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (missingValues == MissingValues.Reject) return PredictProbabilities(data);
        var result = MarginalLogProbabilities(data, out int n);
        for (int i = 0; i < n; i++) MarginalGaussians.Normalize(result.AsSpan(i * ComponentCount, ComponentCount));
        return result;
    }

    /// <summary>
    /// <paramref name="data"/> (n×d, row-major) with every missing entry (NaN) replaced by its conditional mean under
    /// the mixture, Σ_k p(k | x_o) E[x_m | x_o, k]; observed entries are returned unchanged. n×d float64, row-major.
    /// </summary>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, ±∞, or a point with every value missing.</exception>
    public double[] Impute<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = Dimension, n = MissingRowCount(data, nameof(data));
        var result = new double[n * d];
        var marginals = MarginalGaussians.For(this);
        var row = new double[d];
        var scratch = new double[ComponentCount + d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) row[j] = double.CreateTruncating(data[i * d + j]);
            if (MissingEntries.HasMissing<double>(row)) marginals.Impute(row, result.AsSpan(i * d, d), scratch);
            else row.CopyTo(result.AsSpan(i * d, d));
        }
        return result;
    }

    /// <summary>log π_k + log p(x_o | k) (n×k): points without a NaN through the plain evaluation, the others marginally.</summary>
    private double[] MarginalLogProbabilities<T>(ReadOnlySpan<T> data, out int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = Dimension, k = ComponentCount;
        n = MissingRowCount(data, nameof(data));
        var filled = new double[n * d];
        var incomplete = new List<int>();
        for (int i = 0; i < n; i++)
        {
            bool missing = false;
            for (int j = 0; j < d; j++)
            {
                double v = double.CreateTruncating(data[i * d + j]);
                if (double.IsNaN(v)) { missing = true; v = 0; } // evaluated, then replaced below
                filled[i * d + j] = v;
            }
            if (missing) incomplete.Add(i);
        }
        var result = new double[n * k];
        Evaluate<double>(filled, (start, rows, logProbabilities) => logProbabilities.AsSpan(0, rows * k).CopyTo(result.AsSpan(start * k)));
        var marginals = MarginalGaussians.For(this);
        var row = new double[d];
        foreach (int i in incomplete)
        {
            for (int j = 0; j < d; j++) row[j] = double.CreateTruncating(data[i * d + j]);
            marginals.LogProbabilities(row, result.AsSpan(i * k, k));
        }
        return result;
    }

    /// <summary>n, or an error for empty data, a wrong length, ±∞ or a point with every value missing.</summary>
    private int MissingRowCount<T>(ReadOnlySpan<T> data, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.IsEmpty) throw new ArgumentException("data is empty: at least one point is needed.", parameterName);
        if (data.Length % Dimension != 0)
            throw new ArgumentException($"data length {data.Length} is not a multiple of the model's dimension {Dimension}; does the data have {Dimension} features?", parameterName);
        DataValidation.CheckMissing(data, 0, Dimension, parameterName);
        return data.Length / Dimension;
    }
}
