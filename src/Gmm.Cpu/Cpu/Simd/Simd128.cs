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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Min(Simd128<T> left, Simd128<T> right) => new(Vector128.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Round(Simd128<T> value) => typeof(T) == typeof(float)
        ? new(Vector128.Round(value._value.AsSingle()).As<float, T>())
        : new(Vector128.Round(value._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ScaleByPowerOfTwo(Simd128<T> value, Simd128<T> exponent) => typeof(T) == typeof(float)
        ? new(value._value * Vector128.ShiftLeft(Vector128.ConvertToInt32(exponent._value.AsSingle()) + Vector128.Create(127), 23).As<int, T>())
        : new(value._value * Vector128.ShiftLeft(Vector128.ConvertToInt64(exponent._value.AsDouble()) + Vector128.Create(1023L), 52).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ZeroWhereLess(Simd128<T> value, Simd128<T> x, Simd128<T> threshold) =>
        new(Vector128.ConditionalSelect(Vector128.LessThan(x._value, threshold._value), Vector128<T>.Zero, value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Exp(Simd128<T> x) => typeof(T) == typeof(float)
        ? Unsafe.BitCast<Simd128<float>, Simd128<T>>(SimdMath.ExpSingle(Unsafe.BitCast<Simd128<T>, Simd128<float>>(x)))
        : new(Vector128.Exp(x._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Log(Simd128<T> x) => typeof(T) == typeof(float)
        ? new(Vector128.Log(x._value.AsSingle()).As<float, T>())
        : new(Vector128.Log(x._value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd128<T> value) => Vector128.Sum(value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd128<T> value)
    {
        T max = value._value.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++) max = T.Max(max, value._value.GetElement(i));
        return max;
    }
}
