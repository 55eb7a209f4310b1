using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Products for the full and tied kernels with points in the lanes: a tile is held feature-major (row j = feature j of
/// tp points, tp a multiple of 4 registers), so ‖eᵀU‖² and the projections need no horizontal sums. Each pass computes
/// 4 outputs of 4 registers of points (16 independent accumulators) from one feature row at a time; U is upper
/// triangular d×d4 (d4 = d rounded up to 4, zero-padded), so output block [i0, i0 + 4) reads features j &lt; i0 + 4.
/// </summary>
internal static class PointLaneProducts<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    /// <summary>xT (d×tp) = the first d columns of x (rows×dp, row-major); columns ≥ rows of xT become 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(ReadOnlySpan<T> x, int rows, int d, int dp, Span<T> xT, int tp)
    {
        ref T source = ref MemoryMarshal.GetReference(x);
        ref T target = ref MemoryMarshal.GetReference(xT);
        for (int b = 0; b < rows; b++)
        {
            ref T row = ref Unsafe.Add(ref source, b * dp);
            for (int j = 0; j < d; j++) Unsafe.Add(ref target, j * tp + b) = Unsafe.Add(ref row, j);
        }
        if (rows < tp)
            for (int j = 0; j < d; j++) xT.Slice(j * tp + rows, tp - rows).Clear();
    }

    /// <summary>
    /// squares[b] = ‖Σ_j e[j, b]·U[j, ·]‖² for the tp points of e (d×tp, feature-major); U d×d4 upper triangular.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SquaredNorms(ReadOnlySpan<T> e, ReadOnlySpan<T> u, int d, int tp, Span<T> squares)
    {
        int w = TV.Count, d4 = (d + 3) & ~3;
        ref T e0 = ref MemoryMarshal.GetReference(e);
        ref T u0 = ref MemoryMarshal.GetReference(u);
        ref T s0 = ref MemoryMarshal.GetReference(squares);
        for (int p = 0; p < tp; p += 4 * w)
        {
            nuint p1 = (nuint)(p + w), p2 = (nuint)(p + 2 * w), p3 = (nuint)(p + 3 * w);
            TV n0 = default, n1 = default, n2 = default, n3 = default;
            for (int i0 = 0; i0 < d; i0 += 4)
            {
                TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                int end = Math.Min(d, i0 + 4);
                ref T ej = ref Unsafe.Add(ref e0, p);
                ref T uj = ref Unsafe.Add(ref u0, i0);
                for (int j = 0; j < end; j++)
                {
                    TV x0 = TV.Load(ref ej, 0), x1 = TV.Load(ref ej, (nuint)w), x2 = TV.Load(ref ej, (nuint)(2 * w)), x3 = TV.Load(ref ej, (nuint)(3 * w));
                    var c = TV.Create(uj);
                    a00 = TV.MultiplyAdd(x0, c, a00); a01 = TV.MultiplyAdd(x1, c, a01); a02 = TV.MultiplyAdd(x2, c, a02); a03 = TV.MultiplyAdd(x3, c, a03);
                    c = TV.Create(Unsafe.Add(ref uj, 1));
                    a10 = TV.MultiplyAdd(x0, c, a10); a11 = TV.MultiplyAdd(x1, c, a11); a12 = TV.MultiplyAdd(x2, c, a12); a13 = TV.MultiplyAdd(x3, c, a13);
                    c = TV.Create(Unsafe.Add(ref uj, 2));
                    a20 = TV.MultiplyAdd(x0, c, a20); a21 = TV.MultiplyAdd(x1, c, a21); a22 = TV.MultiplyAdd(x2, c, a22); a23 = TV.MultiplyAdd(x3, c, a23);
                    c = TV.Create(Unsafe.Add(ref uj, 3));
                    a30 = TV.MultiplyAdd(x0, c, a30); a31 = TV.MultiplyAdd(x1, c, a31); a32 = TV.MultiplyAdd(x2, c, a32); a33 = TV.MultiplyAdd(x3, c, a33);
                    ej = ref Unsafe.Add(ref ej, tp);
                    uj = ref Unsafe.Add(ref uj, d4);
                }
                n0 = TV.MultiplyAdd(a00, a00, TV.MultiplyAdd(a10, a10, TV.MultiplyAdd(a20, a20, TV.MultiplyAdd(a30, a30, n0))));
                n1 = TV.MultiplyAdd(a01, a01, TV.MultiplyAdd(a11, a11, TV.MultiplyAdd(a21, a21, TV.MultiplyAdd(a31, a31, n1))));
                n2 = TV.MultiplyAdd(a02, a02, TV.MultiplyAdd(a12, a12, TV.MultiplyAdd(a22, a22, TV.MultiplyAdd(a32, a32, n2))));
                n3 = TV.MultiplyAdd(a03, a03, TV.MultiplyAdd(a13, a13, TV.MultiplyAdd(a23, a23, TV.MultiplyAdd(a33, a33, n3))));
            }
            n0.Store(ref s0, (nuint)p); n1.Store(ref s0, p1); n2.Store(ref s0, p2); n3.Store(ref s0, p3);
        }
    }

    /// <summary>y (d×tp) = (eᵀU)ᵀ for the tp points of e (d×tp, feature-major); U d×d4 upper triangular.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Product(ReadOnlySpan<T> e, ReadOnlySpan<T> u, int d, int tp, Span<T> y)
    {
        int w = TV.Count, d4 = (d + 3) & ~3;
        ref T e0 = ref MemoryMarshal.GetReference(e);
        ref T u0 = ref MemoryMarshal.GetReference(u);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        for (int p = 0; p < tp; p += 4 * w)
        {
            for (int i0 = 0; i0 < d; i0 += 4)
            {
                TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                int end = Math.Min(d, i0 + 4);
                ref T ej = ref Unsafe.Add(ref e0, p);
                ref T uj = ref Unsafe.Add(ref u0, i0);
                for (int j = 0; j < end; j++)
                {
                    TV x0 = TV.Load(ref ej, 0), x1 = TV.Load(ref ej, (nuint)w), x2 = TV.Load(ref ej, (nuint)(2 * w)), x3 = TV.Load(ref ej, (nuint)(3 * w));
                    var c = TV.Create(uj);
                    a00 = TV.MultiplyAdd(x0, c, a00); a01 = TV.MultiplyAdd(x1, c, a01); a02 = TV.MultiplyAdd(x2, c, a02); a03 = TV.MultiplyAdd(x3, c, a03);
                    c = TV.Create(Unsafe.Add(ref uj, 1));
                    a10 = TV.MultiplyAdd(x0, c, a10); a11 = TV.MultiplyAdd(x1, c, a11); a12 = TV.MultiplyAdd(x2, c, a12); a13 = TV.MultiplyAdd(x3, c, a13);
                    c = TV.Create(Unsafe.Add(ref uj, 2));
                    a20 = TV.MultiplyAdd(x0, c, a20); a21 = TV.MultiplyAdd(x1, c, a21); a22 = TV.MultiplyAdd(x2, c, a22); a23 = TV.MultiplyAdd(x3, c, a23);
                    c = TV.Create(Unsafe.Add(ref uj, 3));
                    a30 = TV.MultiplyAdd(x0, c, a30); a31 = TV.MultiplyAdd(x1, c, a31); a32 = TV.MultiplyAdd(x2, c, a32); a33 = TV.MultiplyAdd(x3, c, a33);
                    ej = ref Unsafe.Add(ref ej, tp);
                    uj = ref Unsafe.Add(ref uj, d4);
                }
                Store(ref y0, i0, d, tp, p, w, a00, a01, a02, a03);
                Store(ref y0, i0 + 1, d, tp, p, w, a10, a11, a12, a13);
                Store(ref y0, i0 + 2, d, tp, p, w, a20, a21, a22, a23);
                Store(ref y0, i0 + 3, d, tp, p, w, a30, a31, a32, a33);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref T y, int i, int d, int tp, int p, int w, TV v0, TV v1, TV v2, TV v3)
    {
        if (i >= d) return;
        nuint o = (nuint)(i * tp + p);
        v0.Store(ref y, o); v1.Store(ref y, o + (nuint)w); v2.Store(ref y, o + (nuint)(2 * w)); v3.Store(ref y, o + (nuint)(3 * w));
    }
}
