// Occupancy of a compiled kernel, used to size grids to one wave of resident groups.
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>How many groups of a compiled kernel fit on one multiprocessor at once.</summary>
internal static class KernelOccupancy
{
    /// <summary>Groups of 256 threads of <paramref name="kernel"/> resident on one multiprocessor (registers, shared memory); at least 1, and 1 where the accelerator cannot tell.</summary>
    public static int GroupsPerMultiprocessor(Accelerator accelerator, Kernel kernel)
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
}
