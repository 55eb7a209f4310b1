using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>Small vectorised float64 span loops shared by the initialisation passes.</summary>
internal static class SpanMath
{
    /// <summary>target += scale·source, element by element, vectorised (multiply then add, unfused, as the scalar loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        int n = target.Length, i = 0;
        ref double t = ref MemoryMarshal.GetReference(target);
        ref double s = ref MemoryMarshal.GetReference(source);
        if (Vector.IsHardwareAccelerated)
        {
            var factor = new Vector<double>(scale);
            for (; i + Vector<double>.Count <= n; i += Vector<double>.Count)
                (Vector.LoadUnsafe(ref t, (nuint)i) + factor * Vector.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref t, i) += scale * Unsafe.Add(ref s, i);
    }

    /// <summary>‖a − b‖², vectorised (lane sums, then the tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        ref double x = ref MemoryMarshal.GetReference(a);
        ref double y = ref MemoryMarshal.GetReference(b);
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var lanes = Vector<double>.Zero;
            for (; i + Vector<double>.Count <= n; i += Vector<double>.Count)
            {
                var e = Vector.LoadUnsafe(ref x, (nuint)i) - Vector.LoadUnsafe(ref y, (nuint)i);
                lanes += e * e;
            }
            sum = Vector.Sum(lanes);
        }
        for (; i < n; i++)
        {
            double e = Unsafe.Add(ref x, i) - Unsafe.Add(ref y, i);
            sum += e * e;
        }
        return sum;
    }
}
