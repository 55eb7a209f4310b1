using System.Numerics;

namespace Gmm;

/// <summary>
/// What the selection grid needs of a fitting machinery: fit one (model, K) on a data source, and the total
/// log-likelihood Σ w log p(x) of a model on a data source. A fitter keeps its backend between calls, so that a GPU
/// keeps the points it uploaded for every fit on the same source.
/// </summary>
internal interface ISelectionFitter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Fits <paramref name="model"/> with <paramref name="componentCount"/> components to <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data cannot carry this fit (e.g. fewer points than components).</exception>
    /// <exception cref="InvalidOperationException">The fit broke down (e.g. every component lost its points).</exception>
    FitResult Fit(MclustModel model, int componentCount, IDataSource<T> data, CancellationToken cancellationToken);

    /// <summary>How the fits and log-likelihoods treat NaN: under <see cref="MissingValues.Marginalize"/> as a missing entry.</summary>
    MissingValues MissingValues { get; }

    /// <summary>Σ w log p(x) of <paramref name="mixture"/> over <paramref name="data"/>, natural log (under <see cref="MissingValues.Marginalize"/>, Σ w log p(x_o) of the observed coordinates).</summary>
    double LogLikelihood(GaussianMixtureModel mixture, IDataSource<T> data);
}
