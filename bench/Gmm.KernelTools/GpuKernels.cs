// The GPU backend's kernels by compute type, as the backend lists them (GpuKernel.All), for the inspection tools.
using Gmm.Gpu;

namespace Gmm.KernelTools;

/// <summary>The kernels of <see cref="GpuKernel.All"/> by compute type name ("float", "double").</summary>
public static class GpuKernels
{
    /// <summary>The compute types: the name used in file names and options, and the type.</summary>
    public static IReadOnlyList<(string Name, Type Type)> ComputeTypes { get; } = [("float", typeof(float)), ("double", typeof(double))];

    /// <summary>Every kernel and variant of one compute type ("float" or "double"), in the backend's catalog order.</summary>
    /// <exception cref="ArgumentException"><paramref name="computeType"/> is neither "float" nor "double".</exception>
    public static IReadOnlyList<GpuKernel> For(string computeType)
    {
        var (name, type) = ComputeTypes.FirstOrDefault(c => c.Name == computeType);
        if (type is null) throw new ArgumentException($"unknown compute type '{computeType}' (float, double)", nameof(computeType));
        return [.. GpuKernel.All.Where(k => k.ComputeType == type)];
    }

    /// <summary>The kernel named <paramref name="name"/> (<see cref="GpuKernel.Name"/>) of one compute type.</summary>
    /// <exception cref="ArgumentException">No kernel has that name.</exception>
    public static GpuKernel Find(string computeType, string name) =>
        For(computeType).FirstOrDefault(k => k.Name == name)
        ?? throw new ArgumentException($"no {computeType} kernel named '{name}'", nameof(name));

    /// <summary>A file-name form of a kernel name: "DiagonalKernels.Statistics&lt;Weighted, FusedLse&gt;" → "DiagonalKernels.Statistics-Weighted-FusedLse".</summary>
    public static string FileName(GpuKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.Name.Replace("<", "-", StringComparison.Ordinal).Replace(", ", "-", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal);
    }
}
