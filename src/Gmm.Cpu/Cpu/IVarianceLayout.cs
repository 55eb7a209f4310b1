namespace Gmm.Cpu;

/// <summary>
/// How <see cref="DiagonalKernel{T, TLayout, TV}"/> keeps its second-order sums, fixed at compile time (a struct type
/// argument, so the JIT removes the test from the inner loops).
/// </summary>
internal interface IVarianceLayout
{
    /// <summary>True: one sum per component over every feature (spherical); false: one per feature (diag).</summary>
    static abstract bool Spherical { get; }
}
