using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gmm.Cpu;

/// <summary>A 128-bit register (SSE, Arm64 AdvSIMD, or wider hardware asked for 128 bits): 4 float or 2 double lanes.</summary>
internal readonly struct Simd128<T> : ISimd<Simd128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _value;

    private Simd128(Vector128<T> value) => _value = value;

    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Simd128<T> From(Vector128<T> value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Create(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Load(ref T source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint offset) => _value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator +(Simd128<T> left, Simd128<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> left, Simd128<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator *(Simd128<T> left, Simd128<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator /(Simd128<T> left, Simd128<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> MultiplyAdd(Simd128<T> a, Simd128<T> b, Simd128<T> addend) => typeof(T) == typeof(float)
        ? new(Vector128.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), addend._value.AsSingle()).As<float, T>())
        : new(Vector128.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), addend._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Max(Simd128<T> left, Simd128<T> right) => new(Vector128.Max(left._value, right._value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> MaxNative(Simd128<T> left, Simd128<T> right) => new(Vector128.MaxNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Min(Simd128<T> left, Simd128<T> right) => new(Vector128.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Round(Simd128<T> value) => typeof(T) == typeof(float)
        ? new(Vector128.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector128.Round(value._value.AsDouble()).As<double, T>());

    /// <remarks>
    /// Double lanes: the integer n is read from the low bits of n + <see cref="SimdMath.IntegerShifter"/> rather than
    /// converted with ConvertToInt64Native, which has no instruction below AVX-512 (DQ) and runs per lane in software
    /// there; the same 2ⁿ for every n of the normal range.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ScaleByPowerOfTwo(Simd128<T> value, Simd128<T> exponent) => typeof(T) == typeof(float)
        ? new(value._value * Vector128.ShiftLeft(Vector128.ConvertToInt32Native(exponent._value.AsSingle()) + Vector128.Create(127), 23).As<int, T>())
        : new(value._value * Vector128.ShiftLeft((exponent._value.AsDouble() + Vector128.Create(SimdMath.IntegerShifter)).AsInt64() + Vector128.Create(1023L), 52).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ZeroWhereLess(Simd128<T> value, Simd128<T> x, Simd128<T> threshold) =>
        new(Vector128.ConditionalSelect(Vector128.LessThan(x._value, threshold._value), Vector128<T>.Zero, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Exp(Simd128<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd128<float>, Simd128<T>>(SimdMath.ExpSingle(Unsafe.BitCast<Simd128<T>, Simd128<float>>(x)))
        : Unsafe.BitCast<Simd128<double>, Simd128<T>>(SimdMath.ExpDouble(Unsafe.BitCast<Simd128<T>, Simd128<double>>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ExpBelowOverflow(Simd128<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd128<float>, Simd128<T>>(SimdMath.ExpSingleBelowOverflow(Unsafe.BitCast<Simd128<T>, Simd128<float>>(x)))
        : Unsafe.BitCast<Simd128<double>, Simd128<T>>(SimdMath.ExpDoubleBelowOverflow(Unsafe.BitCast<Simd128<T>, Simd128<double>>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Log(Simd128<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd128<float>, Simd128<T>>(SimdMath.LogSingle(Unsafe.BitCast<Simd128<T>, Simd128<float>>(x)))
        : new(Vector128.Log(x._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ReplaceFrom(Simd128<T> value, int firstLane, T replacement) =>
        new(Vector128.ConditionalSelect(Vector128.LessThan(Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(firstLane))), value._value, Vector128.Create(replacement)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Simd128<T> Mantissa, Simd128<T> Exponent) Decompose(Simd128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var bits = value._value.AsInt32();
            var exponent = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(bits, 23) - Vector128.Create(126));
            var mantissa = (bits & Vector128.Create(unchecked((int)0x807FFFFF))) | Vector128.Create(0x3F000000);
            return (new(mantissa.As<int, T>()), new(exponent.As<float, T>()));
        }
        else
        {
            var bits = value._value.AsInt64();
            var exponent = Vector128.ConvertToDouble(Vector128.ShiftRightLogical(bits, 52) - Vector128.Create(1022L));
            var mantissa = (bits & Vector128.Create(unchecked((long)0x800FFFFFFFFFFFFF))) | Vector128.Create(0x3FE0000000000000L);
            return (new(mantissa.As<long, T>()), new(exponent.As<double, T>()));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var v = value._value.AsSingle();
            v += Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
            v += Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
            return v.As<float, T>().ToScalar();
        }
        var u = value._value.AsDouble();
        return (u + Vector128.Shuffle(u, Vector128.Create(1L, 0L))).As<double, T>().ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var v = value._value.AsSingle();
            v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
            v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
            return v.As<float, T>().ToScalar();
        }
        var u = value._value.AsDouble();
        return Vector128.MaxNative(u, Vector128.Shuffle(u, Vector128.Create(1L, 0L))).As<double, T>().ToScalar();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(Simd128<T> value) =>
        ~(ulong)Vector128.Equals(value._value, Vector128<T>.Zero).ExtractMostSignificantBits() & ((1UL << Vector128<T>.Count) - 1);
}
