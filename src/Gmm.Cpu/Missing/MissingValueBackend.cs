using System.Numerics;

namespace Gmm;

/// <summary>
/// A backend for data with missing entries over any other: the points without a missing entry go through the inner
/// backend's own E-step (its kernels, its device) as they would in any fit, the points with one through
/// <see cref="MissingRowsPass"/> on the host; both add into the same statistics, which are exact either way. Built for
/// one data source (split once); the caller keeps owning the inner backend.
/// </summary>
/// <typeparam name="T">The compute type.</typeparam>
internal sealed class MissingValueBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IEmBackend<T> _inner;
    private readonly IDataSource<T> _data;
    private readonly IDataSource<T> _complete;
    private readonly IDataSource<T> _incomplete;

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

    public string Description => _inner.Description + "; points with missing values on the host";

    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(statistics);
        if (!ReferenceEquals(data, _data))
            throw new InvalidOperationException("This backend was built for another data source.");
        if (_complete.Count > 0) _inner.Accumulate(model, _complete, statistics);
        MissingRowsPass.Accumulate(model, _incomplete, statistics);
    }

    public void Dispose() { } // the inner backend belongs to the caller
}
