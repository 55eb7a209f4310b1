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
        DiagonalLogSumExp = new(accelerator, "DiagonalLogSumExp", () => accelerator.LoadKernel<DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(DiagonalKernels<T, TOps>.LogSumExp)),
        DiagonalStatistics = new(accelerator, "DiagonalStatistics", () => accelerator.LoadKernel<DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<double>, ArrayView<double>, ArrayView<double>>(DiagonalKernels<T, TOps>.Statistics)),
        FullLogSumExp = new(accelerator, "FullLogSumExp", () => accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(FullKernels<T, TOps>.LogSumExp,
            Bounds(nameof(FullKernels<T, TOps>.LogSumExp)))),
        FullStatistics = new(accelerator, "FullStatistics", () => accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>>(FullKernels<T, TOps>.Statistics, Bounds(nameof(FullKernels<T, TOps>.Statistics)))),
        TiedProjection = new(accelerator, "TiedProjection", () => accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>>(FullKernels<T, TOps>.Projection, Bounds(nameof(FullKernels<T, TOps>.Projection)))),
        MStepMoments = new(accelerator, "MStepMoments", () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.Moments)),
        MStepTiedCovariance = new(accelerator, "MStepTiedCovariance", () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.TiedCovariance)),
        MStepFactor = new(accelerator, "MStepFactor", () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<T>, ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.Factor)),
        MStepCenter = new(accelerator, "MStepCenter", () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<T>>(MStepKernels<T, TOps>.Center)),
        MStepLayout = new(accelerator, "MStepLayout", () => accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(MStepKernels<T, TOps>.Layout)),
    };

    /// <summary>The launch bounds (<see cref="LaunchBoundsAttribute"/>) of a full-family kernel.</summary>
    private static KernelSpecialization Bounds(string kernel) =>
        LaunchBoundsAttribute.For(typeof(FullKernels<T, TOps>).GetMethod(kernel)!);
}
