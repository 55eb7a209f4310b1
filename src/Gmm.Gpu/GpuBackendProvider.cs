using System.Collections.Concurrent;
using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using Gmm.Cpu;

namespace Gmm.Gpu;

/// <summary>
/// The GPU backend through ILGPU: one ILGPU context and accelerator per provider, kernels compiled once per
/// accelerator and compute type and shared by every fit the provider serves. Dispose it when done. A provider that
/// <see cref="AcceleratorPreference.Auto"/> opened on a machine without a usable GPU serves the CPU backend instead
/// (<see cref="Name"/> "cpu", and <see cref="DeviceDescription"/> says why), as the gmm tool's --device auto does.
/// </summary>
public sealed class GpuBackendProvider : IEmBackendProvider, IDisposable
{
    private readonly Context? _context;
    private readonly Accelerator? _accelerator;
    private readonly ConcurrentDictionary<Type, object> _kernels = new();
    private readonly object _launchLock = new();
    private readonly bool _ownsContext;
    private bool _disposed;

    private GpuBackendProvider(Context context, Accelerator accelerator, string description, string kind, long budget, bool ownsContext = true)
    {
        _context = context;
        _ownsContext = ownsContext;
        _accelerator = accelerator;
        DeviceDescription = description;
        Name = kind;
        DeviceMemoryBudgetBytes = budget;
        InitializationOnDevice = accelerator.AcceleratorType != AcceleratorType.CPU;
    }

    /// <summary>The CPU backend, for Auto without a usable GPU.</summary>
    private GpuBackendProvider(string reason)
    {
        FallbackReason = reason;
        DeviceDescription = $"CPU backend (auto: {reason})";
        Name = CpuBackendProvider.Default.Name;
    }

    /// <summary>Why this provider serves the CPU backend (Auto found no usable GPU); null when it has a device.</summary>
    public string? FallbackReason { get; }

    /// <summary>
    /// Opens an accelerator. Auto: the first CUDA device, else the first OpenCL GPU ILGPU supports, else (no GPU, or
    /// one that cannot run the kernels) the CPU backend, with the reason in <see cref="DeviceDescription"/>. Cuda: a
    /// CUDA device or an error. OpenCL: an OpenCL GPU, else an OpenCL CPU device, or an error.
    /// </summary>
    /// <param name="preference">Which accelerator to open.</param>
    /// <param name="deviceMemoryBudgetBytes">Device memory a backend may use for the model's buffers and the data (bytes);
    /// data that does not fit beside the model is streamed in chunks. 0 = 80% of the device's free memory.</param>
    /// <exception cref="InvalidOperationException">A forced accelerator (not Auto) is not available, or the device cannot run the
    /// kernels (too little shared memory per group, no float64 or 64-bit atomics); the message says why.</exception>
    public static GpuBackendProvider Create(AcceleratorPreference preference = AcceleratorPreference.Auto, long deviceMemoryBudgetBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceMemoryBudgetBytes);
        if (preference != AcceleratorPreference.Auto) return Open(preference, deviceMemoryBudgetBytes);
        // Where no GPU can exist (GpuPresence), the answer and its words are known without ILGPU: neither its assembly
        // nor an exception is paid for by every command that runs with --device auto on a machine without a GPU.
        try
        {
            if (DeviceSelection.NoGpuWithoutProbe() is { } none) return new GpuBackendProvider(none.TrimEnd('.'));
            return Open(preference, deviceMemoryBudgetBytes, fullProbe: true);
        }
        catch (Exception e) when (e is not OperationCanceledException) // Auto never fails for want of a GPU
        {
            return new GpuBackendProvider(e is InvalidOperationException ? e.Message.TrimEnd('.') : $"the GPU probe failed ({e.GetType().Name}: {e.Message.TrimEnd('.')})");
        }
    }

    private static GpuBackendProvider Open(AcceleratorPreference preference, long deviceMemoryBudgetBytes, bool fullProbe = false)
    {
        var (context, accelerator, description, kind) = DeviceSelection.Select(preference, fullProbe);
        try
        {
            DeviceRequirements.Check(accelerator, description);
            long budget = deviceMemoryBudgetBytes > 0 ? deviceMemoryBudgetBytes : DeviceSelection.DefaultBudget(accelerator);
            return new GpuBackendProvider(context, accelerator, description, kind, budget);
        }
        catch
        {
            accelerator.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens several devices in one ILGPU context for one fit (<see cref="MultiGpuBackendProvider"/>): each accumulates
    /// its slice of the rows on its own host thread, and the host adds the statistics in device order and runs the M-step.
    /// </summary>
    /// <param name="preference">The kind of device: Cuda, OpenCL, IlgpuCpu (simulated devices, for tests), or Auto (CUDA devices if any, else OpenCL GPUs).</param>
    /// <param name="options">Which devices, slice weights and memory budgets; null: every device of the kind, weighted as <see cref="MultiGpuOptions"/> says.</param>
    /// <exception cref="ArgumentException">An option is invalid (an index past the devices present, weights that do not match the devices); the message names it.</exception>
    /// <exception cref="InvalidOperationException">No device of the kind, or a device that cannot run the kernels; the message names it.</exception>
    public static MultiGpuBackendProvider CreateMulti(AcceleratorPreference preference = AcceleratorPreference.Auto, MultiGpuOptions? options = null) =>
        MultiGpuBackendProvider.Create(preference, options ?? new MultiGpuOptions());

    /// <summary>A provider over one device of a context it does not own (a <see cref="MultiGpuBackendProvider"/>'s).</summary>
    internal static GpuBackendProvider ForDevice(Context context, Accelerator accelerator, string description, string kind, long budget) =>
        new(context, accelerator, description, kind, budget, ownsContext: false);

    /// <summary>True when a CUDA device and driver are usable by ILGPU on this machine.</summary>
    public static bool IsCudaAvailable() => DeviceSelection.CudaAvailable();

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Which device computes and why it was chosen, e.g. "CUDA: NVIDIA H100 80GB HBM3 (auto: first CUDA device; 1 CUDA device(s))".</summary>
    public string DeviceDescription { get; }

    /// <summary>Device memory (bytes) a backend may fill with the model's buffers and resident data; data that does not fit streams in chunks. 0 when the provider serves the CPU backend.</summary>
    public long DeviceMemoryBudgetBytes { get; }

    /// <summary>
    /// Whether backends created from now on run k-means initialisation's nearest-centre searches on the device (each
    /// backend keeps the value it was created with). The labels, and so the starting model,
    /// are exactly the host's either way. Default: true on CUDA and OpenCL, false on ILGPU's CPU accelerator (which
    /// runs the kernels far slower than the host's own search).
    /// </summary>
    public bool InitializationOnDevice { get; set; }

    internal Accelerator Accelerator => _accelerator ?? throw CpuOnly();

    /// <summary>Serialises device work of backends that share this provider's accelerator.</summary>
    internal object LaunchLock => _launchLock;

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _accelerator is null ? CpuBackendProvider.Default.Create<T>() : new GpuEmBackend<T>(this, DeviceMemoryBudgetBytes);
    }

    /// <summary>Creates a backend with its own memory budget (bytes; the tests use it to force streaming).</summary>
    /// <exception cref="InvalidOperationException">The provider serves the CPU backend (Auto found no GPU).</exception>
    internal GpuEmBackend<T> CreateBackend<T>(long deviceMemoryBudgetBytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_accelerator is null) throw CpuOnly();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(deviceMemoryBudgetBytes);
        return new GpuEmBackend<T>(this, deviceMemoryBudgetBytes);
    }

    /// <summary>The kernels of compute type T on this provider's accelerator, each compiled on first use.</summary>
    internal KernelSet<T> Kernels<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        (KernelSet<T>)_kernels.GetOrAdd(typeof(T), _ => KernelSet<T>.Load(Accelerator));

    /// <summary>The nearest-centre kernel of k-means initialisation for data of type T, compiled on first use.</summary>
    internal KernelVariants<Action<AcceleratorStream, KernelConfig, NearestCenterArgs, ArrayView<T>, ArrayView<double>,
        ArrayView<float>, ArrayView<float>, ArrayView<int>>> NearestCenterKernel<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernels<T>().NearestCenterLabels;

    /// <summary>Releases the accelerator and the ILGPU context (unless a multi-device provider owns the context).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _accelerator?.Dispose();
        if (_ownsContext) _context?.Dispose();
    }

    private InvalidOperationException CpuOnly() => new($"This provider serves the CPU backend ({DeviceDescription}); it has no device.");
}
