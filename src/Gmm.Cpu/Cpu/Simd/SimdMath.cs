using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>Width-independent vector functions built from <see cref="ISimd{TSelf, T}"/>'s primitives.</summary>
internal static class SimdMath
{
    /// <summary>
    /// e^x for float lanes: Cephes' expf polynomial after range reduction (about 2 ulp), exactly 0 below −87.33
    /// (so a negligible responsibility is a true zero and its work can be skipped), +∞-safe clamp above 88.72.
    /// (.NET's vectorised exp for float computes through double and was 4× slower.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpSingle<TV>(TV x) where TV : struct, ISimd<TV, float>
    {
        var low = TV.Create(-87.33f);
        var clamped = TV.Min(TV.Max(x, low), TV.Create(88.72f));
        var n = TV.Round(clamped * TV.Create(1.44269504088896341f));
        var r = TV.MultiplyAdd(n, TV.Create(-0.693359375f), clamped);
        r = TV.MultiplyAdd(n, TV.Create(2.12194440e-4f), r);
        var p = TV.Create(1.9875691500e-4f);
        p = TV.MultiplyAdd(p, r, TV.Create(1.3981999507e-3f));
        p = TV.MultiplyAdd(p, r, TV.Create(8.3334519073e-3f));
        p = TV.MultiplyAdd(p, r, TV.Create(4.1665795894e-2f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.6666665459e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(5.0000001201e-1f));
        var y = TV.MultiplyAdd(p, r * r, r) + TV.Create(1f);
        return TV.ZeroWhereLess(TV.ScaleByPowerOfTwo(y, n), x, low);
    }
}
