using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gmm.Cpu;

/// <summary>A 256-bit register (AVX2, or AVX-512 hardware asked for half width): 8 float or 4 double lanes.</summary>
internal readonly struct Simd256<T> : ISimd<Simd256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _value;

    private Simd256(Vector256<T> value) => _value = value;

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Simd256<T> From(Vector256<T> value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Create(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Load(ref T source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint offset) => _value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator +(Simd256<T> left, Simd256<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> left, Simd256<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator *(Simd256<T> left, Simd256<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator /(Simd256<T> left, Simd256<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> MultiplyAdd(Simd256<T> a, Simd256<T> b, Simd256<T> addend) => typeof(T) == typeof(float)
        ? new(Vector256.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), addend._value.AsSingle()).As<float, T>())
        : new(Vector256.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), addend._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Max(Simd256<T> left, Simd256<T> right) => new(Vector256.Max(left._value, right._value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> MaxNative(Simd256<T> left, Simd256<T> right) => new(Vector256.MaxNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Min(Simd256<T> left, Simd256<T> right) => new(Vector256.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Round(Simd256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector256.Round(value._value.AsDouble()).As<double, T>());

    /// <remarks>
    /// Double lanes: the integer n is read from the low bits of n + <see cref="SimdMath.IntegerShifter"/> rather than
    /// converted with ConvertToInt64Native, which has no instruction below AVX-512 (DQ) and runs per lane in software
    /// there; the same 2ⁿ for every n of the normal range.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ScaleByPowerOfTwo(Simd256<T> value, Simd256<T> exponent) => typeof(T) == typeof(float)
        ? new(value._value * Vector256.ShiftLeft(Vector256.ConvertToInt32Native(exponent._value.AsSingle()) + Vector256.Create(127), 23).As<int, T>())
        : new(value._value * Vector256.ShiftLeft((exponent._value.AsDouble() + Vector256.Create(SimdMath.IntegerShifter)).AsInt64() + Vector256.Create(1023L), 52).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ZeroWhereLess(Simd256<T> value, Simd256<T> x, Simd256<T> threshold) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(x._value, threshold._value), Vector256<T>.Zero, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Exp(Simd256<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd256<float>, Simd256<T>>(SimdMath.ExpSingle(Unsafe.BitCast<Simd256<T>, Simd256<float>>(x)))
        : Unsafe.BitCast<Simd256<double>, Simd256<T>>(SimdMath.ExpDouble(Unsafe.BitCast<Simd256<T>, Simd256<double>>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ExpBelowOverflow(Simd256<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd256<float>, Simd256<T>>(SimdMath.ExpSingleBelowOverflow(Unsafe.BitCast<Simd256<T>, Simd256<float>>(x)))
        : Unsafe.BitCast<Simd256<double>, Simd256<T>>(SimdMath.ExpDoubleBelowOverflow(Unsafe.BitCast<Simd256<T>, Simd256<double>>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Log(Simd256<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd256<float>, Simd256<T>>(SimdMath.LogSingle(Unsafe.BitCast<Simd256<T>, Simd256<float>>(x)))
        : new(Vector256.Log(x._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ReplaceFrom(Simd256<T> value, int firstLane, T replacement) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(firstLane))), value._value, Vector256.Create(replacement)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Simd256<T> Mantissa, Simd256<T> Exponent) Decompose(Simd256<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var bits = value._value.AsInt32();
            var exponent = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(bits, 23) - Vector256.Create(126));
            var mantissa = (bits & Vector256.Create(unchecked((int)0x807FFFFF))) | Vector256.Create(0x3F000000);
            return (new(mantissa.As<int, T>()), new(exponent.As<float, T>()));
        }
        else
        {
            var bits = value._value.AsInt64();
            var exponent = Vector256.ConvertToDouble(Vector256.ShiftRightLogical(bits, 52) - Vector256.Create(1022L));
            var mantissa = (bits & Vector256.Create(unchecked((long)0x800FFFFFFFFFFFFF))) | Vector256.Create(0x3FE0000000000000L);
            return (new(mantissa.As<long, T>()), new(exponent.As<double, T>()));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd256<T> value) => Simd128<T>.Sum(Simd128<T>.From(value._value.GetLower() + value._value.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd256<T> value) => Simd128<T>.MaxAcross(Simd128<T>.From(Vector128.MaxNative(value._value.GetLower(), value._value.GetUpper())));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(Simd256<T> value) =>
        ~(ulong)Vector256.Equals(value._value, Vector256<T>.Zero).ExtractMostSignificantBits() & ((1UL << Vector256<T>.Count) - 1);
}
