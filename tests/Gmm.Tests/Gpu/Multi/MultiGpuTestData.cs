using Gmm.Gpu;

namespace Gmm.Tests.Gpu.Multi;

/// <summary>The multi-device tests' devices: two ILGPU CPU accelerators in one context, opened once (each compiles its kernels once). Each runs 256 host threads, so the tests keep to two devices and tiny fits.</summary>
internal static class MultiGpuTestData
{
    private static readonly Lazy<MultiGpuBackendProvider> SharedProvider =
        new(() => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu, new MultiGpuOptions { Devices = [0, 1] }));

    /// <summary>Two simulated devices, equal slices.</summary>
    public static MultiGpuBackendProvider Provider => SharedProvider.Value;
}
