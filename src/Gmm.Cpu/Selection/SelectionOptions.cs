namespace Gmm;

/// <summary>
/// The grid of a model selection: which mclust models, which component counts and the criterion. Every fit uses the
/// <see cref="GaussianMixtureOptions"/> given to <see cref="GaussianMixtureSelection"/>, with its ComponentCount and
/// model replaced by the grid's. Defaults as mclust's <c>Mclust(X)</c>: all 14 models × K = 1..9 by BIC.
/// </summary>
public sealed record SelectionOptions
{
    /// <summary>The models to try, each once. Default all 14 (<see cref="MclustModels.All"/>).</summary>
    public IReadOnlyList<MclustModel> Models { get; init; } = MclustModels.All.Select(m => m.Model).ToArray();

    /// <summary>The component counts to try, each ≥ 1 and at most once. Default 1..9.</summary>
    public IReadOnlyList<int> ComponentCounts { get; init; } = Enumerable.Range(1, 9).ToArray();

    /// <summary>The criterion that ranks the fits. Default <see cref="SelectionCriterion.Bic"/>.</summary>
    public SelectionCriterion Criterion { get; init; } = SelectionCriterion.Bic;

    /// <summary>Folds of <see cref="SelectionCriterion.CrossValidation"/> (≥ 2). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the random assignment of points to folds. Default 0.</summary>
    public int FoldSeed { get; init; }

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Models, nameof(Models));
        ArgumentNullException.ThrowIfNull(ComponentCounts, nameof(ComponentCounts));
        if (Models.Count == 0) throw new ArgumentException("Models must name at least one mclust model.", nameof(Models));
        foreach (var model in Models)
            if (!Enum.IsDefined(model)) throw new ArgumentOutOfRangeException(nameof(Models), model, "Unknown mclust model.");
        if (Models.Distinct().Count() != Models.Count) throw new ArgumentException("Models names a model twice.", nameof(Models));
        if (ComponentCounts.Count == 0) throw new ArgumentException("ComponentCounts must hold at least one count.", nameof(ComponentCounts));
        foreach (int k in ComponentCounts)
            if (k < 1) throw new ArgumentOutOfRangeException(nameof(ComponentCounts), k, "Every component count must be at least 1.");
        if (ComponentCounts.Distinct().Count() != ComponentCounts.Count) throw new ArgumentException("ComponentCounts names a count twice.", nameof(ComponentCounts));
        if (!Enum.IsDefined(Criterion)) throw new ArgumentOutOfRangeException(nameof(Criterion), Criterion, "Unknown selection criterion.");
        if (Folds < 2) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Folds must be at least 2.");
    }
}
