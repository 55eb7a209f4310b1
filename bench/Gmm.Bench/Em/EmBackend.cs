namespace Gmm.Bench.Em;

/// <summary>The backends the BenchmarkDotNet classes compare.</summary>
public enum EmBackend
{
    /// <summary>The SIMD CPU backend (Gmm.Cpu).</summary>
    Cpu,

    /// <summary>The ILGPU backend on a CUDA device.</summary>
    Cuda,

    /// <summary>The ILGPU backend on ILGPU's CPU accelerator (the GPU kernels run on the host; slow).</summary>
    IlgpuCpu,
}
