using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>Fused multiply-add on Vector&lt;T&gt; for float and double (the type test is removed by the JIT).</summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> addend) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), addend.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), addend.As<T, double>()).As<double, T>();
        return a * b + addend;
    }

    /// <summary>n rounded up to a multiple of Vector&lt;T&gt;.Count.</summary>
    public static int Pad<T>(int n) where T : unmanaged
    {
        int w = Vector<T>.Count;
        return (n + w - 1) / w * w;
    }
}
