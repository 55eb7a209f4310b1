// Binds the nearest-centre kernel (k-means initialisation) to one data type; compiled on first use.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>The launcher of <see cref="NearestCenterKernels{T, TOps}.Labels"/> for data of type <typeparamref name="T"/>.</summary>
internal sealed class NearestCenterKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private NearestCenterKernel(Action<AcceleratorStream, KernelConfig, NearestCenterArgs, ArrayView<T>, ArrayView<double>,
        ArrayView<float>, ArrayView<float>, ArrayView<int>> launch) => Launch = launch;

    /// <summary>(stream, config, args, x, origin, centers, norms, labels); shapes in the kernel's file header.</summary>
    public Action<AcceleratorStream, KernelConfig, NearestCenterArgs, ArrayView<T>, ArrayView<double>, ArrayView<float>,
        ArrayView<float>, ArrayView<int>> Launch { get; }

    /// <summary>Compiles (or fetches from ILGPU's cache) the kernel for <typeparamref name="T"/>.</summary>
    public static NearestCenterKernel<T> Load(Accelerator accelerator)
    {
        if (typeof(T) == typeof(float)) return (NearestCenterKernel<T>)(object)Bind<float, SingleOps>(accelerator);
        if (typeof(T) == typeof(double)) return (NearestCenterKernel<T>)(object)Bind<double, DoubleOps>(accelerator);
        throw new NotSupportedException($"The GPU backend reads float or double data, not {typeof(T).Name}.");
    }

    private static NearestCenterKernel<TData> Bind<TData, TOps>(Accelerator accelerator)
        where TData : unmanaged, IFloatingPointIeee754<TData>
        where TOps : struct, IRealOps<TData> =>
        new(KernelBuild.Load(accelerator, "NearestCenterLabels", () => accelerator.LoadKernel<NearestCenterArgs, ArrayView<TData>,
            ArrayView<double>, ArrayView<float>, ArrayView<float>, ArrayView<int>>(NearestCenterKernels<TData, TOps>.Labels)));
}
