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
/// is that of one device up to the order of the sums. Points with missing entries take the same route where every
/// device marginalises the covariance type (<see cref="IMissingValueDevice{T}"/>: diag and spherical): their source is
/// cut into slices of its own, and the devices' statistics and missing mass are added in device order. A device that
/// fails fails the pass with a <see cref="GpuDeviceException"/> naming it; its rows are not moved to the others.
/// </summary>
/// <typeparam name="T">float (float32 log-densities, float64 accumulation) or double.</typeparam>
public sealed class MultiGpuEmBackend<T> : IEmBackend<T>, IMissingValueDevice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows each device accumulates when slice weights are measured (or all of them, when fewer).</summary>
    public const int ProbeRows = 1 << 16;

    /// <summary>One device's share of a pass: its backend, its slice, its empty statistics and its missing-mass scratch (k×d; empty for complete points).</summary>
    private delegate void DevicePass(IEmBackend<T> device, IDataSource<T> slice, SufficientStatistics statistics, double[] missingMass);

    private readonly MultiGpuBackendProvider _provider;
    private readonly IEmBackend<T>[] _devices;
    private readonly IReadOnlyList<double>? _givenWeights;
    private readonly bool _measure;
    private readonly DeviceSlices<T> _complete = new();
    private readonly DeviceSlices<T> _incomplete = new();
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

    private string SliceNote(int i) => _complete.Slices.Length == 0 ? ""
        : $" rows [{_complete.Slices[i].First}, {_complete.Slices[i].First + _complete.Slices[i].Count}) (weight {_complete.Weights[i]:G4}{(_measure ? ", measured" : "")})";

    /// <summary>The number of rows each device holds (in device order) since the last pass; empty before the first.</summary>
    public IReadOnlyList<long> SliceRows => [.. _complete.Slices.Select(s => s.Count)];

    /// <summary>The slice weights in use since the last pass (given, equal, or measured: each proportional to the device's speed); empty before the first.</summary>
    public IReadOnlyList<double> SliceWeights => _complete.Weights;

    /// <summary>The backend of device <paramref name="index"/> (tests read its state).</summary>
    internal IEmBackend<T> Device(int index) => _devices[index];

    /// <summary>The number of rows with missing entries each device holds (in device order) since the last such pass.</summary>
    internal IReadOnlyList<long> IncompleteSliceRows => [.. _incomplete.Slices.Select(s => s.Count)];

    /// <inheritdoc />
    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        Check(model, data, statistics);
        Pass(model, data, statistics, _complete, 0, "the E-step", (device, slice, partial, _) => device.Accumulate(model, slice, partial));
    }

    /// <summary>True where every device marginalises <paramref name="type"/> on itself (diag and spherical on GPU backends).</summary>
    public bool MarginalizesMissingValues(CovarianceType type) =>
        _devices.All(device => device is IMissingValueDevice<T> marginal && marginal.MarginalizesMissingValues(type));

    /// <inheritdoc />
    public void AccumulateMarginal(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics, Span<double> missingMass)
    {
        Check(model, data, statistics);
        if (!MarginalizesMissingValues(model.CovarianceType))
            throw new ArgumentException($"{model.CovarianceType} covariances marginalise missing entries on the host, not on these devices.", nameof(model));
        if (missingMass.Length != model.ComponentCount * model.Dimension)
            throw new ArgumentException($"missingMass must hold k×d = {model.ComponentCount}×{model.Dimension} values; got {missingMass.Length}.", nameof(missingMass));
        var masses = Pass(model, data, statistics, _incomplete, missingMass.Length, "the E-step of the points with missing values",
            (device, slice, partial, mass) => ((IMissingValueDevice<T>)device).AccumulateMarginal(model, slice, partial, mass));
        foreach (var mass in masses) // device order, as the statistics
            for (int i = 0; i < mass.Length; i++) missingMass[i] += mass[i];
    }

    private void Check(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistics);
        if (data.Dimension != model.Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {model.Dimension}.", nameof(data));
        if (statistics.ComponentCount != model.ComponentCount || statistics.Dimension != model.Dimension || statistics.CovarianceType != model.CovarianceType)
            throw new ArgumentException("statistics were created for a different model; use SufficientStatistics.For<T>(model).", nameof(statistics));
    }

    /// <summary>
    /// One pass of every device over its slice of <paramref name="data"/> (cut first when <paramref name="slicing"/> does
    /// not hold it), at once; the devices' statistics added into <paramref name="statistics"/> in device order. Returns
    /// each device's missing mass (<paramref name="massLength"/> values each), in device order.
    /// </summary>
    private double[][] Pass(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics, DeviceSlices<T> slicing,
        int massLength, string what, DevicePass pass)
    {
        if (!slicing.Hold(data)) Slice(data, statistics, slicing, massLength, pass);
        var slices = slicing.Slices;
        var partials = new SufficientStatistics[_devices.Length];
        var masses = new double[_devices.Length][];
        var passes = new Task[_devices.Length];
        for (int i = 0; i < _devices.Length; i++)
        {
            var (device, slice, partial, mass) = (_devices[i], slices[i], partials[i] = statistics.CreateEmptyLike(), masses[i] = new double[massLength]);
            passes[i] = slice.Count == 0 ? Task.CompletedTask // a device without rows has nothing to add
                : _provider.Worker(i).Run(() => { pass(device, slice, partial, mass); return true; });
        }
        WaitAll(passes, what, slicing);
        foreach (var partial in partials) statistics.Add(partial); // device order: the same sums in the same order every pass
        return masses;
    }

    /// <summary>Cuts <paramref name="data"/> into the devices' slices (measuring the devices with <paramref name="pass"/> first when asked to).</summary>
    private void Slice(IDataSource<T> data, SufficientStatistics statistics, DeviceSlices<T> slicing, int massLength, DevicePass pass)
    {
        slicing.Clear();
        double[] weights = _givenWeights is { } given ? [.. given]
            : _measure && data.Count > 0 ? Measure(data, statistics, slicing, massLength, pass)
            : Enumerable.Repeat(1.0, _devices.Length).ToArray();
        slicing.Cut(data, weights);
    }

    /// <summary>
    /// Each device's speed on the same first rows: an untimed pass (kernels compile, buffers fill), then a timed one, all
    /// devices at once as in a fit; the weight is the rows per second.
    /// </summary>
    private double[] Measure(IDataSource<T> data, SufficientStatistics statistics, DeviceSlices<T> slicing, int massLength, DevicePass pass)
    {
        var probe = new RowRangeDataSource<T>(data, 0, Math.Min(data.Count, ProbeRows));
        var passes = new Task<double>[_devices.Length];
        for (int i = 0; i < _devices.Length; i++)
        {
            var device = _devices[i];
            passes[i] = _provider.Worker(i).Run(() =>
            {
                pass(device, probe, statistics.CreateEmptyLike(), new double[massLength]);
                long started = Stopwatch.GetTimestamp();
                pass(device, probe, statistics.CreateEmptyLike(), new double[massLength]);
                return probe.Count / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-9);
            });
        }
        WaitAll(passes, "the measurement of its speed", slicing);
        return [.. passes.Select(p => p.Result)];
    }

    /// <summary>Waits for every device; any failure becomes a <see cref="GpuDeviceException"/> naming the first failed device (and the others).</summary>
    private void WaitAll(Task[] passes, string what, DeviceSlices<T> slicing)
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
            string others = failed.Count > 1 ? $" (also failed: {string.Join(", ", failed.Skip(1).Select(i => _provider.DeviceNames[i]))})" : "";
            throw new GpuDeviceException(_provider.DeviceNames[first],
                $"Device {_provider.DeviceNames[first]} failed in {what}{slicing.RowsOf(first)}: {error.Message}{others}. The fit stops: its rows are not moved to the other devices.", error);
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
