using System.Numerics;
using System.Runtime.CompilerServices;
using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// Parts of the full kernel checked exactly against their definitions: the E-step's ‖(x − μ)ᵀU‖² (which leaves out the
/// zero terms left of U's diagonal), the sixteen-row rank update, and the list of the rows a component owns (one
/// compress per register of 16 float32 rows where 512-bit registers run, one set bit at a time elsewhere).
/// </summary>
public class FullKernelPartsTests
{
    [SkippableTheory]
    [InlineData(256, false)]
    [InlineData(512, false)]
    [InlineData(256, true)]
    [InlineData(512, true)]
    public void SquaredNormsAreTheTriangularProductsSquaredInTheKernelsOrder(int bits, bool float64)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        if (float64)
        {
            if (bits == 512) CheckSquaredNorms<double, Simd512<double>>(bits);
            else CheckSquaredNorms<double, Simd256<double>>(bits);
        }
        else if (bits == 512) CheckSquaredNorms<float, Simd512<float>>(bits);
        else CheckSquaredNorms<float, Simd256<float>>(bits);
    }

    /// <summary>SquaredNorms in <typeparamref name="TV"/> registers against the definition, bit for bit, for d = 1 … 17.</summary>
    private static void CheckSquaredNorms<T, TV>(int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct, ISimd<TV, T>
    {
        foreach (int d in new[] { 1, 2, 3, 4, 5, 7, 8, 13, 16, 17 })
        {
            int lanes = bits / (8 * Unsafe.SizeOf<T>()), tp = 4 * lanes * 2, d4 = (d + 3) & ~3;
            var random = new Random(d);
            T Draw(double scale, double offset) => T.CreateTruncating(random.NextDouble() * scale + offset);
            var x = new T[d * tp];
            for (int i = 0; i < x.Length; i++) x[i] = Draw(8, -2);
            var mean = Enumerable.Range(0, d).Select(_ => Draw(1, 0)).ToArray();
            var u = new T[d * d4];
            for (int j = 0; j < d; j++)
                for (int i = j; i < d; i++) u[j * d4 + i] = i == j ? Draw(1, 0.5) : Draw(1, -0.5);
            var squares = new T[tp];
            PointLaneProducts<T, TV>.SquaredNorms(x, mean, u, d, tp, squares);
            for (int b = 0; b < tp; b++)
            {
                // Output i sums its terms j ≤ i in feature order; the squares are added four outputs at a time, the
                // last of each four first (the kernel's order).
                var y = new T[d4];
                for (int i = 0; i < d; i++)
                    for (int j = 0; j <= i; j++) y[i] = T.FusedMultiplyAdd(x[j * tp + b] - mean[j], u[j * d4 + i], y[i]);
                T expected = T.Zero;
                for (int i0 = 0; i0 < d4; i0 += 4)
                    for (int t = 3; t >= 0; t--) expected = T.FusedMultiplyAdd(y[i0 + t], y[i0 + t], expected);
                // Bit for bit (widening to float64 is exact and keeps the sign of a zero).
                Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(expected)), BitConverter.DoubleToInt64Bits(double.CreateTruncating(squares[b])));
            }
        }
    }

    [SkippableTheory]
    [InlineData(13)]
    [InlineData(16)]
    public void TheSixteenRowRankUpdateIsTheDefinitionsSumsInRowOrder(int d)
    {
        // float32 in 512-bit registers at d4 = 16 runs as one pass of sixteen rows (upper halves for rows 8 … 15):
        // each element of the upper blocks must be the same multiply-adds over q, in order, as the two-pass form's.
        Skip.IfNot(SimdWidth.IsAccelerated(512), "this processor does not run 512-bit registers in hardware.");
        const int dp = 16, count = 37;
        var random = new Random(d);
        var left = new float[count * dp];
        var right = new float[count * dp];
        for (int q = 0; q < count; q++)
            for (int j = 0; j < d; j++)
            {
                left[q * dp + j] = (float)(random.NextDouble() * 4 - 1);
                right[q * dp + j] = (float)(random.NextDouble() * 4 - 1);
            }
        var start = Enumerable.Range(0, 16 * dp).Select(_ => (float)random.NextDouble()).ToArray();
        var s = (float[])start.Clone();
        BlockedProducts<float, Simd512<float>>.RankUpdate(left, right, count, d, dp, s);
        for (int i = 0; i < 16; i++)
            for (int j = i < 8 ? 0 : 8; j < 16; j++)
            {
                float expected = start[i * dp + j];
                for (int q = 0; q < count; q++) expected = MathF.FusedMultiplyAdd(left[q * dp + i], right[q * dp + j], expected);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(s[i * dp + j]));
            }
    }

    [Fact]
    public void OwnedRowsAreTheRowsWithNonZeroResponsibilitiesInRowOrder()
    {
        var random = new Random(5);
        foreach (int rows in new[] { 1, 5, 15, 16, 17, 31, 33, 48, 63, 64 })
        {
            var responsibilities = new float[64];
            for (int b = 0; b < responsibilities.Length; b++)
                responsibilities[b] = random.Next(4) switch { 0 => 0f, 1 => -0f, 2 => (float)random.NextDouble() + 1e-30f, _ => float.Epsilon };
            responsibilities[rows - 1] = 0.25f;
            var expected = Enumerable.Range(0, rows).Where(b => responsibilities[b] != 0).ToArray();
            Assert.Equal(expected, Listed<float, Simd512<float>>(responsibilities, rows));
            Assert.Equal(expected, Listed<float, Simd256<float>>(responsibilities, rows));
            Assert.Equal(expected, Listed<double, Simd512<double>>(responsibilities.Select(r => (double)r).ToArray(), rows));
        }
    }

    private static int[] Listed<T, TV>(T[] responsibilities, int rows)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TV : struct, ISimd<TV, T>
    {
        var owned = new int[responsibilities.Length];
        int count = FullKernel<T, TV>.ListOwnedRows(ref responsibilities[0], rows, ref owned[0]);
        return owned[..count];
    }
}
