// Kernel mode: the chunk's points carry weights.
namespace Gmm.Gpu.Kernels;

/// <summary>Kernels read each point's weight from the chunk's weight buffer.</summary>
internal readonly struct Weighted : IWeightMode
{
    /// <inheritdoc />
    public bool HasWeights => true;
}
