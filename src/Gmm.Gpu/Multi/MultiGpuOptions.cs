namespace Gmm.Gpu;

/// <summary>Which devices a <see cref="MultiGpuBackendProvider"/> opens and how the rows are shared among them.</summary>
public sealed class MultiGpuOptions
{
    /// <summary>
    /// Device indices of the kind (CUDA ordinals as ILGPU lists them; OpenCL devices in ILGPU's order; for ILGPU's CPU
    /// accelerator, simulated devices), in the order their slices take the rows; null: every device of the kind (not
    /// allowed for ILGPU's CPU accelerator, which has none to list). A repeated index opens another context on the
    /// same device: it proves the multi-device path on a machine with one GPU, not its speed-up.
    /// </summary>
    public IReadOnlyList<int>? Devices { get; init; }

    /// <summary>
    /// The share of the rows each device gets (one weight per device, in <see cref="Devices"/>' order; finite, ≥ 0, not all
    /// 0; a device of weight 0 gets no rows). Null: equal shares when every device is the same model (same name, memory
    /// and multiprocessors), otherwise weights measured at the start of each fit (<see cref="MeasureSliceWeights"/>).
    /// Given weights make the slices, and so the result's rounding, the same from run to run; measured ones need not.
    /// </summary>
    public IReadOnlyList<double>? SliceWeights { get; init; }

    /// <summary>
    /// Whether, without <see cref="SliceWeights"/>, each fit first times every device on the same rows (one pass over up
    /// to <see cref="MultiGpuEmBackend{T}.ProbeRows"/> rows, after an untimed one that compiles the kernels) and gives
    /// each a share proportional to its speed. Null (the default): only when the devices are not all the same model.
    /// </summary>
    public bool? MeasureSliceWeights { get; init; }

    /// <summary>Device memory each device's backend may use (bytes), as <see cref="GpuBackendProvider.Create"/>'s budget; 0 = 80% of the device's free memory.</summary>
    public long DeviceMemoryBudgetBytes { get; init; }
}
