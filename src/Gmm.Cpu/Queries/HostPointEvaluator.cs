using System.Numerics;

namespace Gmm;

/// <summary>
/// <see cref="IPointEvaluator{T}"/> on the host, in float64 whatever T is: the model's own queries (all cores, blocks of
/// points). Used for every backend that has no evaluator of its own (the CPU backend among them).
/// </summary>
internal sealed class HostPointEvaluator<T> : IPointEvaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static HostPointEvaluator<T> Instance { get; } = new();

    private HostPointEvaluator()
    {
    }

    public void Evaluate(GaussianMixtureModel model, DataChunk<T> chunk, Span<double> logDensities, Span<int> labels, Span<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckChunk(model, chunk, logDensities.Length, 1, nameof(logDensities));
        int n = chunk.Count;
        if (!labels.IsEmpty && labels.Length != n)
            throw new ArgumentException($"labels must be empty or hold n = {n} values; got {labels.Length}.", nameof(labels));
        if (!probabilities.IsEmpty && probabilities.Length != (long)n * model.ComponentCount)
            throw new ArgumentException($"probabilities must be empty or hold n×k = {n}×{model.ComponentCount} values; got {probabilities.Length}.", nameof(probabilities));
        if (n > 0) model.EvaluatePoints(chunk.Values.Span, logDensities, labels, probabilities);
    }

    public void EvaluateShortlisted(GaussianMixtureModel shortlistModel, IReadOnlyList<GaussianMixtureModel> models, int shortlistLength,
        DataChunk<T> chunk, Span<double> logDensities)
    {
        BackendQueries.CheckShortlist(shortlistModel, models, shortlistLength);
        CheckChunk(shortlistModel, chunk, logDensities.Length, 1 + models.Count, nameof(logDensities));
        int n = chunk.Count;
        if (n == 0) return;
        if (shortlistLength == 0 || shortlistLength >= shortlistModel.ComponentCount)
        {
            // Every component: each model's own log p(x), vectorised over the components.
            for (int m = 0; m <= models.Count; m++)
                (m == 0 ? shortlistModel : models[m - 1]).EvaluatePoints(chunk.Values.Span, logDensities.Slice(m * n, n), default, default);
            return;
        }
        shortlistModel.EvaluateShortlistedPoints(models, shortlistLength, chunk.Values.Span, logDensities);
    }

    private static void CheckChunk(GaussianMixtureModel model, DataChunk<T> chunk, int length, int rows, string destination)
    {
        if (chunk.Dimension != model.Dimension)
            throw new ArgumentException($"the points have {chunk.Dimension} features but the model has {model.Dimension}.", nameof(chunk));
        if (length != (long)rows * chunk.Count)
            throw new ArgumentException($"{destination} must hold {rows}×n = {rows}×{chunk.Count} values; got {length}.", destination);
    }
}
