using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gmm.Cpu;

/// <summary>A 512-bit register (AVX-512): 16 float or 8 double lanes.</summary>
internal readonly struct Simd512<T> : ISimd<Simd512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value;

    private Simd512(Vector512<T> value) => _value = value;

    public static int Count => Vector512<T>.Count;

    /// <summary>The register whose lower half is <paramref name="lower"/> and upper half <paramref name="upper"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Simd512<T> Join(Simd256<T> lower, Simd256<T> upper) =>
        new(Vector512.Create(Unsafe.BitCast<Simd256<T>, Vector256<T>>(lower), Unsafe.BitCast<Simd256<T>, Vector256<T>>(upper)));

    /// <summary>The lower half of the lanes (lanes 0 … Count/2 − 1).</summary>
    internal Simd256<T> Lower
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd256<T>.From(_value.GetLower());
    }

    /// <summary>The upper half of the lanes (lanes Count/2 … Count − 1).</summary>
    internal Simd256<T> Upper
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Simd256<T>.From(_value.GetUpper());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Load(ref T source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint offset) => _value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator +(Simd512<T> left, Simd512<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> left, Simd512<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator *(Simd512<T> left, Simd512<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator /(Simd512<T> left, Simd512<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> MultiplyAdd(Simd512<T> a, Simd512<T> b, Simd512<T> addend) => typeof(T) == typeof(float)
        ? new(Vector512.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), addend._value.AsSingle()).As<float, T>())
        : new(Vector512.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), addend._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Max(Simd512<T> left, Simd512<T> right) => new(Vector512.Max(left._value, right._value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> MaxNative(Simd512<T> left, Simd512<T> right) => new(Vector512.MaxNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Min(Simd512<T> left, Simd512<T> right) => new(Vector512.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Round(Simd512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector512.Round(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ScaleByPowerOfTwo(Simd512<T> value, Simd512<T> exponent) => typeof(T) == typeof(float)
        ? new(value._value * Vector512.ShiftLeft(Vector512.ConvertToInt32Native(exponent._value.AsSingle()) + Vector512.Create(127), 23).As<int, T>())
        : new(value._value * Vector512.ShiftLeft(Vector512.ConvertToInt64Native(exponent._value.AsDouble()) + Vector512.Create(1023L), 52).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ZeroWhereLess(Simd512<T> value, Simd512<T> x, Simd512<T> threshold) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(x._value, threshold._value), Vector512<T>.Zero, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Exp(Simd512<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd512<float>, Simd512<T>>(SimdMath.ExpSingle(Unsafe.BitCast<Simd512<T>, Simd512<float>>(x)))
        : Unsafe.BitCast<Simd512<double>, Simd512<T>>(SimdMath.ExpDouble(Unsafe.BitCast<Simd512<T>, Simd512<double>>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ExpBelowOverflow(Simd512<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd512<float>, Simd512<T>>(SimdMath.ExpSingleBelowOverflow(Unsafe.BitCast<Simd512<T>, Simd512<float>>(x)))
        : Unsafe.BitCast<Simd512<double>, Simd512<T>>(SimdMath.ExpDoubleBelowOverflow(Unsafe.BitCast<Simd512<T>, Simd512<double>>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Log(Simd512<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd512<float>, Simd512<T>>(SimdMath.LogSingle(Unsafe.BitCast<Simd512<T>, Simd512<float>>(x)))
        : new(Vector512.Log(x._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ReplaceFrom(Simd512<T> value, int firstLane, T replacement) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(firstLane))), value._value, Vector512.Create(replacement)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Simd512<T> Mantissa, Simd512<T> Exponent) Decompose(Simd512<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var bits = value._value.AsInt32();
            var exponent = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(bits, 23) - Vector512.Create(126));
            var mantissa = (bits & Vector512.Create(unchecked((int)0x807FFFFF))) | Vector512.Create(0x3F000000);
            return (new(mantissa.As<int, T>()), new(exponent.As<float, T>()));
        }
        else
        {
            var bits = value._value.AsInt64();
            var exponent = Vector512.ConvertToDouble(Vector512.ShiftRightLogical(bits, 52) - Vector512.Create(1022L));
            var mantissa = (bits & Vector512.Create(unchecked((long)0x800FFFFFFFFFFFFF))) | Vector512.Create(0x3FE0000000000000L);
            return (new(mantissa.As<long, T>()), new(exponent.As<double, T>()));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd512<T> value) => Simd256<T>.Sum(Simd256<T>.From(value._value.GetLower() + value._value.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd512<T> value) => Simd256<T>.MaxAcross(Simd256<T>.From(Vector256.MaxNative(value._value.GetLower(), value._value.GetUpper())));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(Simd512<T> value) =>
        ~(ulong)Vector512.Equals(value._value, Vector512<T>.Zero).ExtractMostSignificantBits() & ((1UL << Vector512<T>.Count) - 1);
}
