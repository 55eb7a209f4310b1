using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace Gmm.Gpu;

/// <summary>
/// What the kernels need of a GPU, checked when a provider opens one, so that a device that cannot run them is
/// refused up front (callers then use the CPU backend) instead of failing when a kernel compiles or launches.
/// </summary>
internal static class DeviceRequirements
{
    /// <summary>
    /// Static shared memory per group of the most demanding kernel (bytes): float64 FullKernels.LogSumExp — the point
    /// tile 34,816, factor rows 4,096, means 1,024, partial norms 8,192 and the log-likelihood's group sum 512
    /// (<see cref="Kernels.GroupSum.SharedBytes"/>), as its PTX declares.
    /// </summary>
    public const int SharedMemoryBytes = 48_640;

    /// <summary>Throws when the opened accelerator cannot run the kernels; ILGPU's CPU accelerator is not checked.</summary>
    /// <param name="accelerator">The accelerator just opened.</param>
    /// <param name="device">The device as the provider describes it.</param>
    /// <exception cref="InvalidOperationException">The device lacks shared memory, float64 or 64-bit atomics.</exception>
    public static void Check(Accelerator accelerator, string device)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU) return;
        var (float64, atomics) = accelerator.Capabilities is CLCapabilityContext cl ? (cl.Float64, cl.Int64_Atomics) : (true, true);
        if (Unsupported(device, accelerator.MaxSharedMemoryPerGroup, float64, atomics) is { } reason)
            throw new InvalidOperationException(reason);
    }

    /// <summary>Why a device with these resources cannot run the kernels, or null when it can.</summary>
    /// <param name="device">The device, named in the reason.</param>
    /// <param name="maxSharedMemoryPerGroup">Shared memory a group may use (bytes).</param>
    /// <param name="float64">Whether the device computes in float64 (the statistics are float64 on every path).</param>
    /// <param name="int64Atomics">Whether it has 64-bit atomics (the float64 atomic adds of the statistics need them).</param>
    public static string? Unsupported(string device, long maxSharedMemoryPerGroup, bool float64 = true, bool int64Atomics = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSharedMemoryPerGroup);
        var missing = new List<string>();
        if (maxSharedMemoryPerGroup < SharedMemoryBytes)
            missing.Add($"it offers {maxSharedMemoryPerGroup} bytes of shared memory per group, the kernels need {SharedMemoryBytes}");
        if (!float64) missing.Add("it has no float64 support, which the float64 statistics need");
        if (!int64Atomics) missing.Add("it has no 64-bit atomics, which the float64 atomic adds of the statistics need");
        return missing.Count == 0 ? null : $"{device} cannot run the GPU backend's kernels: {string.Join("; ", missing)}. Use the CPU backend.";
    }
}
