using System.Diagnostics;
using System.Numerics;
using Gmm.Gpu.Multi;

namespace Gmm.Gpu;

/// <summary>
/// The EM backend over several devices (<see cref="MultiGpuBackendProvider"/>): a composite of one single-device backend
/// per device. On the first pass over a data source its rows are cut into one fixed contiguous slice per device (by the
/// slice weights: given, equal, or measured on the data); every pass then sends the model to every device, each device
/// accumulates its slice on its own host thread at the same time as the others (its slice stays resident on it, or
/// streams through it, as on one device), and the host adds the devices' statistics in device order. It offers no
/// device M-step, so the fit's M-step — any M-step on the seam — runs on the host on the added statistics; the result
/// is that of one device up to the order of the sums. A device that fails fails the pass with a
/// <see cref="GpuDeviceException"/> naming it; its rows are not moved to the others.
/// </summary>
/// <typeparam name="T">float (float32 log-densities, float64 accumulation) or double.</typeparam>
public sealed class MultiGpuEmBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows each device accumulates when slice weights are measured (or all of them, when fewer).</summary>
    public const int ProbeRows = 1 << 16;

    private readonly MultiGpuBackendProvider _provider;
    private readonly IEmBackend<T>[] _devices;
    private readonly IReadOnlyList<double>? _givenWeights;
    private readonly bool _measure;
    private IDataSource<T>? _source;
    private RowRangeDataSource<T>[] _slices = [];
    private double[] _weights = [];
    private bool _disposed;

    /// <param name="provider">The devices' threads and names.</param>
    /// <param name="devices">One backend per device of <paramref name="provider"/>, in slice order (owned from here).</param>
    /// <param name="weights">Slice weights, one per device; null: measured when <paramref name="measure"/>, else equal.</param>
    /// <param name="measure">Whether to measure the weights on the first pass over each data source.</param>
    internal MultiGpuEmBackend(MultiGpuBackendProvider provider, IEmBackend<T>[] devices, IReadOnlyList<double>? weights, bool measure)
    {
        _provider = provider;
        _devices = devices;
        _givenWeights = weights;
        _measure = weights is null && measure;
    }

    /// <inheritdoc />
    public string Description =>
        $"{_devices.Length} devices, M-step on the host; "
        + string.Join("; ", _devices.Select((d, i) => $"{_provider.DeviceNames[i]}{SliceNote(i)}: {d.Description}"));

    private string SliceNote(int i) => _slices.Length == 0 ? ""
        : $" rows [{_slices[i].First}, {_slices[i].First + _slices[i].Count}) (weight {_weights[i]:G4}{(_measure ? ", measured" : "")})";

    /// <summary>The number of rows each device holds (in device order) since the last pass; empty before the first.</summary>
    public IReadOnlyList<long> SliceRows => [.. _slices.Select(s => s.Count)];

    /// <summary>The slice weights in use since the last pass (given, equal, or measured: each proportional to the device's speed); empty before the first.</summary>
    public IReadOnlyList<double> SliceWeights => _weights;

    /// <summary>The backend of device <paramref name="index"/> (tests read its state).</summary>
    internal IEmBackend<T> Device(int index) => _devices[index];

    /// <inheritdoc />
    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistics);
        if (data.Dimension != model.Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {model.Dimension}.", nameof(data));
        if (statistics.ComponentCount != model.ComponentCount || statistics.Dimension != model.Dimension || statistics.CovarianceType != model.CovarianceType)
            throw new ArgumentException("statistics were created for a different model; use SufficientStatistics.For<T>(model).", nameof(statistics));
        if (!ReferenceEquals(data, _source) || _slices.Sum(s => s.Count) != data.Count) Slice(model, data, statistics);
        var slices = _slices;
        var partials = new SufficientStatistics[_devices.Length];
        var passes = new Task[_devices.Length];
        for (int i = 0; i < _devices.Length; i++)
        {
            var (device, slice, partial) = (_devices[i], slices[i], partials[i] = statistics.CreateEmptyLike());
            passes[i] = slice.Count == 0 ? Task.CompletedTask // a device without rows has nothing to add
                : _provider.Worker(i).Run(() => { device.Accumulate(model, slice, partial); return true; });
        }
        WaitAll(passes, "the E-step");
        foreach (var partial in partials) statistics.Add(partial); // device order: the same sums in the same order every pass
    }

    /// <summary>Cuts <paramref name="data"/> into the devices' slices (measuring the devices first when asked to).</summary>
    private void Slice(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        _source = null;
        _slices = [];
        _weights = _givenWeights is { } given ? [.. given]
            : _measure && data.Count > 0 ? Measure(model, data, statistics)
            : Enumerable.Repeat(1.0, _devices.Length).ToArray();
        var bounds = SliceBounds.For(data.Count, _weights);
        _slices = [.. Enumerable.Range(0, _devices.Length).Select(i => new RowRangeDataSource<T>(data, bounds[i], bounds[i + 1] - bounds[i]))];
        _source = data;
    }

    /// <summary>
    /// Each device's speed on the same first rows: an untimed pass (kernels compile, buffers fill), then a timed one, all
    /// devices at once as in a fit; the weight is the rows per second.
    /// </summary>
    private double[] Measure(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        var probe = new RowRangeDataSource<T>(data, 0, Math.Min(data.Count, ProbeRows));
        var passes = new Task<double>[_devices.Length];
        for (int i = 0; i < _devices.Length; i++)
        {
            var device = _devices[i];
            passes[i] = _provider.Worker(i).Run(() =>
            {
                device.Accumulate(model, probe, statistics.CreateEmptyLike());
                long started = Stopwatch.GetTimestamp();
                device.Accumulate(model, probe, statistics.CreateEmptyLike());
                return probe.Count / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-9);
            });
        }
        WaitAll(passes, "the measurement of its speed");
        return [.. passes.Select(p => p.Result)];
    }

    /// <summary>Waits for every device; any failure becomes a <see cref="GpuDeviceException"/> naming the first failed device (and the others).</summary>
    private void WaitAll(Task[] passes, string what)
    {
        try
        {
            Task.WaitAll(passes);
        }
        catch (AggregateException)
        {
            var failed = Enumerable.Range(0, passes.Length).Where(i => passes[i].IsFaulted).ToList();
            int first = failed[0];
            var error = passes[first].Exception!.InnerException!;
            string rows = _slices.Length > first ? $" on rows [{_slices[first].First}, {_slices[first].First + _slices[first].Count})" : "";
            string others = failed.Count > 1 ? $" (also failed: {string.Join(", ", failed.Skip(1).Select(i => _provider.DeviceNames[i]))})" : "";
            throw new GpuDeviceException(_provider.DeviceNames[first],
                $"Device {_provider.DeviceNames[first]} failed in {what}{rows}: {error.Message}{others}. The fit stops: its rows are not moved to the other devices.", error);
        }
    }

    /// <summary>Frees every device's buffers (on its own thread); the provider stays open. After the provider's disposal there is nothing left to free.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = 0; i < _devices.Length; i++)
            if (!_provider.Worker(i).IsClosed) _provider.Worker(i).Invoke(_devices[i].Dispose); // a closed worker's accelerator, and its buffers, are gone
    }
}
