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
        // No clamp below: lanes under −87.33 (−∞ included) are replaced by 0 at the end, whatever was computed for them.
        var clamped = TV.Min(x, TV.Create(88.72f));
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
    /// <summary>
    /// ln x for float lanes: Cephes' logf polynomial on the mantissa (about 1 ulp) for positive normal x; NaN stays NaN.
    /// Written here rather than calling the runtime's vectorised log, which the JIT does not inline into the kernels
    /// and which, not precompiled for 512-bit registers, would start in tier-0 code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogSingle<TV>(TV x) where TV : struct, ISimd<TV, float>
    {
        var (m, e) = TV.Decompose(x);
        // m in [0.5, 1): below √½ use 2m − 1 and e − 1, so the polynomial's argument stays in [√½ − 1, √2 − 1).
        var sqrtHalf = TV.Create(0.707106781186547524f);
        var one = TV.Create(1f);
        var small = m - TV.ZeroWhereLess(m, m, sqrtHalf); // m where m < √½, else 0
        e -= one - TV.ZeroWhereLess(one, m, sqrtHalf);
        var r = m + small - one;
        var z = r * r;
        var p = TV.Create(7.0376836292e-2f);
        p = TV.MultiplyAdd(p, r, TV.Create(-1.1514610310e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.1676998740e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(-1.2420140846e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.4249322787e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(-1.6668057665e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(2.0000714765e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(-2.4999993993e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(3.3333331174e-1f));
        var y = p * r * z;
        y = TV.MultiplyAdd(e, TV.Create(-2.12194440e-4f), y);
        y = TV.MultiplyAdd(z, TV.Create(-0.5f), y);
        var result = TV.MultiplyAdd(e, TV.Create(0.693359375f), r + y);
        return result + (x - x); // + 0 for finite x; NaN for NaN
    }
}
