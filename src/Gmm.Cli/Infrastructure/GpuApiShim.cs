// TEMPORARY, branch `cli` only: stand-ins for the Gmm.Gpu public API so that BackendFactory compiles before
// src/Gmm.Gpu lands. DELETE THIS FILE when merging with the real Gmm.Gpu (its public types of the same names
// would otherwise clash with these). Nothing else needs to change: BackendFactory is written against the real API.
namespace Gmm.Gpu;

/// <summary>Stand-in for Gmm.Gpu.AcceleratorPreference.</summary>
internal enum AcceleratorPreference { Auto, Cuda, OpenCL, IlgpuCpu }

/// <summary>Stand-in for Gmm.Gpu.GpuBackendProvider: reports no CUDA device and refuses to create a backend.</summary>
internal sealed class GpuBackendProvider : IEmBackendProvider, IDisposable
{
    private GpuBackendProvider() { }

    public string Name => "gpu";

    public string DeviceDescription => "none";

    public static GpuBackendProvider Create(AcceleratorPreference preference = AcceleratorPreference.Auto, long deviceMemoryBudgetBytes = 0) =>
        throw new NotSupportedException($"GPU backend not built in this branch (asked for {preference}, budget {deviceMemoryBudgetBytes} bytes).");

    public static bool IsCudaAvailable() => false;

    public IEmBackend<T> Create<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        throw new NotSupportedException("GPU backend not built in this branch.");

    public void Dispose() { }
}
