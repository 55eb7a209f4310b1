// Every device kernel of Gmm.Gpu, found by reflection so that a kernel added to a *Kernels class shows up without
// editing this list: public static void methods of the generic Gmm.Gpu.Kernels.*Kernels<T, TOps> classes whose first
// parameter is a launch-argument struct (*Args) — exactly what KernelLoader hands to accelerator.LoadKernel.
using System.Reflection;
using Gmm.Gpu.Kernels;

namespace Gmm.Gpu.Diagnostics;

/// <summary>The kernels KernelLoader loads, closed over float/SingleOps or double/DoubleOps.</summary>
internal static class KernelCatalog
{
    /// <summary>The compute types: PTX file suffix and (T, TOps).</summary>
    public static IReadOnlyList<(string Name, Type T, Type Ops)> ComputeTypes { get; } =
    [
        ("float", typeof(float), typeof(SingleOps)),
        ("double", typeof(double), typeof(DoubleOps)),
    ];

    /// <summary>All kernels for one compute type ("float" or "double"), named "Class.Method", in source order.</summary>
    public static IReadOnlyList<(string Name, MethodInfo Method)> For(string computeType)
    {
        var (_, t, ops) = ComputeTypes.FirstOrDefault(c => c.Name == computeType);
        if (t is null) throw new ArgumentException($"unknown compute type '{computeType}' (float, double)", nameof(computeType));
        var result = new List<(string, MethodInfo)>();
        foreach (var open in KernelClasses())
        {
            var closed = open.MakeGenericType(t, ops!);
            string className = open.Name[..open.Name.IndexOf('`', StringComparison.Ordinal)];
            foreach (var method in closed.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(IsKernel).OrderBy(m => m.MetadataToken))
                result.Add(($"{className}.{method.Name}", method));
        }
        return result;
    }

    private static IEnumerable<Type> KernelClasses() =>
        typeof(KernelCatalog).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(SingleOps).Namespace && type.IsClass && type.IsAbstract && type.IsSealed
                && type.IsGenericTypeDefinition && type.GetGenericArguments().Length == 2
                && type.Name.EndsWith("Kernels`2", StringComparison.Ordinal))
            .OrderBy(type => type.Name, StringComparer.Ordinal);

    private static bool IsKernel(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return method.ReturnType == typeof(void) && parameters.Length > 0
            && parameters[0].ParameterType.IsValueType && parameters[0].ParameterType.Name.EndsWith("Args", StringComparison.Ordinal);
    }
}
