// The variants of one kernel family on one accelerator, each compiled the first time it is launched.
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// The mode variants of a <see cref="KernelFamily"/> on one accelerator, as lazily compiled launchers of type
/// <typeparamref name="TLauncher"/> (ILGPU's Action&lt;AcceleratorStream, KernelConfig, …&gt; of the kernel's parameters).
/// </summary>
internal sealed class KernelVariants<TLauncher> where TLauncher : Delegate
{
    private readonly KernelFamily _family;
    private readonly LazyKernel<TLauncher>[] _variants;

    public KernelVariants(Accelerator accelerator, KernelFamily family)
    {
        _family = family;
        _variants = [.. family.Variants.Select(kernel => new LazyKernel<TLauncher>(accelerator, kernel.Name,
            () => accelerator.LoadKernel<TLauncher>(kernel.Method, kernel.Specialization)))];
    }

    /// <summary>The variant closed over <paramref name="modes"/> (one mode type per axis of the family).</summary>
    public LazyKernel<TLauncher> For(params Type[] modes) => _variants[_family.IndexOf(modes)];

    /// <summary>Whether any variant has been compiled.</summary>
    public bool IsCompiled => CompiledCount > 0;

    /// <summary>How many variants have been compiled.</summary>
    public int CompiledCount => _variants.Count(v => v.IsCompiled);
}
