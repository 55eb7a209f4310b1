using System.Numerics;

namespace Gmm;

/// <summary>
/// A backend for data with missing entries over any other: the points without a missing entry go through the inner
/// backend's own E-step (its kernels, its device) as they would in any fit. The points with one go to the inner
/// backend's device too when it marginalises the model's covariance type there (<see cref="IMissingValueDevice{T}"/>:
/// the GPU backend for diag and spherical), their missing coordinates' statistics then completed here from the
/// returned missing mass (<see cref="VarianceMarginals.AddMissingMass"/>); otherwise through
/// <see cref="MissingRowsPass"/> on the host. All add into the same statistics, which are exact either way. Built for
/// one data source (split once); the caller keeps owning the inner backend.
/// </summary>
/// <typeparam name="T">The compute type.</typeparam>
internal sealed class MissingValueBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IEmBackend<T> _inner;
    private readonly IDataSource<T> _data;
    private readonly IDataSource<T> _complete;
    private readonly IDataSource<T> _incomplete;
    private CovarianceType? _lastType;

    public MissingValueBackend(IEmBackend<T> inner, IDataSource<T> data, MissingEntries entries)
    {
        _inner = inner;
        _data = data;
        var complete = new RowFilterSource<T>(data, complete: true, entries.CompleteCount);
        var incomplete = new RowFilterSource<T>(data, complete: false, entries.IncompleteCount);
        bool inMemory = data is InMemoryDataSource<T>; // held in memory already: hold the two parts instead of filtering every pass
        _complete = inMemory && entries.CompleteCount > 0 ? complete.Materialize() : complete;
        _incomplete = inMemory ? incomplete.Materialize() : incomplete;
    }

    /// <summary>Passes that marginalised the points with missing entries on the host (tests: zero when the device did).</summary>
    internal int HostPasses { get; private set; }

    public string Description => _inner.Description + (_lastType is { } type && OnDevice(type)
        ? "; points with missing values on the device"
        : "; points with missing values on the host");

    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(statistics);
        if (!ReferenceEquals(data, _data))
            throw new InvalidOperationException("This backend was built for another data source.");
        _lastType = model.CovarianceType;
        if (_complete.Count > 0) _inner.Accumulate(model, _complete, statistics);
        if (_incomplete.Count == 0) return;
        if (OnDevice(model.CovarianceType))
        {
            var missingMass = new double[model.ComponentCount * model.Dimension];
            ((IMissingValueDevice<T>)_inner).AccumulateMarginal(model, _incomplete, statistics, missingMass);
            VarianceMarginals.AddMissingMass(model, missingMass, statistics);
            return;
        }
        MissingRowsPass.Accumulate(model, _incomplete, statistics);
        HostPasses++;
    }

    /// <summary>Whether the inner backend marginalises <paramref name="type"/> on its device.</summary>
    private bool OnDevice(CovarianceType type) => _inner is IMissingValueDevice<T> device && device.MarginalizesMissingValues(type);

    public void Dispose() { } // the inner backend belongs to the caller
}
