// Kernel mode: the log-sum-exp comes from a first pass.
namespace Gmm.Gpu.Kernels;

/// <summary>k &gt; 64: the statistics pass reads each point's log-sum-exp from the log-sum-exp pass.</summary>
internal readonly struct SeparateLse : ILseMode
{
    /// <inheritdoc />
    public bool Fused => false;
}
