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
    /// <summary>
    /// xT (d×tp) = the first d columns of x (rows×dp, row-major; tp rows held); columns ≥ rows of xT become 0. Float32
    /// tiles in 512- and 256-bit registers go through <see cref="TileTranspose"/>, register blocks at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(ReadOnlySpan<T> x, int rows, int d, int dp, Span<T> xT, int tp)
    {
        ref T source = ref MemoryMarshal.GetReference(x);
        ref T target = ref MemoryMarshal.GetReference(xT);
        int w = TV.Count, done = 0;
        if (typeof(T) == typeof(float) && (w == 16 && TileTranspose.Float512Supported || w == 8 && TileTranspose.Float256Supported))
        {
            done = (rows + w - 1) / w * w; // tp is a multiple of w: the last block reads rows of x past the tile's, cleared below
            if (w == 16) TileTranspose.Float512(ref Unsafe.As<T, float>(ref source), done, d, dp, ref Unsafe.As<T, float>(ref target), tp);
            else TileTranspose.Float256(ref Unsafe.As<T, float>(ref source), done, d, dp, ref Unsafe.As<T, float>(ref target), tp);
        }
        for (int b = done; b < rows; b++)
        {
            ref T row = ref Unsafe.Add(ref source, b * dp);
            for (int j = 0; j < d; j++) Unsafe.Add(ref target, j * tp + b) = Unsafe.Add(ref row, j);
        }
        if (rows < tp)
            for (int j = 0; j < d; j++) xT.Slice(j * tp + rows, tp - rows).Clear();
    }

    /// <summary>
    /// squares[b] = ‖Σ_j (x[j, b] − μ_j)·U[j, ·]‖² for the tp points of x (d×tp, feature-major) and the mean μ (d); U
    /// d×d4 upper triangular. The differences are formed in registers as each feature row is read, not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SquaredNorms(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> u, int d, int tp, Span<T> squares) =>
        Blocks<SquaredNormStore<T, TV>>(x, mean, u, d, tp, squares);

    /// <summary>y (d×tp) = (eᵀU)ᵀ for the tp points of e (d×tp, feature-major); U d×d4 upper triangular.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Product(ReadOnlySpan<T> e, ReadOnlySpan<T> u, int d, int tp, Span<T> y) =>
        Blocks<ProductStore<T, TV>>(e, default, u, d, tp, y);

    /// <summary>
    /// The one register block of both products: for each 4 registers of points and each 4 outputs, the 16
    /// accumulators of eᵀU, handed to <typeparamref name="TStore"/> one output row at a time (last row first) and
    /// finished once per 4 registers of points. The store policy is a struct type argument, so each product compiles
    /// to its own loop with the policy inlined; where it says so (<see cref="IPointLaneStore{T, TV}.SubtractsMean"/>)
    /// the rows of e are the rows of x less <paramref name="mean"/>[j], formed as they are loaded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocks<TStore>(ReadOnlySpan<T> e, ReadOnlySpan<T> mean, ReadOnlySpan<T> u, int d, int tp, Span<T> destination)
        where TStore : struct, IPointLaneStore<T, TV>
    {
        int w = TV.Count, d4 = (d + 3) & ~3;
        ref T e0 = ref MemoryMarshal.GetReference(e);
        ref T m0 = ref MemoryMarshal.GetReference(mean);
        ref T u0 = ref MemoryMarshal.GetReference(u);
        ref T y0 = ref MemoryMarshal.GetReference(destination);
        for (int p = 0; p < tp; p += 4 * w)
        {
            var store = default(TStore);
            for (int i0 = 0; i0 < d; i0 += 4)
            {
                TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                int end = Math.Min(d, i0 + 4);
                ref T ej = ref Unsafe.Add(ref e0, p);
                ref T uj = ref Unsafe.Add(ref u0, i0);
                TV x0, x1, x2, x3, c;
                for (int j = 0; j < i0; j++)
                {
                    LoadRow<TStore>(ref ej, ref m0, j, out x0, out x1, out x2, out x3);
                    c = TV.Create(uj);
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
                // The diagonal block, feature rows i0 … end − 1: row i0 + s of U is 0 left of column i0 + s, so outputs
                // i0 + t with t < s take only exact zeros there and are left out (for finite x − μ an accumulator can
                // differ only in the sign of a zero, which neither a square nor the tied kernel's later sums can see;
                // an x − μ that overflows to ±∞ no longer makes a NaN of ∞·0 there).
                LoadRow<TStore>(ref ej, ref m0, i0, out x0, out x1, out x2, out x3);
                c = TV.Create(uj);
                a00 = TV.MultiplyAdd(x0, c, a00); a01 = TV.MultiplyAdd(x1, c, a01); a02 = TV.MultiplyAdd(x2, c, a02); a03 = TV.MultiplyAdd(x3, c, a03);
                c = TV.Create(Unsafe.Add(ref uj, 1));
                a10 = TV.MultiplyAdd(x0, c, a10); a11 = TV.MultiplyAdd(x1, c, a11); a12 = TV.MultiplyAdd(x2, c, a12); a13 = TV.MultiplyAdd(x3, c, a13);
                c = TV.Create(Unsafe.Add(ref uj, 2));
                a20 = TV.MultiplyAdd(x0, c, a20); a21 = TV.MultiplyAdd(x1, c, a21); a22 = TV.MultiplyAdd(x2, c, a22); a23 = TV.MultiplyAdd(x3, c, a23);
                c = TV.Create(Unsafe.Add(ref uj, 3));
                a30 = TV.MultiplyAdd(x0, c, a30); a31 = TV.MultiplyAdd(x1, c, a31); a32 = TV.MultiplyAdd(x2, c, a32); a33 = TV.MultiplyAdd(x3, c, a33);
                if (end > i0 + 1)
                {
                    ej = ref Unsafe.Add(ref ej, tp);
                    uj = ref Unsafe.Add(ref uj, d4);
                    LoadRow<TStore>(ref ej, ref m0, i0 + 1, out x0, out x1, out x2, out x3);
                    c = TV.Create(Unsafe.Add(ref uj, 1));
                    a10 = TV.MultiplyAdd(x0, c, a10); a11 = TV.MultiplyAdd(x1, c, a11); a12 = TV.MultiplyAdd(x2, c, a12); a13 = TV.MultiplyAdd(x3, c, a13);
                    c = TV.Create(Unsafe.Add(ref uj, 2));
                    a20 = TV.MultiplyAdd(x0, c, a20); a21 = TV.MultiplyAdd(x1, c, a21); a22 = TV.MultiplyAdd(x2, c, a22); a23 = TV.MultiplyAdd(x3, c, a23);
                    c = TV.Create(Unsafe.Add(ref uj, 3));
                    a30 = TV.MultiplyAdd(x0, c, a30); a31 = TV.MultiplyAdd(x1, c, a31); a32 = TV.MultiplyAdd(x2, c, a32); a33 = TV.MultiplyAdd(x3, c, a33);
                }
                if (end > i0 + 2)
                {
                    ej = ref Unsafe.Add(ref ej, tp);
                    uj = ref Unsafe.Add(ref uj, d4);
                    LoadRow<TStore>(ref ej, ref m0, i0 + 2, out x0, out x1, out x2, out x3);
                    c = TV.Create(Unsafe.Add(ref uj, 2));
                    a20 = TV.MultiplyAdd(x0, c, a20); a21 = TV.MultiplyAdd(x1, c, a21); a22 = TV.MultiplyAdd(x2, c, a22); a23 = TV.MultiplyAdd(x3, c, a23);
                    c = TV.Create(Unsafe.Add(ref uj, 3));
                    a30 = TV.MultiplyAdd(x0, c, a30); a31 = TV.MultiplyAdd(x1, c, a31); a32 = TV.MultiplyAdd(x2, c, a32); a33 = TV.MultiplyAdd(x3, c, a33);
                }
                if (end > i0 + 3)
                {
                    ej = ref Unsafe.Add(ref ej, tp);
                    uj = ref Unsafe.Add(ref uj, d4);
                    LoadRow<TStore>(ref ej, ref m0, i0 + 3, out x0, out x1, out x2, out x3);
                    c = TV.Create(Unsafe.Add(ref uj, 3));
                    a30 = TV.MultiplyAdd(x0, c, a30); a31 = TV.MultiplyAdd(x1, c, a31); a32 = TV.MultiplyAdd(x2, c, a32); a33 = TV.MultiplyAdd(x3, c, a33);
                }
                store.Row(ref y0, i0 + 3, d, tp, p, a30, a31, a32, a33);
                store.Row(ref y0, i0 + 2, d, tp, p, a20, a21, a22, a23);
                store.Row(ref y0, i0 + 1, d, tp, p, a10, a11, a12, a13);
                store.Row(ref y0, i0, d, tp, p, a00, a01, a02, a03);
            }
            store.Finish(ref y0, p);
        }
    }

    /// <summary>Feature row j of four registers of points (e at <paramref name="ej"/>), less mean[j] where the store says so.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadRow<TStore>(ref T ej, ref T m0, int j, out TV x0, out TV x1, out TV x2, out TV x3)
        where TStore : struct, IPointLaneStore<T, TV>
    {
        int w = TV.Count;
        x0 = TV.Load(ref ej, 0); x1 = TV.Load(ref ej, (nuint)w); x2 = TV.Load(ref ej, (nuint)(2 * w)); x3 = TV.Load(ref ej, (nuint)(3 * w));
        if (TStore.SubtractsMean)
        {
            var m = TV.Create(Unsafe.Add(ref m0, j));
            x0 -= m; x1 -= m; x2 -= m; x3 -= m;
        }
    }
}
