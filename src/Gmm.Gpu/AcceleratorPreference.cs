namespace Gmm.Gpu;

/// <summary>Which ILGPU accelerator a <see cref="GpuBackendProvider"/> should use.</summary>
public enum AcceleratorPreference
{
    /// <summary>The first CUDA device; else the first OpenCL device ILGPU supports; else an error (callers fall back to the CPU backend).</summary>
    Auto,

    /// <summary>The first CUDA device, or an error.</summary>
    Cuda,

    /// <summary>The first OpenCL device ILGPU supports (OpenCL 2.0 with generic address space), or an error.</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator: runs the GPU kernels on the host, slowly; for tests and debugging.</summary>
    IlgpuCpu,
}
