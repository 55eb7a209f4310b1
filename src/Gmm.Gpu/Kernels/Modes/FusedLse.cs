// Kernel mode: the statistics pass takes the log-sum-exp itself.
namespace Gmm.Gpu.Kernels;

/// <summary>k ≤ 64: the statistics pass computes each point's log-sum-exp and adds Σ w log p(x), Σ w (no first pass).</summary>
internal readonly struct FusedLse : ILseMode
{
    /// <inheritdoc />
    public bool Fused => true;
}
