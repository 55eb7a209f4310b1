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
/// The methods are taken from a shared list (<see cref="WorkList"/>): a fit's thread that would otherwise wait for the
/// warm-up takes the next ones too (<see cref="HelpWarmUp{T}"/>), so that no core idles while methods are left.
/// </summary>
internal static class KernelPrecompilation
{
    /// <summary>
    /// Starts a background thread that compiles <paramref name="kernel"/>'s <see cref="CpuKernel{T}.StatisticsMethods"/>
    /// with <paramref name="prepare"/> (by default <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle, RuntimeTypeHandle[])"/>
    /// with the declaring type's type arguments); the task completes with the number of methods compiled, or −1 when
    /// one failed (the rest are then compiled by their first call, as without the warm-up), and never faults.
    /// </summary>
    public static Task<int> Start<T>(CpuKernel<T> kernel, Action<MethodInfo>? prepare = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        Start(kernel, prepare, out _);

    /// <summary>
    /// As <see cref="Start{T}(CpuKernel{T}, Action{MethodInfo}?)"/>; <paramref name="list"/> is the shared list the
    /// thread takes its methods from, which another thread may take methods from as well (<see cref="WorkList.HelpUntil"/>).
    /// </summary>
    internal static Task<int> Start<T>(CpuKernel<T> kernel, Action<MethodInfo>? prepare, out WorkList list) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = list = new WorkList(kernel.StatisticsMethods, prepare ?? Prepare);
        var thread = new Thread(() => done.SetResult(work.CompileAll()))
        {
            IsBackground = true,
            Name = "gmm CPU kernel precompilation",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// The warm-up's precompilation (<see cref="CpuKernelWarmUp"/>): as <see cref="Start{T}(CpuKernel{T}, Action{MethodInfo}?)"/>,
    /// and its list is the one that a fit of float type <typeparamref name="T"/> waiting for its warm-up helps with
    /// (<see cref="HelpWarmUp{T}"/>; the last one started, as one fit's warm-up is started at a time).
    /// </summary>
    internal static Task<int> StartForWarmUp<T>(CpuKernel<T> kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var task = Start(kernel, null, out var list);
        Latest<T>.List = list;
        return task;
    }

    /// <summary>
    /// Compiles, on the calling thread, methods left on the list of the latest warm-up of float type
    /// <typeparamref name="T"/> (<see cref="StartForWarmUp{T}"/>) until <paramref name="warmUp"/> completes, the list is
    /// taken, or <paramref name="cancellationToken"/> is cancelled: what a fit's thread does before it waits for its
    /// warm-up (<see cref="FirstIteration.Ready"/>). The same methods, compiled once each, by whichever thread is free.
    /// </summary>
    internal static void HelpWarmUp<T>(Task warmUp, CancellationToken cancellationToken) where T : unmanaged, IFloatingPointIeee754<T> =>
        Latest<T>.List?.HelpUntil(warmUp, cancellationToken);

    /// <summary>The list of the latest warm-up's precompilation in float type <typeparamref name="T"/>.</summary>
    private static class Latest<T>
    {
        /// <summary>Null until a warm-up of <typeparamref name="T"/> starts its precompilation.</summary>
        public static volatile WorkList? List;
    }

    /// <summary>Compiles <paramref name="method"/> of its (closed) declaring type, and of its own type arguments when it is generic.</summary>
    private static void Prepare(MethodInfo method)
    {
        var instantiation = Array.ConvertAll([.. method.DeclaringType!.GetGenericArguments(), .. method.GetGenericArguments()], t => t.TypeHandle);
        RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
    }

    /// <summary>
    /// Methods to compile in list order, each taken by one thread (an atomic cursor): the precompilation thread and any
    /// thread that helps. After a failure no thread takes more (the rest are compiled by their first call).
    /// </summary>
    internal sealed class WorkList(IReadOnlyList<MethodInfo> methods, Action<MethodInfo> compile)
    {
        private int _next = -1;
        private volatile bool _failed;

        /// <summary>Whether every method has been taken (or a compilation failed).</summary>
        public bool Taken => _failed || Volatile.Read(ref _next) + 1 >= methods.Count;

        /// <summary>Compiles methods until the list is taken; returns the number of methods in the list, or −1 after a failure on any thread.</summary>
        public int CompileAll()
        {
            while (TryCompileNext()) { }
            return _failed ? -1 : methods.Count;
        }

        /// <summary>Compiles methods on the calling thread until the list is taken, <paramref name="until"/> completes or <paramref name="cancellationToken"/> is cancelled.</summary>
        public void HelpUntil(Task until, CancellationToken cancellationToken)
        {
            while (!until.IsCompleted && !cancellationToken.IsCancellationRequested && TryCompileNext()) { }
        }

        /// <summary>Takes the next method and compiles it; false when none was left (or after a failure).</summary>
        private bool TryCompileNext()
        {
            if (_failed) return false;
            int index = Interlocked.Increment(ref _next);
            if (index >= methods.Count) return false;
            try
            {
                compile(methods[index]);
                return true;
            }
            catch (Exception)
            {
                // Nothing to report: a method not compiled here is compiled by its first call, as without the warm-up.
                _failed = true;
                return false;
            }
        }
    }
}
