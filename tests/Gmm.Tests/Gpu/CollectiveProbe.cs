using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace Gmm.Tests.Gpu;

/// <summary>A kernel written with ILGPU's group collectives, which the Gmm.Gpu kernels must not use (OpenClSourceTests).</summary>
internal static class CollectiveProbe
{
    /// <summary>Grid: 1D; each group adds its threads' values and thread 0 writes the sum to total[group].</summary>
    public static void Reduce(ArrayView<double> values, ArrayView<double> total)
    {
        double sum = GroupExtensions.Reduce<double, AddDouble>(values[Grid.GlobalIndex.X]);
        if (Group.IdxX == 0) total[Grid.IdxX] = sum;
    }
}
