// The compiled kernels of one accelerator and compute type, loaded once per provider and reused by every backend.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Launchers of the E-step/statistics kernels for compute type <typeparamref name="T"/>.</summary>
internal sealed class KernelSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public required Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> DiagonalLogSumExp { get; init; }

    public required Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<double>, ArrayView<double>, ArrayView<double>> DiagonalStatistics { get; init; }

    public required Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> FullLogSumExp { get; init; }

    public required Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>> FullStatistics { get; init; }

    public required Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>> TiedProjection { get; init; }

    /// <summary>Groups of 256 threads of each kernel that fit on one multiprocessor at once (registers, shared memory).</summary>
    public required Occupancy GroupsPerMultiprocessor { get; init; }

    /// <summary>Compiles (or fetches from ILGPU's cache) every kernel for <typeparamref name="T"/> on <paramref name="accelerator"/>.</summary>
    public static KernelSet<T> Load(Accelerator accelerator)
    {
        if (typeof(T) == typeof(float)) return (KernelSet<T>)(object)KernelLoader<float, SingleOps>.Load(accelerator);
        if (typeof(T) == typeof(double)) return (KernelSet<T>)(object)KernelLoader<double, DoubleOps>.Load(accelerator);
        throw new NotSupportedException($"The GPU backend computes in float or double, not {typeof(T).Name}.");
    }
}

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
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(FullKernels<T, TOps>.LogSumExp),
        accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>>(FullKernels<T, TOps>.Statistics),
        accelerator.LoadKernel<FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>>(FullKernels<T, TOps>.Projection));
}

/// <summary>Resident groups per multiprocessor of the kernels whose grids are sized to one wave.</summary>
internal readonly record struct Occupancy(int DiagonalLogSumExp, int DiagonalStatistics, int FullLogSumExp, int FullStatistics);
