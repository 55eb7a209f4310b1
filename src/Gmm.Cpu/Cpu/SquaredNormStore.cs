using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>
/// Adds the squares of each output row of eᵀU into four registers of per-point sums and stores them at squares[p…]
/// when the points' last row is done: ‖eᵀU‖² per point, with no horizontal sums (padding rows add zero).
/// </summary>
internal struct SquaredNormStore<T, TV> : IPointLaneStore<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    private TV _sum0, _sum1, _sum2, _sum3;

    public static bool SubtractsMean => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Row(ref T destination, int row, int d, int tp, int p, TV v0, TV v1, TV v2, TV v3)
    {
        _sum0 = TV.MultiplyAdd(v0, v0, _sum0);
        _sum1 = TV.MultiplyAdd(v1, v1, _sum1);
        _sum2 = TV.MultiplyAdd(v2, v2, _sum2);
        _sum3 = TV.MultiplyAdd(v3, v3, _sum3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Finish(ref T destination, int p)
    {
        int w = TV.Count;
        _sum0.Store(ref destination, (nuint)p); _sum1.Store(ref destination, (nuint)(p + w));
        _sum2.Store(ref destination, (nuint)(p + 2 * w)); _sum3.Store(ref destination, (nuint)(p + 3 * w));
    }
}
