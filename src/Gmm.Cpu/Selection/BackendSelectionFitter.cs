using System.Numerics;

namespace Gmm;

/// <summary>
/// The selection grid's fitter on a backend provider: every fit runs the one EM loop (<see cref="GaussianMixture"/>)
/// on a backend created once and kept for the whole grid, and the log-likelihoods are that backend's E-step passes.
/// A device backend keeps the points of the source it last saw, so the grid uploads them once; cross-validation uses
/// a second backend for the held-out points, so that the fold's training points stay resident beside them. Under
/// <see cref="MissingValues.Marginalize"/> a log-likelihood is the observed-data one, Σ w log p(x_o), as the fit's
/// lower bound is: the points with a missing entry go through <see cref="MissingValueBackend{T}"/>.
/// </summary>
internal sealed class BackendSelectionFitter<T> : ISelectionFitter<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GaussianMixtureOptions _options;
    private readonly IEmBackendProvider _provider;
    private readonly IEmBackend<T> _fitBackend;
    private IEmBackend<T>? _scoreBackend;
    private IDataSource<T>? _fitSource;
    private (IDataSource<T> Data, IEmBackend<T> Inner, IEmBackend<T> Marginal)? _marginal;

    public BackendSelectionFitter(GaussianMixtureOptions options, IEmBackendProvider provider)
    {
        _options = options;
        _provider = provider;
        _fitBackend = provider.Create<T>();
    }

    /// <summary>Which device computes, for reports.</summary>
    public string Description => _fitBackend.Description;

    /// <summary>The backend every fit of the grid runs on (tests: how often a device uploaded the points).</summary>
    internal IEmBackend<T> FitBackend => _fitBackend;

    public MissingValues MissingValues => _options.MissingValues;

    public FitResult Fit(MclustModel model, int componentCount, IDataSource<T> data, CancellationToken cancellationToken)
    {
        _fitSource = data;
        var mixture = new GaussianMixture(_options with { Model = model, ComponentCount = componentCount }, _provider);
        return mixture.FitOn(data, _fitBackend, null, cancellationToken);
    }

    public double LogLikelihood(GaussianMixtureModel mixture, IDataSource<T> data)
    {
        var backend = ReferenceEquals(data, _fitSource) ? _fitBackend : _scoreBackend ??= _provider.Create<T>();
        var statistics = SufficientStatistics.For<T>(mixture);
        (MissingValues == MissingValues.Marginalize ? Marginal(backend, data) : backend).Accumulate(mixture, data, statistics);
        return statistics.LogLikelihood;
    }

    /// <summary>
    /// <paramref name="backend"/> over <paramref name="data"/> with the points that have a missing entry marginalised
    /// (itself when none has): kept for the last source, which every cell of a grid (of a fold) scores again.
    /// </summary>
    private IEmBackend<T> Marginal(IEmBackend<T> backend, IDataSource<T> data)
    {
        if (_marginal is { } last && ReferenceEquals(last.Data, data) && ReferenceEquals(last.Inner, backend)) return last.Marginal;
        var entries = MissingEntries.Scan(data, "data", everyFeatureObserved: false); // a held-out fold may miss a feature the model has
        var marginal = entries.IncompleteCount == 0 ? backend : new MissingValueBackend<T>(backend, data, entries);
        _marginal = (data, backend, marginal);
        return marginal;
    }

    public void Dispose()
    {
        _fitBackend.Dispose();
        _scoreBackend?.Dispose();
    }
}
