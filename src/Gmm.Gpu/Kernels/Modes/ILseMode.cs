// Compile-time switch of the diagonal statistics pass: where each point's log-sum-exp comes from.
namespace Gmm.Gpu.Kernels;

/// <summary>
/// Whether the diagonal-family statistics pass takes each point's log-sum-exp itself (<see cref="FusedLse"/>: k ≤ 64,
/// one component tile holds every component) or reads it from the log-sum-exp pass (<see cref="SeparateLse"/>).
/// </summary>
internal interface ILseMode
{
    /// <summary>True when the statistics pass computes the log-sum-exp and Σ w log p(x) itself.</summary>
    bool Fused { get; }
}
