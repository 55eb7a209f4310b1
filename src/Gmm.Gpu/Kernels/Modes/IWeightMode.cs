// Compile-time switch of the kernels: per-point weights read from a buffer, or every weight 1.
namespace Gmm.Gpu.Kernels;

/// <summary>Whether a kernel reads per-point weights (<see cref="Weighted"/>) or takes every weight as 1 (<see cref="Unweighted"/>).</summary>
internal interface IWeightMode
{
    /// <summary>True when the weight buffer holds one weight per point of the chunk.</summary>
    bool HasWeights { get; }
}
