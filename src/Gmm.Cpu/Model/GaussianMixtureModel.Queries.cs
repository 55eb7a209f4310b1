using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

// Queries on a fitted model (scikit-learn's score_samples, score, predict, predict_proba, bic, aic, sample).
// They compute in float64 whatever the input type, on all cores, in blocks of 4096 points.
public sealed partial class GaussianMixtureModel
{
    private const int QueryBlock = 4096;

    /// <summary>Per-point log-density log p(x) (n) of n×d row-major <paramref name="data"/>, natural log.</summary>
    public double[] ScoreSamples<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data));
        var result = new double[n];
        Evaluate(data, (row, logProb) => result[row] = LogSumExp(logProb));
        return result;
    }

    /// <summary>Mean log-likelihood per point, weighted by <paramref name="sampleWeights"/> (n) when given.</summary>
    public double Score<T>(ReadOnlySpan<T> data, ReadOnlySpan<T> sampleWeights = default) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var samples = ScoreSamples(data);
        if (sampleWeights.IsEmpty) return samples.Average();
        if (sampleWeights.Length != samples.Length)
            throw new ArgumentException($"sampleWeights must hold one value per point ({samples.Length}); got {sampleWeights.Length}.", nameof(sampleWeights));
        double sum = 0, total = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double w = double.CreateTruncating(sampleWeights[i]);
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"sample weight {w} at point {i} must be finite and ≥ 0.", nameof(sampleWeights));
            sum += w * samples[i];
            total += w;
        }
        if (!(total > 0)) throw new ArgumentException("sample weights are all zero.", nameof(sampleWeights));
        return sum / total;
    }

    /// <summary>Mean log-likelihood per point over a (possibly streamed) source, weighted by its sample weights.</summary>
    public double Score<T>(IDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = DataValidation.Validate(data, nameof(data), Dimension), sum = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            var samples = ScoreSamples(chunk.Values.Span);
            var weights = chunk.Weights.Span;
            for (int i = 0; i < samples.Length; i++) sum += (weights.IsEmpty ? 1 : double.CreateTruncating(weights[i])) * samples[i];
        }
        return sum / total;
    }

    /// <summary>Most probable component of each point (n labels in 0..k−1).</summary>
    public int[] Predict<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data));
        var labels = new int[n];
        Evaluate(data, (row, logProb) =>
        {
            int best = 0;
            for (int c = 1; c < logProb.Length; c++) if (logProb[c] > logProb[best]) best = c;
            labels[row] = best;
        });
        return labels;
    }

    /// <summary>Posterior probability of each component for each point (n×k, row-major; rows sum to 1).</summary>
    public double[] PredictProbabilities<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data)), k = ComponentCount;
        var result = new double[n * k];
        Evaluate(data, (row, logProb) =>
        {
            double norm = LogSumExp(logProb);
            for (int c = 0; c < k; c++) result[row * k + c] = Math.Exp(logProb[c] - norm);
        });
        return result;
    }

    /// <summary>Bayesian information criterion on the data: −2·n·Score + p·ln n (lower is better).</summary>
    public double Bic<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data));
        return -2 * Score(data) * n + ParameterCount * Math.Log(n);
    }

    /// <summary>Akaike information criterion on the data: −2·n·Score + 2p (lower is better).</summary>
    public double Aic<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data));
        return -2 * Score(data) * n + 2 * ParameterCount;
    }

    /// <summary>
    /// Draws <paramref name="count"/> points: Points is count×d row-major, Labels the component of each; points are
    /// grouped by component, as scikit-learn's sample returns them. The same seed gives the same draw.
    /// </summary>
    public (double[] Points, int[] Labels) Sample(int count, int seed = 0)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1.");
        int k = ComponentCount, d = Dimension;
        var random = new Random(seed);
        var perComponent = new int[k];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble(), running = 0;
            int c = 0;
            for (; c < k - 1; c++) { running += WeightsArray[c]; if (u < running) break; }
            perComponent[c]++;
        }
        var points = new double[count * d];
        var labels = new int[count];
        var z = new double[d];
        var factors = Definition.SamplingFactors(CovariancesArray, d);
        int row = 0;
        for (int c = 0; c < k; c++)
            for (int s = 0; s < perComponent[c]; s++, row++)
            {
                for (int j = 0; j < d; j++) z[j] = StandardNormal(random);
                labels[row] = c;
                var point = points.AsSpan(row * d, d);
                MeansArray.AsSpan(c * d, d).CopyTo(point);
                Definition.AddScaledNoise(factors, c, d, z, point);
            }
        return (points, labels);
    }

    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private int RowCount<T>(ReadOnlySpan<T> data, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.IsEmpty) throw new ArgumentException("data is empty: at least one point is needed.", parameterName);
        if (data.Length % Dimension != 0)
            throw new ArgumentException($"data length {data.Length} is not a multiple of the model's dimension {Dimension}; does the data have {Dimension} features?", parameterName);
        for (int i = 0; i < data.Length; i++)
            if (!T.IsFinite(data[i]))
                throw new ArgumentException($"data holds a non-finite value ({data[i]}) at point {i / Dimension}, feature {i % Dimension}.", parameterName);
        return data.Length / Dimension;
    }

    /// <summary>Calls <paramref name="visit"/>(row, log π_k + log N(x_row | k) for all k) for every row, rows in parallel blocks.</summary>
    private void Evaluate<T>(ReadOnlySpan<T> data, Action<int, ReadOnlySpan<double>> visit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = Dimension, k = ComponentCount, n = data.Length / d;
        var values = new double[data.Length];
        for (int i = 0; i < data.Length; i++) values[i] = double.CreateTruncating(data[i]);
        int blocks = (n + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, () => new CpuEmBackend<double>(1), (block, _, backend) =>
        {
            int start = block * QueryBlock, rows = Math.Min(QueryBlock, n - start);
            var logProb = new double[rows * k];
            backend.LogProbabilities(this, values.AsSpan(start * d, rows * d), logProb);
            for (int r = 0; r < rows; r++) visit(start + r, logProb.AsSpan(r * k, k));
            return backend;
        }, backend => backend.Dispose());
    }

    private static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
