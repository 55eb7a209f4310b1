// Binds the generic kernels to one (compute type, operations) pair; each compiles when first launched.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Binds the generic kernels to one (T, ops) pair.</summary>
internal static class KernelLoader<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    public static KernelSet<T> Load(Accelerator accelerator) => new()
    {
        DiagonalLogSumExp = new(accelerator, () => accelerator.LoadKernel<DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(DiagonalKernels<T, TOps>.LogSumExp)),
        DiagonalStatistics = new(accelerator, () => accelerator.LoadKernel<DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<double>, ArrayView<double>, ArrayView<double>>(DiagonalKernels<T, TOps>.Statistics)),
        FullLogSumExp = new(accelerator, () => accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(FullKernels<T, TOps>.LogSumExp,
            Bounds(nameof(FullKernels<T, TOps>.LogSumExp)))),
        FullStatistics = new(accelerator, () => accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>>(FullKernels<T, TOps>.Statistics, Bounds(nameof(FullKernels<T, TOps>.Statistics)))),
        TiedProjection = new(accelerator, () => accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>>(FullKernels<T, TOps>.Projection, Bounds(nameof(FullKernels<T, TOps>.Projection)))),
        MStepMoments = new(accelerator, () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.Moments)),
        MStepTiedCovariance = new(accelerator, () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.TiedCovariance)),
        MStepFactor = new(accelerator, () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<T>, ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.Factor)),
        MStepCenter = new(accelerator, () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<T>>(MStepKernels<T, TOps>.Center)),
        MStepLayout = new(accelerator, () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(MStepKernels<T, TOps>.Layout)),
    };

    /// <summary>The launch bounds (<see cref="LaunchBoundsAttribute"/>) of a full-family kernel.</summary>
    private static KernelSpecialization Bounds(string kernel) =>
        LaunchBoundsAttribute.For(typeof(FullKernels<T, TOps>).GetMethod(kernel)!);
}
