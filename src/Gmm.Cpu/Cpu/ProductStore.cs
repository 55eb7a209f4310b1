using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>Stores each output row of eᵀU: y[row, p…] (y d×tp, feature-major); padding rows are dropped.</summary>
internal struct ProductStore<T, TV> : IPointLaneStore<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    public static bool SubtractsMean => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Row(ref T destination, int row, int d, int tp, int p, TV v0, TV v1, TV v2, TV v3)
    {
        if (row >= d) return;
        int w = TV.Count;
        nuint o = (nuint)(row * tp + p);
        v0.Store(ref destination, o); v1.Store(ref destination, o + (nuint)w);
        v2.Store(ref destination, o + (nuint)(2 * w)); v3.Store(ref destination, o + (nuint)(3 * w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Finish(ref T destination, int p) { }
}
