// The named launcher of one kernel of the device M-step.
using System.Numerics;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// Queues one kernel of the device M-step on <paramref name="stream"/>: it reads the statistics in
/// <paramref name="parameters"/>, works in the float64 buffers of <paramref name="mstep"/> and writes the next model's
/// layouts into <paramref name="parameters"/>; its variant and grid follow from the covariance type and the sizes.
/// </summary>
/// <exception cref="ArgumentException">The kernel does not belong to the parameters' covariance type, or the buffers
/// were made for other parameters.</exception>
internal delegate void MStepLauncher<T>(AcceleratorStream stream, DeviceParameters<T> parameters, DeviceMStep<T> mstep, MStepArgs args)
    where T : unmanaged, IFloatingPointIeee754<T>;
