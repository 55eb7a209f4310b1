using System.Reflection;
using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>
/// The second thread of the kernel warm-up (<see cref="CpuKernelWarmUp"/>): compiles the <c>[AggressiveOptimization]</c>
/// methods of a kernel type and its base kernel types with <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle, RuntimeTypeHandle[])"/>,
/// in the reverse of the order in which an iteration first calls them (the statistics and the flush first, the E-step's
/// log-densities last), while the warm-up's own thread runs the synthetic iteration from the E-step on. The two threads
/// meet in the middle, so the methods the iteration needs are compiled on two cores instead of one. A method both threads
/// reach is compiled once (the runtime makes the second caller wait for the first), and the code is the same either way:
/// these methods are not tiered, so their first compilation is their final one.
/// </summary>
internal static class KernelPrecompilation
{
    /// <summary>
    /// The methods the second thread compiles for <paramref name="kernelType"/>: the non-abstract, non-generic
    /// <c>[AggressiveOptimization]</c> methods declared on it and on its base types up to <see cref="CpuKernel{T}"/>,
    /// the most derived type's first and each type's in reverse declaration order.
    /// </summary>
    public static IReadOnlyList<MethodInfo> Methods(Type kernelType)
    {
        ArgumentNullException.ThrowIfNull(kernelType);
        var methods = new List<MethodInfo>();
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        for (var type = kernelType; type is not null && type.Assembly == typeof(KernelPrecompilation).Assembly; type = type.BaseType)
        {
            var own = type.GetMethods(declared)
                .Where(m => !m.IsAbstract && !m.IsGenericMethodDefinition && (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0)
                .OrderByDescending(m => m.MetadataToken);
            methods.AddRange(own);
        }
        return methods;
    }

    /// <summary>
    /// Starts a background thread that compiles <see cref="Methods"/> of <paramref name="kernelType"/> with
    /// <paramref name="prepare"/> (by default <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle, RuntimeTypeHandle[])"/>
    /// with the declaring type's type arguments); the task completes with the number of methods compiled, or −1 when
    /// one failed (the rest are then left to their first call), and never faults.
    /// </summary>
    public static Task<int> Start(Type kernelType, Action<MethodInfo>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(kernelType);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var compile = prepare ?? Prepare;
        var thread = new Thread(() =>
        {
            try
            {
                var methods = Methods(kernelType);
                foreach (var method in methods) compile(method);
                done.SetResult(methods.Count);
            }
            catch (Exception)
            {
                // Nothing to report: a method not compiled here is compiled by its first call, as without the warm-up.
                done.SetResult(-1);
            }
        })
        {
            IsBackground = true,
            Name = "gmm CPU kernel precompilation",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Compiles <paramref name="method"/> of its (closed) declaring type.</summary>
    private static void Prepare(MethodInfo method)
    {
        var declaring = method.DeclaringType!;
        var instantiation = Array.ConvertAll(declaring.GetGenericArguments(), t => t.TypeHandle);
        RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
    }
}
