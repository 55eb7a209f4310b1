// Launch bounds of a kernel: PTX .maxntid and .minnctapersm through ILGPU's KernelSpecialization, so that ptxas sizes
// registers for a target number of resident groups per multiprocessor. Read once, into the kernel's definition in the
// catalog (GpuKernel.Specialization), which both the backend and the offline tools compile with.
using System.Reflection;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// Groups of <paramref name="groupSize"/> threads that should fit on one multiprocessor: <paramref name="floatGroups"/>
/// for the float kernels, <paramref name="doubleGroups"/> for the double ones (0: no minimum, ptxas chooses).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class LaunchBoundsAttribute(int groupSize, int floatGroups, int doubleGroups) : Attribute
{
    /// <summary>Threads per group the kernel is always launched with.</summary>
    public int GroupSize { get; } = groupSize;

    /// <summary>Minimum resident groups per multiprocessor of the float kernel (0: none).</summary>
    public int FloatGroups { get; } = floatGroups;

    /// <summary>Minimum resident groups per multiprocessor of the double kernel (0: none).</summary>
    public int DoubleGroups { get; } = doubleGroups;

    /// <summary>The specialization of a kernel method closed over its compute type (the first generic argument of its class).</summary>
    public static KernelSpecialization For(MethodInfo kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.GetCustomAttribute<LaunchBoundsAttribute>() is not { } bounds) return KernelSpecialization.Empty;
        var type = kernel.DeclaringType;
        bool isDouble = type is { IsGenericType: true } && type.GetGenericArguments()[0] == typeof(double);
        int groups = isDouble ? bounds.DoubleGroups : bounds.FloatGroups;
        return new KernelSpecialization(bounds.GroupSize, groups > 0 ? groups : null);
    }
}
