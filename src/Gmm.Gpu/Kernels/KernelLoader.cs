// Binds the generic kernels to one (compute type, operations) pair.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Binds the generic kernels to one (T, ops) pair.</summary>
internal static class KernelLoader<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    public static KernelSet<T> Load(Accelerator accelerator)
    {
        var set = Compile(accelerator);
        return new KernelSet<T>
        {
            DiagonalLogSumExp = set.DiagonalLogSumExp,
            DiagonalStatistics = set.DiagonalStatistics,
            FullLogSumExp = set.FullLogSumExp,
            FullStatistics = set.FullStatistics,
            TiedProjection = set.TiedProjection,
            MStepMoments = accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
                ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
                ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.Moments),
            MStepTiedCovariance = accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>,
                ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.TiedCovariance),
            MStepFactor = accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
                ArrayView<T>, ArrayView<double>, ArrayView<double>>(MStepKernels<T, TOps>.Factor),
            MStepCenter = accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<T>>(MStepKernels<T, TOps>.Center),
            MStepLayout = accelerator.LoadKernel<MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
                ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>(MStepKernels<T, TOps>.Layout),
            GroupsPerMultiprocessor = new Occupancy(
                Estimate(accelerator, set.DiagonalLogSumExp.GetKernel()),
                Estimate(accelerator, set.DiagonalStatistics.GetKernel()),
                Estimate(accelerator, set.FullLogSumExp.GetKernel()),
                Estimate(accelerator, set.FullStatistics.GetKernel())),
        };
    }

    private static int Estimate(Accelerator accelerator, Kernel kernel)
    {
        try
        {
            return Math.Max(1, accelerator.EstimateMaxActiveGroupsPerMultiprocessor(kernel, 256, 0));
        }
        catch (NotSupportedException)
        {
            return 1;
        }
    }

    private static (
        Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> DiagonalLogSumExp,
        Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>> DiagonalStatistics,
        Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> FullLogSumExp,
        Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>> FullStatistics,
        Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>> TiedProjection)
        Compile(Accelerator accelerator) => (
        accelerator.LoadKernel<DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(DiagonalKernels<T, TOps>.LogSumExp),
        accelerator.LoadKernel<DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<double>, ArrayView<double>, ArrayView<double>>(DiagonalKernels<T, TOps>.Statistics),
        accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(FullKernels<T, TOps>.LogSumExp,
            Bounds(nameof(FullKernels<T, TOps>.LogSumExp))),
        accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>>(FullKernels<T, TOps>.Statistics, Bounds(nameof(FullKernels<T, TOps>.Statistics))),
        accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>>(FullKernels<T, TOps>.Projection, Bounds(nameof(FullKernels<T, TOps>.Projection))));

    /// <summary>The launch bounds (<see cref="LaunchBoundsAttribute"/>) of a full-family kernel.</summary>
    private static KernelSpecialization Bounds(string kernel) =>
        LaunchBoundsAttribute.For(typeof(FullKernels<T, TOps>).GetMethod(kernel)!);
}
