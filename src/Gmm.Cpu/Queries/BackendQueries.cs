using System.Numerics;

namespace Gmm;

/// <summary>
/// scikit-learn's queries (score_samples, score, predict, predict_proba) and top-C scoring over a (possibly streamed)
/// <see cref="IDataSource{T}"/>, run on a backend: on its device when it implements <see cref="IPointEvaluator{T}"/>
/// (the GPU backend), else on the host in float64 (the model's own queries). Outputs come chunk by chunk, so that 10⁸
/// points never need n×k host memory. Sample weights are ignored by the per-point outputs and weight the means.
/// </summary>
public static partial class BackendQueries
{
    /// <summary>Points per chunk unless the caller says otherwise.</summary>
    public const int DefaultChunkRows = 8192;

    /// <summary>
    /// Evaluates <paramref name="model"/> on every point of <paramref name="data"/>, one <see cref="QueryChunk"/> per
    /// chunk of at most <paramref name="chunkRows"/> points, in order. Arguments are checked at the call; the points as
    /// they are read (a non-finite value is an <see cref="ArgumentException"/> naming the point).
    /// </summary>
    /// <param name="backend">Where to compute (its compute type is the data's).</param>
    /// <param name="model">The model (d = the data's dimension).</param>
    /// <param name="data">The points.</param>
    /// <param name="outputs">Labels and/or posteriors besides the log-densities.</param>
    /// <param name="chunkRows">Points per chunk (≥ 1); posteriors need chunkRows×k doubles per chunk.</param>
    /// <exception cref="ArgumentException">A dimension that differs from the model's, or bad arguments.</exception>
    public static IEnumerable<QueryChunk> Evaluate<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data,
        QueryOutputs outputs = QueryOutputs.LogDensities, int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(backend, model, data, chunkRows);
        if ((outputs & ~(QueryOutputs.Labels | QueryOutputs.Probabilities)) != 0)
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "outputs must combine Labels and Probabilities only.");
        return Chunks(Evaluator(backend), model, data, outputs, chunkRows);
    }

    /// <summary>log p(x) of every point of <paramref name="data"/> (scikit-learn's score_samples), chunk by chunk.</summary>
    public static IEnumerable<QueryChunk> ScoreSamples<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(backend, model, data, QueryOutputs.LogDensities, chunkRows);

    /// <summary>The most probable component of every point (scikit-learn's predict), chunk by chunk (<see cref="QueryChunk.Labels"/>).</summary>
    public static IEnumerable<QueryChunk> Predict<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(backend, model, data, QueryOutputs.Labels, chunkRows);

    /// <summary>The posteriors of every point (scikit-learn's predict_proba), chunk by chunk (<see cref="QueryChunk.Probabilities"/>, n×k).</summary>
    public static IEnumerable<QueryChunk> PredictProbabilities<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(backend, model, data, QueryOutputs.Probabilities, chunkRows);

    /// <summary>The mean log-likelihood per point (scikit-learn's score), weighted by the data's sample weights (nats).</summary>
    /// <exception cref="ArgumentException">Bad arguments, a non-finite value, or sample weights that are all zero.</exception>
    public static double Score<T>(this IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data,
        int chunkRows = DefaultChunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(backend, model, data, chunkRows);
        var evaluator = Evaluator(backend);
        double sum = 0, weightSum = 0;
        double[] scores = [];
        foreach (var chunk in data.GetChunks(chunkRows))
        {
            if (chunk.Count == 0) continue;
            CheckFinite(chunk);
            if (scores.Length < chunk.Count) scores = new double[chunk.Count];
            var values = scores.AsSpan(0, chunk.Count);
            evaluator.Evaluate(model, chunk, values, default, default);
            AddWeighted(chunk, values, ref sum, ref weightSum);
        }
        if (!(weightSum > 0)) throw new ArgumentException("data has no points, or its sample weights are all zero.", nameof(data));
        return sum / weightSum;
    }

    /// <summary>
    /// Top-C scoring (see <see cref="IPointEvaluator{T}"/>): the weighted sums over <paramref name="data"/> of the
    /// shortlisted log-densities of <paramref name="shortlistModel"/> and of each of <paramref name="models"/>, the
    /// components chosen per point by <paramref name="shortlistModel"/>. With C = 0 (or ≥ k) every component counts
    /// and each sum is the model's total log-likelihood.
    /// </summary>
    /// <param name="backend">Where to compute.</param>
    /// <param name="shortlistModel">Chooses the C components of each point (the UBM).</param>
    /// <param name="models">Models with the same k and d (speaker models adapted from it).</param>
    /// <param name="shortlistLength">C ≥ 0.</param>
    /// <param name="data">The points.</param>
    /// <param name="chunkRows">Points per chunk (≥ 1).</param>
    /// <exception cref="ArgumentException">Models of another shape, a negative C, bad data or weights.</exception>
    public static ShortlistScores ScoreShortlisted<T>(this IEmBackend<T> backend, GaussianMixtureModel shortlistModel,
        IReadOnlyList<GaussianMixtureModel> models, int shortlistLength, IDataSource<T> data, int chunkRows = DefaultChunkRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(backend, shortlistModel, data, chunkRows);
        CheckShortlist(shortlistModel, models, shortlistLength);
        var evaluator = Evaluator(backend);
        int rows = 1 + models.Count;
        var totals = new double[rows];
        double weightSum = 0;
        long points = 0;
        double[] values = [];
        foreach (var chunk in data.GetChunks(chunkRows))
        {
            int n = chunk.Count;
            if (n == 0) continue;
            CheckFinite(chunk);
            if (values.Length < rows * n) values = new double[rows * n];
            var span = values.AsSpan(0, rows * n);
            evaluator.EvaluateShortlisted(shortlistModel, models, shortlistLength, chunk, span);
            for (int m = 0; m < rows; m++)
            {
                double sum = 0, weight = 0;
                AddWeighted(chunk, span.Slice(m * n, n), ref sum, ref weight);
                totals[m] += sum;
                if (m == 0) weightSum += weight;
            }
            points += n;
        }
        if (!(weightSum > 0)) throw new ArgumentException("data has no points, or its sample weights are all zero.", nameof(data));
        return new ShortlistScores(totals, weightSum, points);
    }

    /// <summary>Checks a shortlisted evaluation's models and C (shared by the evaluators).</summary>
    internal static void CheckShortlist(GaussianMixtureModel shortlistModel, IReadOnlyList<GaussianMixtureModel> models, int shortlistLength)
    {
        ArgumentNullException.ThrowIfNull(shortlistModel);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentOutOfRangeException.ThrowIfNegative(shortlistLength);
        for (int m = 0; m < models.Count; m++)
        {
            var model = models[m] ?? throw new ArgumentNullException(nameof(models), $"models[{m}] is null.");
            if (model.ComponentCount != shortlistModel.ComponentCount || model.Dimension != shortlistModel.Dimension)
                throw new ArgumentException($"models[{m}] has {model.ComponentCount} components of {model.Dimension} features but the shortlist model has {shortlistModel.ComponentCount} of {shortlistModel.Dimension}; top-C scoring needs models adapted from the shortlist model.", nameof(models));
        }
    }

    /// <summary>The backend's own evaluator, or the host's.</summary>
    private static IPointEvaluator<T> Evaluator<T>(IEmBackend<T> backend) where T : unmanaged, IFloatingPointIeee754<T> =>
        backend as IPointEvaluator<T> ?? HostPointEvaluator<T>.Instance;

    private static IEnumerable<QueryChunk> Chunks<T>(IPointEvaluator<T> evaluator, GaussianMixtureModel model, IDataSource<T> data,
        QueryOutputs outputs, int chunkRows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = model.ComponentCount;
        foreach (var chunk in data.GetChunks(chunkRows))
        {
            int n = chunk.Count;
            if (n == 0) continue;
            CheckFinite(chunk);
            var logDensities = new double[n];
            int[]? labels = (outputs & QueryOutputs.Labels) != 0 ? new int[n] : null;
            double[]? probabilities = (outputs & QueryOutputs.Probabilities) != 0 ? new double[(long)n * k] : null;
            evaluator.Evaluate(model, chunk, logDensities, labels, probabilities);
            yield return new QueryChunk(chunk.Start, n, logDensities, labels, probabilities);
        }
    }

    private static void Check<T>(IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data, int chunkRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        if (data.Dimension != model.Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {model.Dimension}.", nameof(data));
    }

    private static void CheckFinite<T>(DataChunk<T> chunk) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = chunk.Values.Span;
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values)) return;
        int bad = 0;
        while (T.IsFinite(values[bad])) bad++;
        throw new ArgumentException($"data holds a non-finite value ({values[bad]}) at point {chunk.Start + bad / chunk.Dimension}, feature {bad % chunk.Dimension}.", "data");
    }

    private static void AddWeighted<T>(DataChunk<T> chunk, ReadOnlySpan<double> values, ref double sum, ref double weightSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = chunk.Weights.Span;
        for (int i = 0; i < values.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"sample weight {w} at point {chunk.Start + i} must be finite and ≥ 0.", "sampleWeights");
            if (w == 0) continue; // a zero weight does not count, even where the density is 0
            sum += w * values[i];
            weightSum += w;
        }
    }
}
