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

    /// <summary>
    /// e^x for float lanes: Cephes' expf polynomial after range reduction (about 2 ulp), exactly 0 below −87.3
    /// (so a negligible responsibility is a true zero and its work can be skipped), +∞-safe clamp above 88.7.
    /// (.NET's Vector.Exp for float computes through double.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> ExpSingle(Vector<float> x)
    {
        var underflow = Vector.LessThan(x, new Vector<float>(-87.33f));
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87.33f)), new Vector<float>(88.72f));
        var n = Vector.Round(x * new Vector<float>(1.44269504088896341f));
        var r = x - n * new Vector<float>(0.693359375f);
        r -= n * new Vector<float>(-2.12194440e-4f);
        var p = new Vector<float>(1.9875691500e-4f);
        p = p * r + new Vector<float>(1.3981999507e-3f);
        p = p * r + new Vector<float>(8.3334519073e-3f);
        p = p * r + new Vector<float>(4.1665795894e-2f);
        p = p * r + new Vector<float>(1.6666665459e-1f);
        p = p * r + new Vector<float>(5.0000001201e-1f);
        var y = p * (r * r) + r + Vector<float>.One;
        var scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23).As<int, float>();
        return Vector.ConditionalSelect(underflow, Vector<float>.Zero, y * scale);
    }
}
