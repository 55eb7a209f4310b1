using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// <see cref="PointLanes"/> with the first sixteen components transposed as one 16×16 square in registers both ways
/// (TileTranspose.Float512's shuffles: 16 full-width loads or stores instead of 64 128-bit inserts or extracts) and
/// components 16 … 19 in a 4-wide group written back as 256 bits with components 20 … 23 zero; K = 17 … 20.
/// </summary>
internal static class PointLanesSquare
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int Run(float[] lpArray, float[] weightArray, float[] rowMaxArray, float[] rowSumArray, float[] scratchArray, int k, int rows, bool math = true)
    {
        const int kp = 32;
        if (k is < 17 or > 20) throw new ArgumentOutOfRangeException(nameof(k));
        int b = 0;
        ref float lp = ref MemoryMarshal.GetArrayDataReference(lpArray);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(weightArray);
        ref float rowMax = ref MemoryMarshal.GetArrayDataReference(rowMaxArray);
        ref float rowSum = ref MemoryMarshal.GetArrayDataReference(rowSumArray);
        ref float t = ref MemoryMarshal.GetArrayDataReference(scratchArray);
        for (; b + 16 <= rows; b += 16)
        {
            ref float block = ref Unsafe.Add(ref lp, b * kp);
            Square16(ref block, kp, ref t, 16);
            PointLanes.TransposeIn(ref Unsafe.Add(ref block, 16), ref Unsafe.Add(ref t, 256));
            if (math)
            {
                var max = Simd512<float>.Load(ref t, 0);
                for (int c = 1; c < k; c++) max = Simd512<float>.MaxNative(max, Simd512<float>.Load(ref t, (nuint)(16 * c)));
                for (int c = 0; c < k; c++) Simd512<float>.ExpBelowOverflow(Simd512<float>.Load(ref t, (nuint)(16 * c)) - max).Store(ref t, (nuint)(16 * c));
                // v_j = u_j + u_{j+4}, u_j = (e_j + e_{16+j}) + e_{j+8} (e_{16+j}, e_{20+j} left out where padding: + 0).
                Simd512<float> v0 = V(ref t, k, 0), v1 = V(ref t, k, 1), v2 = V(ref t, k, 2), v3 = V(ref t, k, 3);
                var sum = (v0 + v2) + (v1 + v3);
                var scale = Simd512<float>.Load(ref weights, (nuint)b) / sum;
                for (int c = 0; c < k; c++) (Simd512<float>.Load(ref t, (nuint)(16 * c)) * scale).Store(ref t, (nuint)(16 * c));
                max.Store(ref rowMax, (nuint)b);
                sum.Store(ref rowSum, (nuint)b);
            }
            Square16(ref t, 16, ref block, kp);
            Group4Out(ref Unsafe.Add(ref t, 256), k - 16, ref Unsafe.Add(ref block, 16));
        }
        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Simd512<float> V(ref float t, int k, int j)
    {
        var u = Simd512<float>.Load(ref t, (nuint)(16 * j));
        if (16 + j < k) u += Simd512<float>.Load(ref t, (nuint)(16 * (16 + j)));
        u += Simd512<float>.Load(ref t, (nuint)(16 * (j + 8)));
        var u4 = Simd512<float>.Load(ref t, (nuint)(16 * (j + 4)));
        if (20 + j < k) u4 += Simd512<float>.Load(ref t, (nuint)(16 * (20 + j)));
        return u + (u4 + Simd512<float>.Load(ref t, (nuint)(16 * (j + 12))));
    }

    /// <summary>Four registers (components 16 … 19; those at or past <paramref name="real"/> as +0) into 256 bits of 16 rows (components 16 … 23; 20 … 23 zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group4Out(ref float source, int real, ref float target)
    {
        var c0 = Vector512.LoadUnsafe(ref source, 0);
        var c1 = real > 1 ? Vector512.LoadUnsafe(ref source, 16) : Vector512<float>.Zero;
        var c2 = real > 2 ? Vector512.LoadUnsafe(ref source, 32) : Vector512<float>.Zero;
        var c3 = real > 3 ? Vector512.LoadUnsafe(ref source, 48) : Vector512<float>.Zero;
        var t0 = Avx512F.UnpackLow(c0, c1).AsDouble();
        var t1 = Avx512F.UnpackHigh(c0, c1).AsDouble();
        var t2 = Avx512F.UnpackLow(c2, c3).AsDouble();
        var t3 = Avx512F.UnpackHigh(c2, c3).AsDouble();
        Store4(Avx512F.UnpackLow(t0, t2).AsSingle(), ref target, 0);
        Store4(Avx512F.UnpackHigh(t0, t2).AsSingle(), ref target, 1);
        Store4(Avx512F.UnpackLow(t1, t3).AsSingle(), ref target, 2);
        Store4(Avx512F.UnpackHigh(t1, t3).AsSingle(), ref target, 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(Vector512<float> r, ref float target, int g)
    {
        r.GetLower().GetLower().ToVector256().StoreUnsafe(ref target, (nuint)(32 * g));
        Avx512F.ExtractVector128(r, 1).ToVector256().StoreUnsafe(ref target, (nuint)(32 * (4 + g)));
        Avx512F.ExtractVector128(r, 2).ToVector256().StoreUnsafe(ref target, (nuint)(32 * (8 + g)));
        Avx512F.ExtractVector128(r, 3).ToVector256().StoreUnsafe(ref target, (nuint)(32 * (12 + g)));
    }

    /// <summary>target[i, j] = source[j, i] for a 16×16 square (row strides in floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Square16(ref float source, int sourceStride, ref float target, int targetStride)
    {
        var (c0, c1, c2, c3, c4, c5, c6, c7) = Quarter512(ref source, sourceStride);
        var (c8, c9, c10, c11, c12, c13, c14, c15) = Quarter512(ref Unsafe.Add(ref source, 8 * sourceStride), sourceStride);
        nuint s = (nuint)targetStride;
        Avx512F.Shuffle4x128(c0, c8, 0x88).StoreUnsafe(ref target, 0);
        Avx512F.Shuffle4x128(c0, c8, 0xDD).StoreUnsafe(ref target, 8 * s);
        Avx512F.Shuffle4x128(c1, c9, 0x88).StoreUnsafe(ref target, 1 * s);
        Avx512F.Shuffle4x128(c1, c9, 0xDD).StoreUnsafe(ref target, 9 * s);
        Avx512F.Shuffle4x128(c2, c10, 0x88).StoreUnsafe(ref target, 2 * s);
        Avx512F.Shuffle4x128(c2, c10, 0xDD).StoreUnsafe(ref target, 10 * s);
        Avx512F.Shuffle4x128(c3, c11, 0x88).StoreUnsafe(ref target, 3 * s);
        Avx512F.Shuffle4x128(c3, c11, 0xDD).StoreUnsafe(ref target, 11 * s);
        Avx512F.Shuffle4x128(c4, c12, 0x88).StoreUnsafe(ref target, 4 * s);
        Avx512F.Shuffle4x128(c4, c12, 0xDD).StoreUnsafe(ref target, 12 * s);
        Avx512F.Shuffle4x128(c5, c13, 0x88).StoreUnsafe(ref target, 5 * s);
        Avx512F.Shuffle4x128(c5, c13, 0xDD).StoreUnsafe(ref target, 13 * s);
        Avx512F.Shuffle4x128(c6, c14, 0x88).StoreUnsafe(ref target, 6 * s);
        Avx512F.Shuffle4x128(c6, c14, 0xDD).StoreUnsafe(ref target, 14 * s);
        Avx512F.Shuffle4x128(c7, c15, 0x88).StoreUnsafe(ref target, 7 * s);
        Avx512F.Shuffle4x128(c7, c15, 0xDD).StoreUnsafe(ref target, 15 * s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>)
        Quarter512(ref float row, int stride)
    {
        var (u0, u1, u2, u3) = Four512(ref row, stride);
        var (u4, u5, u6, u7) = Four512(ref Unsafe.Add(ref row, 4 * stride), stride);
        return (Avx512F.Shuffle4x128(u0, u4, 0x88), Avx512F.Shuffle4x128(u1, u5, 0x88), Avx512F.Shuffle4x128(u2, u6, 0x88), Avx512F.Shuffle4x128(u3, u7, 0x88),
            Avx512F.Shuffle4x128(u0, u4, 0xDD), Avx512F.Shuffle4x128(u1, u5, 0xDD), Avx512F.Shuffle4x128(u2, u6, 0xDD), Avx512F.Shuffle4x128(u3, u7, 0xDD));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) Four512(ref float row, int stride)
    {
        var r0 = Vector512.LoadUnsafe(ref row);
        var r1 = Vector512.LoadUnsafe(ref row, (nuint)stride);
        var r2 = Vector512.LoadUnsafe(ref row, (nuint)(2 * stride));
        var r3 = Vector512.LoadUnsafe(ref row, (nuint)(3 * stride));
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        return (Avx512F.UnpackLow(t0, t2).AsSingle(), Avx512F.UnpackHigh(t0, t2).AsSingle(), Avx512F.UnpackLow(t1, t3).AsSingle(), Avx512F.UnpackHigh(t1, t3).AsSingle());
    }
}
