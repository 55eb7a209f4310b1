namespace Gmm;

/// <summary>
/// The outcome of a model selection: the table over models × component counts, the best cell and its fit on all the
/// data. Like mclust's <c>Mclust(X)$BIC</c>, the table keeps failed cells (value NaN, with the reason).
/// </summary>
public sealed class SelectionResult
{
    internal SelectionResult(SelectionCriterion criterion, IReadOnlyList<MclustModel> models, IReadOnlyList<int> componentCounts,
        IReadOnlyList<SelectionEntry> entries, SelectionEntry best, FitResult bestFit, TimeSpan elapsed)
    {
        Criterion = criterion;
        Models = models;
        ComponentCounts = componentCounts;
        Entries = entries;
        Best = best;
        BestFit = bestFit;
        Elapsed = elapsed;
    }

    /// <summary>The criterion that ranked the cells (higher is better).</summary>
    public SelectionCriterion Criterion { get; }

    /// <summary>The models of the grid, in the order asked.</summary>
    public IReadOnlyList<MclustModel> Models { get; }

    /// <summary>The component counts of the grid, in the order asked.</summary>
    public IReadOnlyList<int> ComponentCounts { get; }

    /// <summary>Every cell, model by model and within a model by component count, as asked.</summary>
    public IReadOnlyList<SelectionEntry> Entries { get; }

    /// <summary>The cell with the highest value (ties: fewer parameters, then the earlier cell).</summary>
    public SelectionEntry Best { get; }

    /// <summary>The best cell's fit on all the data (for cross-validation, a fit made after the choice).</summary>
    public FitResult BestFit { get; }

    /// <summary>Wall time of the whole grid.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The cell of (<paramref name="model"/>, <paramref name="componentCount"/>).</summary>
    /// <exception cref="ArgumentException">The pair is not in the grid.</exception>
    public SelectionEntry Entry(MclustModel model, int componentCount) =>
        Entries.FirstOrDefault(e => e.Model == model && e.ComponentCount == componentCount)
        ?? throw new ArgumentException($"({model}, K = {componentCount}) is not in the selection's grid.", nameof(model));
}
