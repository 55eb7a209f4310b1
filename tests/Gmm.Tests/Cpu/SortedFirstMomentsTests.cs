using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// Spherical F of float32 with kp = 64 at 512 bits is summed in an order along the means' principal axis, over the rows
/// whose responsibilities in a register of that order are not all exactly 0 (the tile's responsibilities are reordered
/// and listed by <see cref="ResponsibilityGather{T}"/>); every other shape (float64, other widths, other kp) keeps the
/// model's order. The statistics must be bit for bit those of the model's own order, where almost no row is left out,
/// and F in both orders that of a scalar sum over every row in order.
/// </summary>
public class SortedFirstMomentsTests
{
    [SkippableTheory]
    [InlineData(64)]
    [InlineData(61)]
    [InlineData(49)]
    public void TheGatherReordersEveryRowInPlaceAndListsEachRegistersRows(int k)
    {
        Skip.IfNot(ResponsibilityGather<float>.Sorts(64, 16), "this processor has no AVX-512.");
        Check(k);
    }

    [Fact]
    public void OnlyFloat32RowsOfSixtyFourSlotsIn512BitRegistersHaveAGather()
    {
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
            ResponsibilityGather<float>.Sorts(64, 16));
        foreach (var (kp, lanes) in new[] { (48, 16), (80, 16), (128, 16), (64, 8), (64, 4) })
        {
            Assert.False(ResponsibilityGather<float>.Sorts(kp, lanes), $"float, kp = {kp}, {lanes} lanes");
            Assert.Throws<ArgumentException>(() => new ResponsibilityGather<float>(kp - 3, kp, lanes));
        }
        foreach (var (kp, lanes) in new[] { (64, 8), (64, 4), (64, 2), (32, 8), (64, 16) })
        {
            Assert.False(ResponsibilityGather<double>.Sorts(kp, lanes), $"double, kp = {kp}, {lanes} lanes");
            Assert.Throws<ArgumentException>(() => new ResponsibilityGather<double>(kp - 3, kp, lanes));
        }
    }

    [SkippableTheory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void StatisticsAreBitForBitThoseOfTheModelsOrder(int bits)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        foreach (var (data, models, weights, what) in Cases())
            foreach (var model in models)
            {
                int k = model.ComponentCount;
                var inDouble = Compare(model, data, weights, k, bits);
                Compare(model, TestData.ToFloat(data), Array.ConvertAll(weights, w => (float)w), k, bits);
                // Float64: the overflowing row's distances are finite, so its F is too (in float32 they overflow: NaN).
                if (what == "far") Assert.All(inDouble, f => Assert.True(double.IsFinite(f), $"k = {k}: F = {f}"));
            }
    }

    /// <summary>
    /// F of both kernels (loaded for the statistics, sorted where the shape sorts, and in the model's order) against a scalar reference: per component and
    /// feature, f = fma(w·r, (x − c) − (μ − c), f) over every row in order (tiles of <see cref="CpuEmBackend{T}.TileRows"/>
    /// rows, f widened into float64 every four tiles and at the end), with the tile's w·r as the kernel's E-step gives them.
    /// A bug common to both orders (a wrong slot, a row left out that was not all 0) shows here; so does the model's
    /// order of the shapes that do not sort, at every width and in both types.
    /// </summary>
    [SkippableTheory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void FirstMomentsAreTheScalarSumOverEveryRowInOrder(int bits)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        foreach (var (data, models, weights, what) in Cases())
        {
            var floats = TestData.ToFloat(data);
            var floatWeights = Array.ConvertAll(weights, w => (float)w);
            foreach (var model in models)
                foreach (bool sort in new[] { true, false })
                {
                    string where = $"{what}, {bits} bits, k = {model.ComponentCount}, sorted {sort}, n = {weights.Length}";
                    Bitwise.Equal(ReferenceFirstMoments(model, data, weights, bits), Statistics(model, data, weights, bits, sort).F,
                        $"double, {where}");
                    Bitwise.Equal(ReferenceFirstMoments(model, floats, floatWeights, bits),
                        Statistics(model, floats, floatWeights, bits, sort).F, $"float, {where}");
                }
        }
    }

    private const int D = 11;

    /// <summary>
    /// Far-apart clusters and narrow components (in the principal axis' order most registers of a row are all 0), of
    /// 1 337 and 203 points, k = 64 the one that sorts (in float32 at 512 bits): as they are, with a NaN row (NaN in every lane, listed in every register: every F is NaN),
    /// and with a row of 1e30 (float32: every distance overflows; float64: finite).
    /// </summary>
    private static IEnumerable<(double[] Data, GaussianMixtureModel[] Models, double[] Weights, string What)> Cases()
    {
        foreach (int n in new[] { 1_337, 203 })
        {
            var values = TestData.Blobs(n, D, 16, seed: 41, offset: 1e3, separation: 12);
            var models = new[] { 16, 33, 64, 72, 100 }
                .Select(k => TestData.StartingModel(CovarianceType.Spherical, values, D, k, scale: 0.5)).ToArray();
            var weights = Enumerable.Range(0, n).Select(i => 0.25 + i % 4 * 0.5).ToArray();
            var withNaN = (double[])values.Clone();
            withNaN[6 * D + 2] = double.NaN;
            var far = (double[])values.Clone();
            for (int j = 0; j < D; j++) far[41 * D + j] = 1e30;
            yield return (values, models, weights, "clean");
            yield return (withNaN, models, weights, "NaN");
            yield return (far, models, weights, "far");
        }
    }

    [Theory]
    [InlineData(ComputePrecision.Single)]
    [InlineData(ComputePrecision.Double)]
    public void SixtyFourComponentsListTheGatherOnlyInFloat32At512Bits(ComputePrecision precision)
    {
        var methods = precision == ComputePrecision.Single
            ? CpuKernelFactory.Create<float>(CovarianceDefinition.For(CovarianceType.Spherical), 64, 16, CpuBackendProvider.RegisterBits).StatisticsMethods
            : CpuKernelFactory.Create<double>(CovarianceDefinition.For(CovarianceType.Spherical), 64, 16, CpuBackendProvider.RegisterBits).StatisticsMethods;
        // Float32 at 512 bits reorders and lists in one pass (ApplyAndList), then sums F over the listed rows; every other
        // shape has four or more registers, all in groups of four: the four-register pairs alone, in the model's order.
        bool sorted = ExpectedToSort<float>(64, CpuBackendProvider.RegisterBits) && precision == ComputePrecision.Single;
        Assert.Equal(sorted, methods.Any(m => m.Name == "ApplyAndList" && m.DeclaringType!.Name.StartsWith("ResponsibilityGather", StringComparison.Ordinal)));
        Assert.Equal(sorted, methods.Any(m => m.DeclaringType!.Name.StartsWith("ResponsibilityGather", StringComparison.Ordinal)));
        Assert.Equal(sorted, methods.Any(m => m.Name == "MomentsOfListedRows"));
        Assert.Equal(!sorted, methods.Any(m => m.Name == "FirstMomentsInPairs"));
        Assert.DoesNotContain(methods, m => m.Name == "ListRowsAndAddSums");
        Assert.Equal(methods.Count, methods.Distinct().Count());
    }

    /// <summary>Whether spherical F of k components at <paramref name="bits"/> should be summed in its own order: float32, kp = 64 (k 49–64), 512 bits.</summary>
    private static bool ExpectedToSort<T>(int k, int bits) =>
        typeof(T) == typeof(float) && bits == 512 && (k + 15) / 16 == 4 && System.Runtime.Intrinsics.X86.Avx512F.IsSupported
        && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    /// <summary>Whether the kernel sums spherical F in its own order (its statistics methods include the gather).</summary>
    private static bool Sorts<T>(int k, int bits) where T : unmanaged, IFloatingPointIeee754<T> =>
        CpuKernelFactory.Create<T>(CovarianceDefinition.For(CovarianceType.Spherical), k, D, bits).StatisticsMethods
            .Any(m => m.DeclaringType!.Name.StartsWith("ResponsibilityGather", StringComparison.Ordinal));

    private static void Check(int k)
    {
        const int rows = 37, kp = 64;
        var random = new Random(kp * 1000 + k);
        var gather = new ResponsibilityGather<float>(k, kp, 16);
        var order = Enumerable.Range(0, k).OrderBy(_ => random.Next()).ToArray();
        for (int c = 0; c < k; c++) gather.Slots[c] = order[c];
        gather.Prepare();
        var lp = new float[rows * kp];
        for (int i = 0; i < lp.Length; i++) lp[i] = (float)(random.NextDouble() - 0.5);
        lp[3] = float.NaN;
        var lists = new int[rows * ResponsibilityGather<float>.ListedRegisters];
        var counts = new int[ResponsibilityGather<float>.ListedRegisters];
        // Rows 5 and 9 all 0 in the new order's register 1 (after the gather), row 7 −0 and +0 there: left out of its list.
        foreach (int b in new[] { 5, 7, 9 })
            for (int s = 16; s < 32; s++)
            {
                int from = s < k ? Array.IndexOf(order, s) : s;
                lp[b * kp + from] = b == 7 && s % 2 == 0 ? -0f : 0f;
            }
        var before = (float[])lp.Clone();
        gather.ApplyAndList(lp, rows - 1, lists, rows, counts);
        for (int r = 0; r < ResponsibilityGather<float>.ListedRegisters; r++)
        {
            var expected = Enumerable.Range(0, rows - 1).Where(b => Enumerable.Range(16 * r, 16).Any(s => !(lp[b * kp + s] == 0f))).ToArray();
            Assert.Equal(expected, lists.AsSpan(r * rows, counts[r]).ToArray());
        }
        Assert.Equal(rows - 4, counts[1]);
        for (int b = 0; b < rows; b++)
            for (int s = 0; s < kp; s++)
            {
                int from = b == rows - 1 || s >= k ? s : Array.IndexOf(order, s);
                Assert.True(before[b * kp + from].Equals(lp[b * kp + s]) || (float.IsNaN(before[b * kp + from]) && float.IsNaN(lp[b * kp + s])),
                    $"kp = {kp}, k = {k}: row {b}, slot {s}");
            }
    }

    /// <summary>Asserts the two orders' statistics are the same bit for bit; returns F.</summary>
    private static double[] Compare<T>(GaussianMixtureModel model, T[] values, T[] weights, int k, int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(ExpectedToSort<T>(k, bits), Sorts<T>(k, bits));
        var sorted = Statistics(model, values, weights, bits, sort: true);
        var inOrder = Statistics(model, values, weights, bits, sort: false);
        Bitwise.EqualStatistics(inOrder, sorted, $"{typeof(T).Name}, {bits} bits, k = {k}, n = {values.Length / D}");
        return sorted.F;
    }

    private static (double[] N, double[] F, double[] S, double LogLikelihood, double WeightSum) Statistics<T>(
        GaussianMixtureModel model, T[] values, T[] weights, int bits, bool sort)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = CpuKernelFactory.Create<T>(CovarianceDefinition.For(CovarianceType.Spherical), model.ComponentCount, D, bits);
        // A load for the statistics orders F along the principal axis; a load for log-probabilities keeps the model's order.
        kernel.Load(model, SufficientStatistics.For<T>(model), forStatistics: sort);
        var lane = kernel.CreateLane(CpuEmBackend<T>.TileRows);
        kernel.Accumulate(values, weights, lane);
        return (lane.N, lane.F, lane.S, lane.LogLikelihood, lane.WeightSum);
    }

    /// <summary>
    /// F (k×d) in scalar T: each tile's w·r from a kernel in the model's order run on that tile alone (lane.Lp, component
    /// c in slot c), then for every component and feature one fused multiply-add per row, rows in order.
    /// </summary>
    private static double[] ReferenceFirstMoments<T>(GaussianMixtureModel model, T[] values, T[] weights, int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int flushEveryTiles = 4;
        int k = model.ComponentCount, n = weights.Length, tileRows = CpuEmBackend<T>.TileRows;
        var statistics = SufficientStatistics.For<T>(model);
        var kernel = CpuKernelFactory.Create<T>(CovarianceDefinition.For(CovarianceType.Spherical), k, D, bits);
        kernel.Load(model, statistics, forStatistics: false);
        var lane = kernel.CreateLane(tileRows);
        int kp = lane.Lp.Length / tileRows;
        var means = new T[k * D];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < D; j++) means[c * D + j] = T.CreateTruncating(model.MeansArray[c * D + j] - statistics.Center[j]);
        var tile = new T[k * D];
        var wide = new double[k * D];
        for (int start = 0, tiles = 0; start < n; start += tileRows)
        {
            int rows = Math.Min(tileRows, n - start);
            kernel.Accumulate(values.AsSpan(start * D, rows * D), weights.AsSpan(start, rows), lane);
            for (int b = 0; b < rows; b++)
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < D; j++)
                    {
                        var e = (values[(start + b) * D + j] - kernel.Center[j]) - means[c * D + j];
                        tile[c * D + j] = T.FusedMultiplyAdd(lane.Lp[b * kp + c], e, tile[c * D + j]);
                    }
            if (++tiles % flushEveryTiles != 0 && start + tileRows < n) continue;
            for (int i = 0; i < wide.Length; i++) wide[i] += double.CreateTruncating(tile[i]);
            Array.Clear(tile);
        }
        return Array.ConvertAll(wide, f => 0.0 + f);
    }
}
