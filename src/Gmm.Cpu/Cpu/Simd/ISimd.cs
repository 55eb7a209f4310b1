using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// One SIMD register of <typeparamref name="T"/> lanes: the vocabulary the CPU kernels are written in, once, for every
/// register width (<see cref="Simd128{T}"/>, <see cref="Simd256{T}"/>, <see cref="Simd512{T}"/>; <see cref="SimdWidth"/>
/// picks the widest the processor runs at full speed). Every member is a JIT-time constant or a single instruction
/// sequence after inlining, so a kernel instantiated for one width compiles to that width's code.
/// </summary>
internal interface ISimd<TSelf, T>
    where TSelf : struct, ISimd<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);

    /// <summary>Count values from <paramref name="source"/> + <paramref name="offset"/> elements (no alignment needed, no bounds check).</summary>
    static abstract TSelf Load(ref T source, nuint offset);

    /// <summary>Stores the lanes at <paramref name="destination"/> + <paramref name="offset"/> elements (no bounds check).</summary>
    void Store(ref T destination, nuint offset);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);

    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>a·b + addend with one rounding (fused multiply-add).</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf addend);

    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>
    /// The processor's lane-wise maximum: <see cref="Max"/> without its NaN and signed-zero rules. On x86 (maxps) a lane
    /// where either is NaN, or both are zeros, is right's lane, in one instruction instead of Max's three; elsewhere
    /// (Arm64's fmax) NaN may propagate. Callers must give the same result for either choice.
    /// </summary>
    static abstract TSelf MaxNative(TSelf left, TSelf right);

    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>Lanes rounded to the nearest integer (ties to even).</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary>value · 2^exponent per lane, for integral <paramref name="exponent"/> lanes inside the type's normal exponent range (other lanes: unspecified).</summary>
    static abstract TSelf ScaleByPowerOfTwo(TSelf value, TSelf exponent);

    /// <summary>value where x ≥ threshold, +0 where x &lt; threshold (per lane).</summary>
    static abstract TSelf ZeroWhereLess(TSelf value, TSelf x, TSelf threshold);

    /// <summary>The lanes from <paramref name="firstLane"/> on replaced by <paramref name="replacement"/> (0 ≤ firstLane ≤ Count).</summary>
    static abstract TSelf ReplaceFrom(TSelf value, int firstLane, T replacement);

    /// <summary>
    /// value = mantissa · 2^exponent per lane, mantissa in [0.5, 1) and exponent an integral value, for positive normal
    /// lanes (other lanes: unspecified).
    /// </summary>
    static abstract (TSelf Mantissa, TSelf Exponent) Decompose(TSelf value);

    /// <summary>e^x per lane: <see cref="SimdMath.ExpSingle{TV}"/> for float, <see cref="SimdMath.ExpDouble{TV}"/> for double.</summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>
    /// <see cref="Exp"/> for lanes that cannot overflow (at most 88.72 for float, 709 for double; −∞ and NaN included):
    /// the same values there, without the clamp <see cref="Exp"/> applies above (<see cref="SimdMath.ExpSingleBelowOverflow{TV}"/>,
    /// <see cref="SimdMath.ExpDoubleBelowOverflow{TV}"/>).
    /// </summary>
    static abstract TSelf ExpBelowOverflow(TSelf x);

    /// <summary>
    /// Natural logarithm per lane: <see cref="SimdMath.LogSingle{TV}"/> for float (positive normal lanes; NaN stays
    /// NaN), the runtime's vectorised log for double.
    /// </summary>
    static abstract TSelf Log(TSelf x);

    /// <summary>The sum of the lanes (halves added pairwise down to one lane: a fixed order).</summary>
    static abstract T Sum(TSelf value);

    /// <summary>The largest lane (with the processor's max instruction: a NaN lane may be ignored).</summary>
    static abstract T MaxAcross(TSelf value);

    /// <summary>Bit i set where lane i is not zero (+0 and −0 are zero; NaN is not), the bits past the lanes clear.</summary>
    static abstract ulong NonZeroLanes(TSelf value);
}
