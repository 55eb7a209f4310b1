// Kernel mode: every point weighs 1.
namespace Gmm.Gpu.Kernels;

/// <summary>Kernels take every weight as 1 and never read the weight buffer.</summary>
internal readonly struct Unweighted : IWeightMode
{
    /// <inheritdoc />
    public bool HasWeights => false;
}
