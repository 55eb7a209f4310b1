using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm.Cpu;

/// <summary>
/// Register-blocked small matrix products for the full and tied kernels. Rows are points (dp-padded, so row r of a
/// matrix is vectors [r·dv, (r+1)·dv)); four rows share each loaded vector so four FMA chains run side by side.
/// </summary>
internal static class BlockedProducts<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Y = A·U for rows [0, rows4) of A (rows4 a multiple of 4), with U upper-triangular d×dp (row j, vectorised
    /// columns; zero left of the diagonal). Only column blocks at or right of each row's diagonal block are touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpperTriangularProduct(ReadOnlySpan<T> a, ReadOnlySpan<Vector<T>> u, int rows4, int d, int dv, Span<Vector<T>> y)
    {
        int w = Vector<T>.Count, dp = dv * w;
        for (int b = 0; b < rows4; b += 4)
        {
            var a0 = a.Slice(b * dp, dp);
            var a1 = a.Slice((b + 1) * dp, dp);
            var a2 = a.Slice((b + 2) * dp, dp);
            var a3 = a.Slice((b + 3) * dp, dp);
            for (int v = 0; v < dv; v++)
            {
                Vector<T> y0 = Vector<T>.Zero, y1 = Vector<T>.Zero, y2 = Vector<T>.Zero, y3 = Vector<T>.Zero;
                int end = Math.Min(d, (v + 1) * w);
                for (int j = 0; j < end; j++)
                {
                    var uj = u[j * dv + v];
                    y0 = VectorMath.MultiplyAdd(new Vector<T>(a0[j]), uj, y0);
                    y1 = VectorMath.MultiplyAdd(new Vector<T>(a1[j]), uj, y1);
                    y2 = VectorMath.MultiplyAdd(new Vector<T>(a2[j]), uj, y2);
                    y3 = VectorMath.MultiplyAdd(new Vector<T>(a3[j]), uj, y3);
                }
                y[b * dv + v] = y0;
                y[(b + 1) * dv + v] = y1;
                y[(b + 2) * dv + v] = y2;
                y[(b + 3) * dv + v] = y3;
            }
        }
    }

    /// <summary>
    /// S += Σ_q left[q]ᵀ ⊗ right[q] over rows q &lt; count, upper blocks only: S is d4×dp (d4 = d rounded up to 4),
    /// S[i, block v] += Σ_q left[q, i]·right[q, block v] for v ≥ ⌊i/W⌋.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RankUpdate(ReadOnlySpan<T> left, ReadOnlySpan<Vector<T>> right, int count, int d, int dv, Span<Vector<T>> s)
    {
        int w = Vector<T>.Count, dp = dv * w;
        for (int i = 0; i < d; i += 4)
        {
            for (int v = i / w; v < dv; v++)
            {
                Vector<T> s0 = s[i * dv + v], s1 = s[(i + 1) * dv + v], s2 = s[(i + 2) * dv + v], s3 = s[(i + 3) * dv + v];
                for (int q = 0; q < count; q++)
                {
                    var r = right[q * dv + v];
                    int o = q * dp + i;
                    s0 = VectorMath.MultiplyAdd(new Vector<T>(left[o]), r, s0);
                    s1 = VectorMath.MultiplyAdd(new Vector<T>(left[o + 1]), r, s1);
                    s2 = VectorMath.MultiplyAdd(new Vector<T>(left[o + 2]), r, s2);
                    s3 = VectorMath.MultiplyAdd(new Vector<T>(left[o + 3]), r, s3);
                }
                s[i * dv + v] = s0;
                s[(i + 1) * dv + v] = s1;
                s[(i + 2) * dv + v] = s2;
                s[(i + 3) * dv + v] = s3;
            }
        }
    }

    /// <summary>Adds the upper triangle of a rank-update accumulator (d4×dp, in T) into a full symmetric d×d float64 matrix.</summary>
    public static void AddUpperMirrored(ReadOnlySpan<T> tile, int d, int dp, Span<double> target)
    {
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
            {
                double value = double.CreateTruncating(tile[i * dp + j]);
                target[i * d + j] += value;
                if (j != i) target[j * d + i] += value;
            }
    }

    /// <summary>d rounded up to a multiple of 4 (the row count of a rank-update accumulator).</summary>
    public static int RoundUp4(int d) => (d + 3) & ~3;
}
