using System.Numerics;

namespace Gmm;

/// <summary>
/// The selection grid's fitter on a backend provider: every fit runs the one EM loop (<see cref="GaussianMixture"/>)
/// on a backend created once and kept for the whole grid, and the log-likelihoods are that backend's E-step passes.
/// A device backend keeps the points of the source it last saw, so the grid uploads them once; cross-validation uses
/// a second backend for the held-out points, so that the fold's training points stay resident beside them.
/// </summary>
internal sealed class BackendSelectionFitter<T> : ISelectionFitter<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GaussianMixtureOptions _options;
    private readonly IEmBackendProvider _provider;
    private readonly IEmBackend<T> _fitBackend;
    private IEmBackend<T>? _scoreBackend;
    private IDataSource<T>? _fitSource;

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
        backend.Accumulate(mixture, data, statistics);
        return statistics.LogLikelihood;
    }

    public void Dispose()
    {
        _fitBackend.Dispose();
        _scoreBackend?.Dispose();
    }
}
