using Gmm;
using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>
/// The naive float64 loop of k-means++'s undecided pairs (<see cref="CorrectionKernels{TV, TP}"/>): both forms, the
/// panel register and the gathered points, must give every distance bit for bit as the scalar loop Σ_j (x_j − c_j)²
/// (features in order, multiply then add).
/// </summary>
public class CorrectionKernelsTests
{
    private const int D = 13;

    /// <summary>Panels of W = 16 points × <see cref="D"/> features holding float32 values of several magnitudes.</summary>
    private static (float[] Panels, float[] Rows, float[,] Points) Data(int count, int seed)
    {
        var random = new Random(seed);
        int w = Simd512<float>.Count, panels = (count + w - 1) / w;
        var points = new float[panels * w, D];
        var data = new float[panels * w * D];
        for (int i = 0; i < panels * w; i++)
            for (int j = 0; j < D; j++)
            {
                float v = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 5)));
                points[i, j] = v;
                data[CorrectionKernels<Simd512<float>, float>.Offset(i, D) + j * w] = v;
            }
        var rows = new float[2 * D];
        for (int j = 0; j < rows.Length; j++) rows[j] = (float)((random.NextDouble() - 0.5) * 100);
        return (data, rows, points);
    }

    private static double Naive(float[,] points, int i, float[] rows, int slot)
    {
        double sum = 0;
        for (int j = 0; j < D; j++)
        {
            double e = (double)points[i, j] - rows[slot * D + j];
            sum += e * e;
        }
        return sum;
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(16)] // two whole groups in one pass
    [InlineData(17)] // a pass of two groups, then one point alone
    [InlineData(24)]
    [InlineData(33)]
    public void GatheredDistances_EqualTheScalarLoopBitForBit(int count)
    {
        Skip.IfNot(CorrectionKernels<Simd512<float>, float>.GatherSupported, "this processor has no AVX2 gathers.");
        var (panels, rows, points) = Data(64, count);
        var random = new Random(count);
        var chosen = Enumerable.Range(0, count).Select(_ => random.Next(64)).ToArray(); // any order, repeats allowed
        var values = new double[(count + 7) / 8 * 8];
        CorrectionKernels<Simd512<float>, float>.GatheredDistances(panels, D, chosen, rows, 1, values);
        for (int q = 0; q < count; q++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(Naive(points, chosen[q], rows, 1)), BitConverter.DoubleToInt64Bits(values[q]));
    }

    [SkippableFact]
    public void GatheredDistances_TooFewValues_Throws()
    {
        Skip.IfNot(CorrectionKernels<Simd512<float>, float>.GatherSupported, "this processor has no AVX2 gathers.");
        var (panels, rows, _) = Data(16, 1);
        Assert.Throws<ArgumentException>("values", () => CorrectionKernels<Simd512<float>, float>.GatheredDistances(panels, D, new[] { 1, 2, 3 }, rows, 0, new double[4]));
    }

    [SkippableFact]
    public void GatheredDistances_PointOrSlotOutside_Throws()
    {
        Skip.IfNot(CorrectionKernels<Simd512<float>, float>.GatherSupported, "this processor has no AVX2 gathers.");
        var (panels, rows, _) = Data(16, 1);
        var values = new double[CorrectionKernels<Simd512<float>, float>.GatherGroup];
        Assert.Throws<ArgumentOutOfRangeException>("points", () => CorrectionKernels<Simd512<float>, float>.GatheredDistances(panels, D, new[] { 1, 16 }, rows, 0, values));
        Assert.Throws<ArgumentOutOfRangeException>("points", () => CorrectionKernels<Simd512<float>, float>.GatheredDistances(panels, D, new[] { -1 }, rows, 0, values));
        Assert.Throws<ArgumentOutOfRangeException>("slot", () => CorrectionKernels<Simd512<float>, float>.GatheredDistances(panels, D, new[] { 1 }, rows, 2, values));
    }

    [Fact]
    public void PanelDistances_EqualTheScalarLoopBitForBit()
    {
        var (panels, rows, points) = Data(32, 5);
        var lanes = new double[Simd512<float>.Count];
        CorrectionKernels<Simd512<float>, float>.PanelDistances(panels, CorrectionKernels<Simd512<float>, float>.Offset(16, D), D, rows, 0, uint.MaxValue, lanes);
        for (int l = 0; l < lanes.Length; l++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(Naive(points, 16 + l, rows, 0)), BitConverter.DoubleToInt64Bits(lanes[l]));
    }

    /// <summary>Masks that leave one half of a float register's lanes (or both, or scattered lanes) undecided: the widened-half path.</summary>
    [Theory]
    [InlineData(0x000Fu)]
    [InlineData(0x00F0u)]
    [InlineData(0x0F00u)]
    [InlineData(0x0101u)]
    [InlineData(0x8000u)]
    public void PanelDistances_EqualTheScalarLoopBitForBitOnTheMasksLanes(uint mask)
    {
        var (panels, rows, points) = Data(32, 5);
        var lanes = new double[Simd512<float>.Count];
        CorrectionKernels<Simd512<float>, float>.PanelDistances(panels, CorrectionKernels<Simd512<float>, float>.Offset(16, D), D, rows, 1, mask, lanes);
        for (int l = 0; l < lanes.Length; l++)
            if ((mask >> l & 1) != 0)
                Assert.Equal(BitConverter.DoubleToInt64Bits(Naive(points, 16 + l, rows, 1)), BitConverter.DoubleToInt64Bits(lanes[l]));
    }

    [SkippableTheory]
    [InlineData(0b0000_0000_0000_0001u, 2, 0u)]
    [InlineData(0b0000_0000_0000_0011u, 2, 0b0011u)]
    [InlineData(0b1000_0100_0011_0001u, 2, 0b0011_0000u)]
    [InlineData(0b1000_0100_0011_0001u, 1, 0b1000_0100_0011_0001u)]
    [InlineData(0b1111_0111_0000_0000u, 4, 0b1111_0000_0000_0000u)]
    public void DenseGroups_KeepsGroupsWithEnoughBits(uint mask, int dense, uint expected)
    {
        Skip.IfNot(System.Numerics.Vector<double>.Count == 4, "the groups are of Vector<double>.Count = 4 lanes here.");
        Assert.Equal(expected, CorrectionKernels<Simd512<float>, float>.DenseGroups(mask, dense));
    }
}
