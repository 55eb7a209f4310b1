using System.Collections.Concurrent;
using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// The GPU backend through ILGPU: one ILGPU context and accelerator per provider, kernels compiled once per
/// accelerator and compute type and shared by every fit the provider serves. Dispose it when done.
/// </summary>
public sealed class GpuBackendProvider : IEmBackendProvider, IDisposable
{
    private readonly Context _context;
    private readonly ConcurrentDictionary<Type, object> _kernels = new();
    private readonly object _launchLock = new();
    private bool _disposed;

    private GpuBackendProvider(Context context, Accelerator accelerator, string description, string kind, long budget)
    {
        _context = context;
        Accelerator = accelerator;
        DeviceDescription = description;
        Name = kind;
        DeviceMemoryBudgetBytes = budget;
        InitializationOnDevice = accelerator.AcceleratorType != AcceleratorType.CPU;
    }

    /// <summary>
    /// Opens an accelerator. Auto: the first CUDA device, else the first OpenCL GPU ILGPU supports, else an
    /// <see cref="InvalidOperationException"/> (callers fall back to the CPU backend). OpenCL: an OpenCL GPU, else an
    /// OpenCL CPU device.
    /// </summary>
    /// <param name="preference">Which accelerator to open.</param>
    /// <param name="deviceMemoryBudgetBytes">Device memory a backend may use for the model's buffers and the data (bytes);
    /// data that does not fit beside the model is streamed in chunks. 0 = 80% of the device's free memory.</param>
    /// <exception cref="InvalidOperationException">No accelerator of the requested kind is available, or the device cannot run the
    /// kernels (too little shared memory per group, no float64 or 64-bit atomics); the message says why.</exception>
    public static GpuBackendProvider Create(AcceleratorPreference preference = AcceleratorPreference.Auto, long deviceMemoryBudgetBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceMemoryBudgetBytes);
        var (context, accelerator, description, kind) = DeviceSelection.Select(preference);
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

    /// <summary>True when a CUDA device and driver are usable by ILGPU on this machine.</summary>
    public static bool IsCudaAvailable() => DeviceSelection.CudaAvailable();

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Which device computes and why it was chosen, e.g. "CUDA: NVIDIA H100 80GB HBM3 (auto: first CUDA device; 1 CUDA device(s))".</summary>
    public string DeviceDescription { get; }

    /// <summary>Device memory (bytes) a backend may fill with the model's buffers and resident data; data that does not fit streams in chunks.</summary>
    public long DeviceMemoryBudgetBytes { get; }

    /// <summary>
    /// Whether backends created from now on run k-means initialisation's nearest-centre searches on the device (each
    /// backend has its own <see cref="GpuEmBackend{T}.InitializationOnDevice"/>). The labels, and so the starting model,
    /// are exactly the host's either way. Default: true on CUDA and OpenCL, false on ILGPU's CPU accelerator (which
    /// runs the kernels far slower than the host's own search).
    /// </summary>
    public bool InitializationOnDevice { get; set; }

    internal Accelerator Accelerator { get; }

    /// <summary>Serialises device work of backends that share this provider's accelerator.</summary>
    internal object LaunchLock => _launchLock;

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new GpuEmBackend<T>(this, DeviceMemoryBudgetBytes);
    }

    /// <summary>Creates a backend with its own memory budget (bytes; tests and benchmarks use it to force streaming).</summary>
    public GpuEmBackend<T> CreateBackend<T>(long deviceMemoryBudgetBytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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

    /// <summary>Releases the accelerator and the ILGPU context.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Accelerator.Dispose();
        _context.Dispose();
    }
}
