// The named launcher of one pass over a chunk (ILGPU's Reduction<T> pattern): it checks its arguments, picks the kernel
// variant for the chunk's modes and plans the grid.
using System.Numerics;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// Queues one kernel pass over <paramref name="chunk"/> on <paramref name="stream"/> under the model in
/// <paramref name="parameters"/>: the launch arguments, the kernel's compile-time variant (weights, fused log-sum-exp)
/// and the grid follow from the two and <paramref name="limits"/>.
/// </summary>
/// <exception cref="ArgumentException">The chunk is empty, its dimension or buffers do not fit the parameters, or the
/// pass does not belong to the parameters' covariance type.</exception>
internal delegate void ChunkLauncher<T>(AcceleratorStream stream, DeviceParameters<T> parameters, DeviceChunk<T> chunk, LaunchLimits limits)
    where T : unmanaged, IFloatingPointIeee754<T>;
