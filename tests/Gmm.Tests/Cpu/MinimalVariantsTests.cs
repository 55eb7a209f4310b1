using System.Numerics;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// A kernel of one form per step (<c>CpuKernel.UseMinimalVariants</c>, the float64 finish's: the log-sum-exp one row at
/// a time, whole registers only, diag/spherical log-densities one register at a time) compiles fewer methods and must
/// give bit for bit the statistics of the kernel with every faster form (four-row and two-register log-sum-exp, the
/// narrow last register, the four-register E-step loop): at every width, covariance type and float type, at component
/// counts that take each of those forms, with weights, a point count that is not a whole tile, and rows that are NaN or
/// whose distances overflow.
/// </summary>
public class MinimalVariantsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void StatisticsAreBitForBitThoseOfTheKernelWithEveryForm(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        foreach (int d in new[] { 7, 16 })
        {
            int n = 1_337;
            var values = TestData.Blobs(n, d, 5, seed: 31, offset: 1e3, separation: 2);
            var weights = Enumerable.Range(0, n).Select(i => 0.25 + i % 4 * 0.5).ToArray();
            foreach (int k in new[] { 3, 4, 5, 8, 12, 13, 20, 21, 25, 29, 37, 40, 73 })
            {
                // Wide components over close clusters: many comparable responsibilities per row, so that a sum taken
                // in another order would round differently.
                var model = TestData.StartingModel(type, values, d, k, scale: 16);
                Compare(type, model, values, weights, d, k, bits);
                Compare(type, model, TestData.ToFloat(values), Array.ConvertAll(weights, w => (float)w), d, k, bits);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestData.WidthsAndTypes), MemberType = typeof(TestData))]
    public void RowsWithNaNAreBitForBitThoseOfTheKernelWithEveryForm(int bits, CovarianceType type)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        const int n = 203, d = 5;
        foreach (int k in new[] { 12, 20, 37 })
        {
            var values = TestData.Blobs(n, d, 3, seed: 37, offset: 10);
            var model = TestData.StartingModel(type, values, d, k, scale: 2);
            // Row 6: a NaN feature; row 41: so far out that every distance overflows in float32.
            values[6 * d + 2] = double.NaN;
            for (int j = 0; j < d; j++) values[41 * d + j] = 1e30;
            var weights = Enumerable.Repeat(1.0, n).ToArray();
            Compare(type, model, values, weights, d, k, bits);
            Compare(type, model, TestData.ToFloat(values), Array.ConvertAll(weights, w => (float)w), d, k, bits);
        }
    }

    /// <summary>The minimal kernel names no four-row log-sum-exp for the warm-up's second thread, and has no narrow last register.</summary>
    [Theory]
    [InlineData(CovarianceType.Diagonal, 20)]
    [InlineData(CovarianceType.Spherical, 12)]
    [InlineData(CovarianceType.Diagonal, 40)]
    public void TheMinimalKernelListsOnlyTheSingleRowLogSumExp(CovarianceType type, int k)
    {
        var full = CpuKernelFactory.Create<double>(CovarianceDefinition.For(type), k, 16, CpuBackendProvider.RegisterBits);
        var minimal = CpuKernelFactory.Create<double>(CovarianceDefinition.For(type), k, 16, CpuBackendProvider.RegisterBits);
        minimal.UseMinimalVariants();

        Assert.False(full.MinimalVariants);
        Assert.True(minimal.MinimalVariants);
        Assert.Contains(full.StatisticsMethods, m => m.Name.StartsWith("ResponsibilitiesOfFourRows", StringComparison.Ordinal));
        Assert.DoesNotContain(minimal.StatisticsMethods, m => m.Name.StartsWith("ResponsibilitiesOfFourRows", StringComparison.Ordinal));
        Assert.Contains(minimal.StatisticsMethods, m => m.Name == "Responsibilities");
        // What the full kernel lists beyond the minimal one: its four-row log-sum-exp, and the 256-bit statistics loops
        // of a narrow last register (512-bit registers only).
        Assert.All(minimal.StatisticsMethods, m => Assert.Contains(m, full.StatisticsMethods));
        bool narrow = NarrowLastRegister(full);
        Assert.All(full.StatisticsMethods.Except(minimal.StatisticsMethods), m => Assert.True(
            m.Name.StartsWith("ResponsibilitiesOfFourRows", StringComparison.Ordinal)
            || (narrow && m.IsGenericMethod && m.GetGenericArguments()[0].IsGenericType
                && m.GetGenericArguments()[0].GetGenericTypeDefinition() == typeof(Simd256<>)),
            m.ToString()));
        Assert.Equal(narrow ? 3 : 1, full.StatisticsMethods.Except(minimal.StatisticsMethods).Count());
        Assert.False(NarrowLastRegister(minimal));
    }

    /// <summary>The kernel of one form per step is the float64 finish's, a variational fit's: asking for it in a maximum-likelihood warm-up is refused.</summary>
    [Fact]
    public void AMaximumLikelihoodWarmUpOfTheMinimalKernelIsRefused()
    {
        var shape = new CpuKernelWarmUp.Shape(CovarianceType.Diagonal, 20, 16, ComputePrecision.Double, CpuBackendProvider.RegisterBits, 2);
        var error = Assert.Throws<ArgumentException>(() => StartMaximumLikelihoodWarmUpOfTheMinimalKernel(shape));
        Assert.Equal("minimalVariants", error.ParamName);
    }

    /// <summary>The refusal is thrown by Start itself, before any task exists.</summary>
    private static void StartMaximumLikelihoodWarmUpOfTheMinimalKernel(CpuKernelWarmUp.Shape shape) =>
        _ = CpuKernelWarmUp.Start(shape, variational: false, minimalVariants: true);

    private static bool NarrowLastRegister(CpuKernel<double> kernel) => kernel switch
    {
        SimdKernel<double, Simd512<double>> simd => simd.NarrowLastRegister,
        SimdKernel<double, Simd256<double>> simd => simd.NarrowLastRegister,
        SimdKernel<double, Simd128<double>> simd => simd.NarrowLastRegister,
        _ => throw new InvalidOperationException(kernel.GetType().Name),
    };

    private static void Compare<T>(CovarianceType type, GaussianMixtureModel model, T[] values, T[] weights, int d, int k, int bits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var every = Statistics(type, model, values, weights, d, k, bits, minimal: false);
        var one = Statistics(type, model, values, weights, d, k, bits, minimal: true);
        Bitwise.EqualStatistics(every, one, $"{typeof(T).Name}, {bits} bits, k = {k}, d = {d}");
    }

    private static (double[] N, double[] F, double[] S, double LogLikelihood, double WeightSum) Statistics<T>(
        CovarianceType type, GaussianMixtureModel model, T[] values, T[] weights, int d, int k, int bits, bool minimal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = CpuKernelFactory.Create<T>(CovarianceDefinition.For(type), k, d, bits);
        if (minimal) kernel.UseMinimalVariants();
        kernel.Load(model, SufficientStatistics.For<T>(model));
        var lane = kernel.CreateLane(CpuEmBackend<T>.TileRows);
        kernel.Accumulate(values, weights, lane);
        return (lane.N, lane.F, lane.S, lane.LogLikelihood, lane.WeightSum);
    }
}
