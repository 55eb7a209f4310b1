// A kernel compiled on first launch: a fit compiles only the kernels its covariance type and sizes use.
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// A kernel launcher compiled (by ILGPU, then the driver) the first time it is used, and its occupancy (resident groups
/// of 256 threads per multiprocessor, from the compiled kernel's registers and shared memory). Thread-safe.
/// </summary>
/// <typeparam name="TLauncher">The launcher delegate ILGPU's LoadKernel returns.</typeparam>
internal sealed class LazyKernel<TLauncher> where TLauncher : Delegate
{
    private readonly Lazy<TLauncher> _launch;
    private readonly Lazy<int> _groups;

    /// <summary>
    /// The kernel <paramref name="name"/>, which <paramref name="load"/> compiles for <paramref name="accelerator"/> when
    /// first needed (a failed build throws InvalidOperationException with the driver's log: <see cref="KernelBuild"/>).
    /// </summary>
    public LazyKernel(Accelerator accelerator, string name, Func<TLauncher> load)
    {
        _launch = new Lazy<TLauncher>(() => KernelBuild.Load(accelerator, name, load));
        _groups = new Lazy<int>(() => KernelOccupancy.GroupsPerMultiprocessor(accelerator, _launch.Value.GetKernel()));
    }

    /// <summary>The launcher (compiles the kernel on first use).</summary>
    public TLauncher Launch => _launch.Value;

    /// <summary>Groups of 256 threads of this kernel resident on one multiprocessor (at least 1; 1 where the accelerator cannot tell).</summary>
    public int GroupsPerMultiprocessor => _groups.Value;

    /// <summary>Whether the kernel has been compiled (tests, reports).</summary>
    public bool IsCompiled => _launch.IsValueCreated;
}
