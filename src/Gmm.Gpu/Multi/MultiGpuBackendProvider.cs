using System.Numerics;
using Gmm.Gpu.Multi;
using ILGPU;

namespace Gmm.Gpu;

/// <summary>
/// Several devices of one node in one ILGPU context, for fits whose rows are shared among them: each device has its own
/// host thread and its own <see cref="GpuBackendProvider"/> (kernels compiled once per device), and each fit's backend
/// (<see cref="MultiGpuEmBackend{T}"/>) gives every device a fixed slice of the rows, which it keeps resident (or
/// streams) and accumulates at the same time as the others; the host adds the statistics in device order and runs the
/// M-step. Made by <see cref="GpuBackendProvider.CreateMulti"/>. Dispose it when done.
/// </summary>
public sealed class MultiGpuBackendProvider : IEmBackendProvider, IDisposable
{
    private readonly Context _context;
    private readonly GpuBackendProvider[] _devices;
    private readonly DeviceWorker[] _workers;
    private readonly string[] _deviceNames;
    private bool _disposed;

    private MultiGpuBackendProvider(Context context, GpuBackendProvider[] devices, DeviceWorker[] workers, string[] names, string name,
        IReadOnlyList<double>? sliceWeights, bool measure)
    {
        _context = context;
        _devices = devices;
        _workers = workers;
        _deviceNames = names;
        Name = name;
        SliceWeights = sliceWeights;
        MeasureSliceWeights = measure;
        DeviceDescription = $"{devices.Length} device(s), one host thread each, M-step on the host: "
            + string.Join("; ", devices.Select((d, i) => $"{names[i]} {d.DeviceDescription}"))
            + (sliceWeights is not null ? $"; slice weights {string.Join(", ", sliceWeights)}"
                : measure ? "; slice weights measured per fit" : "; equal slices");
    }

    internal static MultiGpuBackendProvider Create(AcceleratorPreference preference, MultiGpuOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.DeviceMemoryBudgetBytes, nameof(options.DeviceMemoryBudgetBytes));
        if (options.SliceWeights is { } given)
        {
            SliceBounds.Check(given, nameof(options.SliceWeights));
            if (options.Devices is { } listed && listed.Count != given.Count)
                throw new ArgumentException($"SliceWeights holds {given.Count} weights for {listed.Count} devices: give one per device.", nameof(options));
        }
        var (context, selected) = MultiDeviceSelection.Select(preference, options.Devices);
        var devices = new List<GpuBackendProvider>();
        var workers = new List<DeviceWorker>();
        try
        {
            if (options.SliceWeights is { } weights && weights.Count != selected.Count)
                throw new ArgumentException($"SliceWeights holds {weights.Count} weights for the {selected.Count} devices found: give one per device.", nameof(options));
            foreach (var device in selected)
            {
                DeviceRequirements.Check(device.Accelerator, device.Description);
                long budget = options.DeviceMemoryBudgetBytes > 0 ? options.DeviceMemoryBudgetBytes : DeviceSelection.DefaultBudget(device.Accelerator);
                string kind = device.Name[..device.Name.IndexOf(':', StringComparison.Ordinal)];
                devices.Add(GpuBackendProvider.ForDevice(context, device.Accelerator, device.Description, kind, budget));
                workers.Add(new DeviceWorker(device.Name, device.Accelerator));
            }
            bool measure = options.SliceWeights is null && (options.MeasureSliceWeights ?? !AllAlike(selected));
            string name = AcceleratorNames.DeviceListName(AcceleratorNames.Parse(devices[0].Name), options.Devices);
            return new MultiGpuBackendProvider(context, [.. devices], [.. workers], [.. selected.Select(d => d.Name)], name, options.SliceWeights, measure);
        }
        catch
        {
            foreach (var worker in workers) worker.Dispose();
            foreach (var device in selected) device.Accelerator.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>Whether every device is the same model: the same name, memory and number of multiprocessors.</summary>
    private static bool AllAlike(List<SelectedDevice> devices) =>
        devices.All(d => d.Accelerator.Name == devices[0].Accelerator.Name && d.Accelerator.MemorySize == devices[0].Accelerator.MemorySize
            && d.Accelerator.NumMultiprocessors == devices[0].Accelerator.NumMultiprocessors);

    /// <summary>The device list's name, e.g. "cuda:all", "cuda:0,1" (<see cref="AcceleratorNames.ParseDeviceList"/>).</summary>
    public string Name { get; }

    /// <summary>Which devices compute, e.g. "2 device(s) ...: cuda:0 CUDA: NVIDIA H100 ...; cuda:1 ...; equal slices".</summary>
    public string DeviceDescription { get; }

    /// <summary>The devices' names in slice order ("cuda:0", "cuda:1").</summary>
    public IReadOnlyList<string> DeviceNames => _deviceNames;

    /// <summary>The given slice weights (one per device), or null.</summary>
    public IReadOnlyList<double>? SliceWeights { get; }

    /// <summary>Whether fits without given weights measure the devices' speeds first (<see cref="MultiGpuOptions.MeasureSliceWeights"/>).</summary>
    public bool MeasureSliceWeights { get; }

    /// <summary>Each device's memory budget (bytes), in slice order.</summary>
    public IReadOnlyList<long> DeviceMemoryBudgetBytes => [.. _devices.Select(d => d.DeviceMemoryBudgetBytes)];

    internal int DeviceCount => _devices.Length;

    internal GpuBackendProvider Device(int index) => _devices[index];

    internal DeviceWorker Worker(int index) => _workers[index];

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => CreateBackend<T>();

    /// <summary>
    /// A backend over every device, with its own memory budgets and slice weights (tests and benchmarks use it to force
    /// streaming on some devices, or to give a device no rows).
    /// </summary>
    /// <param name="deviceMemoryBudgetBytes">One budget per device (bytes, each &gt; 0), or null for the provider's.</param>
    /// <param name="sliceWeights">One weight per device (finite, ≥ 0, not all 0), or null for the provider's (given, measured or equal).</param>
    /// <exception cref="ArgumentException">A list whose length is not the number of devices, or a bad value; the message names it.</exception>
    public MultiGpuEmBackend<T> CreateBackend<T>(IReadOnlyList<long>? deviceMemoryBudgetBytes = null, IReadOnlyList<double>? sliceWeights = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (deviceMemoryBudgetBytes is not null)
        {
            if (deviceMemoryBudgetBytes.Count != _devices.Length)
                throw new ArgumentException($"{deviceMemoryBudgetBytes.Count} budgets for {_devices.Length} devices: give one per device.", nameof(deviceMemoryBudgetBytes));
            foreach (long budget in deviceMemoryBudgetBytes) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget, nameof(deviceMemoryBudgetBytes));
        }
        if (sliceWeights is not null)
        {
            SliceBounds.Check(sliceWeights, nameof(sliceWeights));
            if (sliceWeights.Count != _devices.Length)
                throw new ArgumentException($"{sliceWeights.Count} slice weights for {_devices.Length} devices: give one per device.", nameof(sliceWeights));
        }
        var weights = sliceWeights ?? SliceWeights;
        return Build<T>(deviceMemoryBudgetBytes, weights, weights is null && MeasureSliceWeights);
    }

    /// <summary>
    /// The backend over every device: each device's backend made on its thread with its budget (or the provider's), and,
    /// for tests, passed through <paramref name="wrap"/> (device index, backend) → the backend the composite calls.
    /// </summary>
    internal MultiGpuEmBackend<T> Build<T>(IReadOnlyList<long>? deviceMemoryBudgetBytes, IReadOnlyList<double>? sliceWeights, bool measure,
        Func<int, IEmBackend<T>, IEmBackend<T>>? wrap = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var backends = new IEmBackend<T>[_devices.Length];
        try
        {
            for (int i = 0; i < backends.Length; i++)
            {
                var device = _devices[i];
                long budget = deviceMemoryBudgetBytes?[i] ?? device.DeviceMemoryBudgetBytes;
                IEmBackend<T> backend = _workers[i].Run(() => device.CreateBackend<T>(budget)).GetAwaiter().GetResult();
                backends[i] = wrap is null ? backend : wrap(i, backend);
            }
        }
        catch
        {
            for (int i = 0; i < backends.Length; i++)
                if (backends[i] is { } created) _workers[i].Invoke(created.Dispose);
            throw;
        }
        return new MultiGpuEmBackend<T>(this, backends, sliceWeights, measure);
    }

    /// <summary>Ends the devices' threads and releases the accelerators and the context.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = 0; i < _devices.Length; i++)
        {
            var device = _devices[i];
            _workers[i].Invoke(device.Dispose);
            _workers[i].Dispose();
        }
        _context.Dispose();
    }
}
