namespace Gmm.Gpu;

/// <summary>Which ILGPU accelerator a <see cref="GpuBackendProvider"/> should use.</summary>
public enum AcceleratorPreference
{
    /// <summary>
    /// The first CUDA device; else the first OpenCL GPU ILGPU supports; else the CPU backend (the provider says why in
    /// its DeviceDescription). OpenCL CPU devices are skipped: the CPU backend is much faster on a CPU.
    /// </summary>
    Auto,

    /// <summary>The first CUDA device, or an error.</summary>
    Cuda,

    /// <summary>
    /// The first OpenCL GPU ILGPU supports (OpenCL 2.0, or 3.0 with the generic address space), else the first such
    /// device of any type (a CPU device, PoCL's for example), or an error.
    /// </summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator: runs the GPU kernels on the host, slowly; for tests and debugging.</summary>
    IlgpuCpu,
}
