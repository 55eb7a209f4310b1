using System.Reflection;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// One device kernel of the GPU backend, exactly as the backend compiles it: the closed kernel method and ILGPU's
/// specialisation. For tools that inspect the code ILGPU generates (PTX, OpenCL C) without a device; the backend itself
/// loads the same definitions. <see cref="All"/> lists every kernel, in every compile-time variant, a backend can load.
/// </summary>
public sealed class GpuKernel
{
    internal GpuKernel(string name, MethodInfo method, KernelSpecialization specialization)
    {
        Name = name;
        Method = method;
        Specialization = specialization;
        ComputeType = method.DeclaringType!.GetGenericArguments()[0];
    }

    /// <summary>
    /// Kernel class, method and compile-time modes, e.g. "DiagonalKernels.Statistics&lt;Weighted, FusedLse&gt;"; unique
    /// within a compute type.
    /// </summary>
    public string Name { get; }

    /// <summary>The type the kernel reads its points and parameters in: <see cref="float"/> or <see cref="double"/> (statistics are float64 either way).</summary>
    public Type ComputeType { get; }

    /// <summary>
    /// The static kernel method, closed over its compute type and modes. Explicitly grouped (its first parameter is the
    /// launch-argument struct, not an index): compile it with ILGPU's EntryPointDescription.FromExplicitlyGroupedKernel.
    /// </summary>
    public MethodInfo Method { get; }

    /// <summary>
    /// The specialisation the backend loads the kernel with: its launch bounds (threads per group and the minimum
    /// resident groups per multiprocessor) where it declares them, otherwise none.
    /// </summary>
    public KernelSpecialization Specialization { get; }

    /// <summary>Every kernel of both compute types (float first), each mode variant once, in the backend's catalog order.</summary>
    public static IReadOnlyList<GpuKernel> All { get; } = [.. Kernels.KernelCatalog.Single.Kernels, .. Kernels.KernelCatalog.Double.Kernels];

    /// <summary>The name and compute type, e.g. "FullKernels.Projection (Single)".</summary>
    public override string ToString() => $"{Name} ({ComputeType.Name})";
}
