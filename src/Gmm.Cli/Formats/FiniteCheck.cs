using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cli.Formats;

/// <summary>
/// Whether a span holds only finite values, compiled fully optimised on its first call: a pass over a whole input file
/// runs once per process, where generic code over float or double would otherwise start in the JIT's first tier
/// (ReadyToRun does not precompile such instantiations: their type parameter has interface constraints).
/// </summary>
internal static class FiniteCheck
{
    /// <summary>True when no value of <paramref name="values"/> is NaN or ±∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // x − x is 0 for a finite x and NaN for NaN and ±∞, and a sum of such terms stays 0 until one is NaN.
        int i = 0, n = values.Length, w = Vector<T>.Count;
        ref T start = ref MemoryMarshal.GetReference(values);
        Vector<T> sumA = Vector<T>.Zero, sumB = Vector<T>.Zero;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            var a = Vector.LoadUnsafe(ref start, (nuint)i);
            var b = Vector.LoadUnsafe(ref start, (nuint)(i + w));
            var c = Vector.LoadUnsafe(ref start, (nuint)(i + 2 * w));
            var d = Vector.LoadUnsafe(ref start, (nuint)(i + 3 * w));
            sumA += (a - a) + (c - c);
            sumB += (b - b) + (d - d);
        }
        for (; i + w <= n; i += w)
        {
            var a = Vector.LoadUnsafe(ref start, (nuint)i);
            sumA += a - a;
        }
        if (!Vector.EqualsAll(sumA + sumB, Vector<T>.Zero)) return false;
        for (; i < n; i++)
            if (!T.IsFinite(Unsafe.Add(ref start, i))) return false;
        return true;
    }
}
