using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The tile copy (<see cref="SimdKernel{T, TV}.CopyTile"/>) writes, bit for bit, what the scalar definition gives:
/// x − center in T for the d features, zeros (±0) in the padding to dp and in the rows up to a multiple of
/// <see cref="SimdKernel{T, TV}.RowBlock"/>, the weights (1 without them) and zeros after the rows. Rows of one
/// register (d = w), of several unpadded registers (d = 2w), of a padded last register (d = w + 3, and d = 1), weighted
/// and not, tiles of 1 to 64 rows, the last row at the end of the span (no whole register can be read past it), in every
/// width and both precisions; the buffers start out holding NaN so that nothing left over from a tile can pass.
/// </summary>
public class TileCopyTests
{
    public static TheoryData<int, bool> WidthsAndPrecisions()
    {
        var data = new TheoryData<int, bool>();
        foreach (int bits in new[] { 128, 256, 512 })
            foreach (bool single in new[] { true, false }) data.Add(bits, single);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(WidthsAndPrecisions))]
    public void CopyIsTheShiftedPaddedRowsAndTheWeights(int bits, bool single)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        if (single) Check<float>(bits);
        else Check<double>(bits);
    }

    private static void Check<T>(int bits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = bits / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        foreach (int d in new[] { w, 2 * w, w + 3, 1 })
        {
            const int k = 5, tile = CpuEmBackend<T>.TileRows;
            var all = TestData.Blobs(tile, d, 3, seed: 23, offset: 50);
            var model = TestData.StartingModel(CovarianceType.Diagonal, all, d, k);
            var kernel = CpuKernelFactory.Create<T>(model.Definition, k, d, bits);
            kernel.Load(model, SufficientStatistics.For<T>(model));
            var lane = kernel.CreateLane(tile);
            foreach (int rows in new[] { 1, 7, 8, 9, tile - 1, tile })
                foreach (bool weighted in new[] { false, true })
                {
                    var values = Array.ConvertAll(all.AsSpan(0, rows * d).ToArray(), T.CreateTruncating);
                    var weights = weighted ? Enumerable.Range(0, rows).Select(i => T.CreateTruncating(0.25 + i % 5 * 0.5)).ToArray() : [];
                    Array.Fill(lane.X, T.NaN);
                    Array.Fill(lane.Weights, T.NaN);
                    Copy(kernel, values, weights, lane, rows, bits);

                    int dp = kernel.Dp, block = SimdKernel<float, Simd128<float>>.RowBlock, blocked = (rows + block - 1) / block * block;
                    for (int b = 0; b < blocked; b++)
                        for (int j = 0; j < dp; j++)
                        {
                            T actual = lane.X[b * dp + j];
                            bool ok = b < rows && j < d ? Same(values[b * d + j] - kernel.Center[j], actual) : actual == T.Zero; // padding: ±0
                            Assert.True(ok, $"d {d}, rows {rows}, weighted {weighted}: x[{b}, {j}] = {actual}");
                        }
                    for (int b = 0; b < tile; b++)
                    {
                        T expected = b >= rows ? T.Zero : weighted ? weights[b] : T.One;
                        Assert.True(Same(expected, lane.Weights[b]), $"d {d}, rows {rows}, weighted {weighted}: weight {b} = {lane.Weights[b]}");
                    }
                }
        }
    }

    private static void Copy<T>(CpuKernel<T> kernel, T[] values, T[] weights, CpuLane<T> lane, int rows, int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (bits)
        {
            case 512: ((SimdKernel<T, Simd512<T>>)kernel).CopyTile(values, weights, lane, rows); break;
            case 256: ((SimdKernel<T, Simd256<T>>)kernel).CopyTile(values, weights, lane, rows); break;
            default: ((SimdKernel<T, Simd128<T>>)kernel).CopyTile(values, weights, lane, rows); break;
        }
    }

    /// <summary>The same bits (so that −0 differs from 0 and a NaN left over is caught).</summary>
    private static bool Same<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? BitConverter.SingleToInt32Bits((float)(object)a) == BitConverter.SingleToInt32Bits((float)(object)b)
            : BitConverter.DoubleToInt64Bits((double)(object)a) == BitConverter.DoubleToInt64Bits((double)(object)b);
}
