using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>Width-independent vector functions built from <see cref="ISimd{TSelf, T}"/>'s primitives.</summary>
internal static class SimdMath
{
    /// <summary>
    /// 1.5·2⁵²: for an integral double n with |n| &lt; 2⁵¹, n + this is exact and its low 52 bits hold n in two's
    /// complement, so the bits of the sum plus 1023, shifted left by 52, are the bits of 2ⁿ (n in the normal range).
    /// </summary>
    public const double IntegerShifter = 6755399441055744.0;

    /// <summary>
    /// e^x for float lanes: Cephes' expf polynomial after range reduction (about 2 ulp), exactly 0 below −87.33
    /// (so a negligible responsibility is a true zero and its work can be skipped), +∞-safe clamp above 88.72.
    /// (.NET's vectorised exp for float computes through double and was 4× slower.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpSingle<TV>(TV x) where TV : struct, ISimd<TV, float> => ExpSingleBelowOverflow(TV.Min(x, TV.Create(88.72f)));

    /// <summary>
    /// <see cref="ExpSingle{TV}"/> for lanes at most 88.72 (−∞ and NaN included), without its clamp: there the same
    /// value, lane for lane (the clamp leaves such lanes as they are). For arguments that cannot exceed it, such as a
    /// log-probability less its row's maximum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpSingleBelowOverflow<TV>(TV x) where TV : struct, ISimd<TV, float>
    {
        // No clamp below: lanes under −87.33 (−∞ included) are replaced by 0 at the end, whatever was computed for them.
        var n = TV.Round(x * TV.Create(1.44269504088896341f));
        var r = TV.MultiplyAdd(n, TV.Create(-0.693359375f), x);
        r = TV.MultiplyAdd(n, TV.Create(2.12194440e-4f), r);
        var p = TV.Create(1.9875691500e-4f);
        p = TV.MultiplyAdd(p, r, TV.Create(1.3981999507e-3f));
        p = TV.MultiplyAdd(p, r, TV.Create(8.3334519073e-3f));
        p = TV.MultiplyAdd(p, r, TV.Create(4.1665795894e-2f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.6666665459e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(5.0000001201e-1f));
        var y = TV.MultiplyAdd(p, r * r, r) + TV.Create(1f);
        return TV.ZeroWhereLess(TV.ScaleByPowerOfTwo(y, n), x, TV.Create(-87.33f));
    }

    /// <summary>
    /// e^x for double lanes: round(x / ln 2) = n, r = x − n ln 2 (ln 2 in two parts, |r| ≤ ½ ln 2), e^r by its Taylor
    /// polynomial to r¹³ (truncation under 10⁻¹⁷ relative), times 2ⁿ: about 1 ulp; exactly 0 below −708 (so a
    /// negligible responsibility is a true zero, as in <see cref="ExpSingle{TV}"/>; e^−708 ≈ 3·10⁻³⁰⁸ is where float64
    /// leaves its normal range), arguments above 709 clamped to 709. Written here rather than calling the runtime's
    /// vectorised exp for double, which computes a whole register in scalar code whenever one lane is under −708 (the
    /// padded components' −∞ are, in every row) and, not inlined and not precompiled for these registers, starts in
    /// tier-0 code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpDouble<TV>(TV x) where TV : struct, ISimd<TV, double> => ExpDoubleBelowOverflow(TV.Min(x, TV.Create(709.0)));

    /// <summary>
    /// <see cref="ExpDouble{TV}"/> for lanes at most 709 (−∞ and NaN included), without its clamp: there the same
    /// value, lane for lane. For arguments that cannot exceed it, such as a log-probability less its row's maximum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpDoubleBelowOverflow<TV>(TV x) where TV : struct, ISimd<TV, double>
    {
        // No clamp below: lanes under −708 (−∞ included) are replaced by 0 at the end, whatever was computed for them.
        var n = TV.Round(x * TV.Create(1.4426950408889634));
        var r = TV.MultiplyAdd(n, TV.Create(-0.6931471805599453), x);
        r = TV.MultiplyAdd(n, TV.Create(-2.3190468138462996e-17), r);
        var p = TV.Create(1.0 / 6227020800); // 1/13!
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 479001600));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 39916800));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 3628800));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 362880));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 40320));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 5040));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 720));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 120));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 24));
        p = TV.MultiplyAdd(p, r, TV.Create(1.0 / 6));
        p = TV.MultiplyAdd(p, r, TV.Create(0.5));
        var y = TV.MultiplyAdd(p, r * r, r) + TV.Create(1.0);
        return TV.ZeroWhereLess(TV.ScaleByPowerOfTwo(y, n), x, TV.Create(-708.0));
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
