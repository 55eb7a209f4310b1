namespace Gmm;

/// <summary>One cell of a model selection's table: a (model, K) pair, its fit and its criterion value.</summary>
public sealed record SelectionEntry
{
    /// <summary>The mclust model.</summary>
    public required MclustModel Model { get; init; }

    /// <summary>The number of components K asked for.</summary>
    public required int ComponentCount { get; init; }

    /// <summary>The criterion's value (higher is better); NaN when the fit failed.</summary>
    public required double Value { get; init; }

    /// <summary>
    /// Σ w log p(x) of the fitted model on all the data (natural log); for cross-validation, the held-out total that
    /// <see cref="Value"/> is. NaN when the fit failed.
    /// </summary>
    public required double LogLikelihood { get; init; }

    /// <summary>Free parameters (mclust's nMclustParams) of the fitted mixture, which may have dropped empty components.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>The fit on all the data (null for cross-validation, whose folds each fit once, and when it failed).</summary>
    public FitResult? Fit { get; init; }

    /// <summary>Why the fit failed (null when it did not): the error's message.</summary>
    public string? Failure { get; init; }

    /// <summary>True when the cell has a value.</summary>
    public bool Succeeded => Failure is null && !double.IsNaN(Value);
}
