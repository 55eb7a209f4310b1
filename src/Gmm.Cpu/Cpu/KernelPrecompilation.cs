using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>
/// The second thread of the kernel warm-up (<see cref="CpuKernelWarmUp"/>): compiles a kernel's
/// <see cref="CpuKernel{T}.StatisticsMethods"/> (the responsibilities, the tile's statistics, the flush, the publication)
/// with <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle, RuntimeTypeHandle[])"/>, from the last one an
/// iteration calls to the first, while the warm-up's own thread runs the synthetic iteration from the E-step on. The two
/// threads meet in the middle, so the kernel's methods are compiled on two cores instead of one. A method both threads
/// reach is compiled once (the runtime makes the second caller wait for the first), and the code is the same either
/// way: these methods are <c>[AggressiveOptimization]</c>, not tiered, so their first compilation is their final one.
/// </summary>
internal static class KernelPrecompilation
{
    /// <summary>
    /// Starts a background thread that compiles <paramref name="kernel"/>'s <see cref="CpuKernel{T}.StatisticsMethods"/>
    /// with <paramref name="prepare"/> (by default <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle, RuntimeTypeHandle[])"/>
    /// with the declaring type's type arguments); the task completes with the number of methods compiled, or −1 when
    /// one failed (the rest are then compiled by their first call, as without the warm-up), and never faults.
    /// </summary>
    public static Task<int> Start<T>(CpuKernel<T> kernel, Action<MethodInfo>? prepare = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var compile = prepare ?? Prepare;
        var thread = new Thread(() =>
        {
            try
            {
                var methods = kernel.StatisticsMethods;
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

    /// <summary>Compiles <paramref name="method"/> of its (closed) declaring type, and of its own type arguments when it is generic.</summary>
    private static void Prepare(MethodInfo method)
    {
        var instantiation = Array.ConvertAll([.. method.DeclaringType!.GetGenericArguments(), .. method.GetGenericArguments()], t => t.TypeHandle);
        RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
    }
}
