using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// What <see cref="PointLaneProducts{T, TV}"/> does with each output row of its register block (eᵀU for 4 registers
/// of points): store it (<see cref="ProductStore{T, TV}"/>) or add its squares (<see cref="SquaredNormStore{T, TV}"/>).
/// A struct type argument, created once per 4 registers of points, so the JIT inlines it into the block's loop.
/// </summary>
internal interface IPointLaneStore<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    /// <summary>
    /// Whether the block's input rows are points less a mean, subtracted as each row is loaded (the full kernel's
    /// squared norms, one mean per component), or are read as given (the tied kernel's product). A constant per policy,
    /// so the JIT keeps or drops the subtraction at compile time.
    /// </summary>
    static abstract bool SubtractsMean { get; }

    /// <summary>
    /// Takes output row <paramref name="row"/> (of d; rows ≥ d are padding and hold zeros) for the points
    /// [p, p + 4W) of a tile of tp points: <paramref name="v0"/>…<paramref name="v3"/> are its four registers.
    /// </summary>
    void Row(ref T destination, int row, int d, int tp, int p, TV v0, TV v1, TV v2, TV v3);

    /// <summary>Called once after the last row of the points [p, p + 4W).</summary>
    void Finish(ref T destination, int p);
}
