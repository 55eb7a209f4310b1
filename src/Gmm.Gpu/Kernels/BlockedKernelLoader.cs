// Binds the blocked full-family kernels to one (compute type, operations) pair.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Compiles <see cref="BlockedFullKernels{T, TOps}"/> for one (T, ops) pair.</summary>
internal static class BlockedKernelLoader<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    public static BlockedKernelSet<T> Load(Accelerator accelerator)
    {
        var logSumExp = KernelBuild.Load(accelerator, "BlockedLogSumExp", () => accelerator.LoadKernel<BlockedArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>(BlockedFullKernels<T, TOps>.LogSumExp));
        var statistics = KernelBuild.Load(accelerator, "BlockedStatistics", () => accelerator.LoadKernel<BlockedArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>>(BlockedFullKernels<T, TOps>.Statistics));
        var projection = KernelBuild.Load(accelerator, "BlockedProjection", () => accelerator.LoadKernel<BlockedArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<T>>(BlockedFullKernels<T, TOps>.Projection));
        return new BlockedKernelSet<T>
        {
            LogSumExp = logSumExp,
            Statistics = statistics,
            Projection = projection,
            LogSumExpGroups = KernelOccupancy.GroupsPerMultiprocessor(accelerator, logSumExp.GetKernel()),
            StatisticsGroups = KernelOccupancy.GroupsPerMultiprocessor(accelerator, statistics.GetKernel()),
        };
    }
}
