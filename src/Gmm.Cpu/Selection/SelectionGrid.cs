using System.Diagnostics;
using System.Numerics;

namespace Gmm;

/// <summary>
/// Runs a model selection over any fitting machinery (<see cref="ISelectionFitter{T}"/>): every (model, K) of the
/// grid, its criterion, the best. Cross-validation runs fold by fold, every cell within a fold, so that a fitter that
/// keeps its data on a device uploads each fold's points once for the whole grid.
/// </summary>
internal static class SelectionGrid
{
    public static SelectionResult Run<T>(IDataSource<T> data, SelectionOptions options, ISelectionFitter<T> fitter,
        IProgress<SelectionEntry>? progress, CancellationToken cancellationToken) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        // Tied (EEE) cells run first: a device keeps a whitened copy of the points for them, and the other covariance
        // types can use those buffers, so one upload serves the grid whatever its order. The table keeps the asked order.
        var cells = options.Models.OrderBy(model => MclustModels.Get(model).CovarianceType == CovarianceType.Tied ? 0 : 1)
            .SelectMany(model => options.ComponentCounts.Select(k => (Model: model, K: k))).ToArray();
        var entries = options.Criterion == SelectionCriterion.CrossValidation
            ? CrossValidate(data, options, cells, fitter, progress, cancellationToken)
            : Score(data, options.Criterion, cells, fitter, progress, cancellationToken);

        var asked = options.Models.SelectMany(model => options.ComponentCounts.Select(k => (Model: model, K: k))).ToList();
        entries = [.. entries.OrderBy(e => asked.IndexOf((e.Model, e.ComponentCount)))];
        SelectionEntry? best = null;
        foreach (var entry in entries)
            if (entry.Succeeded && (best is null || entry.Value > best.Value || entry.Value == best.Value && entry.ParameterCount < best.ParameterCount))
                best = entry;
        if (best is null)
            throw new InvalidOperationException($"No fit of the selection succeeded; the first failed with: {entries[0].Failure}");
        var bestFit = best.Fit ?? fitter.Fit(best.Model, best.ComponentCount, data, cancellationToken);
        return new SelectionResult(options.Criterion, options.Models.ToArray(), options.ComponentCounts.ToArray(), entries, best, bestFit, clock.Elapsed);
    }

    /// <summary>BIC, ICL or AIC: each cell fitted on all the data.</summary>
    private static SelectionEntry[] Score<T>(IDataSource<T> data, SelectionCriterion criterion, (MclustModel Model, int K)[] cells,
        ISelectionFitter<T> fitter, IProgress<SelectionEntry>? progress, CancellationToken cancellationToken) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double n = WeightSum(data);
        var entries = new SelectionEntry[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (model, k) = cells[i];
            try
            {
                var fit = fitter.Fit(model, k, data, cancellationToken);
                double logLikelihood = fitter.LogLikelihood(fit.Model, data);
                int parameters = MclustModels.Get(model).ParameterCount(fit.Model.ComponentCount, data.Dimension);
                double value = criterion switch
                {
                    SelectionCriterion.Aic => 2 * logLikelihood - 2 * parameters,
                    SelectionCriterion.Icl => 2 * logLikelihood - parameters * Math.Log(n) + 2 * ClassificationLogLikelihood(fit.Model, data, fitter.MissingValues),
                    _ => 2 * logLikelihood - parameters * Math.Log(n),
                };
                entries[i] = new SelectionEntry { Model = model, ComponentCount = k, Value = value, LogLikelihood = logLikelihood, ParameterCount = parameters, Fit = fit };
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                entries[i] = Failed(model, k, data.Dimension, e.Message);
            }
            progress?.Report(entries[i]);
        }
        return entries;
    }

    /// <summary>Cross-validation: fold by fold, every cell fitted without the fold and scored on it.</summary>
    private static SelectionEntry[] CrossValidate<T>(IDataSource<T> data, SelectionOptions options, (MclustModel Model, int K)[] cells,
        ISelectionFitter<T> fitter, IProgress<SelectionEntry>? progress, CancellationToken cancellationToken) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var folds = new CrossValidationFolds<T>(data, options.Folds, options.FoldSeed);
        var heldOut = new double[cells.Length];
        var failures = new string?[cells.Length];
        var entries = new SelectionEntry[cells.Length];
        for (int f = 0; f < folds.Count; f++)
        {
            var (train, test) = folds.Split(f);
            for (int i = 0; i < cells.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (model, k) = cells[i];
                if (failures[i] is null)
                {
                    try
                    {
                        var fit = fitter.Fit(model, k, train, cancellationToken);
                        heldOut[i] += fitter.LogLikelihood(fit.Model, test);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                    {
                        failures[i] = $"fold {f + 1} of {folds.Count}: {e.Message}";
                    }
                }
                if (f < folds.Count - 1) continue;
                entries[i] = failures[i] is { } failure
                    ? Failed(model, k, data.Dimension, failure)
                    : new SelectionEntry
                    {
                        Model = model, ComponentCount = k, Value = heldOut[i], LogLikelihood = heldOut[i],
                        ParameterCount = MclustModels.Get(model).ParameterCount(k, data.Dimension),
                    };
                progress?.Report(entries[i]);
            }
        }
        return entries;
    }

    private static SelectionEntry Failed(MclustModel model, int k, int d, string why) => new()
    {
        Model = model, ComponentCount = k, Value = double.NaN, LogLikelihood = double.NaN,
        ParameterCount = MclustModels.Get(model).ParameterCount(k, d), Failure = why,
    };

    /// <summary>Σ w (n when unweighted): the n of BIC's log n.</summary>
    private static double WeightSum<T>(IDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!data.HasWeights) return data.Count;
        double sum = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
            foreach (var w in chunk.Weights.Span) sum += double.CreateTruncating(w);
        return sum;
    }

    /// <summary>
    /// ICL's Σ_i w_i log max_k z_ik under <paramref name="mixture"/>: a pass over the data on the host, in float64 (under
    /// <see cref="MissingValues.Marginalize"/>, z_ik the posteriors of each point's observed coordinates).
    /// </summary>
    private static double ClassificationLogLikelihood<T>(GaussianMixtureModel mixture, IDataSource<T> data, MissingValues missingValues) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = mixture.ComponentCount;
        double sum = 0;
        foreach (var chunk in data.GetChunks(1 << 14))
        {
            var z = mixture.PredictProbabilities<T>(chunk.Values.Span, missingValues);
            var weights = chunk.Weights.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                double largest = 0;
                for (int c = 0; c < k; c++) largest = Math.Max(largest, z[i * k + c]);
                if (largest > 0) sum += (weights.IsEmpty ? 1 : double.CreateTruncating(weights[i])) * Math.Log(largest);
            }
        }
        return sum;
    }
}
