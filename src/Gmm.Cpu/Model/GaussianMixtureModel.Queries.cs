using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

// Queries on a fitted model (scikit-learn's score_samples, score, predict, predict_proba, bic, aic, sample).
// Data is n×d row-major; every query computes in float64 whatever the input type, on all cores, in blocks of 4096
// points. Each has an allocating form and one that writes into a caller's destination (which must not overlap the data).
public sealed partial class GaussianMixtureModel
{
    private const int QueryBlock = 4096;

    /// <summary>Per-point log-density log p(x) (n values, natural log) of <paramref name="data"/> (n×d, row-major).</summary>
    /// <exception cref="ArgumentException">Empty data, a length that is not a multiple of d, or a non-finite value.</exception>
    public double[] ScoreSamples<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[RowCount(data, nameof(data))];
        ScoreSamples(data, result);
        return result;
    }

    /// <summary>Writes log p(x) of each point of <paramref name="data"/> (n×d, row-major) into <paramref name="destination"/> (n values, natural log).</summary>
    /// <exception cref="ArgumentException">Bad data (as <see cref="ScoreSamples{T}(ReadOnlySpan{T})"/>), or a destination of the wrong length or overlapping the data.</exception>
    public unsafe void ScoreSamples<T>(ReadOnlySpan<T> data, Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data)), k = ComponentCount;
        CheckDestination(data, destination, n, "n");
        fixed (double* output = destination)
        {
            nint address = (nint)output;
            Evaluate(data, (start, rows, logProb) =>
            {
                var target = new Span<double>((double*)address + start, rows);
                for (int r = 0; r < rows; r++) target[r] = LogSumExp(logProb.AsSpan(r * k, k));
            });
        }
    }

    /// <summary>Mean log-likelihood per point of <paramref name="data"/> (n×d, row-major), weighted by <paramref name="sampleWeights"/> (n, each ≥ 0) when given.</summary>
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
        const int chunkRows = 1 << 16;
        double total = DataValidation.Validate(data, nameof(data), Dimension), sum = 0;
        var samples = new double[(int)Math.Min(chunkRows, data.Count)];
        foreach (var chunk in data.GetChunks(chunkRows))
        {
            if (chunk.Count == 0) continue;
            if (samples.Length < chunk.Count) samples = new double[chunk.Count];
            var scores = samples.AsSpan(0, chunk.Count);
            ScoreSamples(chunk.Values.Span, scores);
            var weights = chunk.Weights.Span;
            for (int i = 0; i < scores.Length; i++) sum += (weights.IsEmpty ? 1 : double.CreateTruncating(weights[i])) * scores[i];
        }
        return sum / total;
    }

    /// <summary>Most probable component of each point of <paramref name="data"/> (n×d, row-major): n labels in 0..k−1.</summary>
    public int[] Predict<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var labels = new int[RowCount(data, nameof(data))];
        Predict(data, labels);
        return labels;
    }

    /// <summary>Writes the most probable component (0..k−1) of each point of <paramref name="data"/> (n×d, row-major) into <paramref name="destination"/> (n).</summary>
    /// <exception cref="ArgumentException">Bad data, or a destination of the wrong length.</exception>
    public unsafe void Predict<T>(ReadOnlySpan<T> data, Span<int> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data)), k = ComponentCount;
        if (destination.Length != n)
            throw new ArgumentException($"destination must hold n = {n} values; got {destination.Length}.", nameof(destination));
        fixed (int* output = destination)
        {
            nint address = (nint)output;
            Evaluate(data, (start, rows, logProb) =>
            {
                var target = new Span<int>((int*)address + start, rows);
                for (int r = 0; r < rows; r++)
                {
                    var row = logProb.AsSpan(r * k, k);
                    int best = 0;
                    for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
                    target[r] = best;
                }
            });
        }
    }

    /// <summary>Posterior probability of each component for each point of <paramref name="data"/> (n×d, row-major): n×k, row-major, rows sum to 1.</summary>
    public double[] PredictProbabilities<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[RowCount(data, nameof(data)) * ComponentCount];
        PredictProbabilities(data, result);
        return result;
    }

    /// <summary>Writes the posterior probabilities of each point of <paramref name="data"/> (n×d, row-major) into <paramref name="destination"/> (n×k, row-major; rows sum to 1).</summary>
    /// <exception cref="ArgumentException">Bad data, or a destination of the wrong length or overlapping the data.</exception>
    public unsafe void PredictProbabilities<T>(ReadOnlySpan<T> data, Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RowCount(data, nameof(data)), k = ComponentCount;
        CheckDestination(data, destination, n * k, "n×k");
        fixed (double* output = destination)
        {
            nint address = (nint)output;
            Evaluate(data, (start, rows, logProb) =>
            {
                var target = new Span<double>((double*)address + (long)start * k, rows * k);
                for (int r = 0; r < rows; r++)
                {
                    var row = logProb.AsSpan(r * k, k);
                    double norm = LogSumExp(row);
                    for (int c = 0; c < k; c++) target[r * k + c] = Math.Exp(row[c] - norm);
                }
            });
        }
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
        // The vectorised check of the fits' validation proves the usual case; the value-by-value search names the value.
        if (!ChunkValidation.AllWithin(data, double.MaxValue))
            for (int i = 0; i < data.Length; i++)
                if (!T.IsFinite(data[i]))
                    throw new ArgumentException($"data holds a non-finite value ({data[i]}) at point {i / Dimension}, feature {i % Dimension}.", parameterName);
        return data.Length / Dimension;
    }

    private static void CheckDestination<T>(ReadOnlySpan<T> data, Span<double> destination, int length, string shape) where T : unmanaged
    {
        if (destination.Length != length)
            throw new ArgumentException($"destination must hold {shape} = {length} values; got {destination.Length}.", nameof(destination));
        if (typeof(T) == typeof(double) && System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(data).Overlaps(destination))
            throw new ArgumentException("destination overlaps the data; use a separate buffer.", nameof(destination));
    }

    /// <summary>
    /// Calls <paramref name="visit"/>(first row, rows, log π_k + log N(x | k) for those rows: rows×k) for every block of
    /// rows of <paramref name="data"/>, blocks in parallel; each block is converted to float64 on its own. Each thread
    /// works with a pooled <see cref="QueryLane"/>, whose log-probability buffer may be longer than rows×k.
    /// </summary>
    private unsafe void Evaluate<T>(ReadOnlySpan<T> data, Action<int, int, double[]> visit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = Dimension, k = ComponentCount, n = data.Length / d;
        int blocks = (n + QueryBlock - 1) / QueryBlock;
        fixed (T* input = data)
        {
            nint address = (nint)input;
            // At most one thread per core, so that every thread's lane can come from the pool (which keeps one per core).
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => QueryLane.Rent(typeof(T) == typeof(double) ? 0 : QueryBlock * d, QueryBlock * k),
                (block, _, lane) =>
                {
                    int start = block * QueryBlock, rows = Math.Min(QueryBlock, n - start);
                    var rowsOfBlock = new ReadOnlySpan<T>((T*)address + (long)start * d, rows * d);
                    ReadOnlySpan<double> values;
                    if (typeof(T) == typeof(double))
                    {
                        values = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(rowsOfBlock); // already float64: no copy
                    }
                    else
                    {
                        var widened = lane.Values.AsSpan(0, rows * d);
                        for (int i = 0; i < widened.Length; i++) widened[i] = double.CreateTruncating(rowsOfBlock[i]);
                        values = widened;
                    }
                    lane.Backend.LogProbabilities(this, values, lane.LogProbabilities.AsSpan(0, rows * k));
                    visit(start, rows, lane.LogProbabilities);
                    return lane;
                }, lane => QueryLane.Return(lane, k, d));
        }
    }
}
